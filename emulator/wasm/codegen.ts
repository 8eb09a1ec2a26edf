/**
 * WebAssembly code generator of the wasm tier (docs/architecture.md, "Tiers"): turns
 * a decoded block (tier 1) or a region of blocks of one page (tier 2) into a wasm
 * function over the state in the bus's WebAssembly.Memory (wasm/layout.ts).
 *
 * - Registers a function uses live in i64 locals: loaded from the hart's xl/xh words
 *   on entry, written back (only those the code writes) before every return. A JS slow
 *   path that raises the hart's TrapSignal returns 1 instead; the code branches to one
 *   shared write-back and returns -1, and the wrapper throws the signal.
 * - Loads and stores inline the software-TLB probe of the JS tiers (same arrays: a
 *   store-TLB entry exists only for pages already marked dirty and not write-watched,
 *   so dirty tracking, code invalidation and watchpoints work unchanged); a miss calls
 *   loadSlow/storeSlow with the instruction's pc, which set h.pc, h.iter and
 *   h.blockOff before any fault, so the engine's trap accounting stays exact. The call
 *   goes through a two-entry table (call_indirect): a module that imports no function
 *   compiles about five times faster in V8.
 * - A region is a loop around a br_table over its blocks: branches between them never
 *   leave wasm; the loop counts retired instructions and returns once they reach the
 *   limit (h.loopLimit), as the JS regions do.
 * - The function returns the instructions retired and stores the next pc (f64) in the
 *   hart's slot; the JS wrapper copies it to h.pc.
 *
 * Blocks holding an instruction without wasm semantics (a `wasm` fallback in its InsnDef) are not
 * compiled here: they stay in the JS tiers. Modules are position independent (keyed by
 * the instruction bytes), cached in a bounded table, and instantiated once per bus.
 */
import type { Hart } from '../hart/hart';
import type { Bus } from '../bus/bus';
import type { BlockFn, BlockInsn, DecodedBlock } from '../isa/codegen';
import { immB, immI, immJ, immS, immU, rd as fRd, rs1 as fRs1, rs2 as fRs2, shamt5, shamt6 } from '../isa/fields';
import { InsnFlag } from '../isa/types';
import { fetchEpoch } from '../hart/mmu';
import { MARKER_MASK, MARKER_MATCH } from '../isa/markers';
import { buildModule, F64, FuncBody, I32, I64, Op, VOID } from './emitter';
import { CONTROL_AND_MEMORY, WASM_SEM, type SemCtx } from './semantics';
import { CHN_OFF, CUR_OFF, PC_OFF, RAM_OFF, SCR_OFF, STOP_OFF, TLBO_OFF, TLBV_OFF, VC_ENTRIES, VCE_OFF, VCS_OFF, VCT_OFF,
  XH_OFF, XL_OFF, type WasmState } from './layout';

/** Statistics of the wasm tier (all buses). */
export const wasmStats = { modules: 0, instances: 0, compileMs: 0, emitMs: 0, moduleBytes: 0, rejected: 0 };

/** Most modules kept (the table is cleared when full). */
const MAX_MODULES = 4096;
const modules = new Map<string, WebAssembly.Module>();
const instances = new WeakMap<WasmState, Map<string, WasmFn>>();

/** The hart running wasm code (the slow-path imports act on it), and the code epoch a
 *  chained run started in. */
let cur: Hart | null = null;
let curEp = 0;

/** After a slow path: a chained run must return to the run loop when the JS side needs
 *  it (a device or interrupt asked for attention) or compiled code changed. */
function checkStop(h: Hart): void {
  if (h.stopRequested || fetchEpoch(h) !== curEp) h.wctl[0] = 1;
}

/** Slow paths: return 0, or 1 when the access raised the hart's TrapSignal (kept in
 *  h.signal): the wasm code then writes its registers back and returns -1, and the
 *  wrapper throws the signal (one write-back per function, not one per access). */
