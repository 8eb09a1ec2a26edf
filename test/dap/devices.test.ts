/**
 * The Devices view's requests (debug-adapter/devices.ts): `hyperstep.devices` (memory
 * map and plain-data device state, answered also while the guest runs, without MMIO
 * reads) and `hyperstep.deviceTree` (the FDT the boot ROM hands the guest, as DTS).
 */
import { strict as assert } from 'assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ELF, useSessions } from './helpers';

interface StateTree { [key: string]: string | StateTree }
interface Devices {
  board: string;
  memoryMap: { name: string; base: string; size: string; kind: string }[];
  devices: { name: string; kind: string; base?: string; state: StateTree }[];
}

describe('DAP: hyperstep.devices and hyperstep.deviceTree', () => {
  const session = useSessions();

  it('lists the virt memory map and the state of the PLIC, ACLINT, UART and virtio devices', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    const r = (await s.dc.customRequest('hyperstep.devices')).body as Devices;
    assert.equal(r.board, 'virt');
    const byName = new Map(r.memoryMap.map((e) => [e.name, e]));
    assert.deepEqual(byName.get('ram'), { name: 'ram', base: '0x80000000', size: '0x8000000', kind: 'ram' });
    assert.equal(byName.get('uart0')?.base, '0x10000000');
    assert.equal(byName.get('plic')?.base, '0xc000000');
    assert.equal(byName.get('clint')?.base, '0x2000000');
    assert.equal(byName.get('mrom')?.kind, 'rom');
    const bases = r.memoryMap.map((e) => BigInt(e.base));
    assert.deepEqual(bases, [...bases].sort((a, b) => (a < b ? -1 : 1)), 'sorted by address');
    const dev = (name: string) => r.devices.find((d) => d.name === name)!;
    const plic = dev('plic').state;
    assert.equal(plic.pending, 'none');
    assert.ok(typeof plic.contexts === 'object' && 'context 0 (hart 0 M)' in plic.contexts);
    const clint = dev('clint').state;
    assert.match(clint.mtime as string, /^0x[0-9a-f]+ \(/);
    assert.match(((clint['hart 0'] as StateTree).mtimecmp) as string, /never/);
    assert.equal(dev('uart0').state['receive FIFO'], 'empty');
    const virtio = r.devices.find((d) => d.kind.startsWith('virtio-mmio entropy'));
    assert.ok(virtio, JSON.stringify(r.devices.map((d) => d.kind)));
    assert.match(virtio.state.device as string, /^4 \(entropy\)/);
    assert.equal(virtio.state['queue 0'], 'not set up');
  });

  it('answers while the guest runs and does not stop it', async () => {
    const s = await session();
    await s.launch({ program: ELF.spin, stopOnEntry: false });
    let text = '';
    while (!/spinning/.test(text)) text += (await s.nextEvent<DebugProtocol.OutputEvent>('output')).event.body.output;
    const r = (await s.dc.customRequest('hyperstep.devices')).body as Devices;
    assert.ok(r.devices.length >= 4);
    assert.equal(s.pending('stopped'), 0);
  });

  it('prints the device tree the guest got as DTS', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true, harts: 2 });
    await s.waitStopped('entry');
    const t = (await s.dc.customRequest('hyperstep.deviceTree')).body as { dts: string; address?: string; source: string };
    assert.equal(t.source, 'guest memory');
    assert.match(t.address ?? '', /^0x8[0-9a-f]+$/);
    assert.match(t.dts, /^\/dts-v1\/;\n\n\/ \{\n/);
    assert.match(t.dts, /\tcpus \{[\s\S]*\t\tcpu@1 \{/);
    assert.match(t.dts, /\t\tserial@10000000 \{\n\t\t\tcompatible = "ns16550a";\n\t\t\treg = <0x00 0x10000000 0x00 0x100>;/);
    assert.match(t.dts, /compatible = "sifive,plic-1.0.0", "riscv,plic0";/);
    assert.match(t.dts, /clock-frequency = <0x384000>;/);
  });

  it('fails with a message before a program is loaded', async () => {
    const s = await session();
    await assert.rejects(s.dc.customRequest('hyperstep.devices'), /no program loaded/);
  });
});
