/**
 * Boot inputs on the virt board (emulator/boards/board.ts, virtFdt.ts): the initrd is
 * placed where QEMU 7.2 places it and named in /chosen; /chosen/rng-seed comes from the
 * seeded generator (same seed, same bytes); the cpu nodes list the ISA extensions; an
 * initrd that does not fit is refused with a one-line error.
 */
import { strict as assert } from 'assert';
import { readFdt } from '../emulator/boards/fdt';
import { createMachine, KERNEL_BASE, loadFirmwareAndKernel, textConsole } from '../emulator/runElf';
import { assemble } from '../emulator/asm';
import { parseElf } from '../emulator/loader/elf';
import { parseRngSeed } from '../emulator/devices/seededRng';
import { HART_EXTENSIONS, isaString } from '../emulator/hart/extensions';

const FW = (() => {
  const r = assemble('.globl _start\n_start: j _start\n', { file: 'fw.s' });
  assert.ok(r.ok && r.elf);
  return parseElf(r.elf);
})();

function boot(ramMiB: number, initrd?: Uint8Array, rngSeed?: Uint8Array, kernelSize = 4096): { fdt: ReturnType<typeof readFdt>; ram: Uint8Array; base: number } {
  const m = createMachine({ machine: 'virt', ramMiB, harts: 2, console: textConsole(() => undefined), initrd, rngSeed });
  loadFirmwareAndKernel(m, FW, { raw: new Uint8Array(kernelSize).fill(0x13) });
  // The reset ROM holds the FDT address at offset 32 (QEMU's layout).
  const lo = m.bus.mmioRead(0x1000 + 32, 4)!, hi = m.bus.mmioRead(0x1000 + 36, 4)!;
  const addr = hi * 2 ** 32 + (lo >>> 0);
  const off = addr - m.bus.ramBase;
  const size = new DataView(m.bus.ram.buffer, m.bus.ram.byteOffset + off).getUint32(4, false);
  return { fdt: readFdt(m.bus.ram.slice(off, off + size)), ram: m.bus.ram, base: m.bus.ramBase };
}

describe('boot inputs: initrd, rng-seed, ISA extensions in the device tree', () => {
  it('places the initrd at kernel entry + min(RAM/2, 128 MiB) and names it in /chosen', () => {
    for (const [mib, start] of [[128, KERNEL_BASE + 64 * 1048576], [256, KERNEL_BASE + 128 * 1048576], [512, KERNEL_BASE + 128 * 1048576]]) {
      const rd = new Uint8Array(1000000).map((_, i) => (i * 31) & 0xff);
      const { fdt, ram, base } = boot(mib, rd);
      const chosen = fdt.root.find('chosen')!;
      assert.equal(chosen.getU64('linux,initrd-start'), start, `${mib} MiB: start`);
      assert.equal(chosen.getU64('linux,initrd-end'), start + rd.length, `${mib} MiB: end`);
      assert.equal(chosen.getCells('linux,initrd-start')?.length, 1, 'one cell, as QEMU writes it');
      assert.deepEqual(ram.subarray(start - base, start - base + rd.length), rd, `${mib} MiB: bytes`);
    }
  });

  it('refuses an initrd that reaches the device tree, or overlaps the kernel', () => {
    assert.throws(() => boot(64, new Uint8Array(40 << 20)), /initrd \(40\.0 MiB at 0x82200000\) does not fit below the device tree at 0x83e00000: give the machine more RAM/);
    assert.throws(() => boot(128, new Uint8Array(16), undefined, 70 << 20), /the initrd at 0x84200000 overlaps the kernel/);
  });

  it('/chosen/rng-seed: 32 bytes from the seed, reproducible, different for another seed', () => {
    const a = boot(64).fdt.root.find('chosen')!.prop('rng-seed')!.value;
    const b = boot(64).fdt.root.find('chosen')!.prop('rng-seed')!.value;
    const c = boot(64, undefined, parseRngSeed('42')).fdt.root.find('chosen')!.prop('rng-seed')!.value;
    assert.equal(a.length, 32);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('cpu nodes carry riscv,isa, riscv,isa-base/-extensions and the CMO block sizes', () => {
    const cpu = boot(64).fdt.root.find('cpus')!.find('cpu@1')!;
    assert.equal(cpu.getString('riscv,isa'), isaString());
    assert.match(cpu.getString('riscv,isa')!, /^rv64imafdch_zicbom_zicboz_zicntr_zicond_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc_svinval_svnapot_svpbmt$/);
    assert.equal(cpu.getString('riscv,isa-base'), 'rv64i');
    assert.deepEqual(cpu.getStrings('riscv,isa-extensions'), [...HART_EXTENSIONS]);
    assert.equal(cpu.getU32('riscv,cbom-block-size'), 64);
    assert.equal(cpu.getU32('riscv,cboz-block-size'), 64);
    assert.equal(cpu.getString('mmu-type'), 'riscv,sv48');
  });
});
