/**
 * Setting the pc of a stopped hart (Set Value on `pc`, `$pc = …` in an expression) and
 * "Jump to Cursor" (DAP gotoTargets/goto): the targets of a source line are the
 * addresses where its statements start, found in the DWARF line tables of the symbols
 * that apply to the hart (its context's, in hypervisor sessions). A line without code
 * moves to the next line with code of the same function, as breakpoints do
 * (movesWithinFunction, also used by breakpoints.ts).
 *
 * Setting the pc only moves the hart: registers, the stack and the privilege mode stay
 * as they are (gdb's `jump` and `set $pc` do the same). A trap the debugger caught but
 * has not delivered yet (an exception filter stop) is dropped, since the faulting
 * instruction is no longer where execution resumes.
 */
import type { Hart } from '../hart/hart';
import type { SymbolTable } from './symbols';
import { debugTranslate } from './debugMemory';

export interface GotoTarget {
  /** Source line the target belongs to (the requested one, or the next with code). */
  line: number;
  address: bigint;
  /** Function holding the address, when known. */
  fn?: string;
}

/** Why `pc` cannot become hart h's pc, or undefined when it can. */
export function pcProblem(h: Hart, pc: bigint): string | undefined {
  const v = BigInt.asUintN(64, pc);
  // IALIGN is 16 with the C extension (unprivileged spec 1.5): odd addresses never execute.
  if ((v & 1n) !== 0n) return `0x${v.toString(16)} is not a valid instruction address (odd)`;
  const t = debugTranslate(h, v, 'fetch');
  if (!('pa' in t)) return `0x${v.toString(16)} is not mapped for instruction fetch (${t.error})`;
  return undefined;
}

/** Move hart h to `pc`. Throws an Error with a one-line message when it cannot. */
export function setPc(h: Hart, pc: bigint): void {
  const problem = pcProblem(h, pc);
  if (problem !== undefined) throw new Error(problem);
  h.pc = Number(BigInt.asIntN(64, pc)); // addresses are signed numbers (architecture.md)
  h.caughtCause = -1; // a caught, undelivered trap belonged to the old pc
  // Resuming starts at the new pc even when a breakpoint is there (runtime prepareResume):
  // the hart is already stopped at it.
}

/**
 * Where execution may jump to for `line` of the source at `hostPath`: one target per
 * statement start of the line (several for a line in a loop header or an inlined
 * function), those in the function the hart is in first. Empty when no code belongs
 * to the line (or the next line with code is in another function).
 */
export function gotoTargets(symbols: SymbolTable, h: Hart, hostPath: string, line: number): GotoTarget[] {
  const here = symbols.locate(BigInt.asUintN(64, BigInt(h.pc))).fn;
  for (const f of symbols.files) {
    const file = f.dwarf.matchFile(hostPath);
    if (file === undefined) continue;
    const loc = f.dwarf.breakpointLocations(file, line);
    if (loc === undefined || (loc.line !== line && !movesWithinFunction(f.dwarf, line, loc.addresses))) continue;
    const targets = loc.addresses.map((address) => ({ line: loc.line, address, fn: f.dwarf.functionAt(address)?.name }));
    const inHere = (t: GotoTarget): number => (here !== undefined && t.fn === here.name ? 0 : 1);
    return targets.sort((a, b) => inHere(a) - inHere(b));
  }
  return [];
}

/**
 * May a breakpoint requested on `line` (which has no code) move to the next line with
 * code, whose addresses are `addresses`? Like gdb, only within one function: the
 * requested line must not lie before the declaration line (DW_AT_decl_line) of the
 * function that holds that code. Since the target is the first line with code at or
 * after `line`, a line at or after the declaration is inside the function (a comment
 * or blank line in its body, or between its name and `{`); a line before it (a file
 * header, a comment above a function, a global declaration, the gap between two
 * functions) is not, and the breakpoint stays unverified. Code without DWARF
 * functions (assembly) keeps the plain "next line with code" rule.
 */
export function movesWithinFunction(dwarf: { functionAt(pc: bigint): { line?: number } | undefined }, line: number, addresses: bigint[]): boolean {
  const fns = addresses.map((a) => dwarf.functionAt(a)).filter((f) => f !== undefined);
  if (fns.length === 0) return true;
  return fns.some((f) => f.line === undefined || f.line <= line);
}
