/**
 * Pseudo-instructions accepted by GNU as for RV64GC (unprivileged spec 20191213,
 * chapter 25 tables 25.2-25.3, plus the binutils extras): syntax, the real instruction
 * sequence each form expands to, a one-line meaning and the extension it needs.
 * A mnemonic with several forms (call, fscsr, jal, jalr, ...) has one row per form;
 * mnemonics that are also real instructions (jal, jalr, fence) add forms to them.
 */

export interface PseudoDoc {
  name: string;
  syntax: string;
  expansion: string;
  meaning: string;
  ext: string;
}

type Row = [name: string, syntax: string, expansion: string, meaning: string, ext?: string];

const ROWS: Row[] = [
  ['nop', '', 'addi zero, zero, 0', 'no operation'],
  ['li', 'rd, imm', 'addi rd, zero, imm — or a lui/addiw/slli/addi sequence for wider constants', 'rd = imm (any 64-bit constant)'],
  ['la', 'rd, symbol', 'auipc rd, %pcrel_hi(symbol); addi rd, rd, %pcrel_lo(label) — from the GOT when PIC', 'rd = address of symbol'],
  ['lla', 'rd, symbol', 'auipc rd, %pcrel_hi(symbol); addi rd, rd, %pcrel_lo(label)', 'rd = address of symbol (always pc-relative)'],
  ['mv', 'rd, rs', 'addi rd, rs, 0', 'rd = rs'],
  ['not', 'rd, rs', 'xori rd, rs, -1', 'rd = ~rs'],
  ['neg', 'rd, rs', 'sub rd, zero, rs', 'rd = -rs'],
  ['negw', 'rd, rs', 'subw rd, zero, rs', 'rd = sext(-rs[31:0])'],
  ['sext.w', 'rd, rs', 'addiw rd, rs, 0', 'rd = sext(rs[31:0])'],
  ['zext.b', 'rd, rs', 'andi rd, rs, 255', 'rd = zext(rs[7:0])'],
  ['zext.w', 'rd, rs', 'add.uw rd, rs, zero', 'rd = zext(rs[31:0])', 'Zba'],
  ['seqz', 'rd, rs', 'sltiu rd, rs, 1', 'rd = (rs == 0) ? 1 : 0'],
  ['snez', 'rd, rs', 'sltu rd, zero, rs', 'rd = (rs != 0) ? 1 : 0'],
  ['sltz', 'rd, rs', 'slt rd, rs, zero', 'rd = (rs < 0) ? 1 : 0'],
  ['sgtz', 'rd, rs', 'slt rd, zero, rs', 'rd = (rs > 0) ? 1 : 0'],
  ['sgt', 'rd, rs, rt', 'slt rd, rt, rs', 'rd = (rs > rt) ? 1 : 0, signed'],
  ['sgtu', 'rd, rs, rt', 'sltu rd, rt, rs', 'rd = (rs > rt) ? 1 : 0, unsigned'],
  ['beqz', 'rs, label', 'beq rs, zero, label', 'if rs == 0: pc = label'],
  ['bnez', 'rs, label', 'bne rs, zero, label', 'if rs != 0: pc = label'],
  ['blez', 'rs, label', 'bge zero, rs, label', 'if rs <= 0: pc = label'],
  ['bgez', 'rs, label', 'bge rs, zero, label', 'if rs >= 0: pc = label'],
  ['bltz', 'rs, label', 'blt rs, zero, label', 'if rs < 0: pc = label'],
  ['bgtz', 'rs, label', 'blt zero, rs, label', 'if rs > 0: pc = label'],
  ['bgt', 'rs, rt, label', 'blt rt, rs, label', 'if rs > rt (signed): pc = label'],
  ['ble', 'rs, rt, label', 'bge rt, rs, label', 'if rs <= rt (signed): pc = label'],
  ['bgtu', 'rs, rt, label', 'bltu rt, rs, label', 'if rs > rt (unsigned): pc = label'],
  ['bleu', 'rs, rt, label', 'bgeu rt, rs, label', 'if rs <= rt (unsigned): pc = label'],
  ['j', 'label', 'jal zero, label', 'pc = label (±1 MiB)'],
  ['jal', 'label', 'jal ra, label', 'ra = pc + 4; pc = label'],
  ['jr', 'rs', 'jalr zero, 0(rs)', 'pc = rs'],
  ['jalr', 'rs', 'jalr ra, 0(rs)', 'ra = pc + 4; pc = rs'],
  ['ret', '', 'jalr zero, 0(ra)', 'return: pc = ra'],
  ['call', 'symbol', 'auipc ra, %pcrel_hi(symbol); jalr ra, %pcrel_lo(symbol)(ra)', 'call a function anywhere in ±2 GiB: ra = return address'],
  ['call', 'rd, symbol', 'auipc rd, %pcrel_hi(symbol); jalr rd, %pcrel_lo(symbol)(rd)', 'call with rd as the link register'],
  ['tail', 'symbol', 'auipc t1, %pcrel_hi(symbol); jalr zero, %pcrel_lo(symbol)(t1)', 'tail call (jump without link) anywhere in ±2 GiB; clobbers t1'],
  ['jump', 'label, rt', 'auipc rt, %pcrel_hi(label); jalr zero, %pcrel_lo(label)(rt)', 'far jump using rt as scratch'],
  ['fence', '', 'fence iorw, iorw', 'full memory and I/O fence'],
  ['csrr', 'rd, csr', 'csrrs rd, csr, zero', 'rd = csr'],
  ['csrw', 'csr, rs', 'csrrw zero, csr, rs', 'csr = rs', 'Zicsr'],
  ['csrs', 'csr, rs', 'csrrs zero, csr, rs', 'csr |= rs (set bits)', 'Zicsr'],
  ['csrc', 'csr, rs', 'csrrc zero, csr, rs', 'csr &= ~rs (clear bits)', 'Zicsr'],
  ['csrwi', 'csr, uimm5', 'csrrwi zero, csr, uimm5', 'csr = uimm5', 'Zicsr'],
  ['csrsi', 'csr, uimm5', 'csrrsi zero, csr, uimm5', 'csr |= uimm5 (set bits)', 'Zicsr'],
  ['csrci', 'csr, uimm5', 'csrrci zero, csr, uimm5', 'csr &= ~uimm5 (clear bits)', 'Zicsr'],
  ['frcsr', 'rd', 'csrrs rd, fcsr, zero', 'rd = fcsr (rounding mode and exception flags)', 'F'],
  ['fscsr', 'rd, rs', 'csrrw rd, fcsr, rs', 'rd = fcsr; fcsr = rs', 'F'],
  ['fscsr', 'rs', 'csrrw zero, fcsr, rs', 'fcsr = rs', 'F'],
  ['frrm', 'rd', 'csrrs rd, frm, zero', 'rd = frm (dynamic rounding mode)', 'F'],
  ['fsrm', 'rd, rs', 'csrrw rd, frm, rs', 'rd = frm; frm = rs', 'F'],
  ['fsrm', 'rs', 'csrrw zero, frm, rs', 'frm = rs', 'F'],
  ['fsrmi', 'rd, uimm5', 'csrrwi rd, frm, uimm5', 'rd = frm; frm = uimm5', 'F'],
  ['fsrmi', 'uimm5', 'csrrwi zero, frm, uimm5', 'frm = uimm5', 'F'],
  ['frflags', 'rd', 'csrrs rd, fflags, zero', 'rd = fflags (accrued exception flags)', 'F'],
  ['fsflags', 'rd, rs', 'csrrw rd, fflags, rs', 'rd = fflags; fflags = rs', 'F'],
  ['fsflags', 'rs', 'csrrw zero, fflags, rs', 'fflags = rs', 'F'],
  ['fsflagsi', 'rd, uimm5', 'csrrwi rd, fflags, uimm5', 'rd = fflags; fflags = uimm5', 'F'],
  ['fsflagsi', 'uimm5', 'csrrwi zero, fflags, uimm5', 'fflags = uimm5', 'F'],
  ['fmv.s', 'frd, frs', 'fsgnj.s frd, frs, frs', 'frd = frs (single)', 'F'],
  ['fabs.s', 'frd, frs', 'fsgnjx.s frd, frs, frs', 'frd = |frs| (single)', 'F'],
  ['fneg.s', 'frd, frs', 'fsgnjn.s frd, frs, frs', 'frd = -frs (single)', 'F'],
  ['fmv.d', 'frd, frs', 'fsgnj.d frd, frs, frs', 'frd = frs (double)', 'D'],
  ['fabs.d', 'frd, frs', 'fsgnjx.d frd, frs, frs', 'frd = |frs| (double)', 'D'],
  ['fneg.d', 'frd, frs', 'fsgnjn.d frd, frs, frs', 'frd = -frs (double)', 'D'],
  ['fmv.x.s', 'rd, frs1', 'fmv.x.w rd, frs1', 'old name of fmv.x.w: rd = sext(frs1[31:0])', 'F'],
  ['fmv.s.x', 'frd, rs1', 'fmv.w.x frd, rs1', 'old name of fmv.w.x: frd = NaN-box(rs1[31:0])', 'F'],
  ['rdcycle', 'rd', 'csrrs rd, cycle, zero', 'rd = cycle counter', 'Zicntr'],
  ['rdtime', 'rd', 'csrrs rd, time, zero', 'rd = real-time counter (mtime)', 'Zicntr'],
  ['rdinstret', 'rd', 'csrrs rd, instret, zero', 'rd = instructions retired', 'Zicntr'],
  ['unimp', '', 'c.unimp (0x0000) with C, else csrrw zero, cycle, zero (0xc0001073)', 'an instruction that is always illegal'],
];

export const pseudoDocs: PseudoDoc[] = ROWS.map(([name, syntax, expansion, meaning, ext]) =>
  ({ name, syntax, expansion, meaning, ext: ext ?? (name.startsWith('csr') ? 'Zicsr' : 'RV64I') }));
