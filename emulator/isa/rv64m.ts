/**
 * RV64M instruction descriptions (unprivileged spec 20191213 ch. 7, "M" Standard
 * Extension for Integer Multiplication and Division, and the RV64M encodings of ch. 24
 * "RV32/64G Instruction Set Listings"). Semantics are `exec` templates for the block compiler (vocabulary in
 * docs/architecture.md); 64-bit work goes through emulator/isa/int64.ts, whose helpers
 * return the low word and leave the high word in `I64.hi`.
 *
 * Every template reads all of its operands before writing rd, so rd == rs1/rs2 is safe.
 * Division never traps (7.2, table 7.1): x/0 = -1 (all ones), x%0 = x, MIN/-1 = MIN,
 * MIN%-1 = 0.
 *
 * `wasm` is each instruction's WebAssembly semantics (emulator/wasm/alu.ts): native i64
 * multiplies, the high product from 32-bit halves, and divisions that test the x/0 and
 * MIN/-1 cases first because wasm's div/rem trap there.
 */
import { InsnDef, InsnFlag } from './types';
import { I64, mul, mulh, mulhsu, mulhu, div, divu, rem, remu } from './int64';
import { Op } from '../wasm/emitter';
import { div as wDiv, mulh as wMulh, rr, w32, type WasmSem } from '../wasm/alu';

/** Names bound by the block compiler for the templates below (one binding per key). */
export const rv64mLib = {
  I64,
  i64Mul: mul,
  i64Mulh: mulh,
  i64Mulhsu: mulhsu,
  i64Mulhu: mulhu,
  i64Div: div,
  i64Divu: divu,
  i64Rem: rem,
  i64Remu: remu,
};

const OP = 0x33;     // major opcode OP
const OP32 = 0x3b;   // major opcode OP-32
const MULDIV = 1;    // funct7 = 0000001
const MASK_R = 0xfe00707f; // funct7 | funct3 | opcode

function r(name: string, opcode: number, funct3: number, exec: string, wasm: WasmSem): InsnDef {
  return {
    name,
    ext: 'M',
    match: (MULDIV << 25) | (funct3 << 12) | opcode,
    mask: MASK_R,
    fmt: 'R',
    flags: InsnFlag.None,
    exec,
    wasm,
  };
}

/** Template for a 64-bit helper from rv64mLib: both operands passed as word pairs. */
function wide(helper: string): string {
  return `xl[$rd] = ${helper}(xl[$rs1], xh[$rs1], xl[$rs2], xh[$rs2]); xh[$rd] = I64.hi;`;
}

/** Template for a *W form: 32-bit result `expr` over locals a, b, sign-extended (7.1/7.2). */
function word(expr: string): string {
  return `{ const a = xl[$rs1], b = xl[$rs2]; const w = ${expr}; xl[$rd] = w; xh[$rd] = w >> 31; }`;
}

export const rv64m: InsnDef[] = [
  r('mul', OP, 0, wide('i64Mul'), rr(Op.i64_mul)),
  r('mulh', OP, 1, wide('i64Mulh'), wMulh(true, true)),
  r('mulhsu', OP, 2, wide('i64Mulhsu'), wMulh(true, false)),
  r('mulhu', OP, 3, wide('i64Mulhu'), wMulh(false, false)),
  r('div', OP, 4, wide('i64Div'), wDiv(Op.i64_div_s, true, false, false)),
  r('divu', OP, 5, wide('i64Divu'), wDiv(Op.i64_div_u, false, false, false)),
  r('rem', OP, 6, wide('i64Rem'), wDiv(Op.i64_rem_s, true, true, false)),
  r('remu', OP, 7, wide('i64Remu'), wDiv(Op.i64_rem_u, false, true, false)),
  // MULW: low 32 bits of the product, sign-extended (high words are ignored).
  r('mulw', OP32, 0, word('Math.imul(a, b)'), w32(Op.i32_mul)),
  // DIVW: a/b is exact-truncated by ToInt32; MIN/-1 = 2^31 wraps to MIN as required.
  r('divw', OP32, 4, word('b === 0 ? -1 : (a / b) | 0'), wDiv(Op.i32_div_s, true, false, true)),
  r('divuw', OP32, 5, word('b === 0 ? -1 : ((a >>> 0) / (b >>> 0)) | 0'), wDiv(Op.i32_div_u, false, false, true)),
  // REMW: JS % truncates like RISC-V; MIN % -1 = -0, which `| 0` turns into 0.
  r('remw', OP32, 6, word('b === 0 ? a : (a % b) | 0'), wDiv(Op.i32_rem_s, true, true, true)),
  r('remuw', OP32, 7, word('b === 0 ? a : ((a >>> 0) % (b >>> 0)) | 0'), wDiv(Op.i32_rem_u, false, true, true)),
];
