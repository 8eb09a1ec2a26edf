/**
 * WebAssembly semantics of the instructions the wasm tier compiles, beside their
 * JavaScript templates in emulator/isa/*.ts (same names, same operand fields). Each
 * entry emits code that leaves nothing on the stack: it reads source registers as i64
 * locals (x0 folds to a constant) and writes rd (x0 writes are dropped). Registers are
 * native i64 here, so RV64 arithmetic is one wasm instruction where the JS tiers need
 * (lo, hi) word pairs.
 *
 * Loads, stores, branches and jumps are emitted by the code generator (codegen.ts)
 * because they touch the software TLB or the control flow; they are listed in
 * CONTROL_AND_MEMORY. Every other instruction is in FALLBACK with the reason: a block
 * holding one stays in the JavaScript tiers (docs/architecture.md "Tiers").
 *
 * Division semantics follow the unprivileged spec 20191213, 7.2 table 7.1 (division by
 * zero and signed overflow give defined results, never a trap): wasm's div/rem trap in
 * those cases, so they are tested first.
 */
import { FuncBody, Op, I32, I64 } from './emitter';

/** Operands and helpers for one instruction. */
export interface SemCtx {
  f: FuncBody;
  rd: number;
  rs1: number;
  rs2: number;
  /** Sign-extended immediate (I/S/B/U/J formats). */
  imm: number;
  /** Shift amount (6-bit for SH, 5-bit for SHW). */
  sh: number;
  /** Push register r (i64). */
  get(r: number): void;
  /** Pop an i64 into rd (dropped for x0). */
  set(): void;
  /** Scratch locals. */
  tA: number;
  tB: number;
  tC: number;
  tD: number;
  t32a: number;
  t32b: number;
}

export type WasmSem = (c: SemCtx) => void;

const rr = (op: number): WasmSem => (c) => { c.get(c.rs1); c.get(c.rs2); c.f.op(op); c.set(); };
const ri = (op: number): WasmSem => (c) => { c.get(c.rs1); c.f.i64(c.imm); c.f.op(op); c.set(); };
const rsh = (op: number): WasmSem => (c) => { c.get(c.rs1); c.f.i64(c.sh); c.f.op(op); c.set(); };
/** 32-bit operation on the low words, result sign-extended. */
const w32 = (op: number): WasmSem => (c) => {
  c.get(c.rs1); c.f.op(Op.i32_wrap_i64); c.get(c.rs2); c.f.op(Op.i32_wrap_i64, op, Op.i64_extend_i32_s); c.set();
};
const w32sh = (op: number): WasmSem => (c) => {
  c.get(c.rs1); c.f.op(Op.i32_wrap_i64); c.f.i32(c.sh); c.f.op(op, Op.i64_extend_i32_s); c.set();
};
/** Compare to 0/1. */
const cmp = (op: number): WasmSem => (c) => { c.get(c.rs1); c.get(c.rs2); c.f.op(op, Op.i64_extend_i32_u); c.set(); };
const cmpi = (op: number): WasmSem => (c) => { c.get(c.rs1); c.f.i64(c.imm); c.f.op(op, Op.i64_extend_i32_u); c.set(); };
const unary = (...ops: number[]): WasmSem => (c) => { c.get(c.rs1); c.f.op(...ops); c.set(); };
/** (rs1 shifted left by n, optionally zero-extended from 32 bits) + rs2 (Zba). */
const shadd = (n: number, uw: boolean): WasmSem => (c) => {
  c.get(c.rs1);
  if (uw) c.f.i64(0xffffffff).op(Op.i64_and);
  if (n > 0) c.f.i64(n).op(Op.i64_shl);
  c.get(c.rs2); c.f.op(Op.i64_add); c.set();
};
/** min/max: select(a, b, a <op> b). */
const pick = (op: number): WasmSem => (c) => {
  c.get(c.rs1); c.get(c.rs2); c.get(c.rs1); c.get(c.rs2); c.f.op(op, Op.select); c.set();
};

