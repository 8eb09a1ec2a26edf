/**
 * RISC-V register names for the debugger: ABI names of the integer and floating-point
 * registers and the mapping from any accepted spelling ('x5', 't0', 'fp', 'f3', 'fa0',
 * optionally '$'-prefixed, any case) to the DWARF register number (0-31 x, 32-63 f).
 */

/** ABI names of x0..x31. */
export const ABI_NAMES: readonly string[] = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2',
  's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7',
  's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

/** ABI names of f0..f31. */
export const FP_ABI_NAMES: readonly string[] = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7',
  'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7',
  'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];

/** DWARF register number of x0 and f0 (RISC-V psABI DWARF numbering). */
export const DWARF_X0 = 0;
export const DWARF_F0 = 32;
/** Pseudo register number for the pc. Not a real DWARF register (the psABI has no
 *  DWARF number for the pc); used only inside the debugger to name it. */
export const DWARF_PC = -1;

const BY_NAME = new Map<string, number>();
for (let i = 0; i < 32; i++) {
  BY_NAME.set(`x${i}`, DWARF_X0 + i);
  BY_NAME.set(ABI_NAMES[i], DWARF_X0 + i);
  BY_NAME.set(`f${i}`, DWARF_F0 + i);
  BY_NAME.set(FP_ABI_NAMES[i], DWARF_F0 + i);
}
BY_NAME.set('fp', DWARF_X0 + 8);

/** DWARF register number for a register name, or undefined when not a register. */
export function registerNumber(name: string): number | undefined {
  const n = (name.startsWith('$') ? name.slice(1) : name).toLowerCase();
  return BY_NAME.get(n);
}

/** True for DWARF numbers 32-63 (f0-f31). */
export function isFpReg(n: number): boolean {
  return n >= DWARF_F0 && n < DWARF_F0 + 32;
}

/** True for DWARF numbers 0-31 (x0-x31). */
export function isIntReg(n: number): boolean {
  return n >= DWARF_X0 && n < DWARF_X0 + 32;
}

/** ABI name of a DWARF register number ('a0', 'fa0'), or undefined. */
export function registerName(n: number): string | undefined {
  if (isIntReg(n)) return ABI_NAMES[n - DWARF_X0];
  if (isFpReg(n)) return FP_ABI_NAMES[n - DWARF_F0];
  return undefined;
}
