/**
 * Differential test against qemu-system-riscv64 (docs/difftest.md): the same programs
 * run under QEMU 7.2 and HyperStep in lock step; pc and x1..x31 must match after every
 * instruction. Skipped when QEMU is not installed.
 *
 * The hypervisor programs (guests/hyp) run twice: the committed spec-checking builds, which
 * stop at their first check QEMU 7.2 fails (the exit codes must agree), and the
 * -DQEMU72_QUIRKS variants (built here with make; skipped without the cross compiler),
 * which run to the end on both sides. Known QEMU 7.2 deviations are tolerated
 * (test/system/diff/hypRules.ts, docs/difftest.md).
 *
 * Two tiers (issue 14): "JS tiers" steps HyperStep one instruction at a time (step(1),
 * which only interprets: the strictest comparison, after every instruction); "wasm tier
 * forced" sets BlockCache.setTier(Tier.Wasm) and runs the plain stretches of QEMU's
 * trace with one machine.step(n) each (cosim fastRuns, diff/fastRuns.ts), so that
 * compiled wasm code runs, compared at the end of every stretch and around every trap,
 * CSR access and timer read; cases that run long stretches assert that wasm code was
 * compiled. Doubling every case would add about 5 minutes (QEMU's instruction log is the
 * bottleneck), so the wasm variant runs a subset: all bare-metal and H programs, the
 * benchmarks' first 2e5 instructions (HYPERSTEP_DIFF_BENCH_WASM_INSNS), and the Linux
 * boot to 1.2e7 (HYPERSTEP_DIFF_LINUX_WASM_INSNS: OpenSBI runs the first 8 million, then
 * the kernel with paging). The OpenSBI + U-Boot case is skipped there unless
 * HYPERSTEP_DIFF_BOOT_WASM_INSNS is set (its first 8 million instructions are the same
 * OpenSBI; test/system/wasmLockstepUboot.test.ts compares the whole U-Boot boot against
 * the JS tiers). Measured on a loaded 2-core host: JS variant 5.3 min, wasm variant
 * 2.9 min, of which Linux 2.3 (the wasm Linux boot to 2e7 passes too, in 160 s).
 *
 * Environment: HYPERSTEP_DIFF_BENCH_INSNS (default 5e5) instructions per benchmark,
 * HYPERSTEP_DIFF_SV39VS_INSNS (default 2.6e6) for sv39vs.elf (its host enters the VS
 * guest after about 2.52 million instructions; the first VM exits follow at 2.57 M),
 * HYPERSTEP_DIFF_BOOT_INSNS (default 5e6) for the OpenSBI + U-Boot boot,
 * HYPERSTEP_DIFF_LINUX_INSNS (default 2e7) for Debian's Linux (OpenSBI + kernel +
 * initramfs; about 20 s per million instructions; 1e9 reaches /init), and the
 * *_WASM_INSNS above for the wasm variant.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import { runDiff, formatResult, type DiffResult } from './diff/cosim';
import { qemuAvailable, QEMU_BIN } from './diff/qemuTrace';
import { resolveLinuxBoot } from '../../emulator/host/nodeLinuxBoot';
import { Tier } from '../../emulator/wasm/tier';

const ROOT = join(__dirname, '..', '..');
const OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf';
const BENCH_INSNS = Number(process.env.HYPERSTEP_DIFF_BENCH_INSNS ?? 500_000);
const BOOT_INSNS = Number(process.env.HYPERSTEP_DIFF_BOOT_INSNS ?? 5_000_000);
const LINUX_INSNS = Number(process.env.HYPERSTEP_DIFF_LINUX_INSNS ?? 20_000_000);
const SV39VS_INSNS = Number(process.env.HYPERSTEP_DIFF_SV39VS_INSNS ?? 2_600_000);

/** The tiers the cases run under: the runDiff options that select each, and prefixes
 *  (instructions; boot and Linux 0: skipped). */