/**
 * Signed/unsigned 64-bit division and remainder with RISC-V results for x/0 and
 * MIN/-1: b == 0 gives `zero` (quotient -1, remainder a); signed b == -1 gives -a
 * (quotient, wrapping) or 0 (remainder).
 */
const div = (op: number, signed: boolean, rem: boolean, word: boolean): WasmSem => (c) => {
  const f = c.f;
  const T = word ? I32 : I64;
  const a = word ? c.t32a : c.tA, b = word ? c.t32b : c.tB;
  const cst = (v: number): void => { if (word) f.i32(v); else f.i64(v); };
  c.get(c.rs1); if (word) f.op(Op.i32_wrap_i64); f.set(a);
  c.get(c.rs2); if (word) f.op(Op.i32_wrap_i64); f.set(b);
  f.get(b); f.op(word ? Op.i32_eqz : Op.i64_eqz);
  f.open(Op.if, 'div0', T);
  if (rem) f.get(a); else cst(-1);
  f.else();
  if (signed) {
    f.get(b); cst(-1); f.op(word ? Op.i32_eq : Op.i64_eq);
    f.open(Op.if, 'divm1', T);
    if (rem) cst(0); else { cst(0); f.get(a); f.op(word ? Op.i32_sub : Op.i64_sub); }
    f.else();
    f.get(a); f.get(b); f.op(op);
    f.end();
  } else {
    f.get(a); f.get(b); f.op(op);
  }
  f.end();
  if (word) f.op(Op.i64_extend_i32_s);
  c.set();
};

/**
 * High 64 bits of the 128-bit product (M extension mulh/mulhu/mulhsu) from 32-bit
 * halves: hi(a*b) unsigned, then the signed corrections hi -= (a<0 ? b : 0) and
 * hi -= (b<0 ? a : 0) (two's complement identity).
 */
const mulh = (sa: boolean, sb: boolean): WasmSem => (c) => {
  const f = c.f;
  const A = c.tA, B = c.tB, T = c.tC, M = c.tD;
  const lo = (x: number): void => { f.get(x).i64(0xffffffff).op(Op.i64_and); };
  const hi = (x: number): void => { f.get(x).i64(32).op(Op.i64_shr_u); };
  c.get(c.rs1); f.set(A); c.get(c.rs2); f.set(B);
  // mid = (lo(a)*lo(b) >> 32) + lo(lo(a)*hi(b)) + lo(hi(a)*lo(b))
  lo(A); lo(B); f.op(Op.i64_mul).i64(32).op(Op.i64_shr_u);
  lo(A); hi(B); f.op(Op.i64_mul).tee(T).i64(0xffffffff).op(Op.i64_and, Op.i64_add);
  hi(A); lo(B); f.op(Op.i64_mul).tee(M).i64(0xffffffff).op(Op.i64_and, Op.i64_add);
  // hi = hi(a)*hi(b) + (T >> 32) + (M >> 32) + (mid >> 32)
  f.i64(32).op(Op.i64_shr_u);
  hi(A); hi(B); f.op(Op.i64_mul, Op.i64_add);
  f.get(T).i64(32).op(Op.i64_shr_u, Op.i64_add);
  f.get(M).i64(32).op(Op.i64_shr_u, Op.i64_add);
  if (sa) { f.get(B).i64(0).get(A).i64(0).op(Op.i64_lt_s, Op.select, Op.i64_sub); }
  if (sb) { f.get(A).i64(0).get(B).i64(0).op(Op.i64_lt_s, Op.select, Op.i64_sub); }
  c.set();
};

/** Zbs (bit manipulation spec 1.0.0, 2.4): op(rs1, 1 << index), index = rs2 or shamt
 *  (wasm shifts take the count modulo 64, as the spec's rs2 & 63). */
