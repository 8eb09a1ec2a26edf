/**
 * The slice of the hart that the F/D semantics (emulator/fp/*) use, plus the shared
 * constants: accrued-exception flag bits and rounding modes (RISC-V unprivileged spec,
 * "F" chapter, section "Floating-Point Control and Status Register"), canonical NaNs,
 * and rounding-mode resolution. Tests drive the semantics through a fake FpHart.
 */

/** Register file, CSR state and the hart services used by the FP helpers. */
export interface FpHart {
  /** Raw FP register bits: register i = words 2i (low) and 2i+1 (high). */
  f: Int32Array;
  /** Views over the same buffer: register i as a double = fd[i], as a single = fs[2i]. */
  fd: Float64Array;
  fs: Float32Array;
  /** Integer registers, low and high words; index 32 is the write sink. */
  xl: Int32Array;
  xh: Int32Array;
  /** fcsr.fflags (NX=1 UF=2 OF=4 DZ=8 NV=16), accrued by OR. */
  fflags: number;
  /** fcsr.frm, the dynamic rounding mode. */
  frm: number;
  /** Raise IllegalInstruction with tval = insn (throws). */
  illegal(insn: number): never;
  /** Raise IllegalInstruction if mstatus.FS is Off, else mark FS Dirty. */
  fpOn(insn: number): void;
}

/** Accrued exception flags (fflags bit positions). */
export const NX = 1;
export const UF = 2;
export const OF = 4;
export const DZ = 8;
export const NV = 16;

/** Rounding modes (the rm encodings of the F chapter, table "Rounding mode encoding"). */
export const RNE = 0;
export const RTZ = 1;
export const RDN = 2;
export const RUP = 3;
export const RMM = 4;
/** rm field value selecting the dynamic rounding mode in frm. */
export const DYN = 7;

/** Canonical NaN bit patterns (F chapter "NaN Generation and Propagation"). */
export const CANON_NAN_S = 0x7fc00000;
export const CANON_NAN_D_HI = 0x7ff80000;

/**
 * Resolves an instruction's rm field: 7 selects frm; 5, 6 (static or dynamic) and a
 * dynamic frm >= 5 are reserved and make the instruction illegal.
 */
export function resolveRm(h: FpHart, rm: number, insn: number): number {
  if (rm === DYN) rm = h.frm;
  if (rm > 4) h.illegal(insn);
  return rm;
}
