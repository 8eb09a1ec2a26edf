/**
 * RVC for the assembler: encoders of every RV64C instruction (unprivileged spec 20191213
 * ch. 16, the format figures of 16.3-16.6 and table 16.5-16.7 "RVC opcode map") and the
 * rules that pick a compressed form for an instruction written in its 32-bit spelling,
 * in the order GNU `as` tries its compressed aliases (so output is byte-identical).
 * Each encoder's result is checked against the decoder's expansion (rvc.ts) in tests.
 */

/** Operands of a compressed instruction: full register numbers, byte immediates. */
export interface COps {
  rd?: number;
  rs1?: number;
  rs2?: number;
  imm?: number;
}

const p = (r = 8): number => (r - 8) & 7; // 3-bit register field of x8..x15 / f8..f15
const b = (v: number, hi: number, lo: number): number => (v >> lo) & ((1 << (hi - lo + 1)) - 1);

const ci = (f3: number, op: number, rd: number, imm: number): number =>
  (f3 << 13) | (b(imm, 5, 5) << 12) | ((rd & 31) << 7) | (b(imm, 4, 0) << 2) | op;
const clD = (f3: number, rs1: number, r: number, imm: number): number =>  // uimm[5:3] 12:10, [7:6] 6:5
  (f3 << 13) | (b(imm, 5, 3) << 10) | (p(rs1) << 7) | (b(imm, 7, 6) << 5) | (p(r) << 2);
const clW = (f3: number, rs1: number, r: number, imm: number): number =>  // uimm[5:3] 12:10, [2] 6, [6] 5
  (f3 << 13) | (b(imm, 5, 3) << 10) | (p(rs1) << 7) | (b(imm, 2, 2) << 6) | (b(imm, 6, 6) << 5) | (p(r) << 2);
const ca = (f6: number, f2: number, rd: number, rs2: number): number =>
  (f6 << 10) | (p(rd) << 7) | (f2 << 5) | (p(rs2) << 2) | 1;
const cr = (f4: number, rd: number, rs2: number): number => (f4 << 12) | ((rd & 31) << 7) | ((rs2 & 31) << 2) | 2;
const cbShift = (f2: number, rd: number, imm: number): number =>
  (4 << 13) | (b(imm, 5, 5) << 12) | (f2 << 10) | (p(rd) << 7) | (b(imm, 4, 0) << 2) | 1;
const ldsp = (f3: number, rd: number, imm: number): number =>
  (f3 << 13) | (b(imm, 5, 5) << 12) | ((rd & 31) << 7) | (b(imm, 4, 3) << 5) | (b(imm, 8, 6) << 2) | 2;
const sdsp = (f3: number, rs2: number, imm: number): number =>
  (f3 << 13) | (b(imm, 5, 3) << 10) | (b(imm, 8, 6) << 7) | ((rs2 & 31) << 2) | 2;

/** Byte offset of C.J, placed in bits 12:2 (offset[11|4|9:8|10|6|7|3:1|5]). */
export const placeCJ = (o: number): number =>
  (b(o, 11, 11) << 12) | (b(o, 4, 4) << 11) | (b(o, 9, 8) << 9) | (b(o, 10, 10) << 8) | (b(o, 6, 6) << 7) |
  (b(o, 7, 7) << 6) | (b(o, 3, 1) << 3) | (b(o, 5, 5) << 2);
/** Byte offset of C.BEQZ/C.BNEZ (offset[8|4:3] at 12:10, [7:6|2:1|5] at 6:2). */
export const placeCB = (o: number): number =>
  (b(o, 8, 8) << 12) | (b(o, 4, 3) << 10) | (b(o, 7, 6) << 5) | (b(o, 2, 1) << 3) | (b(o, 5, 5) << 2);

