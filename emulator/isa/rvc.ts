/**
 * RV64C: expansion of 16-bit compressed encodings to their 32-bit equivalents
 * (unprivileged spec 20191213 ch. 16 "C" Standard Extension for Compressed Instructions;
 * 16.7 "HINT Instructions"; the RVC opcode map of 16.8 "RVC Instruction Set Listings").
 * The decoder executes a compressed instruction through the 32-bit InsnDef of its
 * expansion with length 2.
 *
 * RV64 meanings only: funct3=001 in quadrant 1 is C.ADDIW (not C.JAL); funct3=011 in
 * quadrants 0/2 is C.LD/C.LDSP and 111 is C.SD/C.SDSP (not C.FLW/C.FSW). Zc* extensions
 * (Zcb etc.) are not implemented, so their code points are reserved here.
 *
 * Reserved encodings return -1: the all-zero halfword, C.ADDI4SPN with nzuimm=0,
 * C.ADDI16SP and C.LUI with a zero immediate, C.LWSP/C.LDSP/C.ADDIW with rd=x0,
 * C.JR with rs1=x0, quadrant-0 funct3=100 and the quadrant-1 reserved ALU slots.
 * HINTs (rd=x0 forms of C.ADDI/C.LI/C.LUI/C.MV/C.ADD/C.SLLI, shamt=0 shifts, C.NOP with a
 * nonzero immediate) expand to their base instruction, which then has no effect.
 *
 * Valid results are returned as non-negative numbers (0 .. 2^32-1), so `r < 0` and
 * `r === -1` are both safe illegality tests.
 */

// Major opcodes (spec 20191213 ch. 24, table 24.1 "RISC-V base opcode map").
const LOAD = 0x03;
const LOAD_FP = 0x07;
const OP_IMM = 0x13;
const OP_IMM_32 = 0x1b;
const STORE = 0x23;
const STORE_FP = 0x27;
const OP = 0x33;
const LUI = 0x37;
const OP_32 = 0x3b;
const BRANCH = 0x63;
const JALR = 0x67;
const JAL = 0x6f;
const EBREAK = 0x00100073;

const encI = (op: number, f3: number, rd: number, rs1: number, imm: number): number =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;

const encS = (op: number, f3: number, rs1: number, rs2: number, imm: number): number =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | op) >>> 0;

const encR = (op: number, f3: number, f7: number, rd: number, rs1: number, rs2: number): number =>
  ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;

