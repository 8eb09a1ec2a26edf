/**
 * Public types of the RISC-V assembler (emulator/asm): options, diagnostics, the
 * symbol/reference index used by the language server, and the linked result.
 * Pure data; no Node or VS Code APIs. Lines and columns are 1-based; `endColumn`
 * is exclusive (the column just after the last character of the span).
 */

export interface AsmOptions {
  /** File name used in diagnostics and in the DWARF line table (default "input.s"). */
  file?: string;
  /** Compilation directory recorded in DWARF (default ""). */
  compDir?: string;
  /** Address of .text, as GNU ld's -Ttext (default 0x80000000). */
  textBase?: bigint;
  /** Address of .data, as GNU ld's -Tdata (default: where ld's default script puts it). */
  dataBase?: bigint;
  /** Initial `.option rvc` state (default true, as for -march=rv64gc). */
  rvc?: boolean;
  /** Emit DWARF .debug_line/.debug_info (default true). */
  debugInfo?: boolean;
  /** Stop after this many diagnostics (default 100). */
  maxErrors?: number;
}

export type AsmSeverity = 'error' | 'warning';

export interface AsmDiagnostic {
  file: string;
  line: number;
  column: number;
  endColumn: number;
  severity: AsmSeverity;
  message: string;
}

/** Where a name is defined: a label (incl. numeric local labels like "1"), a `.equ`/`.set` symbol or a macro. */
export interface AsmDefinition {
  name: string;
  kind: 'label' | 'equ' | 'macro';
  line: number;
  column: number;
  endColumn: number;
  /** Section the label is in (".text", ".data", ...); "" for equ/macro. */
  section: string;
  /** Final value (address for labels) when assembly got that far. */
  value?: bigint;
  global: boolean;
}

/** A use of a symbol name in an operand or directive (not its definition). */
export interface AsmReference {
  name: string;
  line: number;
  column: number;
  endColumn: number;
}

/** A `.text`/`.data`/`.section ...` directive, in source order (for document symbols). */
export interface AsmSectionMark {
  name: string;
  line: number;
  column: number;
  endColumn: number;
}

export interface LinkedSection {
  name: string;
  addr: bigint;
  /** Contents (empty for NOBITS sections such as .bss). */
  data: Uint8Array;
  /** Size in memory (data.length for PROGBITS). */
  size: number;
  nobits: boolean;
  write: boolean;
  exec: boolean;
  align: number;
}

export interface AsmResult {
  /** True when no error was reported (warnings allowed) and `elf` is set. */
  ok: boolean;
  diagnostics: AsmDiagnostic[];
  definitions: AsmDefinition[];
  references: AsmReference[];
  sectionMarks: AsmSectionMark[];
  /** Linked executable (ELF64, ET_EXEC, EM_RISCV) when ok. */
  elf?: Uint8Array;
  /** Linked sections with their final addresses, in address order, when ok. */
  sections: LinkedSection[];
  entry: bigint;
}
