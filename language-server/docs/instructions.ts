/**
 * Instruction documentation for the language server: one entry per mnemonic the
 * assembler accepts — every InsnDef of emulator/isa/tables.ts (syntax derived from its
 * operand format, encoding format, match/mask), the compressed `c.*` mnemonics
 * (docs/compressed.ts) and the pseudo-instructions (docs/pseudo.ts). The one-line
 * meanings follow the RISC-V unprivileged spec 20191213 and privileged spec 20211203.
 * Pure data and lookups; used by hover and completion.
 */
import { allInsns } from '../../emulator/isa/tables';
import type { OperandFormat } from '../../emulator/isa/types';
import { compressedDocs } from './compressed';
import { pseudoDocs } from './pseudo';

export interface InsnForm {
  /** Operand template, e.g. "rd, rs1, imm12" ("" when there are none). */
  syntax: string;
  /** For pseudo forms: the real instruction(s) it stands for. */
  expansion?: string;
}

export interface InsnDoc {
  name: string;
  kind: 'base' | 'compressed' | 'pseudo';
  /** Operand templates: the real encoding first, then pseudo forms of the same mnemonic. */
  forms: InsnForm[];
  meaning: string;
  /** Extension as shown to the user: "RV64I", "M", "Zicsr", "privileged", ... */
  ext: string;
  /** Encoding format (R, I, S, B, U, J, R4, CR, CI, ...), real instructions only. */
  format?: string;
  match?: number;
  mask?: number;
  /** Encoding width in bits (16 for c.*). */
  width?: 16 | 32;
}

/** Operand templates per operand format (GNU as syntax). */
const SYNTAX: Record<OperandFormat, string> = {
  R: 'rd, rs1, rs2', R1: 'rd, rs1', I: 'rd, rs1, imm12', SH: 'rd, rs1, shamt6', SHW: 'rd, rs1, shamt5',
  L: 'rd, imm12(rs1)', S: 'rs2, imm12(rs1)', B: 'rs1, rs2, label', U: 'rd, imm20', J: 'rd, label',
  CSR: 'rd, csr, rs1', CSRI: 'rd, csr, uimm5', AMO: 'rd, rs2, (rs1)', LR: 'rd, (rs1)', NONE: '',
  FENCE: 'pred, succ', SFENCE: 'rs1, rs2', FR: 'frd, frs1, frs2[, rm]',
  FR4: 'frd, frs1, frs2, frs3[, rm]', FR1: 'frd, frs1[, rm]', FSGNJ: 'frd, frs1, frs2',
  FCMP: 'rd, frs1, frs2', FCVT_X_F: 'rd, frs1[, rm]', FCVT_F_X: 'frd, rs1[, rm]',
  FMV_X_F: 'rd, frs1', FMV_F_X: 'frd, rs1', FL: 'frd, imm12(rs1)', FS: 'frs2, imm12(rs1)',
  CBO: '(rs1)', HLV: 'rd, (rs1)', HSV: 'rs2, (rs1)',
};

/** Base encoding format of each operand format (unprivileged spec 2.3, 11.x). */
const FORMAT: Record<OperandFormat, string> = {
  R: 'R', R1: 'I', I: 'I', SH: 'I', SHW: 'I', L: 'I', S: 'S', B: 'B', U: 'U', J: 'J', CSR: 'I', CSRI: 'I',
  AMO: 'R', LR: 'R', NONE: 'I', FENCE: 'I', SFENCE: 'R', FR: 'R', FR4: 'R4', FR1: 'R',
  FSGNJ: 'R', FCMP: 'R', FCVT_X_F: 'R', FCVT_F_X: 'R', FMV_X_F: 'R', FMV_F_X: 'R', FL: 'I', FS: 'S',
  CBO: 'I', HLV: 'R', HSV: 'R',
};

const EXT_NAMES: Record<string, string> = { I: 'RV64I', Priv: 'privileged' };