function loadSlow(a: number, size: number, pc: number, n: number, boff: number): number {
  const h = cur!;
  h.iter = n; h.blockOff = boff;
  try {
    const lo = h.loadSlow(a, size, pc);
    h.scr[0] = lo;
    h.scr[1] = size === 8 ? h.ldHi : 0;
    checkStop(h);
    return 0;
  } catch (e) {
    if (e === h.signal) return 1;
    throw e;
  }
}

function storeSlow(a: number, size: number, pc: number, n: number, boff: number): number {
  const h = cur!;
  h.iter = n; h.blockOff = boff;
  try {
    h.storeSlow(a, size, h.scr[0], h.scr[1], pc);
    checkStop(h);
    return 0;
  } catch (e) {
    if (e === h.signal) return 1;
    throw e;
  }
}

const LOAD_OPS: Record<string, [number, number]> = {
  lb: [1, Op.i64_load8_s], lbu: [1, Op.i64_load8_u], lh: [2, Op.i64_load16_s], lhu: [2, Op.i64_load16_u],
  lw: [4, Op.i64_load32_s], lwu: [4, Op.i64_load32_u], ld: [8, Op.i64_load],
};
const STORE_OPS: Record<string, [number, number]> = {
  sb: [1, Op.i64_store8], sh: [2, Op.i64_store16], sw: [4, Op.i64_store32], sd: [8, Op.i64_store],
};
const BRANCH_OPS: Record<string, number> = {
  beq: Op.i64_eq, bne: Op.i64_ne, blt: Op.i64_lt_s, bge: Op.i64_ge_s, bltu: Op.i64_lt_u, bgeu: Op.i64_ge_u,
};
/** Formats whose rd field is not written. */
const NO_RD = new Set(['S', 'B', 'FENCE', 'NONE']);

/** Can the wasm tier compile this instruction? */
export function wasmCanCompile(x: BlockInsn): boolean {
  const d = x.def;
  if (d === undefined) return false;
  if (d.match === MARKER_MATCH && d.mask === MARKER_MASK) return false;
  return WASM_SEM[d.name] !== undefined || CONTROL_AND_MEMORY.has(d.name);
}

/** Key of a module: kind and the instruction bytes at their page offsets. */
function keyOf(blocks: DecodedBlock[], region: boolean): string {
  let k = region ? 'R' : 'S';
  for (const b of blocks) {
    k += `|${b.start}`;
    for (const x of b.insns) k += `,${x.off}:${x.raw}${x.followed === true ? 'f' : ''}`;
  }
  return k;
}

const P_PG = 0, P_LIM = 1, P_HB = 2, P_LB = 3, P_SB = 4;