interface TierVariant { name: string; tier: number; fastRuns: boolean; benchInsns: number; sv39vsInsns: number; bootInsns: number; linuxInsns: number }
const TIERS: TierVariant[] = [
  {
    name: 'JS tiers, compared after every instruction', tier: Tier.Js, fastRuns: false,
    benchInsns: BENCH_INSNS, sv39vsInsns: SV39VS_INSNS, bootInsns: BOOT_INSNS, linuxInsns: LINUX_INSNS,
  },
  {
    name: 'wasm tier forced, fast runs', tier: Tier.Wasm, fastRuns: true,
    benchInsns: Number(process.env.HYPERSTEP_DIFF_BENCH_WASM_INSNS ?? 200_000),
    sv39vsInsns: Number(process.env.HYPERSTEP_DIFF_BENCH_WASM_INSNS ?? 200_000),
    bootInsns: Number(process.env.HYPERSTEP_DIFF_BOOT_WASM_INSNS ?? 0),
    linuxInsns: Number(process.env.HYPERSTEP_DIFF_LINUX_WASM_INSNS ?? 12_000_000),
  },
];

function elfs(dir: string): string[] {
  const d = join(ROOT, dir);
  if (!existsSync(d)) return [];
  return readdirSync(d).filter((f) => f.endsWith('.elf')).sort().map((f) => join(d, f));
}

function rel(p: string): string {
  return p.startsWith(ROOT) ? p.slice(ROOT.length + 1) : p;
}

