/**
 * Encoder over the shared InsnDef table: builds the 32-bit word of an instruction from
 * its definition (match bits) and operand fields placed by its operand format, the
 * inverse of fields.ts (unprivileged spec 20191213 2.2-2.3 "Base Instruction Formats",
 * "Immediate Encoding Variants"). The assembler and tests use it; the decoder and the
 * disassembler read the same definitions.
 */
import type { InsnDef } from './types';
import { allInsns } from './tables';

/** Operand values; unused fields are ignored. Immediates are byte offsets / plain values. */
export interface Fields {
  rd?: number;
  rs1?: number;
  rs2?: number;
  rs3?: number;
  imm?: number;
  csr?: number;
  rm?: number;
  aq?: number;
  rl?: number;
  pred?: number;
  succ?: number;
}

export const placeI = (imm: number): number => (imm & 0xfff) << 20;
export const placeS = (imm: number): number => (((imm >> 5) & 0x7f) << 25) | ((imm & 0x1f) << 7);
export const placeB = (off: number): number =>
  (((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7);
export const placeU = (imm20: number): number => (imm20 & 0xfffff) << 12;
export const placeJ = (off: number): number =>
  (((off >> 20) & 1) << 31) | (((off >> 1) & 0x3ff) << 21) | (((off >> 11) & 1) << 20) | (((off >> 12) & 0xff) << 12);

const rdF = (r = 0): number => (r & 31) << 7;
const rs1F = (r = 0): number => (r & 31) << 15;
const rs2F = (r = 0): number => (r & 31) << 20;
const rmF = (rm = 7): number => (rm & 7) << 12;

/** Encodes `def` with `f`; fields outside the format are not placed. Returns an unsigned word. */
export function encode(def: InsnDef, f: Fields): number {
  const m = def.match;
  let w: number;
  switch (def.fmt) {
    case 'R': case 'FSGNJ': case 'FCMP': w = m | rdF(f.rd) | rs1F(f.rs1) | rs2F(f.rs2); break;
    case 'R1': w = m | rdF(f.rd) | rs1F(f.rs1); break;
    case 'I': case 'L': case 'FL': w = m | rdF(f.rd) | rs1F(f.rs1) | placeI(f.imm ?? 0); break;
    case 'SH': w = m | rdF(f.rd) | rs1F(f.rs1) | (((f.imm ?? 0) & 0x3f) << 20); break;
    case 'SHW': w = m | rdF(f.rd) | rs1F(f.rs1) | (((f.imm ?? 0) & 0x1f) << 20); break;
    case 'S': case 'FS': w = m | rs1F(f.rs1) | rs2F(f.rs2) | placeS(f.imm ?? 0); break;
    case 'B': w = m | rs1F(f.rs1) | rs2F(f.rs2) | placeB(f.imm ?? 0); break;
    case 'U': w = m | rdF(f.rd) | placeU(f.imm ?? 0); break;
    case 'J': w = m | rdF(f.rd) | placeJ(f.imm ?? 0); break;
    case 'CSR': w = m | rdF(f.rd) | rs1F(f.rs1) | (((f.csr ?? 0) & 0xfff) << 20); break;
    case 'CSRI': w = m | rdF(f.rd) | rs1F(f.imm) | (((f.csr ?? 0) & 0xfff) << 20); break;
    case 'AMO': w = m | rdF(f.rd) | rs1F(f.rs1) | rs2F(f.rs2) | ((f.aq ?? 0) << 26) | ((f.rl ?? 0) << 25); break;
    case 'LR': w = m | rdF(f.rd) | rs1F(f.rs1) | ((f.aq ?? 0) << 26) | ((f.rl ?? 0) << 25); break;
    case 'NONE': w = m; break;
    case 'FENCE': w = m | (((f.pred ?? 15) & 15) << 24) | (((f.succ ?? 15) & 15) << 20); break;
    case 'SFENCE': case 'HSV': w = m | rs1F(f.rs1) | rs2F(f.rs2); break;
    case 'HLV': w = m | rdF(f.rd) | rs1F(f.rs1); break;
    case 'CBO': w = m | rs1F(f.rs1); break;
    case 'FR': w = m | rdF(f.rd) | rs1F(f.rs1) | rs2F(f.rs2) | rmF(f.rm); break;
    case 'FR4': w = m | rdF(f.rd) | rs1F(f.rs1) | rs2F(f.rs2) | ((f.rs3 ?? 0) << 27) | rmF(f.rm); break;
    case 'FR1': case 'FCVT_X_F': case 'FCVT_F_X': w = m | rdF(f.rd) | rs1F(f.rs1) | rmF(f.rm); break;
    case 'FMV_X_F': case 'FMV_F_X': w = m | rdF(f.rd) | rs1F(f.rs1); break;
    default: w = m;
  }
  return w >>> 0;
}

let byName: Map<string, InsnDef> | undefined;

/** The definition of a 32-bit instruction by mnemonic ("addi", "amoadd.w", "fcvt.d.w"). */
export function insnByName(name: string): InsnDef | undefined {
  if (!byName) {
    byName = new Map();
    for (const d of allInsns) if (!byName.has(d.name)) byName.set(d.name, d);
  }
  return byName.get(name);
}

/** Encodes the named instruction (throws for an unknown name: a programming error). */
export function encodeNamed(name: string, f: Fields): number {
  const def = insnByName(name);
  if (!def) throw new Error(`no instruction named ${name}`);
  return encode(def, f);
}