/** Syntax differing from the operand format's default. */
const SYNTAX_OVERRIDE: Record<string, string> = {
  jalr: 'rd, imm12(rs1)', ecall: '', ebreak: '', 'fence.i': '',
};

/** Meaning of every real (32-bit) instruction; sext = sign-extend, zext = zero-extend. */
const MEANING: Record<string, string> = {
  // RV64I
  lui: 'rd = sext(imm20 << 12)',
  auipc: 'rd = pc + sext(imm20 << 12)',
  jal: 'rd = pc + 4; pc = label (±1 MiB)',
  jalr: 'rd = pc + 4; pc = (rs1 + sext(imm12)) & ~1',
  beq: 'if rs1 == rs2: pc = label (±4 KiB)',
  bne: 'if rs1 != rs2: pc = label (±4 KiB)',
  blt: 'if rs1 < rs2 (signed): pc = label (±4 KiB)',
  bge: 'if rs1 >= rs2 (signed): pc = label (±4 KiB)',
  bltu: 'if rs1 < rs2 (unsigned): pc = label (±4 KiB)',
  bgeu: 'if rs1 >= rs2 (unsigned): pc = label (±4 KiB)',
  lb: 'rd = sext(mem8[rs1 + sext(imm12)])',
  lh: 'rd = sext(mem16[rs1 + sext(imm12)])',
  lw: 'rd = sext(mem32[rs1 + sext(imm12)])',
  ld: 'rd = mem64[rs1 + sext(imm12)]',
  lbu: 'rd = zext(mem8[rs1 + sext(imm12)])',
  lhu: 'rd = zext(mem16[rs1 + sext(imm12)])',
  lwu: 'rd = zext(mem32[rs1 + sext(imm12)])',
  sb: 'mem8[rs1 + sext(imm12)] = rs2[7:0]',
  sh: 'mem16[rs1 + sext(imm12)] = rs2[15:0]',
  sw: 'mem32[rs1 + sext(imm12)] = rs2[31:0]',
  sd: 'mem64[rs1 + sext(imm12)] = rs2',
  addi: 'rd = rs1 + sext(imm12)',
  slti: 'rd = (rs1 < sext(imm12)) ? 1 : 0, signed compare',
  sltiu: 'rd = (rs1 < sext(imm12)) ? 1 : 0, unsigned compare',
  xori: 'rd = rs1 ^ sext(imm12)',
  ori: 'rd = rs1 | sext(imm12)',
  andi: 'rd = rs1 & sext(imm12)',
  slli: 'rd = rs1 << shamt6',
  srli: 'rd = rs1 >> shamt6 (logical)',
  srai: 'rd = rs1 >> shamt6 (arithmetic)',
  add: 'rd = rs1 + rs2',
  sub: 'rd = rs1 - rs2',
  sll: 'rd = rs1 << rs2[5:0]',
  slt: 'rd = (rs1 < rs2) ? 1 : 0, signed compare',
  sltu: 'rd = (rs1 < rs2) ? 1 : 0, unsigned compare',
  xor: 'rd = rs1 ^ rs2',
  srl: 'rd = rs1 >> rs2[5:0] (logical)',
  sra: 'rd = rs1 >> rs2[5:0] (arithmetic)',
  or: 'rd = rs1 | rs2',
  and: 'rd = rs1 & rs2',
  addiw: 'rd = sext((rs1 + sext(imm12))[31:0])',
  slliw: 'rd = sext((rs1 << shamt5)[31:0])',
  srliw: 'rd = sext(rs1[31:0] >> shamt5), logical shift of the low word',
  sraiw: 'rd = sext(rs1[31:0] >> shamt5), arithmetic shift of the low word',
  addw: 'rd = sext((rs1 + rs2)[31:0])',
  subw: 'rd = sext((rs1 - rs2)[31:0])',
  sllw: 'rd = sext((rs1 << rs2[4:0])[31:0])',
  srlw: 'rd = sext(rs1[31:0] >> rs2[4:0]), logical shift of the low word',
  sraw: 'rd = sext(rs1[31:0] >> rs2[4:0]), arithmetic shift of the low word',
  fence: 'order the pred accesses (i, o, r, w) before the succ accesses',
  ecall: 'raise an environment-call exception (system call / SBI call)',
  ebreak: 'raise a breakpoint exception (debugger trap)',
  // M
  mul: 'rd = (rs1 * rs2)[63:0]',
  mulh: 'rd = (rs1 * rs2)[127:64], signed × signed',
  mulhsu: 'rd = (rs1 * rs2)[127:64], signed rs1 × unsigned rs2',
  mulhu: 'rd = (rs1 * rs2)[127:64], unsigned × unsigned',
  div: 'rd = rs1 / rs2, signed, rounds toward zero (x/0 = -1)',
  divu: 'rd = rs1 / rs2, unsigned (x/0 = 2^64-1)',
  rem: 'rd = rs1 % rs2, signed, sign of the dividend (x%0 = x)',
  remu: 'rd = rs1 % rs2, unsigned (x%0 = x)',
  mulw: 'rd = sext((rs1 * rs2)[31:0])',
  divw: 'rd = sext(rs1[31:0] / rs2[31:0]), signed',
  divuw: 'rd = sext(rs1[31:0] / rs2[31:0]), unsigned',
  remw: 'rd = sext(rs1[31:0] % rs2[31:0]), signed',
  remuw: 'rd = sext(rs1[31:0] % rs2[31:0]), unsigned',
  // A
  'lr.w': 'rd = sext(mem32[rs1]); reserve the address (load-reserved)',
  'sc.w': 'if the reservation holds: mem32[rs1] = rs2[31:0], rd = 0; else rd = 1',
  'amoswap.w': 'atomically: rd = sext(mem32[rs1]); mem32[rs1] = rs2[31:0]',
  'amoadd.w': 'atomically: rd = sext(mem32[rs1]); mem32[rs1] += rs2[31:0]',
  'amoxor.w': 'atomically: rd = sext(mem32[rs1]); mem32[rs1] ^= rs2[31:0]',
  'amoand.w': 'atomically: rd = sext(mem32[rs1]); mem32[rs1] &= rs2[31:0]',
  'amoor.w': 'atomically: rd = sext(mem32[rs1]); mem32[rs1] |= rs2[31:0]',
  'amomin.w': 'atomically: rd = sext(mem32[rs1]); mem32[rs1] = min(mem32[rs1], rs2[31:0]), signed',
  'amomax.w': 'atomically: rd = sext(mem32[rs1]); mem32[rs1] = max(mem32[rs1], rs2[31:0]), signed',
  'amominu.w': 'atomically: rd = sext(mem32[rs1]); mem32[rs1] = min(mem32[rs1], rs2[31:0]), unsigned',
  'amomaxu.w': 'atomically: rd = sext(mem32[rs1]); mem32[rs1] = max(mem32[rs1], rs2[31:0]), unsigned',
  'lr.d': 'rd = mem64[rs1]; reserve the address (load-reserved)',
  'sc.d': 'if the reservation holds: mem64[rs1] = rs2, rd = 0; else rd = 1',
  'amoswap.d': 'atomically: rd = mem64[rs1]; mem64[rs1] = rs2',
  'amoadd.d': 'atomically: rd = mem64[rs1]; mem64[rs1] += rs2',
  'amoxor.d': 'atomically: rd = mem64[rs1]; mem64[rs1] ^= rs2',
  'amoand.d': 'atomically: rd = mem64[rs1]; mem64[rs1] &= rs2',
  'amoor.d': 'atomically: rd = mem64[rs1]; mem64[rs1] |= rs2',
  'amomin.d': 'atomically: rd = mem64[rs1]; mem64[rs1] = min(mem64[rs1], rs2), signed',
  'amomax.d': 'atomically: rd = mem64[rs1]; mem64[rs1] = max(mem64[rs1], rs2), signed',
  'amominu.d': 'atomically: rd = mem64[rs1]; mem64[rs1] = min(mem64[rs1], rs2), unsigned',
  'amomaxu.d': 'atomically: rd = mem64[rs1]; mem64[rs1] = max(mem64[rs1], rs2), unsigned',
  // F
  flw: 'frd = NaN-box(mem32[rs1 + sext(imm12)])',
  fsw: 'mem32[rs1 + sext(imm12)] = frs2[31:0]',
  'fmadd.s': 'frd = frs1 * frs2 + frs3 (single precision, one rounding)',
  'fmsub.s': 'frd = frs1 * frs2 - frs3 (single precision, one rounding)',
  'fnmsub.s': 'frd = -(frs1 * frs2) + frs3 (single precision, one rounding)',
  'fnmadd.s': 'frd = -(frs1 * frs2) - frs3 (single precision, one rounding)',
  'fadd.s': 'frd = frs1 + frs2 (single precision)',
  'fsub.s': 'frd = frs1 - frs2 (single precision)',
  'fmul.s': 'frd = frs1 * frs2 (single precision)',
  'fdiv.s': 'frd = frs1 / frs2 (single precision)',
  'fsqrt.s': 'frd = sqrt(frs1) (single precision)',
  'fsgnj.s': 'frd = |frs1| with the sign of frs2 (single)',
  'fsgnjn.s': 'frd = |frs1| with the opposite sign of frs2 (single)',
  'fsgnjx.s': 'frd = frs1 with sign(frs1) ^ sign(frs2) (single)',
  'fmin.s': 'frd = minimumNumber(frs1, frs2) (single; a NaN operand is ignored)',
  'fmax.s': 'frd = maximumNumber(frs1, frs2) (single; a NaN operand is ignored)',
  'feq.s': 'rd = (frs1 == frs2) ? 1 : 0, quiet compare (single)',
  'flt.s': 'rd = (frs1 < frs2) ? 1 : 0, signaling compare (single)',
  'fle.s': 'rd = (frs1 <= frs2) ? 1 : 0, signaling compare (single)',
  'fclass.s': 'rd = class mask of frs1 (bit 0 -inf … bit 7 +inf, 8 sNaN, 9 qNaN) (single)',
  'fcvt.w.s': 'rd = sext(int32(frs1)), rounded by rm, saturating',
  'fcvt.wu.s': 'rd = sext(uint32(frs1)), rounded by rm, saturating',
  'fcvt.l.s': 'rd = int64(frs1), rounded by rm, saturating',
  'fcvt.lu.s': 'rd = uint64(frs1), rounded by rm, saturating',
  'fcvt.s.w': 'frd = single(int32 rs1[31:0])',
  'fcvt.s.wu': 'frd = single(uint32 rs1[31:0])',
  'fcvt.s.l': 'frd = single(int64 rs1)',
  'fcvt.s.lu': 'frd = single(uint64 rs1)',
  'fmv.x.w': 'rd = sext(frs1[31:0]), raw bits',
  'fmv.w.x': 'frd = NaN-box(rs1[31:0]), raw bits',
  // D
  fld: 'frd = mem64[rs1 + sext(imm12)]',
  fsd: 'mem64[rs1 + sext(imm12)] = frs2',
  'fmadd.d': 'frd = frs1 * frs2 + frs3 (double precision, one rounding)',
  'fmsub.d': 'frd = frs1 * frs2 - frs3 (double precision, one rounding)',
  'fnmsub.d': 'frd = -(frs1 * frs2) + frs3 (double precision, one rounding)',
  'fnmadd.d': 'frd = -(frs1 * frs2) - frs3 (double precision, one rounding)',
  'fadd.d': 'frd = frs1 + frs2 (double precision)',
  'fsub.d': 'frd = frs1 - frs2 (double precision)',
  'fmul.d': 'frd = frs1 * frs2 (double precision)',
  'fdiv.d': 'frd = frs1 / frs2 (double precision)',
  'fsqrt.d': 'frd = sqrt(frs1) (double precision)',
  'fsgnj.d': 'frd = |frs1| with the sign of frs2 (double)',
  'fsgnjn.d': 'frd = |frs1| with the opposite sign of frs2 (double)',
  'fsgnjx.d': 'frd = frs1 with sign(frs1) ^ sign(frs2) (double)',
  'fmin.d': 'frd = minimumNumber(frs1, frs2) (double; a NaN operand is ignored)',
  'fmax.d': 'frd = maximumNumber(frs1, frs2) (double; a NaN operand is ignored)',
  'feq.d': 'rd = (frs1 == frs2) ? 1 : 0, quiet compare (double)',
  'flt.d': 'rd = (frs1 < frs2) ? 1 : 0, signaling compare (double)',
  'fle.d': 'rd = (frs1 <= frs2) ? 1 : 0, signaling compare (double)',
  'fclass.d': 'rd = class mask of frs1 (bit 0 -inf … bit 7 +inf, 8 sNaN, 9 qNaN) (double)',
  'fcvt.w.d': 'rd = sext(int32(frs1)), rounded by rm, saturating',
  'fcvt.wu.d': 'rd = sext(uint32(frs1)), rounded by rm, saturating',
  'fcvt.l.d': 'rd = int64(frs1), rounded by rm, saturating',
  'fcvt.lu.d': 'rd = uint64(frs1), rounded by rm, saturating',
  'fcvt.d.w': 'frd = double(int32 rs1[31:0]) (exact)',
  'fcvt.d.wu': 'frd = double(uint32 rs1[31:0]) (exact)',
  'fcvt.d.l': 'frd = double(int64 rs1)',
  'fcvt.d.lu': 'frd = double(uint64 rs1)',
  'fmv.x.d': 'rd = frs1, raw bits',
  'fmv.d.x': 'frd = rs1, raw bits',
  'fcvt.s.d': 'frd = single(frs1), rounded by rm',
  'fcvt.d.s': 'frd = double(frs1) (exact)',
  // Zicsr, Zifencei, privileged
  csrrw: 'rd = csr; csr = rs1 (no read side effects when rd is zero)',
  csrrs: 'rd = csr; csr |= rs1 (no write when rs1 is zero)',
  csrrc: 'rd = csr; csr &= ~rs1 (no write when rs1 is zero)',
  csrrwi: 'rd = csr; csr = zext(uimm5) (no read side effects when rd is zero)',
  csrrsi: 'rd = csr; csr |= zext(uimm5) (no write when uimm5 is 0)',
  csrrci: 'rd = csr; csr &= ~zext(uimm5) (no write when uimm5 is 0)',
  'fence.i': 'make earlier stores visible to this hart\'s instruction fetches',
  sret: 'return from an S-mode trap: pc = sepc, privilege = SPP, SIE = SPIE',
  mret: 'return from an M-mode trap: pc = mepc, privilege = MPP, MIE = MPIE',
  wfi: 'wait for interrupt: may stall until an interrupt is pending',
  'sfence.vma': 'order page-table updates and flush TLB entries (rs1 = address, rs2 = ASID; zero = all)',
  // Svinval
  'sinval.vma': 'invalidate TLB entries like sfence.vma, ordered only by sfence.w.inval / sfence.inval.ir',
  'sfence.w.inval': 'order earlier stores before the following sinval.vma invalidations',
  'sfence.inval.ir': 'order earlier sinval.vma invalidations before the following implicit page-table reads',
  // H (hypervisor): virtual-machine loads/stores act as though V=1 at hstatus.SPVP
  'hlv.b': 'rd = sext(guest mem8[rs1]): load as the guest (two-stage translation)',
  'hlv.bu': 'rd = zext(guest mem8[rs1])',
  'hlv.h': 'rd = sext(guest mem16[rs1])',
  'hlv.hu': 'rd = zext(guest mem16[rs1])',
  'hlv.w': 'rd = sext(guest mem32[rs1])',
  'hlv.wu': 'rd = zext(guest mem32[rs1])',
  'hlv.d': 'rd = guest mem64[rs1]',
  'hlvx.hu': 'rd = zext(guest mem16[rs1]), needing execute (not read) permission: read guest code',
  'hlvx.wu': 'rd = zext(guest mem32[rs1]), needing execute (not read) permission: read guest code',
  'hsv.b': 'guest mem8[rs1] = rs2[7:0]: store as the guest (two-stage translation)',
  'hsv.h': 'guest mem16[rs1] = rs2[15:0]',
  'hsv.w': 'guest mem32[rs1] = rs2[31:0]',
  'hsv.d': 'guest mem64[rs1] = rs2',
  'hfence.vvma': 'flush guest (VS-stage) translations of the current VMID (rs1 = guest address, rs2 = guest ASID; zero = all)',
  'hfence.gvma': 'flush G-stage translations (rs1 = guest physical address >> 2, rs2 = VMID; zero = all)',
  'hinval.vvma': 'invalidate like hfence.vvma, ordered only by sfence.w.inval / sfence.inval.ir',
  'hinval.gvma': 'invalidate like hfence.gvma, ordered only by sfence.w.inval / sfence.inval.ir',
  // Zicbom, Zicboz (64-byte cache blocks)
  'cbo.clean': 'write back the cache block containing address rs1 (no data change on HyperStep)',
  'cbo.flush': 'write back and invalidate the cache block containing address rs1',
  'cbo.inval': 'invalidate the cache block containing address rs1 (a flush when menvcfg/senvcfg.CBIE = 01)',
  'cbo.zero': 'mem[(rs1 & ~63) .. +64] = 0: zero the 64-byte cache block containing rs1',
  // Zba
  'add.uw': 'rd = rs2 + zext(rs1[31:0])',
  sh1add: 'rd = rs2 + (rs1 << 1)',
  sh2add: 'rd = rs2 + (rs1 << 2)',
  sh3add: 'rd = rs2 + (rs1 << 3)',
  'sh1add.uw': 'rd = rs2 + (zext(rs1[31:0]) << 1)',
  'sh2add.uw': 'rd = rs2 + (zext(rs1[31:0]) << 2)',
  'sh3add.uw': 'rd = rs2 + (zext(rs1[31:0]) << 3)',
  'slli.uw': 'rd = zext(rs1[31:0]) << shamt6',
  // Zbb
  andn: 'rd = rs1 & ~rs2',
  orn: 'rd = rs1 | ~rs2',
  xnor: 'rd = ~(rs1 ^ rs2)',
  clz: 'rd = number of leading zero bits of rs1 (64 for 0)',
  clzw: 'rd = number of leading zero bits of rs1[31:0] (32 for 0)',
  ctz: 'rd = number of trailing zero bits of rs1 (64 for 0)',
  ctzw: 'rd = number of trailing zero bits of rs1[31:0] (32 for 0)',
  cpop: 'rd = number of set bits of rs1',
  cpopw: 'rd = number of set bits of rs1[31:0]',
  max: 'rd = max(rs1, rs2), signed compare',
  maxu: 'rd = max(rs1, rs2), unsigned compare',
  min: 'rd = min(rs1, rs2), signed compare',
  minu: 'rd = min(rs1, rs2), unsigned compare',
  'sext.b': 'rd = sext(rs1[7:0])',
  'sext.h': 'rd = sext(rs1[15:0])',
  'zext.h': 'rd = zext(rs1[15:0])',
  rol: 'rd = rs1 rotated left by rs2[5:0]',
  rolw: 'rd = sext(rs1[31:0] rotated left by rs2[4:0])',
  ror: 'rd = rs1 rotated right by rs2[5:0]',
  rorw: 'rd = sext(rs1[31:0] rotated right by rs2[4:0])',
  rori: 'rd = rs1 rotated right by shamt6',
  roriw: 'rd = sext(rs1[31:0] rotated right by shamt5)',
  'orc.b': 'rd: each byte = 0xff if that byte of rs1 is non-zero, else 0x00',
  rev8: 'rd = rs1 with its 8 bytes in reverse order',
  // Zbc
  clmul: 'rd = carry-less product (rs1 clmul rs2)[63:0]',
  clmulh: 'rd = carry-less product (rs1 clmul rs2)[127:64]',
  clmulr: 'rd = carry-less product (rs1 clmul rs2)[126:63]',
  // Zbs
  bclr: 'rd = rs1 with bit rs2[5:0] cleared',
  bclri: 'rd = rs1 with bit shamt6 cleared',
  bext: 'rd = bit rs2[5:0] of rs1 (0 or 1)',
  bexti: 'rd = bit shamt6 of rs1 (0 or 1)',
  binv: 'rd = rs1 with bit rs2[5:0] inverted',
  binvi: 'rd = rs1 with bit shamt6 inverted',
  bset: 'rd = rs1 with bit rs2[5:0] set',
  bseti: 'rd = rs1 with bit shamt6 set',
  // Zicond, Zihintpause
  'czero.eqz': 'rd = (rs2 == 0) ? 0 : rs1',
  'czero.nez': 'rd = (rs2 != 0) ? 0 : rs1',
  pause: 'hint: pause briefly (spin-wait loops); no architectural effect',
};