const encB = (f3: number, rs1: number, rs2: number, off: number): number =>
  ((((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
    (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7) | BRANCH) >>> 0;

const encJ = (rd: number, off: number): number =>
  ((((off >> 20) & 1) << 31) | (((off >> 1) & 0x3ff) << 21) | (((off >> 11) & 1) << 20) |
    (((off >> 12) & 0xff) << 12) | (rd << 7) | JAL) >>> 0;

// Compressed immediate layouts (spec 16.3-16.6 instruction figures; c = the halfword).
/** 6-bit signed immediate imm[5]=c[12], imm[4:0]=c[6:2] (CI format). */
const ciImm = (c: number): number => ((((c >> 7) & 0x20) | ((c >> 2) & 0x1f)) << 26) >> 26;
/** 6-bit shift amount shamt[5]=c[12], shamt[4:0]=c[6:2]. */
const ciShamt = (c: number): number => ((c >> 7) & 0x20) | ((c >> 2) & 0x1f);
/** C.ADDI4SPN nzuimm[5:4|9:6|2|3] = c[12:5]. */
const ciwImm = (c: number): number =>
  ((c >> 7) & 0x30) | ((c >> 1) & 0x3c0) | ((c >> 4) & 4) | ((c >> 2) & 8);
/** CL/CS word offset: uimm[5:3]=c[12:10], uimm[2]=c[6], uimm[6]=c[5]. */
const clwImm = (c: number): number => ((c >> 7) & 0x38) | ((c >> 4) & 4) | ((c << 1) & 0x40);
/** CL/CS doubleword offset: uimm[5:3]=c[12:10], uimm[7:6]=c[6:5]. */
const cldImm = (c: number): number => ((c >> 7) & 0x38) | ((c << 1) & 0xc0);
/** C.J offset[11|4|9:8|10|6|7|3:1|5] = c[12:2], sign-extended. */
const cjImm = (c: number): number =>
  ((((c >> 1) & 0x800) | ((c >> 7) & 0x10) | ((c >> 1) & 0x300) | ((c << 2) & 0x400) |
    ((c >> 1) & 0x40) | ((c << 1) & 0x80) | ((c >> 2) & 0xe) | ((c << 3) & 0x20)) << 20) >> 20;
/** C.BEQZ/C.BNEZ offset[8|4:3] = c[12:10], offset[7:6|2:1|5] = c[6:2], sign-extended. */
const cbImm = (c: number): number =>
  ((((c >> 4) & 0x100) | ((c >> 7) & 0x18) | ((c << 1) & 0xc0) | ((c >> 2) & 6) |
    ((c << 3) & 0x20)) << 23) >> 23;
/** C.ADDI16SP nzimm[9]=c[12], nzimm[4|6|8:7|5]=c[6:2], sign-extended. */
const c16spImm = (c: number): number =>
  ((((c >> 3) & 0x200) | ((c >> 2) & 0x10) | ((c << 1) & 0x40) | ((c << 4) & 0x180) |
    ((c << 3) & 0x20)) << 22) >> 22;
/** C.LWSP uimm[5]=c[12], uimm[4:2]=c[6:4], uimm[7:6]=c[3:2]. */
const lwspImm = (c: number): number => ((c >> 7) & 0x20) | ((c >> 2) & 0x1c) | ((c << 4) & 0xc0);
/** C.LDSP/C.FLDSP uimm[5]=c[12], uimm[4:3]=c[6:5], uimm[8:6]=c[4:2]. */
const ldspImm = (c: number): number => ((c >> 7) & 0x20) | ((c >> 2) & 0x18) | ((c << 4) & 0x1c0);
/** C.SWSP uimm[5:2]=c[12:9], uimm[7:6]=c[8:7]. */
const swspImm = (c: number): number => ((c >> 7) & 0x3c) | ((c >> 1) & 0xc0);
/** C.SDSP/C.FSDSP uimm[5:3]=c[12:10], uimm[8:6]=c[9:7]. */
const sdspImm = (c: number): number => ((c >> 7) & 0x38) | ((c >> 1) & 0x1c0);

/**
 * Expands a 16-bit compressed instruction (low two bits != 3) to the 32-bit encoding
 * with identical semantics, or returns -1 if the halfword is reserved/illegal.
 */
export function expandCompressed(c: number): number {
  c &= 0xffff;
  const f3 = c >>> 13;
  const rdp = ((c >>> 2) & 7) + 8;  // rd'/rs2' (bits 4:2)
  const rs1p = ((c >>> 7) & 7) + 8; // rs1'/rd' (bits 9:7)
  const rd = (c >>> 7) & 0x1f;      // full rd/rs1 (bits 11:7)
  const rs2 = (c >>> 2) & 0x1f;     // full rs2 (bits 6:2)
  switch (c & 3) {
    case 0: // Quadrant 0
      switch (f3) {
        case 0: { // C.ADDI4SPN -> addi rd', x2, nzuimm
          const imm = ciwImm(c);
          return imm === 0 ? -1 : encI(OP_IMM, 0, rdp, 2, imm);
        }
        case 1: return encI(LOAD_FP, 3, rdp, rs1p, cldImm(c));  // C.FLD
        case 2: return encI(LOAD, 2, rdp, rs1p, clwImm(c));     // C.LW
        case 3: return encI(LOAD, 3, rdp, rs1p, cldImm(c));     // C.LD
        case 5: return encS(STORE_FP, 3, rs1p, rdp, cldImm(c)); // C.FSD
        case 6: return encS(STORE, 2, rs1p, rdp, clwImm(c));    // C.SW
        case 7: return encS(STORE, 3, rs1p, rdp, cldImm(c));    // C.SD
        default: return -1; // funct3=100 reserved (Zcb not implemented)
      }
    case 1: // Quadrant 1
      switch (f3) {
        case 0: return encI(OP_IMM, 0, rd, rd, ciImm(c));       // C.ADDI / C.NOP / hints
        case 1: return rd === 0 ? -1 : encI(OP_IMM_32, 0, rd, rd, ciImm(c)); // C.ADDIW
        case 2: return encI(OP_IMM, 0, rd, 0, ciImm(c));        // C.LI
        case 3: {
          if (rd === 2) { // C.ADDI16SP
            const imm = c16spImm(c);
            return imm === 0 ? -1 : encI(OP_IMM, 0, 2, 2, imm);
          }
          const imm = ciImm(c); // C.LUI: nzimm[17:12]
          return imm === 0 ? -1 : ((imm << 12) | (rd << 7) | LUI) >>> 0;
        }
        case 4: {
          const f2 = (c >>> 10) & 3;
          if (f2 === 0) return encI(OP_IMM, 5, rs1p, rs1p, ciShamt(c));          // C.SRLI
          if (f2 === 1) return encI(OP_IMM, 5, rs1p, rs1p, 0x400 | ciShamt(c)); // C.SRAI
          if (f2 === 2) return encI(OP_IMM, 7, rs1p, rs1p, ciImm(c));           // C.ANDI
          const sel = (c >>> 5) & 3;
          if ((c & 0x1000) === 0) {
            switch (sel) {
              case 0: return encR(OP, 0, 0x20, rs1p, rs1p, rdp); // C.SUB
              case 1: return encR(OP, 4, 0, rs1p, rs1p, rdp);    // C.XOR
              case 2: return encR(OP, 6, 0, rs1p, rs1p, rdp);    // C.OR
              default: return encR(OP, 7, 0, rs1p, rs1p, rdp);   // C.AND
            }
          }
          if (sel === 0) return encR(OP_32, 0, 0x20, rs1p, rs1p, rdp); // C.SUBW
          if (sel === 1) return encR(OP_32, 0, 0, rs1p, rs1p, rdp);    // C.ADDW
          return -1; // reserved (Zcb/Zcmp space)
        }
        case 5: return encJ(0, cjImm(c));                 // C.J
        case 6: return encB(0, rs1p, 0, cbImm(c));        // C.BEQZ
        default: return encB(1, rs1p, 0, cbImm(c));       // C.BNEZ
      }
    case 2: // Quadrant 2
      switch (f3) {
        case 0: return encI(OP_IMM, 1, rd, rd, ciShamt(c));          // C.SLLI
        case 1: return encI(LOAD_FP, 3, rd, 2, ldspImm(c));          // C.FLDSP
        case 2: return rd === 0 ? -1 : encI(LOAD, 2, rd, 2, lwspImm(c)); // C.LWSP
        case 3: return rd === 0 ? -1 : encI(LOAD, 3, rd, 2, ldspImm(c)); // C.LDSP
        case 4:
          if ((c & 0x1000) === 0) {
            if (rs2 === 0) return rd === 0 ? -1 : encI(JALR, 0, 0, rd, 0); // C.JR
            return encR(OP, 0, 0, rd, 0, rs2);                             // C.MV
          }
          if (rs2 === 0) {
            if (rd === 0) return EBREAK;                                    // C.EBREAK
            return encI(JALR, 0, 1, rd, 0);                                 // C.JALR
          }
          return encR(OP, 0, 0, rd, rd, rs2);                               // C.ADD
        case 5: return encS(STORE_FP, 3, 2, rs2, sdspImm(c)); // C.FSDSP
        case 6: return encS(STORE, 2, 2, rs2, swspImm(c));    // C.SWSP
        default: return encS(STORE, 3, 2, rs2, sdspImm(c));   // C.SDSP
      }
    default:
      return -1; // not a compressed encoding
  }
}

const Q0 = ['c.addi4spn', 'c.fld', 'c.lw', 'c.ld', '', 'c.fsd', 'c.sw', 'c.sd'];
const Q1 = ['c.addi', 'c.addiw', 'c.li', '', '', 'c.j', 'c.beqz', 'c.bnez'];
const Q2 = ['c.slli', 'c.fldsp', 'c.lwsp', 'c.ldsp', '', 'c.fsdsp', 'c.swsp', 'c.sdsp'];
const ALU = ['c.sub', 'c.xor', 'c.or', 'c.and', 'c.subw', 'c.addw', '', ''];

/**
 * Mnemonic of a compressed halfword as `objdump -M no-aliases` spells it ("c.addi",
 * "c.slli64" for the shamt=0 hint, "c.unimp" for 0x0000), or "" if it is reserved.
 */
export function compressedName(c: number): string {
  c &= 0xffff;
  if (c === 0) return 'c.unimp';
  if (expandCompressed(c) === -1) return '';
  const f3 = c >>> 13;
  switch (c & 3) {
    case 0: return Q0[f3];
    case 1:
      if (f3 === 3) return ((c >>> 7) & 0x1f) === 2 ? 'c.addi16sp' : 'c.lui';
      if (f3 === 4) {
        const f2 = (c >>> 10) & 3;
        if (f2 === 2) return 'c.andi';
        if (f2 === 3) return ALU[((c >>> 10) & 4) | ((c >>> 5) & 3)];
        const base = f2 === 0 ? 'c.srli' : 'c.srai';
        return ciShamt(c) === 0 ? base + '64' : base;
      }
      return Q1[f3];
    case 2:
      if (f3 === 0) return ciShamt(c) === 0 ? 'c.slli64' : 'c.slli';
      if (f3 === 4) {
        const rs2 = (c >>> 2) & 0x1f;
        if ((c & 0x1000) === 0) return rs2 === 0 ? 'c.jr' : 'c.mv';
        if (rs2 !== 0) return 'c.add';
        return ((c >>> 7) & 0x1f) === 0 ? 'c.ebreak' : 'c.jalr';
      }
      return Q2[f3];
    default:
      return '';
  }
}