/** Encoders by compressed mnemonic. */
export const C_ENCODERS: Record<string, (o: COps) => number> = {
  'c.addi4spn': (o) => (b(o.imm ?? 0, 5, 4) << 11) | (b(o.imm ?? 0, 9, 6) << 7) | (b(o.imm ?? 0, 2, 2) << 6) |
    (b(o.imm ?? 0, 3, 3) << 5) | (p(o.rd) << 2),
  'c.fld': (o) => clD(1, o.rs1 ?? 8, o.rd ?? 8, o.imm ?? 0),
  'c.lw': (o) => clW(2, o.rs1 ?? 8, o.rd ?? 8, o.imm ?? 0),
  'c.ld': (o) => clD(3, o.rs1 ?? 8, o.rd ?? 8, o.imm ?? 0),
  'c.fsd': (o) => clD(5, o.rs1 ?? 8, o.rs2 ?? 8, o.imm ?? 0),
  'c.sw': (o) => clW(6, o.rs1 ?? 8, o.rs2 ?? 8, o.imm ?? 0),
  'c.sd': (o) => clD(7, o.rs1 ?? 8, o.rs2 ?? 8, o.imm ?? 0),
  'c.nop': () => 0x0001,
  'c.addi': (o) => ci(0, 1, o.rd ?? 0, o.imm ?? 0),
  'c.addiw': (o) => ci(1, 1, o.rd ?? 0, o.imm ?? 0),
  'c.li': (o) => ci(2, 1, o.rd ?? 0, o.imm ?? 0),
  'c.addi16sp': (o) => {
    const v = o.imm ?? 0;
    return (3 << 13) | (b(v, 9, 9) << 12) | (2 << 7) | (b(v, 4, 4) << 6) | (b(v, 6, 6) << 5) |
      (b(v, 8, 7) << 3) | (b(v, 5, 5) << 2) | 1;
  },
  'c.lui': (o) => ci(3, 1, o.rd ?? 0, o.imm ?? 0), // imm = nzimm[17:12] as a 6-bit value
  'c.srli': (o) => cbShift(0, o.rd ?? 8, o.imm ?? 0),
  'c.srai': (o) => cbShift(1, o.rd ?? 8, o.imm ?? 0),
  'c.andi': (o) => cbShift(2, o.rd ?? 8, o.imm ?? 0),
  'c.sub': (o) => ca(0x23, 0, o.rd ?? 8, o.rs2 ?? 8),
  'c.xor': (o) => ca(0x23, 1, o.rd ?? 8, o.rs2 ?? 8),
  'c.or': (o) => ca(0x23, 2, o.rd ?? 8, o.rs2 ?? 8),
  'c.and': (o) => ca(0x23, 3, o.rd ?? 8, o.rs2 ?? 8),
  'c.subw': (o) => ca(0x27, 0, o.rd ?? 8, o.rs2 ?? 8),
  'c.addw': (o) => ca(0x27, 1, o.rd ?? 8, o.rs2 ?? 8),
  'c.j': (o) => (5 << 13) | placeCJ(o.imm ?? 0) | 1,
  'c.beqz': (o) => (6 << 13) | placeCB(o.imm ?? 0) | (p(o.rs1) << 7) | 1,
  'c.bnez': (o) => (7 << 13) | placeCB(o.imm ?? 0) | (p(o.rs1) << 7) | 1,
  'c.slli': (o) => ci(0, 2, o.rd ?? 0, o.imm ?? 0),
  'c.fldsp': (o) => ldsp(1, o.rd ?? 0, o.imm ?? 0),
  'c.lwsp': (o) => (2 << 13) | (b(o.imm ?? 0, 5, 5) << 12) | (((o.rd ?? 0) & 31) << 7) |
    (b(o.imm ?? 0, 4, 2) << 4) | (b(o.imm ?? 0, 7, 6) << 2) | 2,
  'c.ldsp': (o) => ldsp(3, o.rd ?? 0, o.imm ?? 0),
  'c.jr': (o) => cr(8, o.rs1 ?? 0, 0),
  'c.mv': (o) => cr(8, o.rd ?? 0, o.rs2 ?? 0),
  'c.ebreak': () => 0x9002,
  'c.jalr': (o) => cr(9, o.rs1 ?? 0, 0),
  'c.add': (o) => cr(9, o.rd ?? 0, o.rs2 ?? 0),
  'c.fsdsp': (o) => sdsp(5, o.rs2 ?? 0, o.imm ?? 0),
  'c.swsp': (o) => (6 << 13) | (b(o.imm ?? 0, 5, 2) << 9) | (b(o.imm ?? 0, 7, 6) << 7) | (((o.rs2 ?? 0) & 31) << 2) | 2,
  'c.sdsp': (o) => sdsp(7, o.rs2 ?? 0, o.imm ?? 0),
  'c.unimp': () => 0x0000,
};

