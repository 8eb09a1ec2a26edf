/**
 * Developer helper: summarise a V8 CPU profile (`node --cpu-prof`) of a HyperStep run
 * by where the host time goes (issue 14 item 3: interpretation, compilation, compiled
 * code, TLB misses and page walks, MMIO, traps, devices, GC).
 *
 * Self time is attributed to the function on top of each sample; bundled code is mapped
 * back to its TypeScript source through dist/*.js.map, so each function gets its source
 * file and a category. Functions generated at run time with `new Function` have no
 * source: those named `interp` are the per-instruction functions of tier 0
 * (isa/interp.ts), the others compiled blocks and regions (isa/codegen.ts). wasm
 * functions are the wasm tier. Inclusive ("total") time is also given for the entry
 * points of each activity (compilers, interpreter, page walker, trap entry), counting a
 * sample once however deep the function recurs. V8 inlines small functions into their
 * callers, so self time of an inlined helper shows up in the caller.
 *
 * `--lines NAME` adds the hottest source lines of the functions called NAME (from V8's
 * per-line ticks; inlined callees show at the caller's call line).
 *
 * usage: npx tsx scripts/profileSummary.ts PROFILE.cpuprofile [--top N] [--json] [--lines NAME]...
 */
import { readFileSync, existsSync } from 'fs';
import { SourceMap } from 'module';
import { fileURLToPath } from 'url';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number; children?: number[]; positionTicks?: { line: number; ticks: number }[] }
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (file === undefined) { console.error('usage: profileSummary PROFILE.cpuprofile [--top N] [--json]'); process.exit(2); }
const topN = args.includes('--top') ? Number(args[args.indexOf('--top') + 1]) : 40;
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;

// Source maps of the bundles, loaded on first use.
const maps = new Map<string, SourceMap | null>();
function mapFor(url: string): SourceMap | null {
  if (maps.has(url)) return maps.get(url)!;
  let sm: SourceMap | null = null;
  try {
    const path = fileURLToPath(url) + '.map';
    if (existsSync(path)) sm = new SourceMap(JSON.parse(readFileSync(path, 'utf8')));
  } catch { sm = null; }
  maps.set(url, sm);
  return sm;
}

/** The source file of a call frame (relative to the repository), or a pseudo-file. */
function sourceOf(cf: CallFrame): string {
  const { url, functionName } = cf;
  if (url === '') {
    if (functionName.startsWith('(')) return functionName;
    // V8 builtins have no position; code made by `new Function` has one.
    if (cf.lineNumber < 0) return `(V8 builtin ${functionName || 'anonymous'})`;
    if (functionName === 'interp') return '(generated: tier-0 instruction functions)';
    return '(generated: compiled JS blocks/regions)';
  }
  if (url.startsWith('wasm://')) return '(wasm)';
  if (url.startsWith('node:')) return 'node:internal';
  if (url.startsWith('file://')) {
    const sm = mapFor(url);
    const e = sm?.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string } | undefined;
    if (e?.originalSource !== undefined) {
      const s = e.originalSource.replace(/^.*?\/(emulator|cli|node_modules|bench|debug-adapter|gdb-stub)\//, '$1/');
      return s;
    }
    return url;
  }
  return url;
}

/** The wasm tier's run-time glue (the rest of wasm/codegen.ts is the compiler). */
const WASM_GLUE = new Set(['fn', 'loadSlow', 'storeSlow']);