/** Build the module bytes for blocks (blocks[0] is the entry). */
export function emitModule(blocks: DecodedBlock[], region: boolean): Uint8Array {
  const f = new FuncBody(5);
  const used = new Set<number>(), written = new Set<number>();
  for (const b of blocks) {
    for (const x of b.insns) {
      const d = x.def!;
      const i = x.insn;
      if (fRs1(i) !== 0) used.add(fRs1(i));
      if (fRs2(i) !== 0) used.add(fRs2(i));
      if (!NO_RD.has(d.fmt) && fRd(i) !== 0) { used.add(fRd(i)); written.add(fRd(i)); }
    }
  }
  const R = new Array<number>(32).fill(-1);
  for (const r of [...used].sort((a, b) => a - b)) R[r] = f.local(I64);
  const pgi = f.local(I64), n = f.local(I32), bi = f.local(I32), A = f.local(I64), VP = f.local(I64), TI = f.local(I32);
  const tA = f.local(I64), tB = f.local(I64), tC = f.local(I64), tD = f.local(I64), t32a = f.local(I32), t32b = f.local(I32);
  const cnt = f.local(I32);
  const wr = [...written].sort((a, b) => a - b);

  const spill = (): void => {
    for (const r of wr) {
      f.get(P_HB).get(R[r]).op(Op.i32_wrap_i64).mem(Op.i32_store, XL_OFF + 4 * r);
      f.get(P_HB).get(R[r]).i64(32).op(Op.i64_shr_u, Op.i32_wrap_i64).mem(Op.i32_store, XH_OFF + 4 * r);
    }
  };
  /** Store the exit pc (pushed by pcCode as f64) and the count, then leave through the
   *  one write-back path (block 'X'). */
  const exit = (pcCode: () => void, len: number): void => {
    f.get(P_HB); pcCode(); f.mem(Op.f64_store, PC_OFF);
    if (region) f.get(n).i32(len).op(Op.i32_add); else f.i32(len);
    f.set(cnt).br('X');
  };
  const pcConst = (off: number) => (): void => { f.get(P_PG).f64(off).op(Op.f64_add); };
  const startIdx = new Map<number, number>();
  blocks.forEach((b, k) => startIdx.set(b.start, k));
  /** Continue at page offset target after a block of len instructions. */
  const go = (target: number, len: number): void => {
    const k = region ? startIdx.get(target) : undefined;
    if (k === undefined) { exit(pcConst(target), len); return; }
    f.get(n).i32(len).op(Op.i32_add).tee(n).get(P_LIM).op(Op.i32_ge_s);
    f.open(Op.if, 'lim');
    exit(pcConst(target), 0);
    f.end();
    f.i32(k).set(bi).br('L');
  };

  const ctx: SemCtx = {
    f, rd: 0, rs1: 0, rs2: 0, imm: 0, sh: 0, tA, tB, tC, tD, t32a, t32b,
    get(r: number): void { if (r === 0) f.i64(0); else f.get(R[r]); },
    set(): void { if (ctx.rd === 0) f.op(Op.drop); else f.set(R[ctx.rd]); },
  };

  /** Effective address into A; leave the TLB hit condition (i32) on the stack. */
  const probe = (base: number, size: number): void => {
    ctx.get(ctx.rs1); f.i64(ctx.imm).op(Op.i64_add).tee(A);
    f.i64(12).op(Op.i64_shr_s).tee(VP).op(Op.i32_wrap_i64).i32(2047).op(Op.i32_and).get(base).op(Op.i32_add)
      .i32(3).op(Op.i32_shl).get(P_HB).op(Op.i32_add).tee(TI).mem(Op.f64_load, TLBV_OFF);
    f.get(VP).op(Op.f64_convert_i64_s, Op.f64_eq);
    if (size > 1) f.get(A).op(Op.i32_wrap_i64).i32(4095).op(Op.i32_and).i32(4096 - size).op(Op.i32_le_u, Op.i32_and);
  };
  const hostAddr = (): void => {
    f.get(TI).mem(Op.f64_load, TLBO_OFF).op(Op.i32_trunc_f64_u).get(A).op(Op.i32_wrap_i64).i32(4095).op(Op.i32_and, Op.i32_add);
  };
  const slowArgs = (size: number, off: number, bstart: number): void => {
    f.get(A).op(Op.f64_convert_i64_s).i32(size);
    pcConst(off)();
    if (region) f.get(n); else f.i32(0);
    f.i32(bstart);
  };

  const insnCode = (x: BlockInsn, bstart: number): void => {
    const d = x.def!;
    const i = x.insn;
    ctx.rd = fRd(i); ctx.rs1 = fRs1(i); ctx.rs2 = fRs2(i);
    ctx.imm = d.fmt === 'S' ? immS(i) : d.fmt === 'B' ? immB(i) : d.fmt === 'U' ? immU(i) : d.fmt === 'J' ? immJ(i) : immI(i);
    ctx.sh = d.fmt === 'SHW' ? shamt5(i) : shamt6(i);
    const name = d.name;
    if (name === 'jal') { f.get(pgi).i64(x.off + x.len).op(Op.i64_add); ctx.set(); return; } // link only (followed)
    if (name === 'auipc') { f.get(pgi).i64(x.off + ctx.imm).op(Op.i64_add); ctx.set(); return; }
    const ld = LOAD_OPS[name];
    if (ld !== undefined) {
      const [size, opc] = ld;
      probe(P_LB, size);
      f.open(Op.if, 'ld', I64);
      hostAddr(); f.mem(opc, RAM_OFF);
      f.else();
      slowArgs(size, x.off, bstart); f.i32(LOAD_SLOT).callIndirect(1); f.brIf('trap');
      f.get(P_HB).mem(Op.i64_load, SCR_OFF);
      if (name === 'lb') f.op(Op.i64_extend8_s);
      else if (name === 'lh') f.op(Op.i64_extend16_s);
      else if (name === 'lw') f.op(Op.i64_extend32_s);
      else if (name === 'lbu') f.i64(0xff).op(Op.i64_and);
      else if (name === 'lhu') f.i64(0xffff).op(Op.i64_and);
      else if (name === 'lwu') f.i64(0xffffffff).op(Op.i64_and);
      f.end();
      ctx.set();
      return;
    }
    const st = STORE_OPS[name];
    if (st !== undefined) {
      const [size, opc] = st;
      probe(P_SB, size);
      f.open(Op.if, 'st', VOID);
      hostAddr(); ctx.get(ctx.rs2); f.mem(opc, RAM_OFF);
      f.else();
      f.get(P_HB); ctx.get(ctx.rs2); f.mem(Op.i64_store, SCR_OFF);
      slowArgs(size, x.off, bstart); f.i32(STORE_SLOT).callIndirect(1); f.brIf('trap');
      f.end();
      return;
    }
    const sem = WASM_SEM[name];
    if (sem === undefined) throw new Error(`wasm tier: no semantics for ${name}`);
    sem(ctx);
  };

  const blockCode = (b: DecodedBlock): void => {
    const insns = b.insns;
    const len = insns.length;
    const last = insns[len - 1];
    const d = last.def!;
    const endOff = last.off + last.len;
    // A followed JAL can end a region's block (split at another block's start): it jumps.
    const term = d.cond !== undefined || d.name === 'jal' || d.name === 'jalr';
    for (let k = 0; k < (term ? len - 1 : len); k++) insnCode(insns[k], b.start);
    if (!term) { go(endOff, len); return; }
    const i = last.insn;
    ctx.rd = fRd(i); ctx.rs1 = fRs1(i); ctx.rs2 = fRs2(i);
    if (d.cond !== undefined) {
      ctx.get(ctx.rs1); ctx.get(ctx.rs2); f.op(BRANCH_OPS[d.name]);
      f.open(Op.if, 'br');
      go(last.off + immB(i), len);
      f.end();
      go(endOff, len);
    } else if (d.name === 'jal') {
      f.get(pgi).i64(endOff).op(Op.i64_add); ctx.set();
      go(last.off + immJ(i), len);
    } else {
      ctx.get(ctx.rs1); f.i64(immI(i)).op(Op.i64_add).i64(-2).op(Op.i64_and).set(tA);
      f.get(pgi).i64(endOff).op(Op.i64_add); ctx.set();
      // In a region, a target that is one of its blocks (a return, a call through a
      // pointer) continues there: same virtual page, so the same physical page.
      if (region) {
        f.get(tA).get(pgi).op(Op.i64_sub).tee(tB).i64(4096).op(Op.i64_lt_u);
        f.open(Op.if, 'jin');
        f.get(tB).op(Op.i32_wrap_i64).set(t32a);
        for (const t of startIdx.keys()) {
          f.get(t32a).i32(t).op(Op.i32_eq);
          f.open(Op.if, 'jt');
          go(t, len);
          f.end();
        }
        f.end();
      }
      exit(() => { f.get(tA).op(Op.f64_convert_i64_s); }, len);
    }
  };

  // Prologue: page base, registers.
  f.get(P_PG).op(Op.i64_trunc_f64_s).set(pgi);
  for (const r of used) {
    f.get(P_HB).mem(Op.i32_load, XL_OFF + 4 * r).op(Op.i64_extend_i32_u);
    f.get(P_HB).mem(Op.i32_load, XH_OFF + 4 * r).op(Op.i64_extend_i32_s).i64(32).op(Op.i64_shl, Op.i64_or);
    f.set(R[r]);
  }
  f.open(Op.block, 'trap');
  f.open(Op.block, 'X');
  if (!region) {
    blockCode(blocks[0]);
  } else {
    f.open(Op.loop, 'L');
    for (let k = blocks.length - 1; k >= 0; k--) f.open(Op.block, `b${k}`);
    f.get(bi).brTable(blocks.map((_b, k) => `b${k}`), 'b0');
    for (let k = 0; k < blocks.length; k++) {
      f.end();
      blockCode(blocks[k]);
    }
    f.end();
  }
  f.op(Op.unreachable);
  f.end();
  // Normal exit: write back, return the count.
  spill();
  f.get(cnt).op(Op.return);
  f.end();
  // A slow path raised: write back, return -1 (the wrapper throws h.signal).
  spill();
  f.i32(-1);
  // The slow paths are reached through a small table of their own (LOAD_SLOT,
  // STORE_SLOT), not imported: V8 compiles a wrapper per imported function in every
  // module (about 0.1 ms, more than compiling a typical region). Not the dispatch
  // table: every instance importing a table gets a copy of its entries to keep current.
  return buildModule(1, [], [{ name: 'run', type: RUN_TYPE, body: f }], { table: SLOW_SLOTS, types: [RUN_TYPE, SLOW_TYPE] });
}

