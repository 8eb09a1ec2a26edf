/** Tests for the FDT writer/reader (emulator/boards/fdt.ts) and the virt tree (virtFdt.ts). */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FDT_MAGIC, FdtNode, type FdtTree, readFdt, writeFdt } from '../emulator/boards/fdt';
import { buildSpikeFdt, buildVirtFdt, type VirtFdtConfig } from '../emulator/boards/virtFdt';

const cfg: VirtFdtConfig = {
  harts: 2,
  ramBase: 0x80000000,
  ramSize: 256 * 1024 * 1024,
  isa: 'rv64imafdc_zicntr_zicsr_zifencei',
  mmuType: 'riscv,sv39',
  bootargs: 'console=ttyS0 root=/dev/vda',
  virtioSlots: 8,
  initrd: { start: 0x88000000, end: 0x88200000 },
};

function sample(): FdtTree {
  const root = new FdtNode('');
  root.setU32('#address-cells', 2).setU32('#size-cells', 2).setString('model', 'test');
  const a = root.addChild('a@1000');
  a.setReg([[0x1000, 0x100]]).setStrings('compatible', ['x,y', 'z']).setEmpty('flag');
  a.setU64('big', 0x123456789abcd).setBytes('raw', new Uint8Array([1, 2, 3]));
  a.addChild('child').setCells('list', [1, 2, 3]).setPhandle(7);
  root.addChild('b').setString('compatible', 'x,y');
  return { root, reservations: [{ address: 0x80000000, size: 0x200000 }], bootCpuid: 1 };
}

function dtcAvailable(): boolean {
  return spawnSync('dtc', ['--version']).status === 0;
}

