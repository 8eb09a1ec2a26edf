/**
 * Tier 0 of the execution engine: runs a decoded block in one runner function built
 * once from the same `exec` templates as the block compiler (codegen.ts), a `switch`
 * with a case per RV64I description and the operands read from the block's packed
 * words; other descriptions run through a function of their own, built the same way
 * with the operands as parameters. Cold code (boot paths, one-shot initialisation,
 * single steps) therefore costs no JavaScript compilation; blocks that keep running
 * are compiled by engine.ts.
 */
import type { InsnDef } from './types';
import { InsnFlag } from './types';
import { csr, funct3, rd, rs1, rs2, rs3, shamt5, shamt6 } from './fields';
import { allInsns, codegenLib } from './tables';
import { immFor, type BlockFn, type DecodedBlock } from './codegen';

type InterpFn = (h: InterpHart, rd: number, frd: number, rs1: number, rs2: number, rs3: number,
  imm: number, immhi: number, shamt: number, csr: number, rm: number, off: number, len: number,
  insn: number, idx: number) => void;

/** What tier 0 needs of the hart besides what the templates use. */
interface InterpHart {
  pc: number;
  readonly xl: Int32Array;
  readonly xh: Int32Array;
  /** Virtual address of the current block's page (set by the tier-0 block runner). */
  blockPg: number;
  /** The software TLB (hart/mmu.ts) and the current context's load and store sets. */
  readonly tlbVpn: Float64Array;
  readonly tlbOff: Float64Array;
  readonly loadBase: number;
  readonly storeBase: number;
  readonly ram: Uint8Array;
  /** Makes loadSlow and storeSlow return at once (warmMemory). */
  warming: boolean;
  illegal(insn: number): never;
}

const PARAMS: Record<string, string> = {
  rd: 'rd', frd: 'frd', rs1: 'rs1', rs2: 'rs2', rs3: 'rs3', frs1: 'rs1', frs2: 'rs2', frs3: 'rs3',
  imm: 'imm', immhi: 'immhi', shamt: 'shamt', csr: 'csr', rm: 'rm', insn: 'insn', len: 'len', idx: 'idx',
  pc: '(h.blockPg + off)', npc: '(h.blockPg + off + len)',
};

const libNames = Object.keys(codegenLib);
const libValues = libNames.map((n) => codegenLib[n]);
const fnCache = new Map<string, InterpFn>();
/** Per definition object (not per name: markers share `slli`), so a block's decode does
 * not build a string key per instruction. */
const execByDef = new WeakMap<InsnDef, InterpFn>();
const linkByDef = new WeakMap<InsnDef, InterpFn>();

function interpFnFor(def: InsnDef, link: boolean): InterpFn {
  const byDef = link ? linkByDef : execByDef;
  let fn = byDef.get(def);
  if (fn === undefined) {
    fn = link ? interpFn(def, def.link!, 'link') : interpFn(def, def.exec, 'exec');
    byDef.set(def, fn);
  }
  return fn;
}

function interpFn(def: InsnDef, template: string, kind: string): InterpFn {
  // Keyed by the template, not the name: two definitions may share a name (the
  // measurement markers are `slli` with rd = rs1 = x0, isa/markers.ts).
  const key = `${kind}:${template}`;
  let fn = fnCache.get(key);
  if (fn === undefined) {
    const body = template.replace(/\$([a-z0-9]+)/g, (m, name: string) => {
      const p = PARAMS[name];
      if (p === undefined) throw new Error(`unknown template variable ${m} in ${def.name}`);
      return p;
    });
    const factory = new Function(...libNames,
      'return function interp(h, rd, frd, rs1, rs2, rs3, imm, immhi, shamt, csr, rm, off, len, insn, idx) {\n' +
      'const xl = h.xl, xh = h.xh, f = h.f, fd = h.fd, fs = h.fs, tV = h.tlbVpn, tO = h.tlbOff, dv = h.view, ram = h.ram;\n' +
      `${body}\n};`);
    fn = factory(...libValues) as InterpFn;
    fnCache.set(key, fn);
  }
  return fn;
}