type CallFn = (slot: number, pg: number, lim: number, hb: number, lb: number, sb: number) => number;
type ChainFn = (slot: number, pg: number, lim: number, hb: number, lb: number, sb: number, ep: number, base: number) => number;

const RUN_TYPE = { params: [F64, I32, I32, I32, I32], results: [I32] };
/** The slow paths' type, and their slots in the table compiled modules import. */
const SLOW_TYPE = { params: [F64, I32, F64, I32, I32], results: [I32] };
const LOAD_SLOT = 0, STORE_SLOT = 1, SLOW_SLOTS = 2;
/** That table: wasm functions of the first dispatch module forwarding to loadSlow and
 *  storeSlow (which act on `cur`, so one table serves every machine). */
let slowTable: WebAssembly.Table | null = null;
/** Functions per dispatch table. A full table is replaced by a new one (closures keep
 *  theirs); slots are numbered globally (base + index) so a chain never follows a slot
 *  of another table. */
const TABLE_SIZE = 4096;

/**
 * The functions JavaScript calls, in one module per table:
 * - `call(slot, ...)` runs the compiled function in table slot `slot` (call_indirect).
 *   Calling thousands of exported functions a few times each would go through V8's
 *   generic JS-to-wasm wrapper; one hot export gets a specialized wrapper, and calls
 *   between wasm functions are cheap.
 * - `chain(slot, ..., ep, base)` runs it, then keeps going while the next pc has an
 *   entry of the current code epoch in the hart's virtual-pc cache that names a wasm
 *   function of this table (the same entries the run loop follows: never a breakpoint's
 *   block), the instruction limit is not reached and no slow path raised the stop flag.
 *   It returns the instructions retired, or -1 when a slow path raised a trap (CUR_OFF
 *   then names the function, CHN_OFF the instructions retired before it).
 */
