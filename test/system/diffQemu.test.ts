/**
 * Differential test against qemu-system-riscv64 (docs/difftest.md): the same programs
 * run under QEMU 7.2 and HyperStep in lock step; pc and x1..x31 must match after every
 * instruction. Skipped when QEMU is not installed.
 *
 * Environment: HYPERSTEP_DIFF_BENCH_INSNS (default 5e5) instructions per benchmark,
 * HYPERSTEP_DIFF_BOOT_INSNS (default 5e6) for the OpenSBI + U-Boot boot,
 * HYPERSTEP_DIFF_LINUX_INSNS (default 2e7) for Debian's Linux (OpenSBI + kernel +
 * initramfs; about 20 s per million instructions; 1e9 reaches /init).
 */
import { strict as assert } from 'assert';
import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import { runDiff, formatResult, type DiffResult } from './diff/cosim';
import { qemuAvailable, QEMU_BIN } from './diff/qemuTrace';
import { resolveLinuxBoot } from '../../emulator/host/nodeLinuxBoot';

const ROOT = join(__dirname, '..', '..');
const OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf';
const BENCH_INSNS = Number(process.env.HYPERSTEP_DIFF_BENCH_INSNS ?? 500_000);
const BOOT_INSNS = Number(process.env.HYPERSTEP_DIFF_BOOT_INSNS ?? 5_000_000);
const LINUX_INSNS = Number(process.env.HYPERSTEP_DIFF_LINUX_INSNS ?? 20_000_000);

function elfs(dir: string): string[] {
  const d = join(ROOT, dir);
  if (!existsSync(d)) return [];
  return readdirSync(d).filter((f) => f.endsWith('.elf')).sort().map((f) => join(d, f));
}

function rel(p: string): string {
  return p.startsWith(ROOT) ? p.slice(ROOT.length + 1) : p;
}

describe('differential test against QEMU (system)', function () {
  before(function () {
    if (!qemuAvailable()) {
      console.log(`    skipped: ${QEMU_BIN} is not installed (Debian: apt-get install qemu-system-misc)`);
      this.skip();
    }
  });

  async function check(name: string, r: DiffResult, failures: string[]): Promise<void> {
    console.log('    ' + formatResult(name, r).split('\n').join('\n    '));
    if (r.divergence !== null || r.end === 'error') failures.push(name);
  }

  it('bare-metal programs: priv tests, ISA tests, valid.elf, benchmarks (prefix)', async function () {
    const programs: Array<{ elf: string; max?: number }> = [
      // QEMU 7.2 has no Zicbom/Zicboz and runs sfence.w.inval in U-mode (cmo_svinval.elf);
      // Svnapot/Svpbmt are off in QEMU_CPU (vm_napot.elf): see qemuTrace.ts.
      ...elfs('guests/priv/build').filter((elf) => !/\/(cmo_svinval|vm_napot)\.elf$/.test(elf)).map((elf) => ({ elf })),
      // QEMU 7.2 has no Zicond: zicond.elf is checked against the spec (test/isa.test.ts).
      ...elfs('guests/isa/build').filter((elf) => !elf.endsWith('/zicond.elf')).map((elf) => ({ elf })),
      { elf: join(ROOT, 'test/fixtures/elf/valid.elf') },
      ...elfs('guests/bench/build').map((elf) => ({ elf, max: BENCH_INSNS })),
    ];
    const failures: string[] = [];
    let total = 0;
    const t0 = performance.now();
    for (const p of programs) {
      const r = await runDiff({ bios: 'none', kernel: p.elf, maxInsns: p.max });
      total += r.compared;
      await check(rel(p.elf), r, failures);
    }
    console.log(`    ${programs.length} programs, ${total} instructions compared in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    assert.deepEqual(failures, [], `divergences in: ${failures.join(', ')}`);
  });

  it(`OpenSBI fw_jump + U-Boot: first ${BOOT_INSNS} instructions`, async function () {
    if (!existsSync(OPENSBI) || !existsSync(UBOOT)) {
      console.log(`    skipped: needs ${OPENSBI} (opensbi) and ${UBOOT} (u-boot-qemu)`);
      this.skip();
    }
    const failures: string[] = [];
    const r = await runDiff({ bios: OPENSBI, kernel: UBOOT, maxInsns: BOOT_INSNS });
    await check('opensbi+u-boot', r, failures);
    assert.deepEqual(failures, [], 'divergence in the OpenSBI + U-Boot boot');
    assert.equal(r.compared, BOOT_INSNS, `stopped early (${r.end})`);
  });

  it(`Debian Linux (OpenSBI + kernel + initramfs): first ${LINUX_INSNS} instructions`, async function () {
    this.timeout(Math.max(900_000, LINUX_INSNS / 20));
    if (!existsSync(OPENSBI)) { console.log(`    skipped: needs ${OPENSBI} (opensbi)`); this.skip(); }
    const boot = await resolveLinuxBoot({ script: 'uname -r', log: (l) => console.log(`    ${l}`) });
    // QEMU 7.2's CPU always offers Sv57, which HyperStep keeps off for Linux (Hart.sv57):
    // no5lvl makes both kernels use Sv48.
    const failures: string[] = [];
    const r = await runDiff({
      bios: boot.bios, kernel: boot.kernel, initrd: boot.initrd, append: `${boot.append} no5lvl`, ramMiB: 512,
      maxInsns: LINUX_INSNS, progressEvery: 5_000_000,
      onProgress: (n, sec) => console.log(`    ${n} instructions, ${sec.toFixed(0)} s`),
    });
    await check(`linux ${boot.version}`, r, failures);
    assert.deepEqual(failures, [], 'divergence in the Linux boot');
    assert.equal(r.compared, LINUX_INSNS, `stopped early (${r.end})`);
  });
});