/**
 * A block's instructions for the runner: four words each (16 bytes: tier 0 runs tens of
 * thousands of blocks a few times each, so their size decides cache misses):
 *   W_OPS   case number (bits 0-7, NO_CASE: called), rd (8-13, 32 for x0: the sink),
 *           rs1 (14-18), rs2 (19-23), rs3 (24-28), rm / funct3 (29-31)
 *   W_IMM   the immediate (shift instructions: the shift amount)
 *   W_POS   byte offset from the page (0-12: a block whose first instruction straddles
 *           the page end goes on past 4096), length (13-15), CSR number (16-27)
 *   W_RAW   the encoding as fetched (16 bits for compressed instructions)
 */
const W_OPS = 0, W_IMM = 1, W_POS = 2, W_RAW = 3, STRIDE = 4;
const NO_CASE = 255;

/** Where each template variable comes from in the runner (`_w` is the W_OPS word). */
const RUNNER_VARS: Record<string, string> = {
  rd: '((_w >>> 8) & 63)', frd: '((_w >>> 8) & 31)', rs1: '((_w >>> 14) & 31)', rs2: '((_w >>> 19) & 31)',
  rs3: '((_w >>> 24) & 31)', frs1: '((_w >>> 14) & 31)', frs2: '((_w >>> 19) & 31)', frs3: '((_w >>> 24) & 31)',
  imm: `ops[_o + ${W_IMM}]`, immhi: `(ops[_o + ${W_IMM}] >> 31)`, shamt: `ops[_o + ${W_IMM}]`,
  csr: `((ops[_o + ${W_POS}] >>> 16) & 4095)`, rm: '(_w >>> 29)', insn: `(ops[_o + ${W_RAW}] >>> 0)`,
  len: `((ops[_o + ${W_POS}] >>> 13) & 7)`, idx: '_k',
  pc: '_pc', npc: '_npc',
};

/**
 * Which descriptions get a case in the runner. V8 optimizes the runner with the type
 * feedback of the cases that have run; a case that never ran is compiled as a
 * deoptimization, so the first run of each such instruction throws the optimized code
 * away (about 50 ms to optimize again, in the slow tiers meanwhile, and longer the
 * larger the runner). Hence cases only for RV64I, what compilers emit most, whose
 * register-only instructions the runner runs once on a scratch register before first
 * use (warmable, warmRunner). The others (M, A, F, D, B, CSRs, hypervisor loads) are
 * called through their own function. Measured on Debian's Linux boot (1 hart, to
 * /init): cases for M and Zb* too made the boot 10 % slower (4.4 s against 3.9 s).
 */
function hasCase(def: InsnDef): boolean {
  return def.ext === 'I';
}

/** An instruction that cannot trap and whose template touches nothing but integer
 *  registers and (jumps) h.pc. */
function warmable(def: InsnDef): boolean {
  return (def.flags & (InsnFlag.MayTrap | InsnFlag.Memory | InsnFlag.Serializing)) === 0
    && !/\b(h\b(?!\.pc =)|ram|dv|tV|tO|f|fd|fs)\b/.test(def.exec);
}

/** Runs instructions [0, m) of a block whose words start at ops[base]: ops/fns/base as
 *  built by interpretBlock. */
type Runner = (h: InterpHart, ops: Int32Array, fns: readonly (InterpFn | null)[] | null, m: number, base: number) => void;

/** The runner's case of each description's exec template (and, for jumps, of its link
 *  template): built once, with the runner. */
const execCase = new Map<InsnDef, number>();
const linkCase = new Map<InsnDef, number>();
let runner: Runner | null = null;
/** Cases warmRunner runs, and whether it has. */
const warmCases: number[] = [];
let warmed = false;

/** Values warmRunner sets the sink to before each case (by `lui` and `addi`): zero, a
 *  positive and a negative one, so that arithmetic sees small integers and doubles, and
 *  one whose low bits shift by less than 32. */
const WARM_VALUES: readonly [number, number][] = [[0, 0], [0x12345000, 0x678], [0x89abc000 | 0, -0x7c3], [0x7000, 0x4d]];
/** Source registers of each run: a scratch register (WARM_SRC, holding the value)
 *  against itself and against x0, so that comparisons (branches, slt, min) go both
 *  ways. The sink cannot be a source: source fields have five bits. */
