/**
 * RISC-V assembler entry point. assemble(source, options) reads GNU `as` syntax for
 * RV64GC (assembler.ts, directives.ts, instructions.ts), relaxes and links it like GNU
 * ld with -Ttext/-Tdata (link.ts) and writes an executable ELF with symbols and a DWARF
 * line table (elfWriter.ts). It never throws for bad input: problems are diagnostics.
 */
import { Assembler } from './assembler';
import { Linker } from './link';
import { writeElf } from './elfWriter';
import type { AsmDiagnostic, AsmOptions, AsmResult } from './types';

export type * from './types';

/** Default -Ttext: where RAM starts on the virt and spike boards. */
export const DEFAULT_TEXT_BASE = 0x80000000n;
export const ASSEMBLER_PRODUCER = 'HyperStep assembler 0.1.0';

/** A diagnostic in the usual compiler form: "file:line:column: error: message". */
export function formatDiagnostic(d: AsmDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

export function assemble(source: string, options: AsmOptions = {}): AsmResult {
  const a = new Assembler(options);
  const fail = (): AsmResult => ({
    ok: false, diagnostics: a.diagnostics, definitions: a.definitions, references: a.references,
    sectionMarks: a.sectionMarks, sections: [], entry: 0n,
  });
  try {
    a.run(source);
  } catch (e) {
    a.report(`internal assembler error: ${(e as Error).message}`, 1, 2);
  }
  const linker = new Linker(a);
  try {
    linker.relax();
    linker.place(options.textBase ?? DEFAULT_TEXT_BASE, options.dataBase);
    linker.resolve();
  } catch (e) {
    a.report(`internal assembler error: ${(e as Error).message}`, 1, 2);
  }
  for (const d of a.definitions) {
    const s = a.symbols.get(d.name);
    if (s?.section && d.kind === 'label') d.value = linker.addressOf(s);
  }
  if (a.errorCount > 0) return fail();
  const sections = linker.linkedSections();
  if (!sections.some((s) => s.exec && s.size > 0)) {
    a.report('the program has no instructions (nothing in .text)', 1, 2, 'error', 1);
    return fail();
  }
  if (!a.symbols.get('_start')?.section) {
    const text = sections.find((s) => s.name === '.text') ?? sections.find((s) => s.exec);
    a.report(`no '_start' label: the program starts at the beginning of .text (0x${(text?.addr ?? 0n).toString(16)})`, 1, 2, 'warning', 1);
  }
  let elf: Uint8Array;
  const entry = linker.entry();
  try {
    elf = writeElf({
      entry, sections, symbols: linker.symbols(),
      debug: options.debugInfo === false ? undefined : {
        file: a.file, compDir: options.compDir ?? '', producer: ASSEMBLER_PRODUCER, sequences: linker.lineSequences(),
      },
    });
  } catch (e) {
    a.report(`cannot write the ELF file: ${(e as Error).message}`, 1, 2, 'error', 1);
    return fail();
  }
  return {
    ok: true, diagnostics: a.diagnostics, definitions: a.definitions, references: a.references,
    sectionMarks: a.sectionMarks, elf, sections, entry,
  };
}
