/**
 * RV64F and RV64D instruction descriptions (RISC-V unprivileged spec, "F" and "D"
 * chapters, and the "RV32/64G Instruction Set Listings" opcode map). The semantics live
 * in emulator/fp/*; every template first calls h.fpOn($insn) (illegal when mstatus.FS
 * is Off, else FS := Dirty), and the helpers raise illegal for reserved rounding modes.
 * `rv64fdLib` lists every helper the templates call; the block compiler binds each
 * entry under its own name in generated code.
 */
import { InsnDef, InsnFlag, OperandFormat } from './types';
import { probe } from './rv64i';
import {
  fAddS, fSubS, fMulS, fDivS, fSqrtS, fMaddS, fMsubS, fNmsubS, fNmaddS,
} from '../fp/arithS';
import {
  fAddD, fSubD, fMulD, fDivD, fSqrtD, fMaddD, fMsubD, fNmsubD, fNmaddD,
} from '../fp/arithD';
import {
  fCvtWS, fCvtWUS, fCvtLS, fCvtLUS, fCvtWD, fCvtWUD, fCvtLD, fCvtLUD,
  fCvtSW, fCvtSWU, fCvtSL, fCvtSLU, fCvtDW, fCvtDWU, fCvtDL, fCvtDLU, fCvtSD, fCvtDS,
} from '../fp/convert';
import {
  fSgnjS, fSgnjD, fMinMaxS, fMinMaxD, fCmpS, fCmpD, fClassS, fClassD,
  fMvXW, fMvWX, fMvXD, fMvDX,
} from '../fp/misc';

export const rv64fdLib = {
  fAddS, fSubS, fMulS, fDivS, fSqrtS, fMaddS, fMsubS, fNmsubS, fNmaddS,
  fAddD, fSubD, fMulD, fDivD, fSqrtD, fMaddD, fMsubD, fNmsubD, fNmaddD,
  fCvtWS, fCvtWUS, fCvtLS, fCvtLUS, fCvtWD, fCvtWUD, fCvtLD, fCvtLUD,
  fCvtSW, fCvtSWU, fCvtSL, fCvtSLU, fCvtDW, fCvtDWU, fCvtDL, fCvtDLU, fCvtSD, fCvtDS,
  fSgnjS, fSgnjD, fMinMaxS, fMinMaxD, fCmpS, fCmpD, fClassS, fClassD,
  fMvXW, fMvWX, fMvXD, fMvDX,
};

const OP_FP = 0x53;
const MASK_FUNCT7 = 0xfe00007f;            // funct7 + opcode (rm free)
const MASK_FUNCT7_RS2 = 0xfff0007f;        // + rs2 fixed
const MASK_FUNCT7_F3 = 0xfe00707f;         // + funct3 fixed
const MASK_FUNCT7_RS2_F3 = 0xfff0707f;     // + rs2 and funct3 fixed
const MASK_R4 = 0x0600007f;                // fmt (bits 26:25) + opcode
const MASK_LS = 0x0000707f;                // funct3 + opcode

const T = InsnFlag.MayTrap;
/** FS must not be Off; FS becomes Dirty (skips the call when it already is). */
const FP_ON = 'if ((h.mstatus & 24576) !== 24576) h.fpOn($insn); ';

/** The wasm tier leaves F and D to the JavaScript tiers. */
const WASM = { fallback: 'FP: rounding modes and exact flags need the JS softfloat helpers' };

function def(name: string, ext: string, match: number, mask: number, fmt: OperandFormat,
  exec: string, flags: number = T): InsnDef {
  return { name, ext, match: match | 0, mask: mask | 0, fmt, flags, exec: FP_ON + exec, wasm: WASM };
}

/** OP-FP encoding: funct7 (bits 31:25), rs2 field value, funct3. */
function opfp(funct7: number, rs2 = 0, funct3 = 0): number {
  return (funct7 << 25) | (rs2 << 20) | (funct3 << 12) | OP_FP;
}

