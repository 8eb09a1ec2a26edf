/**
 * WebAssembly semantics constructors for the instructions the wasm tier compiles. The
 * instruction descriptions in emulator/isa/*.ts use them to set each definition's `wasm`
 * field beside its JavaScript `exec` template (same operand fields); semantics.ts
 * collects them for the code generator. Pure TypeScript: only the emitter is imported,
 * so the isa tables can import this module without a cycle.
 *
 * Each semantics emits code that leaves nothing on the stack: it reads source registers
 * as i64 locals (x0 folds to a constant) and writes rd (x0 writes are dropped).
 * Registers are native i64 here, so RV64 arithmetic is one wasm instruction where the JS
 * tiers need (lo, hi) word pairs.
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

/** rs1 op rs2, rs1 op imm, rs1 op shamt (all i64). */
export const rr = (op: number): WasmSem => (c) => { c.get(c.rs1); c.get(c.rs2); c.f.op(op); c.set(); };
export const ri = (op: number): WasmSem => (c) => { c.get(c.rs1); c.f.i64(c.imm); c.f.op(op); c.set(); };
export const rsh = (op: number): WasmSem => (c) => { c.get(c.rs1); c.f.i64(c.sh); c.f.op(op); c.set(); };
/** 32-bit operation on the low words, result sign-extended. */
export const w32 = (op: number): WasmSem => (c) => {
  c.get(c.rs1); c.f.op(Op.i32_wrap_i64); c.get(c.rs2); c.f.op(Op.i32_wrap_i64, op, Op.i64_extend_i32_s); c.set();
};
export const w32sh = (op: number): WasmSem => (c) => {
  c.get(c.rs1); c.f.op(Op.i32_wrap_i64); c.f.i32(c.sh); c.f.op(op, Op.i64_extend_i32_s); c.set();
};
/** Compare to 0/1. */
export const cmp = (op: number): WasmSem => (c) => { c.get(c.rs1); c.get(c.rs2); c.f.op(op, Op.i64_extend_i32_u); c.set(); };
export const cmpi = (op: number): WasmSem => (c) => { c.get(c.rs1); c.f.i64(c.imm); c.f.op(op, Op.i64_extend_i32_u); c.set(); };
export const unary = (...ops: number[]): WasmSem => (c) => { c.get(c.rs1); c.f.op(...ops); c.set(); };
/** (rs1 shifted left by n, optionally zero-extended from 32 bits) + rs2 (Zba). */
export const shadd = (n: number, uw: boolean): WasmSem => (c) => {
  c.get(c.rs1);
  if (uw) c.f.i64(0xffffffff).op(Op.i64_and);
  if (n > 0) c.f.i64(n).op(Op.i64_shl);
  c.get(c.rs2); c.f.op(Op.i64_add); c.set();
};
/** min/max: select(a, b, a <op> b). */
export const pick = (op: number): WasmSem => (c) => {
  c.get(c.rs1); c.get(c.rs2); c.get(c.rs1); c.get(c.rs2); c.f.op(op, Op.select); c.set();
};

/**
 * Signed/unsigned 64-bit division and remainder with RISC-V results for x/0 and
 * MIN/-1: b == 0 gives `zero` (quotient -1, remainder a); signed b == -1 gives -a
 * (quotient, wrapping) or 0 (remainder).
 */
