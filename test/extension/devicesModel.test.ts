/**
 * The Devices view's tree (extension/devicesModel.ts) built from real `hyperstep.devices`
 * answers of the standalone adapter (dist/debugAdapter.js, via test/dap/helpers.ts): the
 * memory map rows with base–end, device name, kind and size, one node per device with
 * its state (hex registers, readable names) as children, stable ids across stops, and
 * the helpers (region end beyond 2^53, sizes, icons).
 */
import { strict as assert } from 'assert';
import type { DevicesReport } from '../../debug-adapter/devices';
import { buildDevicesTree, deviceIcon, devicesMessage, formatSize, regionEnd, type DeviceNode } from '../../extension/devicesModel';
import { join } from 'path';
import { ELF, ROOT, ensureAdapterBuilt, useSessions } from '../dap/helpers';

const HTIF_GUEST = join(ROOT, 'guests/exit/build/htif_putchar.elf');

function find(nodes: DeviceNode[] | undefined, label: string): DeviceNode {
  const n = nodes?.find((x) => x.label === label);
  assert.ok(n, `no node "${label}" among ${JSON.stringify(nodes?.map((x) => x.label))}`);
  return n;
}

function ids(nodes: DeviceNode[] | undefined, out: string[] = []): string[] {
  for (const n of nodes ?? []) { out.push(n.id); ids(n.children, out); }
  return out;
}

describe('Devices view tree (devicesModel) from real hyperstep.devices answers', () => {
  before(ensureAdapterBuilt);
  const session = useSessions();

  it('shows the virt memory map and the PLIC, CLINT, UART and virtio state', async () => {
    const s = await session();
    await s.launch({ program: ELF.o0, stopOnEntry: true });
    await s.waitStopped('entry');
    const report = (await s.dc.customRequest('hyperstep.devices')).body as DevicesReport;
    const tree = buildDevicesTree(report);

    const map = tree[0];
    assert.equal(map.label, 'Memory map');
    assert.equal(map.expanded, true);
    assert.equal(map.description, `virt, ${report.memoryMap.length} regions`);
    const uartRow = find(map.children, '0x10000000–0x100000ff');
    assert.equal(uartRow.description, 'uart0 · MMIO, 256 B');
    const ram = find(map.children, '0x80000000–0x87ffffff');
    assert.equal(ram.description, 'ram · RAM, 128 MiB');
    assert.equal(ram.icon, 'server');
    assert.equal(map.children!.filter((c) => /^mrom · ROM/.test(c.description ?? '')).length, 1);

    const uart = find(tree, 'uart0');
    assert.equal(uart.description, 'serial port (16550A) at 0x10000000');
    assert.equal(uart.icon, 'terminal');
    assert.equal(find(uart.children, 'receive FIFO').description, 'empty');
    assert.match(find(uart.children, 'LCR').description ?? '', /^0x[0-9a-f]{2}$/);

    const plic = find(tree, 'plic');
    assert.equal(find(plic.children, 'pending').description, 'none');
    const ctx0 = find(find(plic.children, 'contexts').children, 'context 0 (hart 0 M)');
    assert.equal(find(ctx0.children, 'interrupt').description, 'low');
    assert.equal(ctx0.expanded, true, 'a small group of values opens by itself');

    const clint = find(tree, 'clint');
    assert.match(find(clint.children, 'mtime').description ?? '', /^0x[0-9a-f]+ \(/);
    assert.match(find(find(clint.children, 'hart 0').children, 'mtimecmp').description ?? '', /never/);

    const rng = tree.find((n) => /virtio-mmio entropy/.test(n.description ?? ''));
    assert.ok(rng);
    assert.equal(find(rng.children, 'queue 0').description, 'not set up');

    const all = ids(tree);
    assert.equal(new Set(all).size, all.length, 'ids are unique');
    // After running on, the same nodes keep their ids (expansion survives a refresh).
    await s.dc.continueRequest({ threadId: 1 });
    await s.dc.pauseRequest({ threadId: 1 }).catch(() => undefined);
    const again = buildDevicesTree((await s.dc.customRequest('hyperstep.devices')).body as DevicesReport);
    assert.ok(ids(again).includes(uartRow.id) && ids(again).includes(ctx0.id));
  });

  it('shows a spike machine\'s memory map and HTIF', async () => {
    const s = await session();
    await s.launch({ program: HTIF_GUEST, machine: 'spike', stopOnEntry: true });
    await s.waitStopped('entry');
    const tree = buildDevicesTree((await s.dc.customRequest('hyperstep.devices')).body as DevicesReport);
    assert.match(tree[0].description ?? '', /^spike, \d+ regions$/);
    assert.ok(tree[0].children!.some((c) => /^ram · RAM/.test(c.description ?? '')));
    assert.equal(find(tree, 'htif').icon, 'debug-console');
  });

  it('formats ends, sizes, icons and the message line', () => {
    assert.equal(regionEnd('0x80000000', '0x8000000'), '0x87ffffff');
    assert.equal(regionEnd('0xfffffffffffff000', '0x1000'), '0xffffffffffffffff');
    assert.equal(formatSize('0x100'), '256 B');
    assert.equal(formatSize('0x1000'), '4 KiB');
    assert.equal(formatSize('0x8000000'), '128 MiB');
    assert.equal(formatSize(4097), '4097 B');
    assert.equal(deviceIcon('virtio-mmio block'), 'database');
    assert.equal(deviceIcon('interrupt controller (PLIC)'), 'bell');
    assert.equal(devicesMessage('hello', 'running', '12:00:00'), 'hello: running, state at 12:00:00 (refreshes at the next stop)');
  });
});
