/**
 * Developer helper: boot Debian's Linux (hyperstep linux's images, 1 hart) to the end of
 * an --exec script and count what the block cache does (issue 14 item 3): blocks built
 * (decoded for tier 0), how many times each ran before it was compiled or dropped, how
 * many reached the tier thresholds, and an estimate of the instructions each tier ran.
 * It observes the engine from outside (wrapping BlockCache methods on the instance), so
 * it changes no engine code; the wrappers cost a little time, so do not time this run.
 *
 * usage: npx tsx scripts/blockStats.ts [--exec CMDS] [--max-insns N]
 */
import { readFileSync } from 'fs';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../emulator/runElf';
import { parseElf } from '../emulator/loader/elf';
import { resolveLinuxBoot } from '../emulator/host/nodeLinuxBoot';
import { HOT_THRESHOLD, TIER1_THRESHOLD, type Block } from '../emulator/engine';

async function main(): Promise<void> {
  const argv = process.argv;
  const opt = (n: string): string | undefined => { const i = argv.indexOf(n); return i > 0 ? argv[i + 1] : undefined; };
  const script = opt('--exec') ?? 'poweroff -f';
  const maxInsns = Number(opt('--max-insns') ?? 3e9);
  const boot = await resolveLinuxBoot({ offline: true, script });
  const m = createMachine({ machine: 'virt', ramMiB: 512, harts: 1, console: textConsole(() => undefined),
    bootargs: boot.append, initrd: readFileSync(boot.initrd) });
  loadFirmwareAndKernel(m, parseElf(readFileSync(boot.bios)), { raw: readFileSync(boot.kernel) });

  // Every block built, cached or not (uncached ones run once: a short budget or a
  // page-straddling start); compile and promote calls.
  const cache = m.cache as unknown as {
    drop: (b: Block) => void; install: (...a: unknown[]) => Block; onWatchedWrite: (pa: number, size: number) => void;
    build: (...a: unknown[]) => Block; compile: (b: Block, early?: boolean) => void; promote: (...a: unknown[]) => Block;
  };
  const built: Block[] = [];
  // Regions (tier 2, and wasm regions standing in for tier 1): they start at hits
  // -2^30 and count their own dispatches from the run loop.
  const regions: Block[] = [];
  const install = cache.install.bind(cache);
  cache.install = (...a: unknown[]): Block => { const r = install(...a); regions.push(r); return r; };
  // Blocks dropped because a store hit their bytes (code written: text patching,
  // freed pages reused, new user programs), and the runs they had then.
  let dropped = 0, droppedOnce = 0, watchedWrites = 0;
  const drop = cache.drop.bind(cache), onWatchedWrite = cache.onWatchedWrite.bind(cache);
  cache.drop = (b: Block): void => { if (b.cached) { dropped++; if (b.hits <= 1) droppedOnce++; } drop(b); };
  cache.onWatchedWrite = (pa: number, size: number): void => { watchedWrites++; onWatchedWrite(pa, size); };
  let uncached = 0, compiles = 0, promotes = 0, promotedTo = 0;
  const build = cache.build.bind(cache), compile = cache.compile.bind(cache), promote = cache.promote.bind(cache);
  // A block whose last instruction crosses into the next page is never cached (it
  // depends on two translations): it is decoded again every time it runs.
  let straddling = 0;
  cache.build = (...a: unknown[]): Block => {
    const b = build(...a);
    if (a[4] !== true) uncached++;
    else if (!b.cached) straddling++;
    else built.push(b);
    return b;
  };
  cache.compile = (b: Block, early?: boolean): void => { compiles++; compile(b, early); };
  cache.promote = (...a: unknown[]): Block => { promotes++; const r = promote(...a); if (r !== a[1]) promotedTo++; return r; };

  const t0 = performance.now();
  let done = 0;
  while (done < maxInsns && m.halted === null) done += m.step(1_000_000);
  const secs = (performance.now() - t0) / 1000;

  // Runs per block: a block's hits stop growing once a region replaces it in the cache.
  const bounds = [0, 1, 2, 4, 8, 16, 64, 256, 1000, 2000, Infinity];
  const hist = bounds.map(() => ({ blocks: 0, insns: 0 }));
  let tier0Insns = 0, totalRuns = 0;
  for (const b of built) {
    const runs = Math.max(b.hits, 0);
    totalRuns += runs;
    const i = bounds.findIndex((x) => runs <= x);
    hist[i].blocks++;
    // Instructions while interpreted (approximate: a block left early by a trap counts whole).
    const interpreted = b.decoded !== null ? runs : Math.min(runs, TIER1_THRESHOLD - 1);
    hist[i].insns += runs * b.len;
    tier0Insns += interpreted * b.len;
  }
  const lens = built.map((b) => b.len);
  const tiers = (await import('../emulator/wasm/stats')).tierStats(m);
  const out = {
    instructions: done, hostSeconds: Number(secs.toFixed(2)), halted: m.halted,
    blocksBuiltCached: built.length, blocksBuiltUncached: uncached, blocksBuiltStraddlingAPage: straddling,
    meanBlockLen: Number((lens.reduce((s, x) => s + x, 0) / Math.max(1, lens.length)).toFixed(2)),
    distinctAddresses: new Set(built.map((b) => b.pa)).size,
    blockRuns: totalRuns,
    regionDispatches: regions.reduce((s, r) => s + r.hits + (1 << 30), 0),
    dispatchesOfTier1Blocks: built.filter((b) => b.decoded === null).reduce((s, b) => s + b.hits - (TIER1_THRESHOLD - 1), 0),
    blocksReachingHot: built.filter((b) => b.hits >= HOT_THRESHOLD).length,
    blocksReachingTier1: built.filter((b) => b.hits >= TIER1_THRESHOLD).length,
    blocksDropped: dropped, blocksDroppedAfterAtMostOneRun: droppedOnce, storesToWatchedCodePages: watchedWrites,
    compileCalls: compiles, promoteCalls: promotes, promotionsMakingARegion: promotedTo,
    tiers,
    runsHistogram: Object.fromEntries(bounds.map((x, i) => [`<=${x}`, hist[i]])),
    approxInsnsInterpreted: tier0Insns,
    approxShareInterpreted: Number((tier0Insns / done).toFixed(3)),
    insnsByMode: m.harts[0].insnsByMode ? Array.from(m.harts[0].insnsByMode as ArrayLike<number>) : undefined,
  };
  console.log(JSON.stringify(out, null, 1));
}
void main();
