/**
 * Register documentation for the language server: integer and floating-point
 * registers with their numeric (x5, f10) and ABI (t0, fa0) names and calling-convention
 * role (RISC-V psABI / unprivileged spec 20191213 table 25.1). `fp` is an alias of s0.
 */
import { fNames, xNames } from '../../emulator/isa/disasm';

export interface RegisterDoc {
  /** "x10" / "f10". */
  number: string;
  abi: string;
  role: string;
  /** "caller-saved", "callee-saved" or "" (zero, sp, gp, tp). */
  saver: string;
  fp: boolean;
}

function xRole(i: number): [string, string] {
  if (i === 0) return ['hard-wired zero (writes are ignored)', ''];
  if (i === 1) return ['return address', 'caller-saved'];
  if (i === 2) return ['stack pointer', 'callee-saved'];
  if (i === 3) return ['global pointer', ''];
  if (i === 4) return ['thread pointer', ''];
  if (i === 5) return ['temporary 0 / alternate link register', 'caller-saved'];
  if (i === 6 || i === 7) return [`temporary ${i - 5}`, 'caller-saved'];
  if (i === 8) return ['saved register 0 / frame pointer (fp)', 'callee-saved'];
  if (i === 9) return ['saved register 1', 'callee-saved'];
  if (i === 10 || i === 11) return [`function argument ${i - 10} / return value`, 'caller-saved'];
  if (i <= 17) return [`function argument ${i - 10}`, 'caller-saved'];
  if (i <= 27) return [`saved register ${i - 16}`, 'callee-saved'];
  return [`temporary ${i - 25}`, 'caller-saved'];
}

function fRole(i: number): [string, string] {
  if (i <= 7) return [`FP temporary ${i}`, 'caller-saved'];
  if (i <= 9) return [`FP saved register ${i - 8}`, 'callee-saved'];
  if (i <= 11) return [`FP argument ${i - 10} / return value`, 'caller-saved'];
  if (i <= 17) return [`FP argument ${i - 10}`, 'caller-saved'];
  if (i <= 27) return [`FP saved register ${i - 16}`, 'callee-saved'];
  return [`FP temporary ${i - 20}`, 'caller-saved'];
}

const table = new Map<string, RegisterDoc>();
for (let i = 0; i < 32; i++) {
  const [xr, xs] = xRole(i);
  const x: RegisterDoc = { number: `x${i}`, abi: xNames[i], role: xr, saver: xs, fp: false };
  table.set(x.number, x).set(x.abi, x);
  const [fr, fs] = fRole(i);
  const f: RegisterDoc = { number: `f${i}`, abi: fNames[i], role: fr, saver: fs, fp: true };
  table.set(f.number, f).set(f.abi, f);
}
table.set('fp', table.get('s0') as RegisterDoc);

/** Documentation of a register name (x0-x31, f0-f31, ABI names, fp), case-insensitive. */
export function registerDoc(name: string): RegisterDoc | undefined {
  return table.get(name.toLowerCase());
}

/** Integer register names for completion: ABI names first, then x0..x31. */
export const intRegisterNames: readonly string[] = [...xNames, 'fp', ...xNames.map((_, i) => `x${i}`)];
/** Floating-point register names for completion: ABI names first, then f0..f31. */
export const fpRegisterNames: readonly string[] = [...fNames, ...fNames.map((_, i) => `f${i}`)];

/** One-line summary, e.g. "a0 (x10): function argument 0 / return value, caller-saved". */
export function registerSummary(r: RegisterDoc): string {
  return `${r.abi} (${r.number}): ${r.role}${r.saver ? ', ' + r.saver : ''}`;
}