/** The activity a function (name, source file) stands for. */
function categoryOf(src: string, name: string): string {
  if (src === '(garbage collector)') return 'GC';
  if (src === '(V8 builtin Module)' || src === '(V8 builtin Instance)') return 'compilation: wasm (WebAssembly.Module/Instance)';
  if (src.startsWith('(V8 builtin js-to-wasm') || src === '(V8 builtin GenericJSToWasmWrapper)') return 'compiled wasm: JS<->wasm transitions + glue';
  if (src === 'emulator/wasm/codegen.ts' && WASM_GLUE.has(name)) return 'compiled wasm: JS<->wasm transitions + glue';
  if (src.startsWith('(V8 builtin')) return 'node / native';
  if (src === '(program)') return 'V8 native (program: parsing, compiling, runtime stubs)';
  if (src === '(idle)') return 'idle (waiting for I/O or timers)';
  if (src === '(generated: tier-0 instruction functions)') return 'tier 0: interpretation';
  if (src === '(generated: compiled JS blocks/regions)') return 'compiled JS blocks/regions (tier 1/2)';
  if (src === '(wasm)') return 'compiled wasm (tier 3)';
  if (src === 'emulator/isa/interp.ts' || src === 'emulator/isa/int64.ts') return 'tier 0: interpretation';
  if (src === 'emulator/isa/codegen.ts') return 'compilation: decode + JS codegen';
  if (src.startsWith('emulator/wasm/')) return 'compilation: wasm codegen (emitter)';
  if (/emulator\/hart\/(mmu|walk|pmp|guestTlb)\.ts/.test(src)) return 'address translation: TLB miss, page walk, PMP';
  if (/emulator\/hart\/(trap|trapEntry|interrupts)\.ts/.test(src)) return 'traps and interrupts';
  if (/emulator\/hart\/(csr|hyp|csrNumbers)\.ts/.test(src)) return 'CSR accesses';
  if (src.startsWith('emulator/bus/')) return 'bus / MMIO dispatch';
  if (src.startsWith('emulator/devices/')) return 'device emulation';
  if (src === 'emulator/engine.ts' || src === 'emulator/machine.ts') return 'engine: run loop, block cache, chaining';
  if (src.startsWith('emulator/isa/')) return 'instruction helpers (isa/*)';
  if (src.startsWith('emulator/fp/')) return 'FP helpers';
  if (src.startsWith('emulator/')) return 'other emulator';
  if (src === 'node:internal' || src === '(native)') return 'node / native';
  return 'other';
}

// Sample durations: timeDeltas[i] is the time before sample i; use the next delta as
// the duration of sample i (the last sample gets the mean).
const n = prof.samples.length;
const dur = new Float64Array(n);
let totalUs = 0;
for (let i = 0; i < n; i++) { dur[i] = i + 1 < n ? prof.timeDeltas[i + 1] : 0; totalUs += dur[i]; }
if (n > 1) { dur[n - 1] = totalUs / (n - 1); totalUs += dur[n - 1]; }

const byId = new Map<number, ProfileNode>();
const parent = new Map<number, number>();
for (const node of prof.nodes) byId.set(node.id, node);
for (const node of prof.nodes) for (const c of node.children ?? []) parent.set(c, node.id);

/** Line of the function in its TypeScript source (1-based), when the bundle maps it. */
function lineOf(cf: CallFrame): string {
  if (!cf.url.startsWith('file://')) return '';
  const e = mapFor(cf.url)?.findEntry(cf.lineNumber, cf.columnNumber) as { originalLine?: number } | undefined;
  return e?.originalLine !== undefined ? `:${e.originalLine + 1}` : '';
}
const fnKey = (cf: CallFrame): string => `${cf.functionName || '(anonymous)'}\t${sourceOf(cf)}${lineOf(cf)}`;
const selfByFn = new Map<string, number>();
const selfBySrc = new Map<string, number>();
const selfByCat = new Map<string, number>();
const totalByName = new Map<string, number>();
const add = (m: Map<string, number>, k: string, v: number): void => { m.set(k, (m.get(k) ?? 0) + v); };

// Inclusive time of the entry points of each activity, by function name.
const INCLUSIVE = ['runHart', 'build', 'findBlock', 'lookupPhysical', 'regionBlocks', 'install', 'interpFn', 'interpretBlock', 'decodeBlock', 'compileBlock', 'compileRegion', 'compileSource', 'compileWasm',
  'emitModule', 'promote', 'compile', 'translateFetch', 'translate', 'walk', 'walkSv', 'takeTrap', 'loadSlow', 'storeSlow',
  'mmioRead', 'mmioWrite', 'read', 'write', 'tick', 'poll', 'invalidate', 'invalidatePage', 'flush'];
