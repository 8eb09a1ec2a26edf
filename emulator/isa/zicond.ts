/**
 * Zicond (integer conditional operations, v1.0: unprivileged spec 20240411 ch. 12
 * "Zicond Extension for Integer Conditional Operations") and Zihintpause (PAUSE hint,
 * v2.0: ch. 10 "Zihintpause Extension for Pause Hint"), RV64.
 *
 * czero.eqz rd, rs1, rs2: rd = (rs2 == 0) ? 0 : rs1;  czero.nez: rd = (rs2 != 0) ? 0 : rs1
 * (12.1; the whole 64-bit rs2 is tested). Encodings: OP, funct7 0000111, funct3 101 / 111.
 *
 * PAUSE is the FENCE encoding with fm = 0, pred = W, succ = 0, rs1 = rd = x0
 * (0x0100000f). Its mask is the full word, so the decoder (which tries the most specific
 * mask first) prefers it over `fence` for exactly that word; every other FENCE encoding,
 * including other pred=W/succ=0 variants with non-zero rd/rs1, stays a fence. It has no
 * architectural effect; here it ends the hart's scheduling round early (Hart.pauseHint),
 * and is Serializing so that the block ends right after it and the run loop sees the
 * request. It never traps.
 *
 * `wasm`: the czero forms have WebAssembly semantics (a select, emulator/wasm/alu.ts);
 * pause stays in the JavaScript tiers.
 */
import { InsnFlag, type InsnDef } from './types';
import { czero as wCzero } from '../wasm/alu';

const OP = 0x33;
const MASK_R = 0xfe00707f;

/** rd = cond(rs2) ? 0 : rs1; `zero` tests rs2 == 0 when true, rs2 != 0 when false. */
const czero = (zero: boolean): string =>
  `{ const z = (xl[$rs2] | xh[$rs2]) ${zero ? '===' : '!=='} 0, l = z ? 0 : xl[$rs1], hh = z ? 0 : xh[$rs1];
     xl[$rd] = l; xh[$rd] = hh; }`;

export const zicond: InsnDef[] = [
  { name: 'czero.eqz', ext: 'Zicond', match: (0x07 << 25) | (5 << 12) | OP, mask: MASK_R, fmt: 'R', flags: InsnFlag.None, exec: czero(true), wasm: wCzero(true) },
  { name: 'czero.nez', ext: 'Zicond', match: (0x07 << 25) | (7 << 12) | OP, mask: MASK_R, fmt: 'R', flags: InsnFlag.None, exec: czero(false), wasm: wCzero(false) },
];

export const zihintpause: InsnDef[] = [
  { name: 'pause', ext: 'Zihintpause', match: 0x0100000f, mask: 0xffffffff, fmt: 'NONE', flags: InsnFlag.Serializing, exec: 'h.pauseHint();',
    wasm: { fallback: 'pause: yields the scheduling round (Hart.pauseHint)' } },
];