const bit = (op: number, imm: boolean): WasmSem => (c) => {
  c.get(c.rs1); c.f.i64(1);
  if (imm) c.f.i64(c.sh); else c.get(c.rs2);
  c.f.op(Op.i64_shl);
  if (op === Op.i64_and) c.f.i64(-1).op(Op.i64_xor);
  c.f.op(op); c.set();
};
const bext = (imm: boolean): WasmSem => (c) => {
  c.get(c.rs1);
  if (imm) c.f.i64(c.sh); else c.get(c.rs2);
  c.f.op(Op.i64_shr_u).i64(1).op(Op.i64_and); c.set();
};

/** rev8 (Zbb): byte reversal by swapping bytes, then halfwords, then words. */
const rev8: WasmSem = (c) => {
  const f = c.f, t = c.tA;
  const M8 = 0x00ff00ff00ff00ffn, M16 = 0x0000ffff0000ffffn;
  c.get(c.rs1); f.set(t);
  f.get(t).i64(8).op(Op.i64_shr_u).i64big(M8).op(Op.i64_and).get(t).i64big(M8).op(Op.i64_and).i64(8).op(Op.i64_shl, Op.i64_or).set(t);
  f.get(t).i64(16).op(Op.i64_shr_u).i64big(M16).op(Op.i64_and).get(t).i64big(M16).op(Op.i64_and).i64(16).op(Op.i64_shl, Op.i64_or);
  f.i64(32).op(Op.i64_rotl);
  c.set();
};

/** Zicond: rd = (rs2 ==/!= 0) ? 0 : rs1. */
const czero = (eqz: boolean): WasmSem => (c) => {
  c.f.i64(0); c.get(c.rs1); c.get(c.rs2); c.f.op(Op.i64_eqz);
  if (!eqz) c.f.op(Op.i32_eqz);
  c.f.op(Op.select); c.set();
};

export const WASM_SEM: Record<string, WasmSem> = {
  lui: (c) => { c.f.i64(c.imm); c.set(); },
  addi: ri(Op.i64_add), xori: ri(Op.i64_xor), ori: ri(Op.i64_or), andi: ri(Op.i64_and),
  slti: cmpi(Op.i64_lt_s), sltiu: cmpi(Op.i64_lt_u),
  slli: rsh(Op.i64_shl), srli: rsh(Op.i64_shr_u), srai: rsh(Op.i64_shr_s),
  add: rr(Op.i64_add), sub: rr(Op.i64_sub), sll: rr(Op.i64_shl), srl: rr(Op.i64_shr_u), sra: rr(Op.i64_shr_s),
  slt: cmp(Op.i64_lt_s), sltu: cmp(Op.i64_lt_u),
  xor: rr(Op.i64_xor), or: rr(Op.i64_or), and: rr(Op.i64_and),
  addiw: (c) => { c.get(c.rs1); c.f.i64(c.imm).op(Op.i64_add, Op.i64_extend32_s); c.set(); },
  slliw: w32sh(Op.i32_shl), srliw: w32sh(Op.i32_shr_u), sraiw: w32sh(Op.i32_shr_s),
  addw: w32(Op.i32_add), subw: w32(Op.i32_sub), sllw: w32(Op.i32_shl), srlw: w32(Op.i32_shr_u), sraw: w32(Op.i32_shr_s),
  fence: () => { /* a no-op on one coherent memory */ },
  // M
  mul: rr(Op.i64_mul), mulw: w32(Op.i32_mul),
  mulh: mulh(true, true), mulhu: mulh(false, false), mulhsu: mulh(true, false),
  div: div(Op.i64_div_s, true, false, false), divu: div(Op.i64_div_u, false, false, false),
  rem: div(Op.i64_rem_s, true, true, false), remu: div(Op.i64_rem_u, false, true, false),
  divw: div(Op.i32_div_s, true, false, true), divuw: div(Op.i32_div_u, false, false, true),
  remw: div(Op.i32_rem_s, true, true, true), remuw: div(Op.i32_rem_u, false, true, true),
  // Zba
  'add.uw': shadd(0, true), sh1add: shadd(1, false), sh2add: shadd(2, false), sh3add: shadd(3, false),
  'sh1add.uw': shadd(1, true), 'sh2add.uw': shadd(2, true), 'sh3add.uw': shadd(3, true),
  'slli.uw': (c) => { c.get(c.rs1); c.f.i64(0xffffffff).op(Op.i64_and).i64(c.sh).op(Op.i64_shl); c.set(); },
  // Zbb
  andn: (c) => { c.get(c.rs1); c.get(c.rs2); c.f.i64(-1).op(Op.i64_xor, Op.i64_and); c.set(); },
  orn: (c) => { c.get(c.rs1); c.get(c.rs2); c.f.i64(-1).op(Op.i64_xor, Op.i64_or); c.set(); },
  xnor: (c) => { c.get(c.rs1); c.get(c.rs2); c.f.op(Op.i64_xor).i64(-1).op(Op.i64_xor); c.set(); },
  clz: unary(Op.i64_clz), ctz: unary(Op.i64_ctz), cpop: unary(Op.i64_popcnt),
  clzw: unary(Op.i32_wrap_i64, Op.i32_clz, Op.i64_extend_i32_u),
  ctzw: unary(Op.i32_wrap_i64, Op.i32_ctz, Op.i64_extend_i32_u),
  cpopw: unary(Op.i32_wrap_i64, Op.i32_popcnt, Op.i64_extend_i32_u),
  max: pick(Op.i64_gt_s), maxu: pick(Op.i64_gt_u), min: pick(Op.i64_lt_s), minu: pick(Op.i64_lt_u),
  'sext.b': unary(Op.i64_extend8_s), 'sext.h': unary(Op.i64_extend16_s),
  'zext.h': (c) => { c.get(c.rs1); c.f.i64(0xffff).op(Op.i64_and); c.set(); },
  rol: rr(Op.i64_rotl), ror: rr(Op.i64_rotr), rori: rsh(Op.i64_rotr),
  rolw: w32(Op.i32_rotl), rorw: w32(Op.i32_rotr), roriw: w32sh(Op.i32_rotr),
  rev8,
  // Zbs
  bclr: bit(Op.i64_and, false), bclri: bit(Op.i64_and, true), binv: bit(Op.i64_xor, false), binvi: bit(Op.i64_xor, true),
  bset: bit(Op.i64_or, false), bseti: bit(Op.i64_or, true), bext: bext(false), bexti: bext(true),
  // Zicond
  'czero.eqz': czero(true), 'czero.nez': czero(false),
};

