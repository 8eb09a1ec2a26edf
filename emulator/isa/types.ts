/**
 * Instruction description types: one InsnDef per instruction, shared by the decoder,
 * the block compiler (execute), the disassembler and (later) the assembler.
 * See docs/architecture.md for the template vocabulary used in `exec`.
 */
import type { WasmSem } from '../wasm/alu';

/** Operand layouts. They drive field extraction (fields.ts) and disassembly. */
export type OperandFormat =
  | 'R'        // rd, rs1, rs2
  | 'R1'       // rd, rs1                  (Zbb unary: clz, cpop, sext.b, rev8, ...)
  | 'I'        // rd, rs1, imm
  | 'SH'       // rd, rs1, shamt (6-bit, RV64 shifts)
  | 'SHW'      // rd, rs1, shamt (5-bit, *W shifts)
  | 'L'        // rd, imm(rs1)
  | 'S'        // rs2, imm(rs1)
  | 'B'        // rs1, rs2, pc-relative target
  | 'U'        // rd, imm[31:12]
  | 'J'        // rd, pc-relative target
  | 'CSR'      // rd, csr, rs1
  | 'CSRI'     // rd, csr, uimm (rs1 field)
  | 'AMO'      // rd, rs2, (rs1)  + aq/rl bits
  | 'LR'       // rd, (rs1)       + aq/rl bits
  | 'HLV'      // rd, (rs1)                (HLV, HLVX)
  | 'HSV'      // rs2, (rs1)               (HSV)
  | 'NONE'     // no operands
  | 'FENCE'    // pred, succ
  | 'SFENCE'   // rs1, rs2
  | 'FR'       // frd, frs1, frs2, rm
  | 'FR4'      // frd, frs1, frs2, frs3, rm
  | 'FR1'      // frd, frs1, rm            (fsqrt, fcvt.s.d, fcvt.d.s)
  | 'FSGNJ'    // frd, frs1, frs2          (no rm: fsgnj*, fmin, fmax)
  | 'FCMP'     // rd, frs1, frs2           (feq, flt, fle)
  | 'FCVT_X_F' // rd, frs1, rm
  | 'FCVT_F_X' // frd, rs1, rm
  | 'FMV_X_F'  // rd, frs1                 (fmv.x.w, fmv.x.d, fclass)
  | 'FMV_F_X'  // frd, rs1                 (fmv.w.x, fmv.d.x)
  | 'FL'       // frd, imm(rs1)
  | 'FS'       // frs2, imm(rs1)
  | 'CBO'      // (rs1)  (Zicbom/Zicboz: rd and imm[11:0] fixed by the encoding)

/** Bit flags describing how an instruction interacts with blocks and traps. */
export const enum InsnFlag {
  None = 0,
  /** Changes control flow (branch, jump, trap return, ecall...): assigns h.pc itself. */
  EndsBlock = 1,
  /** May raise a synchronous exception: codegen stores h.pc = $pc before it. */
  MayTrap = 2,
  /** Touches machine state that affects translation or interrupts (CSR writes,
   *  fences, wfi): the block ends after it so the run loop re-checks state. */
  Serializing = 4,
  /** Memory load or store (for watchpoints and statistics). */
  Memory = 8,
}

/**
 * How the wasm tier (emulator/wasm) runs an instruction: its WebAssembly semantics
 * (constructors in emulator/wasm/alu.ts); 'codegen' when emulator/wasm/codegen.ts emits
 * it itself (loads, stores, branches, jumps, auipc: TLB probe or control flow); or the
 * documented reason why a block holding it stays in the JavaScript tiers.
 */
export type WasmImpl = WasmSem | 'codegen' | { readonly fallback: string };

export interface InsnDef {
  /** Assembler mnemonic, e.g. "addi". */
  name: string;
  /** Extension tag, e.g. "I", "M", "A", "F", "D", "Zicsr", "Zifencei", "Priv". */
  ext: string;
  /** (insn & mask) === match for 32-bit encodings. */
  match: number;
  mask: number;
  fmt: OperandFormat;
  flags: number;
  /** JS source template for the semantics (see docs/architecture.md). */
  exec: string;
  /** Conditional branches only: the taken condition as a JS expression template.
   *  Lets the block compiler turn a backward branch to the block start into a loop. */
  cond?: string;
  /** JAL only: the link-register write as a template (the jump itself is implied),
   *  so the block compiler can jump directly to the target inside a region. */
  link?: string;
  /** WebAssembly semantics beside the JS template `exec` (see WasmImpl). */
  wasm: WasmImpl;
}
