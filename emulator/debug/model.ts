/**
 * Plain data model shared by the debugger's parts: DWARF types and variables
 * (dwarf/), the expression evaluator (expr/), the debug runtime (runtime.ts) and,
 * through them, the DAP session. No behaviour lives here.
 *
 * Addresses and register values in the debug layer are unsigned 64-bit `bigint`s
 * (kernels live at 0xffff_ffff_8000_0000, beyond a double's exact range); the
 * emulator's hot path keeps its own number representation and converts at the edge.
 */

/** A C type as described by DWARF (DWARF 5 section 5). Cycles are allowed (struct
 *  node { struct node *next; }), so consumers must not recurse without a depth limit. */
export type DType =
  | { kind: 'void'; name: 'void'; size: 0 }
  | { kind: 'base'; name: string; size: number; encoding: BaseEncoding }
  | { kind: 'pointer'; name: string; size: number; target: DType }
  | { kind: 'array'; name: string; size: number; element: DType; /** undefined: unknown bound */ count: number | undefined }
  | { kind: 'struct' | 'union'; name: string; size: number; members: DMember[] }
  | { kind: 'enum'; name: string; size: number; signed: boolean; values: { name: string; value: bigint }[] }
  | { kind: 'typedef'; name: string; size: number; target: DType }
  | { kind: 'qualified'; name: string; size: number; qualifier: 'const' | 'volatile' | 'restrict' | 'atomic'; target: DType }
  | { kind: 'function'; name: string; size: 0; returns: DType };

/** DW_ATE_* classes the debugger distinguishes. */
export type BaseEncoding = 'signed' | 'unsigned' | 'signedChar' | 'unsignedChar' | 'float' | 'boolean';

export interface DMember {
  name: string; // '' for anonymous members
  type: DType;
  /** Byte offset inside the aggregate. */
  offset: number;
  /** Bit-fields: width and offset in bits from `offset`'s byte 0 (little-endian). */
  bitSize?: number;
  bitOffset?: number;
}

/** Where a variable lives, as DWARF says (evaluated later against a frame). */
export type DLocation =
  | { kind: 'expr'; expr: Uint8Array }
  | { kind: 'list'; entries: { lo: bigint; hi: bigint; expr: Uint8Array }[] }
  | { kind: 'const'; bytes: Uint8Array }
  | { kind: 'none' };

export interface DVariable {
  name: string;
  type: DType;
  location: DLocation;
  kind: 'param' | 'local' | 'global';
  declFile?: string;
  declLine?: number;
}

/** Result of evaluating a location for a frame: an lvalue or a computed value. */
export type ValueLoc =
  | { kind: 'memory'; address: bigint }
  /** DWARF register number: 0-31 x0-x31, 32-63 f0-f31. */
  | { kind: 'register'; reg: number }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'optimizedOut' };

/** A typed value: what expressions produce and the Variables view shows. */
export interface DValue {
  type: DType;
  loc: ValueLoc;
  /** Bit-field member: extract `bitSize` bits at `bitOffset` from the bytes at loc. */
  bitSize?: number;
  bitOffset?: number;
}

/** Register and memory access for one frame of one hart, in the debugger's view
 *  (virtual addresses through the hart's current translation, no side effects on
 *  the guest: no A/D updates, no MMIO reads). */
export interface FrameAccess {
  /** DWARF register number (0-31 x, 32-63 f as raw 64 bits); undefined when unknown
   *  in this frame (a caller-saved register the unwinder could not recover). */
  readReg(reg: number): bigint | undefined;
  writeReg(reg: number, value: bigint): boolean;
  readMemory(address: bigint, length: number): Uint8Array | undefined;
  writeMemory(address: bigint, data: Uint8Array): boolean;
  /** Move the hart to a new pc (frame 0 of a live hart only; emulator/debug/goto.ts).
   *  Throws an Error saying why when the address cannot be executed. */
  writePc?(pc: bigint): void;
  /** Canonical frame address of this frame (from CFI), if known. */
  cfa(): bigint | undefined;
  /** The frame's pc (for location lists). */
  pc(): bigint;
  /** When this frame's memory is not what the hart translates now (a guest's stack
   *  stitched under a VM exit, another context's globals): the memory-reference prefix
   *  naming its address space, e.g. 'guest1:gva:' (docs/debugging.md). */
  memoryPrefix?: string;
}

/** Everything the expression evaluator may look up, for the selected frame. */
export interface EvalScope extends FrameAccess {
  /** Local, parameter or global variable visible at the frame's pc (innermost wins). */
  variable(name: string): DVariable | undefined;
  /** Evaluate a variable's DWARF location in this frame. */
  locate(v: DVariable): ValueLoc;
  /** ELF symbol address (functions, labels, objects without DWARF). */
  symbol(name: string): bigint | undefined;
  /** The symbol covering an address, as `main+0x1c` (`main` at its start); undefined
   *  when none does. Formatting appends it to pointers and address registers. */
  symbolAt?(address: bigint): string | undefined;
  /** Named type for casts and sizeof: 'int', 'unsigned long', 'struct point', typedef names. */
  type(name: string): DType | undefined;
  /** CSR by name ('mstatus', 'satp', ...), 64-bit; undefined if no such CSR. */
  readCsr(name: string): bigint | undefined;
  writeCsr(name: string, value: bigint): boolean;
}