/** Decompile with dtc; returns [stdout, stderr]. */
function dtc(blob: Uint8Array): [string, string] {
  const dir = mkdtempSync(join(tmpdir(), 'hyperstep-fdt-'));
  try {
    const file = join(dir, 't.dtb');
    writeFileSync(file, blob);
    const r = spawnSync('dtc', ['-I', 'dtb', '-O', 'dts', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return [r.stdout, r.stderr];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('boards/fdt', () => {
  it('writes a well-formed header', () => {
    const blob = writeFdt(sample(), { extraSpace: 64 });
    const dv = new DataView(blob.buffer);
    assert.equal(dv.getUint32(0), FDT_MAGIC);
    assert.equal(dv.getUint32(4), blob.length);
    assert.equal(dv.getUint32(20), 17);
    assert.equal(dv.getUint32(24), 16);
    assert.equal(dv.getUint32(28), 1);
    assert.equal(dv.getUint32(16) % 8, 0);
  });

  it('round-trips write -> read', () => {
    const t = sample();
    const back = readFdt(writeFdt(t));
    assert.deepEqual(back.reservations, t.reservations);
    assert.equal(back.bootCpuid, 1);
    assert.deepEqual(back.root, t.root);
    const a = back.root.find('a')!;
    assert.deepEqual(a.getReg(), [[0x1000, 0x100]]);
    assert.deepEqual(a.getStrings('compatible'), ['x,y', 'z']);
    assert.equal(a.getU64('big'), 0x123456789abcd);
    assert.equal(a.has('flag'), true);
    assert.equal(back.root.findPhandle(7)?.name, 'child');
    assert.deepEqual(back.root.findCompatible('x,y').map((n) => n.name), ['a@1000', 'b']);
    // Writing the parsed tree again gives identical bytes.
    assert.deepEqual(writeFdt(back), writeFdt(t));
  });

  it('rejects malformed blobs', () => {
    assert.throws(() => readFdt(new Uint8Array(8)));
    const blob = writeFdt(sample());
    blob[0] = 0;
    assert.throws(() => readFdt(blob));
  });

  it('output decompiles with dtc', function () {
    if (!dtcAvailable()) this.skip();
    const [dts] = dtc(writeFdt(sample()));
    assert.match(dts, /\/memreserve\/\s+0x0*80000000 0x0*200000;/);
    assert.match(dts, /big = <0x12345 0x6789abcd>;/);
  });
});

describe('boards/virtFdt', () => {
  it('describes the virt board like QEMU', () => {
    const t = readFdt(buildVirtFdt(cfg));
    const root = t.root;
    assert.equal(root.find('chosen')?.getString('bootargs'), cfg.bootargs);
    assert.equal(root.find('chosen')?.getString('stdout-path'), '/soc/serial@10000000');
    assert.equal(root.find('chosen')?.getU64('linux,initrd-start'), 0x88000000);
    assert.deepEqual(root.find('memory@80000000')?.getReg(), [[0x80000000, 256 * 1024 * 1024]]);
    const cpus = root.find('cpus')!;
    assert.equal(cpus.getU32('timebase-frequency'), 10_000_000);
    const harts = cpus.children.filter((c) => c.getString('device_type') === 'cpu');
    assert.equal(harts.length, 2);
    assert.equal(harts[1].getU32('reg'), 1);
    assert.equal(harts[0].getString('riscv,isa'), cfg.isa);
    assert.equal(harts[0].getString('mmu-type'), 'riscv,sv39');
    const intc1 = harts[1].find('interrupt-controller')!;
    assert.equal(intc1.getString('compatible'), 'riscv,cpu-intc');
    const intc0 = harts[0].find('interrupt-controller')!.getU32('phandle')!;
    const intcB = intc1.getU32('phandle')!;

    const plic = root.find('soc/plic@c000000')!;
    assert.deepEqual(plic.getStrings('compatible'), ['sifive,plic-1.0.0', 'riscv,plic0']);
    assert.equal(plic.getU32('riscv,ndev'), 96);
    assert.deepEqual(plic.getCells('interrupts-extended'), [intc0, 11, intc0, 9, intcB, 11, intcB, 9]);
    const clint = root.find('soc/clint@2000000')!;
    assert.deepEqual(clint.getCells('interrupts-extended'), [intc0, 3, intc0, 7, intcB, 3, intcB, 7]);
    const plicPh = plic.getU32('phandle');

    const uart = root.findCompatible('ns16550a')[0];
    assert.equal(uart.name, 'serial@10000000');
    assert.equal(uart.getU32('interrupts'), 10);
    assert.equal(uart.getU32('interrupt-parent'), plicPh);
    assert.equal(uart.getU32('clock-frequency'), 0x384000);
    assert.equal(root.findCompatible('google,goldfish-rtc')[0].getU32('interrupts'), 11);

    const virtio = root.findCompatible('virtio,mmio');
    assert.equal(virtio.length, 8);
    for (const v of virtio) {
      const [[addr]] = v.getReg()!;
      assert.equal(v.getU32('interrupts'), (addr - 0x10001000) / 0x1000 + 1);
    }
    const test = root.findCompatible('sifive,test0')[0];
    const reboot = root.findCompatible('syscon-reboot')[0];
    assert.equal(reboot.getU32('regmap'), test.getU32('phandle'));
    assert.equal(reboot.getU32('value'), 0x7777);
    assert.equal(root.findCompatible('syscon-poweroff')[0].getU32('value'), 0x5555);
  });

  it('omits optional parts and honours the slot count', () => {
    const t = readFdt(buildVirtFdt({ ...cfg, harts: 1, bootargs: undefined, initrd: undefined, virtioSlots: 2 }));
    assert.equal(t.root.find('chosen')?.has('bootargs'), false);
    assert.equal(t.root.find('chosen')?.has('linux,initrd-start'), false);
    assert.equal(t.root.findCompatible('virtio,mmio').length, 2);
    assert.equal(t.root.findCompatible('riscv').length, 1);
  });

  it('passes dtc without warnings', function () {
    if (!dtcAvailable()) this.skip();
    for (const harts of [1, 4]) {
      const [dts, warnings] = dtc(buildVirtFdt({ ...cfg, harts }));
      assert.equal(warnings, '');
      assert.match(dts, /compatible = "sifive,clint0\\0riscv,clint0";/);
    }
  });

  it('builds a spike tree with CLINT and HTIF only', function () {
    const blob = buildSpikeFdt({ ...cfg, harts: 2 });
    const root = readFdt(blob).root;
    assert.equal(root.findCompatible('ucb,htif0').length, 1);
    assert.deepEqual(root.find('soc/clint@2000000')?.getReg(), [[0x2000000, 0xc0000]]);
    assert.equal(root.findCompatible('riscv,cpu-intc').length, 2);
    assert.equal(root.findCompatible('ns16550a').length, 0);
    if (!dtcAvailable()) return;
    assert.equal(dtc(blob)[1], '');
  });
});