const WARM_SRC = 31;
const WARM_SOURCES: readonly [number, number][] = [[WARM_SRC, WARM_SRC], [WARM_SRC, 0], [0, WARM_SRC]];
/** The page warm-up blocks run at: a double, as kernel and RAM addresses are, so that
 *  pc arithmetic gets the feedback of the addresses it will see. */
const WARM_PAGE = 2 ** 31 + 2 ** 20;

/**
 * Give every warmable case type feedback before V8 optimizes the runner: one run of a
 * made-up block holding each case once per WARM_VALUES and WARM_SOURCES (each preceded
 * by a `lui` and an `addi` that load the value into WARM_SRC), all writing the hart's
 * register sink (x32, where writes to x0 go), twice over, since V8 allocates a
 * function's feedback only once it has run a while. Nothing architectural changes:
 * WARM_SRC, the sink and h.pc (jumps write it) are restored.
 */
export function warmRunner(h: InterpHart): void {
  warmed = true;
  const run = getRunner();
  const caseOf = (name: string): number | undefined => {
    const d = allInsns.find((x) => x.name === name);
    return d !== undefined ? execCase.get(d) : undefined;
  };
  const luiCase = caseOf('lui'), addiCase = caseOf('addi');
  if (luiCase === undefined || addiCase === undefined) return;
  const ops: number[] = [];
  const op = (c: number, rdx: number, rs1: number, rs2: number, imm: number): void => {
    ops.push(packOps(c, rdx, rs1, rs2, rs2, 0), imm, 4 << 13, 0);
  };
  for (let rep = 0; rep < 2; rep++) {
    for (const c of warmCases) {
      for (const [hi, lo] of WARM_VALUES) {
        for (const [rs1, rs2] of WARM_SOURCES) {
          op(luiCase, WARM_SRC, 0, 0, hi);
          op(addiCase, WARM_SRC, WARM_SRC, 0, lo);
          // The immediate word, or for shifts the amount: both kinds, below and above 32.
          op(c, 32, rs1, rs2, lo);
          op(c, 32, rs1, rs2, lo < 0 ? 37 : 5);
        }
      }
    }
  }
  const xl = h.xl, xh = h.xh;
  const saved = [WARM_DATA, WARM_SRC, 32].map((r) => [xl[r], xh[r]]);
  const pc = h.pc, pg = h.blockPg;
  h.blockPg = WARM_PAGE;
  run(h, Int32Array.from(ops), null, ops.length / STRIDE, 0);
  warmMemory(h, run, caseOf);
  [WARM_DATA, WARM_SRC, 32].forEach((r, k) => { xl[r] = saved[k][0]; xh[r] = saved[k][1]; });
  h.pc = pc; h.blockPg = pg;
}

/** The loads and stores warmMemory runs, in this order: each store writes back the
 *  bytes the load before it read (into WARM_DATA), so memory does not change. */
const WARM_MEMORY: readonly string[] = ['ld', 'sd', 'lw', 'sw', 'lwu', 'lh', 'sh', 'lhu', 'lb', 'sb', 'lbu'];
const WARM_DATA = 30;

/**
 * Both paths of every load and store case: a block of WARM_MEMORY at WARM_PAGE, run
 * twice with the hart's load and store TLB entries for that page missing, with
 * `h.warming` set so the slow paths return at once (their call sites and what follows
 * them get feedback; a slow path itself translates and may fault, so it is not run),
 * then twice with both entries pointing at the first page of RAM; the entries are
 * restored. Stores write back what was just read, and the hit path touches nothing
 * else (no dirty tracking, no write watch: a store TLB entry stands for a page that
 * needs neither), so nothing observable changes.
 */