export const isCReg = (r: number | undefined): boolean => r !== undefined && r >= 8 && r <= 15;
export const fitsC6 = (v: number): boolean => v >= -32 && v <= 31;
const scaled = (v: number, scale: number, max: number): boolean => v >= 0 && v <= max && v % scale === 0;

/** A compressed choice: mnemonic and operands. */
export interface CChoice { name: string; ops: COps }

/** An instruction in 32-bit spelling (after alias resolution): the rule key and its operands. */
export interface Written {
  /** Rule key: the mnemonic, or a form such as "add.imm" (add rd, rs, imm). */
  form: string;
  rd?: number;
  rs1?: number;
  rs2?: number;
  imm?: number;
}

type Rule = (w: Written) => CChoice | undefined;
const C = (name: string, ops: COps): CChoice => ({ name, ops });

const addi4spn: Rule = (w) =>
  (isCReg(w.rd) && w.rs1 === 2 && w.imm !== undefined && w.imm > 0 && w.imm < 1024 && w.imm % 4 === 0)
    ? C('c.addi4spn', { rd: w.rd, imm: w.imm }) : undefined;
const addi16sp: Rule = (w) =>
  (w.rd === 2 && w.rs1 === 2 && w.imm !== undefined && w.imm !== 0 && w.imm % 16 === 0 && w.imm >= -512 && w.imm <= 496)
    ? C('c.addi16sp', { imm: w.imm }) : undefined;
const cAddi = (zeroOk: boolean): Rule => (w) =>
  (w.rd === w.rs1 && w.rd !== 0 && w.imm !== undefined && (zeroOk || w.imm !== 0) && fitsC6(w.imm))
    ? C('c.addi', { rd: w.rd, imm: w.imm }) : undefined;
const cLi: Rule = (w) =>
  (w.rs1 === 0 && w.rd !== 0 && w.imm !== undefined && fitsC6(w.imm)) ? C('c.li', { rd: w.rd, imm: w.imm }) : undefined;
const cAddiw: Rule = (w) =>
  (w.rd === w.rs1 && w.rd !== 0 && w.imm !== undefined && fitsC6(w.imm)) ? C('c.addiw', { rd: w.rd, imm: w.imm }) : undefined;
/** rd = rd op rs2 (and, with `swap`, rd = rs1 op rd) on x8..x15. */
const ca3 = (name: string, swap: boolean): Rule[] => {
  const r: Rule[] = [(w) => (isCReg(w.rd) && w.rd === w.rs1 && isCReg(w.rs2)) ? C(name, { rd: w.rd, rs2: w.rs2 }) : undefined];
  if (swap) r.push((w) => (isCReg(w.rd) && w.rd === w.rs2 && isCReg(w.rs1)) ? C(name, { rd: w.rd, rs2: w.rs1 }) : undefined);
  return r;
};
const cAndi: Rule = (w) =>
  (isCReg(w.rd) && w.rd === w.rs1 && w.imm !== undefined && fitsC6(w.imm)) ? C('c.andi', { rd: w.rd, imm: w.imm }) : undefined;
const cShift = (name: string, anyReg: boolean): Rule => (w) =>
  ((anyReg ? w.rd !== 0 : isCReg(w.rd)) && w.rd === w.rs1 && w.imm !== undefined && w.imm > 0 && w.imm < 64)
    ? C(name, { rd: w.rd, imm: w.imm }) : undefined;