/** Per-precision descriptions; fmt bit (funct7 bit 0 / R4 bits 26:25) is 0 for S, 1 for D. */
function precision(p: 'S' | 'D'): InsnDef[] {
  const e = p === 'S' ? 'F' : 'D';
  const x = p === 'S' ? 0 : 1;
  const s = p.toLowerCase();
  const r3 = (fn: string): string => `f${fn}${p}(h, $frd, $frs1, $frs2, $rm, $insn);`;
  // Inline fast path for add/sub/mul/div: with round-to-nearest-even and NX already
  // accrued, a result in the normal range is JS's own (RNE) result and raises no new
  // flag. Anything else (NaN, infinity, tiny or huge results, other modes) calls the
  // exact helper. Singles: the double result of two singles rounded to single is
  // correctly rounded (double rounding is innocuous for p = 24, 53 >= 2p + 2).
  const RNE_NX = '($rm === 0 || ($rm === 7 && h.frm === 0)) && (h.fflags & 1) !== 0';
  const fast = (op: string, fn: string): string => p === 'D'
    ? `{ const r = fd[$frs1] ${op} fd[$frs2], ar = Math.abs(r);
        if (${RNE_NX} && ar >= 4.450147717014403e-308 && ar <= 4.49423283715579e307) fd[$frd] = r;
        else ${r3(fn)} }`
    : `{ const r = Math.fround(fs[$frs1 * 2] ${op} fs[$frs2 * 2]), ar = Math.abs(r);
        if (${RNE_NX} && f[$frs1 * 2 + 1] === -1 && f[$frs2 * 2 + 1] === -1 && ar >= 2.350988701644575e-38 && ar <= 1.7014118346046923e38) { fs[$frd * 2] = r; f[$frd * 2 + 1] = -1; }
        else ${r3(fn)} }`;
  const r4 = (fn: string): string => `f${fn}${p}(h, $frd, $frs1, $frs2, $frs3, $rm, $insn);`;
  return [
    def(`fmadd.${s}`, e, 0x43 | (x << 25), MASK_R4, 'FR4', r4('Madd')),
    def(`fmsub.${s}`, e, 0x47 | (x << 25), MASK_R4, 'FR4', r4('Msub')),
    def(`fnmsub.${s}`, e, 0x4b | (x << 25), MASK_R4, 'FR4', r4('Nmsub')),
    def(`fnmadd.${s}`, e, 0x4f | (x << 25), MASK_R4, 'FR4', r4('Nmadd')),
    def(`fadd.${s}`, e, opfp(0x00 | x), MASK_FUNCT7, 'FR', fast('+', 'Add')),
    def(`fsub.${s}`, e, opfp(0x04 | x), MASK_FUNCT7, 'FR', fast('-', 'Sub')),
    def(`fmul.${s}`, e, opfp(0x08 | x), MASK_FUNCT7, 'FR', fast('*', 'Mul')),
    def(`fdiv.${s}`, e, opfp(0x0c | x), MASK_FUNCT7, 'FR', fast('/', 'Div')),
    def(`fsqrt.${s}`, e, opfp(0x2c | x), MASK_FUNCT7_RS2, 'FR1', `fSqrt${p}(h, $frd, $frs1, $rm, $insn);`),
    def(`fsgnj.${s}`, e, opfp(0x10 | x, 0, 0), MASK_FUNCT7_F3, 'FSGNJ', `fSgnj${p}(h, $frd, $frs1, $frs2, 0);`),
    def(`fsgnjn.${s}`, e, opfp(0x10 | x, 0, 1), MASK_FUNCT7_F3, 'FSGNJ', `fSgnj${p}(h, $frd, $frs1, $frs2, 1);`),
    def(`fsgnjx.${s}`, e, opfp(0x10 | x, 0, 2), MASK_FUNCT7_F3, 'FSGNJ', `fSgnj${p}(h, $frd, $frs1, $frs2, 2);`),
    def(`fmin.${s}`, e, opfp(0x14 | x, 0, 0), MASK_FUNCT7_F3, 'FSGNJ', `fMinMax${p}(h, $frd, $frs1, $frs2, 0);`),
    def(`fmax.${s}`, e, opfp(0x14 | x, 0, 1), MASK_FUNCT7_F3, 'FSGNJ', `fMinMax${p}(h, $frd, $frs1, $frs2, 1);`),
    def(`feq.${s}`, e, opfp(0x50 | x, 0, 2), MASK_FUNCT7_F3, 'FCMP', `fCmp${p}(h, $rd, $frs1, $frs2, 2);`),
    def(`flt.${s}`, e, opfp(0x50 | x, 0, 1), MASK_FUNCT7_F3, 'FCMP', `fCmp${p}(h, $rd, $frs1, $frs2, 1);`),
    def(`fle.${s}`, e, opfp(0x50 | x, 0, 0), MASK_FUNCT7_F3, 'FCMP', `fCmp${p}(h, $rd, $frs1, $frs2, 0);`),
    def(`fclass.${s}`, e, opfp(0x70 | x, 0, 1), MASK_FUNCT7_RS2_F3, 'FMV_X_F', `fClass${p}(h, $rd, $frs1);`),
    def(`fcvt.w.${s}`, e, opfp(0x60 | x, 0), MASK_FUNCT7_RS2, 'FCVT_X_F', `fCvtW${p}(h, $rd, $frs1, $rm, $insn);`),
    def(`fcvt.wu.${s}`, e, opfp(0x60 | x, 1), MASK_FUNCT7_RS2, 'FCVT_X_F', `fCvtWU${p}(h, $rd, $frs1, $rm, $insn);`),
    def(`fcvt.l.${s}`, e, opfp(0x60 | x, 2), MASK_FUNCT7_RS2, 'FCVT_X_F', `fCvtL${p}(h, $rd, $frs1, $rm, $insn);`),
    def(`fcvt.lu.${s}`, e, opfp(0x60 | x, 3), MASK_FUNCT7_RS2, 'FCVT_X_F', `fCvtLU${p}(h, $rd, $frs1, $rm, $insn);`),
    def(`fcvt.${s}.w`, e, opfp(0x68 | x, 0), MASK_FUNCT7_RS2, 'FCVT_F_X', `fCvt${p}W(h, $frd, $rs1, $rm, $insn);`),
    def(`fcvt.${s}.wu`, e, opfp(0x68 | x, 1), MASK_FUNCT7_RS2, 'FCVT_F_X', `fCvt${p}WU(h, $frd, $rs1, $rm, $insn);`),
    def(`fcvt.${s}.l`, e, opfp(0x68 | x, 2), MASK_FUNCT7_RS2, 'FCVT_F_X', `fCvt${p}L(h, $frd, $rs1, $rm, $insn);`),
    def(`fcvt.${s}.lu`, e, opfp(0x68 | x, 3), MASK_FUNCT7_RS2, 'FCVT_F_X', `fCvt${p}LU(h, $frd, $rs1, $rm, $insn);`),
  ];
}

