/**
 * Launching a `.s`/`.S`/`.asm` program: the source is assembled in memory with the
 * built-in assembler (emulator/asm) and the resulting ELF, with its symbols and DWARF
 * line table naming the source by absolute path, stands in for the program file.
 * Assembly errors become one launch failure message naming the first error's
 * location, plus every diagnostic for the Debug Console.
 */
import { dirname } from 'path';
import { assemble, formatDiagnostic } from '../emulator/asm/index';

/** True for file names that are assembly sources rather than ELF files. */
export function isAssemblySource(path: string): boolean {
  return /\.(s|S|asm)$/.test(path);
}

export type AssembledProgram =
  | { ok: true; elf: Uint8Array; warnings: string[] }
  | { ok: false; message: string; diagnostics: string[] };

/** Assembles `path` (absolute) from its text. */
export function assembleProgram(path: string, source: string): AssembledProgram {
  const r = assemble(source, { file: path, compDir: dirname(path) });
  const lines = r.diagnostics.map(formatDiagnostic);
  if (r.ok && r.elf) return { ok: true, elf: r.elf, warnings: lines };
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''}: see the Debug Console)` : '';
  const message = first ? `${formatDiagnostic(first)}${more}` : `${path}: the program could not be assembled`;
  return { ok: false, message, diagnostics: lines };
}