interface Dispatch { table: WebAssembly.Table; call: CallFn; chain: ChainFn; next: number; base: number }
const dispatchers = new WeakMap<WasmState, Dispatch>();
let dispatchModule: WebAssembly.Module | null = null;
let tables = 0;

function emitChain(): FuncBody {
  const f = new FuncBody(8);
  const P_SLOT = 0, P_PGC = 1, P_LIMC = 2, P_HBC = 3, P_LBC = 4, P_SBC = 5, P_EP = 6, P_BASE = 7;
  const total = f.local(I32), r = f.local(I32), pc = f.local(F64), vi = f.local(I32), a = f.local(I32);
  f.open(Op.block, 'out');
  f.open(Op.loop, 'L');
  f.get(P_HBC).get(P_SLOT).get(P_BASE).op(Op.i32_add).mem(Op.i32_store, CUR_OFF);
  f.get(P_PGC).get(P_LIMC).get(total).op(Op.i32_sub).get(P_HBC).get(P_LBC).get(P_SBC).get(P_SLOT).callIndirect(0).tee(r);
  f.i32(0).op(Op.i32_lt_s);
  f.open(Op.if, 'trap');
  f.get(P_HBC).get(total).mem(Op.i32_store, CHN_OFF);
  f.i32(-1).op(Op.return);
  f.end();
  f.get(total).get(r).op(Op.i32_add).tee(total).get(P_LIMC).op(Op.i32_ge_s).brIf('out');
  f.get(P_HBC).mem(Op.i32_load, STOP_OFF).brIf('out');
  // The virtual-pc cache entry of the next pc (engine.ts findBlock's index).
  f.get(P_HBC).mem(Op.f64_load, PC_OFF).set(pc);
  f.get(pc).op(Op.i64_trunc_f64_s, Op.i32_wrap_i64).i32(1).op(Op.i32_shr_u).i32(VC_ENTRIES - 1).op(Op.i32_and).set(vi);
  f.get(vi).i32(3).op(Op.i32_shl).get(P_HBC).op(Op.i32_add).tee(a).mem(Op.f64_load, VCT_OFF).get(pc).op(Op.f64_ne).brIf('out');
  f.get(a).mem(Op.f64_load, VCE_OFF).get(P_EP).op(Op.f64_ne).brIf('out');
  f.get(vi).i32(2).op(Op.i32_shl).get(P_HBC).op(Op.i32_add).mem(Op.i32_load, VCS_OFF).get(P_BASE).op(Op.i32_sub)
    .tee(P_SLOT).i32(TABLE_SIZE).op(Op.i32_ge_u).brIf('out');
  f.get(pc).get(pc).op(Op.i64_trunc_f64_s).i64(4095).op(Op.i64_and, Op.f64_convert_i64_s, Op.f64_sub).set(P_PGC);
  f.br('L');
  f.end();
  f.end();
  f.get(total);
  return f;
}

