/**
 * Symbol files of a debug session: each loaded or extra ELF (program, firmware,
 * kernel, `symbols` of the launch configuration) with its ELF symbol table and its
 * DWARF (dwarf/index.ts). Answers "what is at this address" and "where is this name"
 * across all files; the first file that knows wins.
 */
import { PF_X, type ElfImage, type ElfSymbol } from '../loader/elf';
import { DebugInfo, type DFunction } from './dwarf/index';
import type { DType } from './model';

export interface SymbolFile {
  /** Host path the file was read from (for messages and source-path mapping). */
  path: string;
  image: ElfImage;
  dwarf: DebugInfo;
}

/** Where an address is: function (DWARF or ELF symbol) and source line. */
export interface CodeLocation {
  file?: SymbolFile;
  fn?: DFunction;
  /** Symbol name and the offset of the address from it. */
  symbol?: string;
  offset?: number;
  /** DWARF path of the source file and its 1-based line. */
  source?: string;
  line?: number;
  column?: number;
}

/** ELF symbol value (signed number) as an unsigned 64-bit address. */
export function symAddr(s: ElfSymbol): bigint {
  return BigInt.asUintN(64, BigInt(s.value));
}

export class SymbolTable {
  readonly files: SymbolFile[] = [];

  add(path: string, image: ElfImage, bytes: Uint8Array): SymbolFile {
    const file = { path, image, dwarf: DebugInfo.fromElf(image, bytes) };
    this.files.push(file);
    return file;
  }

  /** The file whose DWARF describes pc (or whose symbols cover it). */
  fileAt(pc: bigint): SymbolFile | undefined {
    for (const f of this.files) if (f.dwarf.functionAt(pc) !== undefined || f.dwarf.lineAt(pc) !== undefined) return f;
    return undefined;
  }

  locate(pc: bigint): CodeLocation {
    const loc: CodeLocation = {};
    for (const f of this.files) {
      const fn = f.dwarf.functionAt(pc);
      const row = f.dwarf.lineAt(pc);
      if (fn === undefined && row === undefined) continue;
      loc.file = f; loc.fn = fn;
      if (row !== undefined) { loc.source = row.file; loc.line = row.line; loc.column = row.column; }
      break;
    }
    const sym = this.symbolAt(pc);
    if (sym !== undefined) { loc.symbol = sym.name; loc.offset = Number(pc - symAddr(sym)); }
    return loc;
  }

  /** Is addr inside an executable segment (PF_X) of a symbol file? */
  isCode(addr: bigint): boolean {
    for (const f of this.files) {
      for (const s of f.image.segments) {
        const lo = BigInt.asUintN(64, BigInt(s.vaddr));
        if ((s.flags & PF_X) !== 0 && addr >= lo && addr < lo + BigInt(s.memSize)) return true;
      }
    }
    return false;
  }

  /** Nearest ELF symbol at or before pc (as ElfImage.symbolAt) in any file. */
  symbolAt(pc: bigint): ElfSymbol | undefined {
    const n = Number(BigInt.asIntN(64, pc));
    for (const f of this.files) {
      const s = f.image.symbolAt(n);
      if (s !== undefined) return s;
    }
    return undefined;
  }

  /**
   * The symbol covering `addr` as text: `main+0x1c`, or `main` at its start. A sized
   * symbol covers its extent; a label (size 0) covers code up to the next symbol, and
   * data only at its own address (so a stack address is not `<__global_pointer$+0x…>`).
   */
  symbolText(addr: bigint): string | undefined {
    const s = this.symbolAt(addr);
    if (s === undefined) return undefined;
    const offset = BigInt.asUintN(64, addr - symAddr(s));
    if (s.size === 0 && offset !== 0n && !this.isCode(addr)) return undefined;
    return offset === 0n ? s.name : `${s.name}+0x${offset.toString(16)}`;
  }

  symbol(name: string): bigint | undefined {
    for (const f of this.files) {
      const s = f.image.symbolByName(name);
      if (s !== undefined) return symAddr(s);
    }
    return undefined;
  }

  functions(name: string): DFunction[] {
    for (const f of this.files) {
      const list = f.dwarf.functionsByName(name);
      if (list.length > 0) return list;
    }
    return [];
  }

  type(name: string): DType | undefined {
    for (const f of this.files) {
      const t = f.dwarf.typeByName(name);
      if (t !== undefined) return t;
    }
    return undefined;
  }
}
