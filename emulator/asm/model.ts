/**
 * The assembler's intermediate form: input sections made of items (fixed bytes with an
 * optional fixup, relaxable branches, alignment padding), fixups with their RISC-V
 * relocation meaning (psABI "Relocations": BRANCH, JAL, RVC_BRANCH, RVC_JUMP, CALL,
 * PCREL_HI20, PCREL_LO12_I/S, HI20, LO12_I/S, absolute data), and symbols.
 */
import type { Expr } from './expr';
import type { Token } from './lexer';

export type FixKind =
  | 'branch' | 'jal' | 'cbranch' | 'cjump' | 'call'
  | 'pcrel_hi20' | 'pcrel_lo12_i' | 'pcrel_lo12_s' | 'hi20' | 'lo12_i' | 'lo12_s' | 'data';

export interface Fixup {
  kind: FixKind;
  expr: Expr;
  /** Where to report errors. */
  tok: Token;
  line: number;
  /** Bytes for 'data'. */
  size?: number;
}

export const enum ItemKind { Fixed, Branch, Align }

/** A conditional branch or a jump whose size depends on the distance to its target. */
export interface BranchSpec {
  /** Conditional (beq/bne/...) or unconditional (j). */
  cond: boolean;
  funct3: number;
  rs1: number;
  rs2: number;
  /** The written form matched a compressed alias (c.beqz/c.bnez/c.j). */
  rvc: boolean;
  target: Expr;
  tok: Token;
  /** Source line for diagnostics when it is not the item's line (code from .rept/.irp). */
  line?: number;
}

export interface AlignSpec {
  /** Alignment in bytes (a power of two). */
  bytes: number;
  /** Explicit fill byte; undefined: NOPs in code sections, zeros elsewhere. */
  fill?: number;
  /** Skip at most this many bytes (else no padding). */
  max?: number;
  code: boolean;
  rvc: boolean;
}

export interface Item {
  kind: ItemKind;
  offset: number;
  size: number;
  /** Source line for the DWARF line table; 0 for data and padding. */
  line: number;
  bytes?: Uint8Array;
  fix?: Fixup;
  /** A .space/.zero/.skip block (ends a GNU as frag, like the variable items). */
  fill?: boolean;
  br?: BranchSpec;
  al?: AlignSpec;
}

export interface InputSection {
  name: string;
  /** Output section it is linked into (".text", ".rodata", ".data", ".sdata", ".sbss", ".bss" or its own name). */
  output: string;
  items: Item[];
  align: number;
  exec: boolean;
  write: boolean;
  nobits: boolean;
  alloc: boolean;
  /** Final address after linking. */
  addr: bigint;
  size: number;
}

export interface AsmSymbol {
  name: string;
  kind: 'label' | 'equ';
  /** Label: section and item index (address = start of that item, or the section end). */
  section?: InputSection;
  item?: number;
  /** Equ: its expression (constant value cached when known). */
  expr?: Expr;
  value?: bigint;
  global: boolean;
  type?: 'func' | 'object';
  size?: Expr;
  defTok?: Token;
  defLine: number;
  /** Internal name (numeric locals, .L labels): never an ELF symbol. */
  internal: boolean;
}