function newDispatch(w: WasmState): Dispatch {
  if (dispatchModule === null) {
    const f = new FuncBody(6);
    f.get(1).get(2).get(3).get(4).get(5).get(0).callIndirect(0);
    // Wasm functions forwarding to the JS slow paths, for the table's first slots.
    const fwd = (imp: number): FuncBody => new FuncBody(5).get(0).get(1).get(2).get(3).get(4).call(imp);
    dispatchModule = new WebAssembly.Module(buildModule(1, [
      { name: 'loadSlow', type: SLOW_TYPE }, { name: 'storeSlow', type: SLOW_TYPE },
    ], [
      { name: 'call', type: { params: [I32, F64, I32, I32, I32, I32], results: [I32] }, body: f },
      { name: 'chain', type: { params: [I32, F64, I32, I32, I32, I32, F64, I32], results: [I32] }, body: emitChain() },
      { name: 'ls', type: SLOW_TYPE, body: fwd(0) },
      { name: 'ss', type: SLOW_TYPE, body: fwd(1) },
    ], { table: TABLE_SIZE, types: [RUN_TYPE] }));
  }
  const table = new WebAssembly.Table({ element: 'anyfunc', initial: TABLE_SIZE });
  const inst = new WebAssembly.Instance(dispatchModule, { env: { mem: w.memory, tbl: table, loadSlow, storeSlow } });
  if (slowTable === null) {
    slowTable = new WebAssembly.Table({ element: 'anyfunc', initial: SLOW_SLOTS });
    slowTable.set(LOAD_SLOT, inst.exports.ls);
    slowTable.set(STORE_SLOT, inst.exports.ss);
  }
  return { table, call: inst.exports.call as CallFn, chain: inst.exports.chain as ChainFn, next: 0, base: TABLE_SIZE * tables++ };
}