function warmMemory(h: InterpHart, run: Runner, caseOf: (name: string) => number | undefined): void {
  if (h.ram.length < 4096) return;
  const ops: number[] = [];
  for (const imm of [-8, 16]) {
    for (const name of WARM_MEMORY) {
      const c = caseOf(name);
      if (c === undefined) return;
      const store = name.startsWith('s');
      ops.push(packOps(c, store ? 0 : WARM_DATA, WARM_SRC, WARM_DATA, 0, 0), imm, 4 << 13, 0);
    }
  }
  const va = WARM_PAGE + 2048;
  const vp = Math.floor(va / 4096);
  const tV = h.tlbVpn, tO = h.tlbOff;
  const li = h.loadBase + (vp & 2047), si = h.storeBase + (vp & 2047);
  const old = [tV[li], tO[li], tV[si], tO[si]];
  h.xl[WARM_SRC] = va | 0; h.xh[WARM_SRC] = Math.floor(va / 2 ** 32);
  h.xl[WARM_DATA] = 0; h.xh[WARM_DATA] = 0;
  const block = Int32Array.from(ops);
  try {
    tV[li] = NaN; tV[si] = NaN;
    h.warming = true;
    run(h, block, null, ops.length / STRIDE, 0);
    run(h, block, null, ops.length / STRIDE, 0);
    h.warming = false;
    tV[li] = vp; tO[li] = 0; tV[si] = vp; tO[si] = 0;
    run(h, block, null, ops.length / STRIDE, 0);
    run(h, block, null, ops.length / STRIDE, 0);
  } finally {
    h.warming = false;
    tV[li] = old[0]; tO[li] = old[1]; tV[si] = old[2]; tO[si] = old[3];
  }
}

/**
 * The tier-0 runner: one function holding the templates of the descriptions with a
 * case (hasCase) in a `switch` over its case number, with the operands read from the
 * block's Int32Array. One function, so V8 optimizes it once and dispatches through a
 * jump table instead of calling a separate function (with fifteen arguments) per
 * instruction. The other descriptions go through their own function (interpFnFor) in
 * the default case; undecodable words raise illegal-instruction there.
 */
function getRunner(): Runner {
  if (runner !== null) return runner;
  let cases = '';
  let next = 0;
  const addCase = (def: InsnDef, template: string, map: Map<InsnDef, number>): void => {
    let ok = true;
    const body = template.replace(/\$([a-z0-9]+)/g, (m, name: string) => {
      const v = RUNNER_VARS[name];
      if (v === undefined) { ok = false; return m; }
      return v;
    });
    if (!ok) return;
    // A trap needs the pc of the instruction that raised it (engine.ts reads h.pc);
    // slow paths are given $pc explicitly, as in compiled blocks.
    const pre = (def.flags & InsnFlag.MayTrap) !== 0 ? 'h.pc = _pc; ' : '';
    map.set(def, next);
    cases += `case ${next}: { ${pre}${body}\n} break;\n`;
    next++;
  };
  for (const def of allInsns) {
    if (!hasCase(def)) continue;
    addCase(def, def.exec, execCase);
    if (warmable(def) && execCase.has(def)) warmCases.push(execCase.get(def)!);
    if (def.link !== undefined) {
      addCase(def, def.link, linkCase);
      if (warmable(def) && linkCase.has(def)) warmCases.push(linkCase.get(def)!);
    }
  }
  const v = (name: string): string => RUNNER_VARS[name];
  const factory = new Function(...libNames,
    'return function tier0(h, ops, fns, m, base) {\n' +
    'const xl = h.xl, xh = h.xh, f = h.f, fd = h.fd, fs = h.fs, tV = h.tlbVpn, tO = h.tlbOff, dv = h.view, ram = h.ram;\n' +
    'const _pg = h.blockPg;\n' +
    `for (let _k = 0, _o = base; _k < m; _k++, _o += ${STRIDE}) {\n` +
    `const _w = ops[_o + ${W_OPS}], _p = ops[_o + ${W_POS}];\n` +
    // Computed for every instruction, so that they have type feedback even in paths
    // that have not run yet (a slow path's $pc, a branch's fall-through).
    'const _pc = _pg + (_p & 8191), _npc = _pc + ((_p >>> 13) & 7);\n' +
    `switch (_w & 255) {\n${cases}` +
    'default: { h.pc = _pc; const fn = fns === null ? null : fns[_k];\n' +
    `if (fn === null) h.illegal(ops[_o + ${W_RAW}]);\n` +
    `else fn(h, ${v('rd')}, ${v('frd')}, ${v('rs1')}, ${v('rs2')}, ${v('rs3')}, ${v('imm')}, ${v('immhi')}, ` +
    `${v('shamt')}, ${v('csr')}, ${v('rm')}, ops[_o + ${W_POS}] & 8191, ${v('len')}, ops[_o + ${W_RAW}], _k); }\n` +
    '}\n}\n};');
  runner = factory(...libValues) as Runner;
  return runner;
}