for (const v of TIERS) describe(`differential test against QEMU (system): ${v.name}`, function () {
  const wasm = v.tier === Tier.Wasm;
  const run = (o: Parameters<typeof runDiff>[0]): Promise<DiffResult> => runDiff({ ...o, tier: v.tier, fastRuns: v.fastRuns });
  /** Wasm variant: wasm code was compiled and ran in fast runs (else the case proved
   *  nothing about it; formatResult prints the counts). */
  const tierRan = (rs: DiffResult[]): void => {
    if (!wasm) return;
    const fast = rs.reduce((n, r) => n + r.fastInsns, 0);
    const compiled = rs.reduce((n, r) => n + r.wasmBlocks + r.wasmRegions, 0);
    assert.ok(compiled > 0 && fast > 0, `the wasm tier ran (${compiled} compiled, ${fast} instructions in fast runs)`);
  };

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
      ...elfs('guests/bench/build').map((elf) => ({ elf, max: elf.endsWith('/sv39vs.elf') ? v.sv39vsInsns : v.benchInsns })),
    ];
    const failures: string[] = [];
    const results: DiffResult[] = [];
    let total = 0;
    const t0 = performance.now();
    for (const p of programs) {
      const r = await run({ bios: 'none', kernel: p.elf, maxInsns: p.max });
      total += r.compared;
      results.push(r);
      await check(rel(p.elf), r, failures);
    }
    console.log(`    ${programs.length} programs, ${total} instructions compared in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    assert.deepEqual(failures, [], `divergences in: ${failures.join(', ')}`);
    // Every benchmark runs compiled code (the ISA and priv tests are mostly CSR accesses).
    for (const [i, p] of programs.entries()) if (p.max !== undefined) tierRan([results[i]]);
  });

  it('hypervisor programs (guests/hyp): spec builds to their first QEMU 7.2 failure, QEMU72_QUIRKS builds to the end', async function () {
    const failures: string[] = [];
    let total = 0;
    const t0 = performance.now();
    // Committed spec-checking builds: a check QEMU 7.2 fails ends the program on both
    // sides (tolerated values are QEMU's), with the same failing case number.
    for (const elf of elfs('guests/hyp/build')) {
      const r = await run({ bios: 'none', kernel: elf });
      total += r.compared;
      await check(rel(elf), r, failures);
      if (r.end === 'qemu-exit' && r.qemuStatus !== r.hyperstepExit) failures.push(`${rel(elf)} (exit codes differ)`);
    }
    // QEMU 7.2 variants (not committed): built from the same sources with -DQEMU72_QUIRKS.
    const names = elfs('guests/hyp/build').map((e) => e.slice(e.lastIndexOf('/') + 1));
    const targets = names.map((n) => `hyp/build/qemu/${n}`);
    const mk = spawnSync('make', ['-s', '-C', join(ROOT, 'guests'), ...targets], { encoding: 'utf8' });
    if (mk.status !== 0) {
      console.log(`    QEMU72_QUIRKS variants not built (make -C guests hyp-qemu needs the RISC-V cross compiler): ${(mk.stderr || '').split('\n')[0]}`);
    } else {
      for (const t of targets) {
        const elf = join(ROOT, 'guests', t);
        const r = await run({ bios: 'none', kernel: elf });
        total += r.compared;
        await check(rel(elf), r, failures);
        if (r.divergence === null && (r.qemuStatus !== 0 || r.hyperstepExit !== 0)) failures.push(`${rel(elf)} (exit ${r.qemuStatus}/${r.hyperstepExit})`);
      }
    }
    console.log(`    ${total} instructions compared in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    assert.deepEqual(failures, [], `divergences in: ${failures.join(', ')}`);
    // No wasm assertion here: these programs are CSR accesses and traps almost throughout
    // (stretches too short for the engine to cache and compile blocks).
  });

  it(`OpenSBI fw_jump + U-Boot: ${v.bootInsns > 0 ? `first ${v.bootInsns} instructions` : 'not run with this tier'}`, async function () {
    if (v.bootInsns <= 0) {
      console.log('    skipped with the wasm tier (set HYPERSTEP_DIFF_BOOT_WASM_INSNS to run it)');
      this.skip();
    }
    if (!existsSync(OPENSBI) || !existsSync(UBOOT)) {
      console.log(`    skipped: needs ${OPENSBI} (opensbi) and ${UBOOT} (u-boot-qemu)`);
      this.skip();
    }
    const failures: string[] = [];
    const r = await run({ bios: OPENSBI, kernel: UBOOT, maxInsns: v.bootInsns });
    await check('opensbi+u-boot', r, failures);
    assert.deepEqual(failures, [], 'divergence in the OpenSBI + U-Boot boot');
    assert.equal(r.compared, v.bootInsns, `stopped early (${r.end})`);
    tierRan([r]);
  });

  it(`Debian Linux (OpenSBI + kernel + initramfs): ${v.linuxInsns > 0 ? `first ${v.linuxInsns} instructions` : 'not run with this tier'}`, async function () {
    this.timeout(Math.max(900_000, v.linuxInsns / 20));
    if (v.linuxInsns <= 0) {
      console.log('    skipped (HYPERSTEP_DIFF_LINUX_WASM_INSNS=0)');
      this.skip();
    }
    if (!existsSync(OPENSBI)) { console.log(`    skipped: needs ${OPENSBI} (opensbi)`); this.skip(); }
    const boot = await resolveLinuxBoot({ script: 'uname -r', log: (l) => console.log(`    ${l}`) });
    // QEMU 7.2's CPU always offers Sv57, which HyperStep keeps off for Linux (Hart.sv57):
    // no5lvl makes both kernels use Sv48.
    const failures: string[] = [];
    const r = await run({
      bios: boot.bios, kernel: boot.kernel, initrd: boot.initrd, append: `${boot.append} no5lvl`, ramMiB: 512,
      maxInsns: v.linuxInsns, progressEvery: 5_000_000,
      onProgress: (n, sec) => console.log(`    ${n} instructions, ${sec.toFixed(0)} s`),
    });
    await check(`linux ${boot.version}`, r, failures);
    assert.deepEqual(failures, [], 'divergence in the Linux boot');
    assert.equal(r.compared, v.linuxInsns, `stopped early (${r.end})`);
    tierRan([r]);
  });
});