let table: Map<string, InsnDoc> | undefined;

function buildTable(): Map<string, InsnDoc> {
  const t = new Map<string, InsnDoc>();
  for (const d of allInsns) {
    if (t.has(d.name)) continue; // a specialisation (the marker `slli`): the first definition documents the name
    t.set(d.name, {
      name: d.name, kind: 'base', forms: [{ syntax: SYNTAX_OVERRIDE[d.name] ?? SYNTAX[d.fmt] }],
      meaning: MEANING[d.name] ?? '', ext: EXT_NAMES[d.ext] ?? d.ext, format: FORMAT[d.fmt],
      match: d.match >>> 0, mask: d.mask >>> 0, width: 32,
    });
  }
  for (const c of compressedDocs) {
    t.set(c.name, {
      name: c.name, kind: 'compressed', forms: [{ syntax: c.syntax, expansion: c.expansion }],
      meaning: c.meaning, ext: 'C', format: c.format, match: c.match, mask: c.mask, width: 16,
    });
  }
  for (const p of pseudoDocs) {
    const form = { syntax: p.syntax, expansion: p.expansion };
    const old = t.get(p.name);
    if (old !== undefined) {
      old.forms.push(form);
      continue;
    }
    t.set(p.name, { name: p.name, kind: 'pseudo', forms: [form], meaning: p.meaning, ext: p.ext });
  }
  return t;
}

/** All documented mnemonics. */
export function allInsnDocs(): InsnDoc[] {
  table ??= buildTable();
  return [...table.values()];
}

/** Documentation for a mnemonic (case-insensitive; `.aq`/`.rl`/`.aqrl` suffixes of A instructions ignored). */
export function insnDoc(mnemonic: string): InsnDoc | undefined {
  table ??= buildTable();
  const m = mnemonic.toLowerCase();
  return table.get(m) ?? table.get(m.replace(/\.(aqrl|aq|rl)$/, ''));
}

/** Hex text of an encoding word, padded to its width ("0x00000013", "0x0001"). */
export function hexWord(v: number, width: 16 | 32 = 32): string {
  return '0x' + (v >>> 0).toString(16).padStart(width / 4, '0');
}