/** Emitted by codegen.ts itself (TLB probe or control flow). */
export const CONTROL_AND_MEMORY = new Set([
  'auipc', 'jal', 'jalr', 'beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu',
  'lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu', 'sb', 'sh', 'sw', 'sd',
]);

/** Instructions the wasm tier leaves to the JavaScript tiers, by group, with the reason. */
export const FALLBACK: Record<string, string> = {
  F: 'FP: rounding modes and exact flags need the JS softfloat helpers (later step)',
  D: 'FP: as F',
  A: 'atomics: LR/SC reservations and AMOs go through the JS slow paths (later step)',
  Zicsr: 'CSR access: serializing, uses the hart accessors',
  Zifencei: 'fence.i: serializing (ends the block)',
  Priv: 'system instructions (ecall, xRET, wfi, sfence.vma): trap or change modes',
  H: 'hypervisor loads/stores and fences: translation as V=1, JS slow paths',
  Zicbom: 'cache-block operations: JS slow paths', Zicboz: 'cbo.zero: JS slow path', Zicbop: 'prefetch hints: rare',
  Zihintpause: 'pause: yields the scheduling round (Hart.pauseHint)',
  Zbc: 'carry-less multiply: rare, JS helper',
  Svinval: 'TLB invalidation: system instructions',
  marker: 'measurement markers (slli x0, x0, N with a probe): end the block through the device-exit path',
};

/** Zbb instructions not yet written (fall back): byte-wise operations. */
export const FALLBACK_NAMES: Record<string, string> = {
  'orc.b': 'byte-wise OR-combine: not yet written',
  ecall: 'traps (environment call)',
  ebreak: 'traps (breakpoint)',
};