/** The dispatcher whose table takes the next compiled function. */
function dispatchFor(w: WasmState): Dispatch {
  let d = dispatchers.get(w);
  if (d === undefined || d.next === TABLE_SIZE) { d = newDispatch(w); dispatchers.set(w, d); }
  return d;
}

/** Compiled code: `fn` runs it once (the block contract), `chain` runs it and the wasm
 *  functions that follow it (see the dispatch module); `slot` is its global slot. */
export interface WasmFn { fn: BlockFn; chain: BlockFn; slot: number }

/**
 * The wasm function for blocks (a tier-1 block, or a region when `region`), or null
 * when an instruction has no wasm semantics or the bus has no wasm memory.
 */
export function compileWasm(bus: Bus, blocks: DecodedBlock[], region: boolean): WasmFn | null {
  const w = bus.wasm;
  if (w === null) return null;
  for (const b of blocks) {
    for (const x of b.insns) if (!wasmCanCompile(x)) { wasmStats.rejected++; return null; }
    const last = b.insns[b.insns.length - 1];
    if (last.def !== undefined && (last.def.flags & InsnFlag.EndsBlock) !== 0 && last.def.cond === undefined
      && last.def.name !== 'jal' && last.def.name !== 'jalr') { wasmStats.rejected++; return null; }
  }
  const key = keyOf(blocks, region);
  let inst = instances.get(w);
  if (inst === undefined) { inst = new Map(); instances.set(w, inst); }
  const hit = inst.get(key);
  if (hit !== undefined) return hit;
  const t0 = performance.now();
  let mod = modules.get(key);
  if (mod === undefined) {
    if (modules.size >= MAX_MODULES) modules.clear();
    const bytes = emitModule(blocks, region);
    wasmStats.emitMs += performance.now() - t0;
    wasmStats.moduleBytes += bytes.length;
    mod = new WebAssembly.Module(bytes);
    modules.set(key, mod);
    wasmStats.modules++;
  }
  const d = dispatchFor(w);
  const instance = new WebAssembly.Instance(mod, { env: { mem: w.memory, tbl: slowTable! } });
  wasmStats.instances++;
  wasmStats.compileMs += performance.now() - t0;
  const slot = d.next++;
  d.table.set(slot, instance.exports.run);
  const call = d.call, chainFn = d.chain, base = d.base;
  const fn: BlockFn = (hh: unknown): number => {
    const h = hh as Hart;
    cur = h;
    const pc = h.pc;
    const r = call(slot, pc - (pc & 4095), h.loopLimit, h.wasmBase, h.loadBase, h.storeBase);
    if (r < 0) throw h.signal;
    h.pc = h.pcSlot[0];
    return r;
  };
  const chain: BlockFn = (hh: unknown): number => {
    const h = hh as Hart;
    cur = h;
    const pc = h.pc;
    h.wctl[0] = 0;
    curEp = fetchEpoch(h);
    const r = chainFn(slot, pc - (pc & 4095), h.loopLimit, h.wasmBase, h.loadBase, h.storeBase, curEp, base);
    if (r < 0) { h.chainSlot = h.wctl[1]; h.chainDone = h.wctl[2]; throw h.signal; }
    h.pc = h.pcSlot[0];
    return r;
  };
  const wf: WasmFn = { fn, chain, slot: base + slot };
  if (inst.size >= MAX_MODULES) inst.clear();
  inst.set(key, wf);
  return wf;
}