export const div = (op: number, signed: boolean, rem: boolean, word: boolean): WasmSem => (c) => {
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
export const mulh = (sa: boolean, sb: boolean): WasmSem => (c) => {
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
export const bit = (op: number, imm: boolean): WasmSem => (c) => {
  c.get(c.rs1); c.f.i64(1);
  if (imm) c.f.i64(c.sh); else c.get(c.rs2);
  c.f.op(Op.i64_shl);
  if (op === Op.i64_and) c.f.i64(-1).op(Op.i64_xor);
  c.f.op(op); c.set();
};
export const bext = (imm: boolean): WasmSem => (c) => {
  c.get(c.rs1);
  if (imm) c.f.i64(c.sh); else c.get(c.rs2);
  c.f.op(Op.i64_shr_u).i64(1).op(Op.i64_and); c.set();
};

/** rev8 (Zbb): byte reversal by swapping bytes, then halfwords, then words. */
export const rev8: WasmSem = (c) => {
  const f = c.f, t = c.tA;
  const M8 = 0x00ff00ff00ff00ffn, M16 = 0x0000ffff0000ffffn;
  c.get(c.rs1); f.set(t);
  f.get(t).i64(8).op(Op.i64_shr_u).i64big(M8).op(Op.i64_and).get(t).i64big(M8).op(Op.i64_and).i64(8).op(Op.i64_shl, Op.i64_or).set(t);
  f.get(t).i64(16).op(Op.i64_shr_u).i64big(M16).op(Op.i64_and).get(t).i64big(M16).op(Op.i64_and).i64(16).op(Op.i64_shl, Op.i64_or);
  f.i64(32).op(Op.i64_rotl);
  c.set();
};

/** Zicond: rd = (rs2 ==/!= 0) ? 0 : rs1. */
export const czero = (eqz: boolean): WasmSem => (c) => {
  c.f.i64(0); c.get(c.rs1); c.get(c.rs2); c.f.op(Op.i64_eqz);
  if (!eqz) c.f.op(Op.i32_eqz);
  c.f.op(Op.select); c.set();
};

/** lui: the sign-extended U immediate. */
export const lui: WasmSem = (c) => { c.f.i64(c.imm); c.set(); };
/** addiw: low 32 bits of rs1 + imm, sign-extended. */
export const addiw: WasmSem = (c) => { c.get(c.rs1); c.f.i64(c.imm).op(Op.i64_add, Op.i64_extend32_s); c.set(); };
/** fence: a no-op on one coherent memory. */
export const nop: WasmSem = () => { /* no effect */ };
/** rs1 op ~rs2 (Zbb andn/orn). */
export const notRs2 = (op: number): WasmSem => (c) => { c.get(c.rs1); c.get(c.rs2); c.f.i64(-1).op(Op.i64_xor, op); c.set(); };
/** ~(rs1 ^ rs2) (Zbb xnor). */
export const xnor: WasmSem = (c) => { c.get(c.rs1); c.get(c.rs2); c.f.op(Op.i64_xor).i64(-1).op(Op.i64_xor); c.set(); };
/** rs1 & mask (Zbb zext.h). */
export const andMask = (mask: number): WasmSem => (c) => { c.get(c.rs1); c.f.i64(mask).op(Op.i64_and); c.set(); };
/** slli.uw (Zba): zext32(rs1) << shamt. */
export const slliUw: WasmSem = (c) => { c.get(c.rs1); c.f.i64(0xffffffff).op(Op.i64_and).i64(c.sh).op(Op.i64_shl); c.set(); };

/**
 * orc.b (Zbb, bit manipulation spec 1.0.0): each byte of rs1 becomes 0xff if it is
 * non-zero, else 0x00. Per byte, (b & 0x7f) + 0x7f sets bit 7 iff b's low seven bits are
 * not all zero (at most 0xfe: no carry into the next byte); OR-ing b adds its own bit 7.
 * The bit-7 flags shifted down to bit 0, times 0xff, fill each flagged byte.
 */
export const orcB: WasmSem = (c) => {
  const f = c.f, t = c.tA;
  const L7 = 0x7f7f7f7f7f7f7f7fn, H = 0x8080808080808080n;
  c.get(c.rs1); f.set(t);
  f.get(t).i64big(L7).op(Op.i64_and).i64big(L7).op(Op.i64_add).get(t).op(Op.i64_or);
  f.i64big(H).op(Op.i64_and).i64(7).op(Op.i64_shr_u).i64(0xff).op(Op.i64_mul);
  c.set();
};