const inclusiveSet = new Set(INCLUSIVE);

for (let i = 0; i < n; i++) {
  const node = byId.get(prof.samples[i]);
  if (node === undefined) continue;
  const d = dur[i];
  const cf = node.callFrame;
  const src = sourceOf(cf);
  add(selfByFn, fnKey(cf), d);
  add(selfBySrc, src, d);
  add(selfByCat, categoryOf(src, cf.functionName), d);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const f = byId.get(id)!.callFrame;
    if (!inclusiveSet.has(f.functionName)) continue;
    const k = `${f.functionName} (${sourceOf(f)})`;
    if (seen.has(k)) continue;
    seen.add(k);
    add(totalByName, k, d);
  }
}

const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]);
const pct = (v: number): string => (100 * v / totalUs).toFixed(1).padStart(5) + ' %';
const sec = (v: number): string => (v / 1e6).toFixed(2).padStart(7) + ' s';

if (args.includes('--json')) {
  const obj = (m: Map<string, number>): Record<string, number> => Object.fromEntries(sorted(m).map(([k, v]) => [k, Number((v / 1e6).toFixed(3))]));
  console.log(JSON.stringify({ totalSeconds: totalUs / 1e6, samples: n, byCategory: obj(selfByCat), bySource: obj(selfBySrc),
    inclusive: obj(totalByName), topFunctions: Object.fromEntries(sorted(selfByFn).slice(0, topN).map(([k, v]) => [k, Number((v / 1e6).toFixed(3))])) }, null, 1));
} else {
  console.log(`profile: ${file}\n${n} samples, ${(totalUs / 1e6).toFixed(2)} s sampled\n`);
  console.log('self time by category:');
  for (const [k, v] of sorted(selfByCat)) console.log(`  ${sec(v)} ${pct(v)}  ${k}`);
  console.log('\nself time by source file:');
  for (const [k, v] of sorted(selfBySrc).slice(0, topN)) console.log(`  ${sec(v)} ${pct(v)}  ${k}`);
  console.log('\ninclusive time of entry points:');
  for (const [k, v] of sorted(totalByName)) if (v / totalUs >= 0.001) console.log(`  ${sec(v)} ${pct(v)}  ${k}`);
  console.log(`\ntop ${topN} functions by self time:`);
  for (const [k, v] of sorted(selfByFn).slice(0, topN)) {
    const [name, src] = k.split('\t');
    console.log(`  ${sec(v)} ${pct(v)}  ${name}  [${src}]`);
  }
}

// Hot lines of the functions named with --lines.
const lineFns = args.flatMap((a, i) => (a === '--lines' ? [args[i + 1]] : []));
for (const name of lineFns) {
  const ticks = new Map<string, number>();
  let total = 0;
  for (const node of prof.nodes) {
    const cf = node.callFrame;
    if (cf.functionName !== name || !cf.url.startsWith('file://')) continue;
    const sm = mapFor(cf.url);
    for (const t of node.positionTicks ?? []) {
      const e = sm?.findEntry(t.line - 1, 0) as { originalSource?: string; originalLine?: number } | undefined;
      const k = e?.originalLine !== undefined ? `${sourceOf(cf)}:${e.originalLine + 1}` : `bundle line ${t.line}`;
      ticks.set(k, (ticks.get(k) ?? 0) + t.ticks);
      total += t.ticks;
    }
  }
  console.log(`\nhot lines of ${name} (${total} ticks):`);
  for (const [k, v] of sorted(ticks).slice(0, 15)) console.log(`  ${(100 * v / Math.max(1, total)).toFixed(1).padStart(5)} %  ${k}`);
}
