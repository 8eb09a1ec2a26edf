/**
 * Differential test against qemu-system-riscv64 (docs/difftest.md): the same programs
 * run under QEMU 7.2 and HyperStep in lock step; pc and x1..x31 must match after every
 * instruction. Skipped when QEMU is not installed.
 *
 * Environment: HYPERSTEP_DIFF_BENCH_INSNS (default 5e5) instructions per benchmark,
 * HYPERSTEP_DIFF_BOOT_INSNS (default 5e6) for the OpenSBI + U-Boot boot.
 */
import { strict as assert } from 'assert';
import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import { runDiff, formatResult, type DiffResult } from './diff/cosim';
import { qemuAvailable, QEMU_BIN } from './diff/qemuTrace';

const ROOT = join(__dirname, '..', '..');
const OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf';
const BENCH_INSNS = Number(process.env.HYPERSTEP_DIFF_BENCH_INSNS ?? 500_000);
const BOOT_INSNS = Number(process.env.HYPERSTEP_DIFF_BOOT_INSNS ?? 5_000_000);

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
});