const cLui: Rule = (w) => {
  if (w.rd === 0 || w.rd === 2 || w.imm === undefined) return undefined;
  const v = w.imm & 0xfffff;
  return (v >= 1 && v <= 31) || v >= 0xfffe0 ? C('c.lui', { rd: w.rd, imm: v & 0x3f }) : undefined;
};
const loadStore = (cname: string, spname: string, scale: number, regMax: number, spMax: number, store: boolean, anySpReg: boolean): Rule[] => [
  (w) => {
    const r = store ? w.rs2 : w.rd;
    return (isCReg(r) && isCReg(w.rs1) && w.imm !== undefined && scaled(w.imm, scale, regMax))
      ? C(cname, store ? { rs1: w.rs1, rs2: r, imm: w.imm } : { rd: r, rs1: w.rs1, imm: w.imm }) : undefined;
  },
  (w) => {
    const r = store ? w.rs2 : w.rd;
    return (w.rs1 === 2 && (anySpReg || r !== 0) && w.imm !== undefined && scaled(w.imm, scale, spMax))
      ? C(spname, store ? { rs2: r, imm: w.imm } : { rd: r, imm: w.imm }) : undefined;
  },
];

/** Rules per form, tried in order; the first that applies wins (GNU as alias order). */
const RULES: Record<string, Rule[]> = {
  addi: [addi4spn, cAddi(false),
    (w) => (w.rd === 0 && w.rs1 === 0 && w.imm === 0) ? C('c.nop', {}) : undefined,
    addi16sp, cLi,
    (w) => (w.imm === 0 && w.rd !== 0 && w.rs1 !== 0) ? C('c.mv', { rd: w.rd, rs2: w.rs1 }) : undefined],
  add: [
    (w) => (w.rd === w.rs1 && w.rd !== 0 && w.rs2 !== 0) ? C('c.add', { rd: w.rd, rs2: w.rs2 }) : undefined,
    (w) => (w.rd === w.rs2 && w.rd !== 0 && w.rs1 !== 0) ? C('c.add', { rd: w.rd, rs2: w.rs1 }) : undefined,
    (w) => (w.rs1 === 0 && w.rd !== 0 && w.rs2 !== 0) ? C('c.mv', { rd: w.rd, rs2: w.rs2 }) : undefined],
  'add.imm': [cAddi(true), addi4spn, addi16sp],
  addiw: [cAddiw],
  addw: ca3('c.addw', true),
  'addw.imm': [cAddiw],
  sub: ca3('c.sub', false),
  subw: ca3('c.subw', false),
  and: ca3('c.and', true),
  'and.imm': [cAndi],
  andi: [cAndi],
  or: ca3('c.or', true),
  xor: ca3('c.xor', true),
  slli: [cShift('c.slli', true)],
  srli: [cShift('c.srli', false)],
  srai: [cShift('c.srai', false)],
  lui: [cLui],
  mv: [(w) => (w.rd !== 0 && w.rs1 !== 0) ? C('c.mv', { rd: w.rd, rs2: w.rs1 }) : undefined],
  lw: loadStore('c.lw', 'c.lwsp', 4, 124, 252, false, false),
  ld: loadStore('c.ld', 'c.ldsp', 8, 248, 504, false, false),
  fld: loadStore('c.fld', 'c.fldsp', 8, 248, 504, false, true),
  sw: loadStore('c.sw', 'c.swsp', 4, 124, 252, true, true),
  sd: loadStore('c.sd', 'c.sdsp', 8, 248, 504, true, true),
  fsd: loadStore('c.fsd', 'c.fsdsp', 8, 248, 504, true, true),
  jr: [(w) => (w.rs1 !== 0) ? C('c.jr', { rs1: w.rs1 }) : undefined],
  jalr: [(w) => (w.rs1 !== 0) ? C('c.jalr', { rs1: w.rs1 }) : undefined],
  ebreak: [() => C('c.ebreak', {})],
  nop: [() => C('c.nop', {})],
  unimp: [() => C('c.unimp', {})],
  'sext.w': [(w) => (w.rd === w.rs1 && w.rd !== 0) ? C('c.addiw', { rd: w.rd, imm: 0 }) : undefined],
};
RULES.sll = RULES.slli; RULES.srl = RULES.srli; RULES.sra = RULES.srai;

/** The compressed form GNU as would choose for `w`, or undefined. */
export function compress(w: Written): CChoice | undefined {
  const rules = RULES[w.form];
  if (!rules) return undefined;
  for (const r of rules) {
    const c = r(w);
    if (c) return c;
  }
  return undefined;
}

/** Encodes a compressed choice as a halfword. */
export function encodeC(c: CChoice): number {
  return C_ENCODERS[c.name](c.ops) & 0xffff;
}
