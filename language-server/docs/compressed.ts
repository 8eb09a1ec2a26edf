/**
 * Documentation of the RVC (C extension) mnemonics for the language server: syntax in
 * GNU as form, the 32-bit instruction each one expands to (unprivileged spec 20191213,
 * chapter 16, tables 16.5-16.7), the compressed format and the 16-bit match/mask.
 * Registers written rd'/rs1'/rs2' are limited to x8-x15 (s0-s1, a0-a5) or f8-f15.
 */

export interface CompressedDoc {
  name: string;
  syntax: string;
  expansion: string;
  meaning: string;
  /** CR, CI, CSS, CIW, CL, CS, CA, CB or CJ ("" for c.unimp). */
  format: string;
  match: number;
  mask: number;
}

type Row = [name: string, syntax: string, expansion: string, meaning: string, format: string, match: number, mask: number];

const ROWS: Row[] = [
  ['c.addi4spn', "rd', sp, nzuimm", "addi rd', sp, nzuimm", "rd' = sp + nzuimm (multiple of 4, 4..1020)", 'CIW', 0x0000, 0xe003],
  ['c.fld', "frd', uimm(rs1')", "fld frd', uimm(rs1')", "frd' = mem64[rs1' + uimm] (uimm multiple of 8, < 256)", 'CL', 0x2000, 0xe003],
  ['c.lw', "rd', uimm(rs1')", "lw rd', uimm(rs1')", "rd' = sext(mem32[rs1' + uimm]) (uimm multiple of 4, < 128)", 'CL', 0x4000, 0xe003],
  ['c.ld', "rd', uimm(rs1')", "ld rd', uimm(rs1')", "rd' = mem64[rs1' + uimm] (uimm multiple of 8, < 256)", 'CL', 0x6000, 0xe003],
  ['c.fsd', "frs2', uimm(rs1')", "fsd frs2', uimm(rs1')", "mem64[rs1' + uimm] = frs2' (uimm multiple of 8, < 256)", 'CS', 0xa000, 0xe003],
  ['c.sw', "rs2', uimm(rs1')", "sw rs2', uimm(rs1')", "mem32[rs1' + uimm] = rs2'[31:0] (uimm multiple of 4, < 128)", 'CS', 0xc000, 0xe003],
  ['c.sd', "rs2', uimm(rs1')", "sd rs2', uimm(rs1')", "mem64[rs1' + uimm] = rs2' (uimm multiple of 8, < 256)", 'CS', 0xe000, 0xe003],
  ['c.nop', '', 'addi zero, zero, 0', 'no operation', 'CI', 0x0001, 0xffff],
  ['c.addi', 'rd, nzimm6', 'addi rd, rd, nzimm6', 'rd = rd + sext(nzimm6) (-32..31, not 0)', 'CI', 0x0001, 0xe003],
  ['c.addiw', 'rd, imm6', 'addiw rd, rd, imm6', 'rd = sext((rd + sext(imm6))[31:0]) (rd ≠ zero)', 'CI', 0x2001, 0xe003],
  ['c.li', 'rd, imm6', 'addi rd, zero, imm6', 'rd = sext(imm6) (-32..31)', 'CI', 0x4001, 0xe003],
  ['c.addi16sp', 'sp, nzimm', 'addi sp, sp, nzimm', 'sp = sp + nzimm (multiple of 16, -512..496, not 0)', 'CI', 0x6101, 0xef83],
  ['c.lui', 'rd, nzimm6', 'lui rd, nzimm6', 'rd = sext(nzimm6 << 12) (rd ≠ zero, sp; nzimm6 ≠ 0)', 'CI', 0x6001, 0xe003],
  ['c.srli', "rd', shamt6", "srli rd', rd', shamt6", "rd' = rd' >> shamt6 (logical)", 'CB', 0x8001, 0xec03],
  ['c.srli64', "rd'", "srli rd', rd', 0", "HINT on RV64 (shift by 64 on RV128)", 'CB', 0x8001, 0xfc7f],
  ['c.srai', "rd', shamt6", "srai rd', rd', shamt6", "rd' = rd' >> shamt6 (arithmetic)", 'CB', 0x8401, 0xec03],
  ['c.srai64', "rd'", "srai rd', rd', 0", "HINT on RV64 (shift by 64 on RV128)", 'CB', 0x8401, 0xfc7f],
  ['c.andi', "rd', imm6", "andi rd', rd', imm6", "rd' = rd' & sext(imm6)", 'CB', 0x8801, 0xec03],
  ['c.sub', "rd', rs2'", "sub rd', rd', rs2'", "rd' = rd' - rs2'", 'CA', 0x8c01, 0xfc63],
  ['c.xor', "rd', rs2'", "xor rd', rd', rs2'", "rd' = rd' ^ rs2'", 'CA', 0x8c21, 0xfc63],
  ['c.or', "rd', rs2'", "or rd', rd', rs2'", "rd' = rd' | rs2'", 'CA', 0x8c41, 0xfc63],
  ['c.and', "rd', rs2'", "and rd', rd', rs2'", "rd' = rd' & rs2'", 'CA', 0x8c61, 0xfc63],
  ['c.subw', "rd', rs2'", "subw rd', rd', rs2'", "rd' = sext((rd' - rs2')[31:0])", 'CA', 0x9c01, 0xfc63],
  ['c.addw', "rd', rs2'", "addw rd', rd', rs2'", "rd' = sext((rd' + rs2')[31:0])", 'CA', 0x9c21, 0xfc63],
  ['c.j', 'label', 'jal zero, label', 'pc = label (±2 KiB)', 'CJ', 0xa001, 0xe003],
  ['c.beqz', "rs1', label", "beq rs1', zero, label", "if rs1' == 0: pc = label (±256 B)", 'CB', 0xc001, 0xe003],
  ['c.bnez', "rs1', label", "bne rs1', zero, label", "if rs1' != 0: pc = label (±256 B)", 'CB', 0xe001, 0xe003],
  ['c.slli', 'rd, shamt6', 'slli rd, rd, shamt6', 'rd = rd << shamt6', 'CI', 0x0002, 0xe003],
  ['c.slli64', 'rd', 'slli rd, rd, 0', 'HINT on RV64 (shift by 64 on RV128)', 'CI', 0x0002, 0xf07f],
  ['c.fldsp', 'frd, uimm(sp)', 'fld frd, uimm(sp)', 'frd = mem64[sp + uimm] (uimm multiple of 8, < 512)', 'CI', 0x2002, 0xe003],
  ['c.lwsp', 'rd, uimm(sp)', 'lw rd, uimm(sp)', 'rd = sext(mem32[sp + uimm]) (uimm multiple of 4, < 256; rd ≠ zero)', 'CI', 0x4002, 0xe003],
  ['c.ldsp', 'rd, uimm(sp)', 'ld rd, uimm(sp)', 'rd = mem64[sp + uimm] (uimm multiple of 8, < 512; rd ≠ zero)', 'CI', 0x6002, 0xe003],
  ['c.jr', 'rs1', 'jalr zero, 0(rs1)', 'pc = rs1 (rs1 ≠ zero)', 'CR', 0x8002, 0xf07f],
  ['c.mv', 'rd, rs2', 'add rd, zero, rs2', 'rd = rs2 (rs2 ≠ zero)', 'CR', 0x8002, 0xf003],
  ['c.ebreak', '', 'ebreak', 'raise a breakpoint exception', 'CR', 0x9002, 0xffff],
  ['c.jalr', 'rs1', 'jalr ra, 0(rs1)', 'ra = pc + 2; pc = rs1 (rs1 ≠ zero)', 'CR', 0x9002, 0xf07f],
  ['c.add', 'rd, rs2', 'add rd, rd, rs2', 'rd = rd + rs2 (rs2 ≠ zero)', 'CR', 0x9002, 0xf003],
  ['c.fsdsp', 'frs2, uimm(sp)', 'fsd frs2, uimm(sp)', 'mem64[sp + uimm] = frs2 (uimm multiple of 8, < 512)', 'CSS', 0xa002, 0xe003],
  ['c.swsp', 'rs2, uimm(sp)', 'sw rs2, uimm(sp)', 'mem32[sp + uimm] = rs2[31:0] (uimm multiple of 4, < 256)', 'CSS', 0xc002, 0xe003],
  ['c.sdsp', 'rs2, uimm(sp)', 'sd rs2, uimm(sp)', 'mem64[sp + uimm] = rs2 (uimm multiple of 8, < 512)', 'CSS', 0xe002, 0xe003],
  ['c.unimp', '', '(illegal instruction 0x0000)', 'the all-zero halfword: always an illegal instruction', '', 0x0000, 0xffff],
];

export const compressedDocs: CompressedDoc[] = ROWS.map(([name, syntax, expansion, meaning, format, match, mask]) =>
  ({ name, syntax, expansion, meaning, format, match, mask }));