export const rv64fd: InsnDef[] = [
  // Loads and stores (LOAD-FP 0000111, STORE-FP 0100111; width 010 = W, 011 = D).
  def('flw', 'F', 0x2007, MASK_LS, 'FL', `{ ${probe('loadBase', 4)}
    f[$frd * 2] = hit ? dv.getInt32(o, true) : h.loadSlow(a, 4, $pc); f[$frd * 2 + 1] = -1; }`, T | InsnFlag.Memory),
  def('fsw', 'F', 0x2027, MASK_LS, 'FS', `{ ${probe('storeBase', 4)}
    if (hit) dv.setInt32(o, f[$frs2 * 2], true); else h.storeSlow(a, 4, f[$frs2 * 2], 0, $pc); }`, T | InsnFlag.Memory),
  def('fld', 'D', 0x3007, MASK_LS, 'FL', `{ ${probe('loadBase', 8)}
    if (hit) { f[$frd * 2] = dv.getInt32(o, true); f[$frd * 2 + 1] = dv.getInt32(o + 4, true); }
    else { f[$frd * 2] = h.loadSlow(a, 8, $pc); f[$frd * 2 + 1] = h.ldHi; } }`, T | InsnFlag.Memory),
  def('fsd', 'D', 0x3027, MASK_LS, 'FS', `{ ${probe('storeBase', 8)}
    if (hit) { dv.setInt32(o, f[$frs2 * 2], true); dv.setInt32(o + 4, f[$frs2 * 2 + 1], true); }
    else h.storeSlow(a, 8, f[$frs2 * 2], f[$frs2 * 2 + 1], $pc); }`, T | InsnFlag.Memory),
  ...precision('S'),
  ...precision('D'),
  // Moves (funct3 000 of the fclass group) and the precision conversions.
  def('fmv.x.w', 'F', opfp(0x70, 0, 0), MASK_FUNCT7_RS2_F3, 'FMV_X_F', 'fMvXW(h, $rd, $frs1);'),
  def('fmv.w.x', 'F', opfp(0x78, 0, 0), MASK_FUNCT7_RS2_F3, 'FMV_F_X', 'fMvWX(h, $frd, $rs1);'),
  def('fmv.x.d', 'D', opfp(0x71, 0, 0), MASK_FUNCT7_RS2_F3, 'FMV_X_F', 'fMvXD(h, $rd, $frs1);'),
  def('fmv.d.x', 'D', opfp(0x79, 0, 0), MASK_FUNCT7_RS2_F3, 'FMV_F_X', 'fMvDX(h, $frd, $rs1);'),
  def('fcvt.s.d', 'D', opfp(0x20, 1), MASK_FUNCT7_RS2, 'FR1', 'fCvtSD(h, $frd, $frs1, $rm, $insn);'),
  def('fcvt.d.s', 'D', opfp(0x21, 0), MASK_FUNCT7_RS2, 'FR1', 'fCvtDS(h, $frd, $frs1, $rm, $insn);'),
];