/** The W_OPS word. */
function packOps(c: number, rdx: number, r1: number, r2: number, r3: number, rm: number): number {
  return c | (rdx << 8) | (r1 << 14) | (r2 << 19) | (r3 << 24) | (rm << 29);
}

/**
 * Blocks' instruction words live in shared arenas, not in an array each: the runner
 * then reads one typed array whose header stays in cache, a block's words sit next to
 * those of the blocks decoded around it, and building a block allocates no buffer
 * (typed arrays over 64 bytes get a separately allocated store). An arena is freed by
 * the GC once no block refers to it; words of dropped blocks are not reused, so an
 * arena is small (64 KiB, about 600 blocks): one block still referenced (a link, a
 * virtual-pc entry) keeps no more than that alive.
 */
const ARENA_WORDS = 1 << 14;
let arena = new Int32Array(ARENA_WORDS);
let arenaTop = 0;

function arenaAlloc(words: number): [Int32Array, number] {
  if (arenaTop + words > arena.length) {
    arena = new Int32Array(Math.max(ARENA_WORDS, words));
    arenaTop = 0;
  }
  const base = arenaTop;
  arenaTop += words;
  return [arena, base];
}

/** Interprets the first `lim` instructions of a block (all when lim is omitted). */
export type InterpBlockFn = (h: unknown, lim?: number) => number;

/** A function that interprets block b (same contract as a compiled block); given a
 *  limit below the block's length it runs only that prefix and leaves the pc at the
 *  next instruction (a prefix never contains the block's ending instruction). */
export function interpretBlock(b: DecodedBlock): InterpBlockFn & BlockFn {
  const run = getRunner();
  const insns = b.insns;
  const n = insns.length;
  const [ops, base] = arenaAlloc(n * STRIDE);
  // The functions of instructions the runner calls (null when it has a case for all).
  let fns: (InterpFn | null)[] | null = null;
  for (let k = 0; k < n; k++) {
    const bi = insns[k];
    const o = base + k * STRIDE;
    const i = bi.insn;
    const def = bi.def;
    const link = bi.followed === true;
    const c = def === undefined ? undefined : (link ? linkCase : execCase).get(def);
    const shift = def !== undefined && (def.fmt === 'SH' || def.fmt === 'SHW');
    ops[o + W_OPS] = packOps(c ?? NO_CASE, rd(i) === 0 ? 32 : rd(i), rs1(i), rs2(i), rs3(i), funct3(i));
    ops[o + W_IMM] = def === undefined ? 0 : shift ? (def.fmt === 'SHW' ? shamt5(i) : shamt6(i)) : immFor(def, i);
    ops[o + W_POS] = bi.off | (bi.len << 13) | (csr(i) << 16);
    ops[o + W_RAW] = bi.raw | 0;
    if (c === undefined && def !== undefined) {
      fns ??= new Array<InterpFn | null>(n).fill(null);
      fns[k] = interpFnFor(def, link);
    }
  }
  const last = insns[n - 1];
  const ended = last.def !== undefined && (last.def.flags & InsnFlag.EndsBlock) !== 0;
  const endOff = last.off + last.len;
  return (hh: unknown, lim?: number): number => {
    const h = hh as InterpHart;
    if (!warmed) warmRunner(h);
    const pg = h.pc - (h.pc & 4095);
    h.blockPg = pg;
    const m = lim === undefined || lim >= n ? n : lim;
    run(h, ops, fns, m | 0, base); // an int32: `left` in the run loop may be a double
    if (m < n) { h.pc = pg + (ops[base + m * STRIDE + W_POS] & 8191); return m; }
    if (!ended) h.pc = pg + endOff;
    return n;
  };
}
