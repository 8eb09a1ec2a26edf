/**
 * ELF64 writer for the assembler's linked output: a static RISC-V ET_EXEC laid out like
 * GNU ld's (rv64gc, lp64d: e_flags RVC|double-float ABI) with PT_LOAD segments for the
 * allocated sections, a .riscv.attributes section, a symbol table and, when asked, DWARF 5
 * line/compile-unit info (dwarfWriter.ts), so that binutils, gdb and our own loader
 * (emulator/loader/elf.ts) and DWARF reader (emulator/debug/dwarf) accept it.
 * Input is validated; nonsense raises an Error with a one-line message. Output is a pure
 * function of the input (deterministic). Pure TypeScript, no Node APIs.
 */

import { ByteWriter, StringTable, buildDwarf, splitPath, type DebugLines, type DebugSection } from './dwarfWriter';
import type { LinkedSection } from './types';

export type { DebugLines, LineRow } from './dwarfWriter';

export interface WriterSymbol {
  name: string;
  /** Address (or absolute value; negative values are stored as their 64-bit two's complement). */
  value: bigint;
  /** Default 0. */
  size?: bigint;
  /** Name of a LinkedSection, or null for an absolute symbol (SHN_ABS). */
  section: string | null;
  /** STB_GLOBAL vs STB_LOCAL. */
  global: boolean;
  /** Default 'notype'. */
  type?: 'notype' | 'func' | 'object';
}

export interface ElfWriteInput {
  entry: bigint;
  /** In address order; nobits => .bss-like. */
  sections: LinkedSection[];
  symbols: WriterSymbol[];
  debug?: DebugLines;
}

// ELF constants (System V gABI; RISC-V psABI).
const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;
const ET_EXEC = 2;
const EM_RISCV = 243;
const EF_RISCV_RVC = 0x1;
const EF_RISCV_FLOAT_ABI_DOUBLE = 0x4;
const PT_LOAD = 1;
const PT_RISCV_ATTRIBUTES = 0x70000003;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const SHT_NOBITS = 8;
const SHT_RISCV_ATTRIBUTES = 0x70000003;
const SHF_WRITE = 0x1;
const SHF_ALLOC = 0x2;
const SHF_EXECINSTR = 0x4;
const SHF_MERGE = 0x10;
const SHF_STRINGS = 0x20;
const SHN_ABS = 0xfff1;
const STB_LOCAL = 0;
const STB_GLOBAL = 1;
const STT_NOTYPE = 0;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_SECTION = 3;
const STT_FILE = 4;
const PAGE = 0x1000n;
/** Largest hole between two sections that still lets them share one PT_LOAD (zero-filled in the file). */
const MAX_MERGE_GAP = 0x1000n;
const TWO64 = 1n << 64n;
const TWO63 = 1n << 63n;
/** Tag_RISCV_arch as GNU as 2.40 records it for -march=rv64gc. */
const RISCV_ARCH = 'rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0_zmmul1p0';

/** Section names the writer creates itself. */
const RESERVED = new Set([
  '.symtab', '.strtab', '.shstrtab', '.riscv.attributes', '.debug_aranges', '.debug_info', '.debug_abbrev',
  '.debug_line', '.debug_str', '.debug_line_str', '.debug_rnglists',
]);

const SYMBOL_TYPES: Record<NonNullable<WriterSymbol['type']>, number> = {
  notype: STT_NOTYPE, object: STT_OBJECT, func: STT_FUNC,
};

function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One entry of the section header table. */
interface OutSection {
  name: string;
  type: number;
  flags: number;
  addr: bigint;
  offset: number;
  size: bigint;
  link: number;
  info: number;
  align: number;
  entsize: number;
  /** File contents (absent for NULL and NOBITS). */
  data?: Uint8Array;
}

/** One PT_LOAD: consecutive alloc sections with equal flags. */
interface Segment {
  flags: number;
  vaddr: bigint;
  /** End of the file-backed part (address), = vaddr when all NOBITS. */
  fileEnd: bigint;
  memEnd: bigint;
  hasNobits: boolean;
  offset: number;
  secs: { sec: LinkedSection; out: OutSection }[];
}

interface SymEntry {
  name: number;
  info: number;
  shndx: number;
  value: bigint;
  size: bigint;
}

function checkSections(sections: LinkedSection[]): LinkedSection[] {
  if (!Array.isArray(sections)) throw new Error('ELF writer: sections is not an array');
  const names = new Set<string>();
  for (const s of sections) {
    const what = `section ${JSON.stringify(s.name)}`;
    if (typeof s.name !== 'string' || s.name === '' || s.name.includes('\0')) throw new Error(`ELF writer: bad section name ${JSON.stringify(s.name)}`);
    if (names.has(s.name)) throw new Error(`ELF writer: duplicate ${what}`);
    if (RESERVED.has(s.name)) throw new Error(`ELF writer: ${what} is created by the writer and cannot be given`);
    names.add(s.name);
    if (typeof s.addr !== 'bigint' || s.addr < 0n || s.addr >= TWO64) throw new Error(`ELF writer: ${what} has a bad address ${String(s.addr)}`);
    if (!Number.isSafeInteger(s.size) || s.size < 0) throw new Error(`ELF writer: ${what} has a bad size ${s.size}`);
    if (s.addr + BigInt(s.size) > TWO64) throw new Error(`ELF writer: ${what} [${hex(s.addr)}, +${hex(BigInt(s.size))}) runs past the end of the address space`);
    if (!(s.data instanceof Uint8Array)) throw new Error(`ELF writer: ${what} has no data array`);
    if (s.nobits && s.data.length !== 0) throw new Error(`ELF writer: NOBITS ${what} has ${s.data.length} data bytes`);
    if (!s.nobits && s.data.length !== s.size) throw new Error(`ELF writer: ${what} has size ${s.size} but ${s.data.length} data bytes`);
    if (!Number.isSafeInteger(s.align) || s.align < 0 || (s.align & (s.align - 1)) !== 0) {
      throw new Error(`ELF writer: ${what} has alignment ${s.align}, not a power of two`);
    }
    if (s.align > 1 && s.addr % BigInt(s.align) !== 0n) throw new Error(`ELF writer: ${what} at ${hex(s.addr)} is not ${s.align}-byte aligned`);
  }
  // Stable sort by address (the input should already be in this order).
  const sorted = sections.map((s, i) => ({ s, i }))
    .sort((a, b) => cmpBig(a.s.addr, b.s.addr) || a.i - b.i).map((x) => x.s);
  let prev: LinkedSection | undefined;
  for (const s of sorted) {
    if (s.size === 0) continue;
    if (prev && s.addr < prev.addr + BigInt(prev.size)) {
      throw new Error(`ELF writer: sections ${JSON.stringify(prev.name)} [${hex(prev.addr)}, ${hex(prev.addr + BigInt(prev.size))}) and ${JSON.stringify(s.name)} [${hex(s.addr)}, ${hex(s.addr + BigInt(s.size))}) overlap`);
    }
    prev = s;
  }
  return sorted;
}

function checkSymbols(symbols: WriterSymbol[], names: Set<string>): void {
  if (!Array.isArray(symbols)) throw new Error('ELF writer: symbols is not an array');
  const globals = new Set<string>();
  for (const y of symbols) {
    const what = `symbol ${JSON.stringify(y.name)}`;
    if (typeof y.name !== 'string' || y.name === '' || y.name.includes('\0')) throw new Error(`ELF writer: bad symbol name ${JSON.stringify(y.name)}`);
    if (typeof y.value !== 'bigint' || y.value < -TWO63 || y.value >= TWO64) throw new Error(`ELF writer: ${what} has a bad value ${String(y.value)}`);
    if (y.size !== undefined && (typeof y.size !== 'bigint' || y.size < 0n || y.size >= TWO64)) {
      throw new Error(`ELF writer: ${what} has a bad size ${String(y.size)}`);
    }
    if (y.section !== null && !names.has(y.section)) throw new Error(`ELF writer: ${what} names unknown section ${JSON.stringify(y.section)}`);
    if (y.type !== undefined && !Object.prototype.hasOwnProperty.call(SYMBOL_TYPES, y.type)) {
      throw new Error(`ELF writer: ${what} has unknown type ${JSON.stringify(y.type)}`);
    }
    if (y.global) {
      if (globals.has(y.name)) throw new Error(`ELF writer: global ${what} is defined twice`);
      globals.add(y.name);
    }
  }
}

function sectionFlags(s: LinkedSection): number {
  return SHF_ALLOC | (s.write ? SHF_WRITE : 0) | (s.exec ? SHF_EXECINSTR : 0);
}

function segmentFlags(s: LinkedSection): number {
  return PF_R | (s.write ? PF_W : 0) | (s.exec ? PF_X : 0);
}

/** Group the non-empty alloc sections into PT_LOAD segments, as ld does: consecutive
 *  sections with equal flags share one, NOBITS only at its end. */
function planSegments(alloc: { sec: LinkedSection; out: OutSection }[]): Segment[] {
  const segs: Segment[] = [];
  for (const x of alloc) {
    const s = x.sec;
    if (s.size === 0) continue;
    const flags = segmentFlags(s);
    const end = s.addr + BigInt(s.size);
    const last = segs[segs.length - 1];
    if (last && last.flags === flags && (s.nobits || !last.hasNobits) && s.addr - last.memEnd <= MAX_MERGE_GAP) {
      last.memEnd = end;
      if (s.nobits) last.hasNobits = true;
      else last.fileEnd = end;
      last.secs.push(x);
      continue;
    }
    segs.push({
      flags, vaddr: s.addr, fileEnd: s.nobits ? s.addr : end, memEnd: end, hasNobits: s.nobits, offset: 0, secs: [x],
    });
  }
  return segs;
}

/** .riscv.attributes: format 'A', vendor "riscv", file attributes with Tag_RISCV_arch (5). */
function riscvAttributes(): Uint8Array {
  const w = new ByteWriter();
  w.u8(0x41); // 'A'
  const subAt = w.pos;
  w.u32(0);
  w.cstr('riscv');
  const fileAt = w.pos;
  w.uleb(1); // Tag_File
  w.u32(0);
  w.uleb(5); // Tag_RISCV_arch
  w.cstr(RISCV_ARCH);
  w.patchU32(fileAt + 1, w.pos - fileAt);
  w.patchU32(subAt, w.pos - subAt);
  return w.finish();
}

/** Smallest offset >= `at` congruent to `vaddr` modulo the page size. */
function congruent(at: number, vaddr: bigint): number {
  const want = Number(vaddr % PAGE);
  const have = at % Number(PAGE);
  return at + ((want - have + Number(PAGE)) % Number(PAGE));
}

/** Write a linked RV64 executable (see the module comment). */
export function writeElf(input: ElfWriteInput): Uint8Array {
  if (typeof input.entry !== 'bigint' || input.entry < 0n || input.entry >= TWO64) {
    throw new Error(`ELF writer: bad entry point ${String(input.entry)}`);
  }
  const sorted = checkSections(input.sections);
  const names = new Set(sorted.map((s) => s.name));
  checkSymbols(input.symbols, names);
  const debugSecs: DebugSection[] = input.debug ? buildDwarf(input.debug, sorted) : [];

  // Section header table: null, alloc sections (empty ones only when a symbol needs them),
  // .riscv.attributes, debug sections, .symtab, .strtab, .shstrtab.
  const referenced = new Set(input.symbols.map((y) => y.section));
  const out: OutSection[] = [{ name: '', type: 0, flags: 0, addr: 0n, offset: 0, size: 0n, link: 0, info: 0, align: 0, entsize: 0 }];
  const alloc: { sec: LinkedSection; out: OutSection }[] = [];
  const index = new Map<string, number>();
  for (const s of sorted) {
    if (s.size === 0 && !referenced.has(s.name)) continue;
    const o: OutSection = {
      name: s.name, type: s.nobits ? SHT_NOBITS : SHT_PROGBITS, flags: sectionFlags(s), addr: s.addr, offset: 0,
      size: BigInt(s.size), link: 0, info: 0, align: Math.max(1, s.align), entsize: 0,
    };
    if (!s.nobits) o.data = s.data;
    index.set(s.name, out.length);
    out.push(o);
    alloc.push({ sec: s, out: o });
  }
  const attributes = riscvAttributes();
  const attrSec: OutSection = {
    name: '.riscv.attributes', type: SHT_RISCV_ATTRIBUTES, flags: 0, addr: 0n, offset: 0,
    size: BigInt(attributes.length), link: 0, info: 0, align: 1, entsize: 0, data: attributes,
  };
  out.push(attrSec);
  for (const d of debugSecs) {
    out.push({
      name: d.name, type: SHT_PROGBITS, flags: d.strings ? SHF_MERGE | SHF_STRINGS : 0, addr: 0n, offset: 0,
      size: BigInt(d.data.length), link: 0, info: 0, align: 1, entsize: d.strings ? 1 : 0, data: d.data,
    });
  }

  // Symbols: null, section symbols, the source file, locals, globals (ld's order).
  const strtab = new StringTable(true);
  const syms: SymEntry[] = [{ name: 0, info: 0, shndx: 0, value: 0n, size: 0n }];
  for (const a of alloc) {
    syms.push({ name: 0, info: (STB_LOCAL << 4) | STT_SECTION, shndx: index.get(a.sec.name) ?? 0, value: a.sec.addr, size: 0n });
  }
  if (input.debug) {
    syms.push({ name: strtab.add(splitPath(input.debug.file).base), info: (STB_LOCAL << 4) | STT_FILE, shndx: SHN_ABS, value: 0n, size: 0n });
  }
  const toEntry = (y: WriterSymbol): SymEntry => ({
    name: strtab.add(y.name),
    info: ((y.global ? STB_GLOBAL : STB_LOCAL) << 4) | SYMBOL_TYPES[y.type ?? 'notype'],
    shndx: y.section === null ? SHN_ABS : index.get(y.section) ?? 0,
    value: BigInt.asUintN(64, y.value),
    size: y.size ?? 0n,
  });
  for (const y of input.symbols) if (!y.global) syms.push(toEntry(y));
  const firstGlobal = syms.length;
  for (const y of input.symbols) if (y.global) syms.push(toEntry(y));
  const symw = new ByteWriter();
  for (const e of syms) {
    symw.u32(e.name);
    symw.u8(e.info);
    symw.u8(0); // st_other: STV_DEFAULT
    symw.u16(e.shndx);
    symw.u64(e.value);
    symw.u64(e.size);
  }
  const symData = symw.finish();
  const strData = strtab.finish();
  const symtabIdx = out.length;
  out.push({
    name: '.symtab', type: SHT_SYMTAB, flags: 0, addr: 0n, offset: 0, size: BigInt(symData.length),
    link: symtabIdx + 1, info: firstGlobal, align: 8, entsize: SYM_SIZE, data: symData,
  });
  out.push({
    name: '.strtab', type: SHT_STRTAB, flags: 0, addr: 0n, offset: 0, size: BigInt(strData.length),
    link: 0, info: 0, align: 1, entsize: 0, data: strData,
  });
  const shstrtab = new StringTable(true);
  const nameOffs = out.map((o) => (o.name === '' ? 0 : shstrtab.add(o.name)));
  const shstrIdx = out.length;
  const shstrNameOff = shstrtab.add('.shstrtab');
  const shstrData = shstrtab.finish();
  out.push({
    name: '.shstrtab', type: SHT_STRTAB, flags: 0, addr: 0n, offset: 0, size: BigInt(shstrData.length),
    link: 0, info: 0, align: 1, entsize: 0, data: shstrData,
  });
  nameOffs.push(shstrNameOff);

  // File layout: headers, loadable contents (offset = address mod page size), the rest.
  const segs = planSegments(alloc);
  const phnum = 1 + segs.length;
  let cursor = EHDR_SIZE + phnum * PHDR_SIZE;
  for (const seg of segs) {
    seg.offset = congruent(cursor, seg.vaddr);
    for (const x of seg.secs) x.out.offset = seg.offset + Number(x.sec.addr - seg.vaddr);
    cursor = Math.max(seg.offset, seg.offset + Number(seg.fileEnd - seg.vaddr));
  }
  for (const a of alloc) if (a.sec.size === 0) a.out.offset = cursor;
  for (const o of out.slice(alloc.length + 1)) {
    cursor = Math.ceil(cursor / o.align) * o.align;
    o.offset = cursor;
    cursor += o.data?.length ?? 0;
  }
  const shoff = Math.ceil(cursor / 8) * 8;
  const total = shoff + out.length * SHDR_SIZE;

  const bytes = new Uint8Array(total);
  const dv = new DataView(bytes.buffer);
  const u16 = (at: number, v: number): void => dv.setUint16(at, v, true);
  const u32 = (at: number, v: number): void => dv.setUint32(at, v, true);
  const u64 = (at: number, v: bigint | number): void => dv.setBigUint64(at, BigInt(v), true);

  // ELF header.
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */, 0 /* SYSV */], 0);
  u16(16, ET_EXEC);
  u16(18, EM_RISCV);
  u32(20, 1);
  u64(24, input.entry);
  u64(32, EHDR_SIZE);
  u64(40, shoff);
  u32(48, EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE);
  u16(52, EHDR_SIZE);
  u16(54, PHDR_SIZE);
  u16(56, phnum);
  u16(58, SHDR_SIZE);
  u16(60, out.length);
  u16(62, shstrIdx);

  // Program headers: PT_RISCV_ATTRIBUTES first (as ld), then the PT_LOADs.
  const phdr = (i: number, type: number, flags: number, off: number, vaddr: bigint, filesz: bigint, memsz: bigint, align: bigint): void => {
    const at = EHDR_SIZE + i * PHDR_SIZE;
    u32(at, type);
    u32(at + 4, flags);
    u64(at + 8, off);
    u64(at + 16, vaddr);
    u64(at + 24, vaddr);
    u64(at + 32, filesz);
    u64(at + 40, memsz);
    u64(at + 48, align);
  };
  phdr(0, PT_RISCV_ATTRIBUTES, PF_R, attrSec.offset, 0n, attrSec.size, 0n, 1n);
  segs.forEach((seg, i) => {
    phdr(i + 1, PT_LOAD, seg.flags, seg.offset, seg.vaddr, seg.fileEnd - seg.vaddr, seg.memEnd - seg.vaddr, PAGE);
  });

  // Contents and section headers.
  out.forEach((o, i) => {
    if (o.data && o.data.length > 0) bytes.set(o.data, o.offset);
    const at = shoff + i * SHDR_SIZE;
    u32(at, nameOffs[i]);
    u32(at + 4, o.type);
    u64(at + 8, o.flags);
    u64(at + 16, o.addr);
    u64(at + 24, o.offset);
    u64(at + 32, o.size);
    u32(at + 40, o.link);
    u32(at + 44, o.info);
    u64(at + 48, o.align);
    u64(at + 56, o.entsize);
  });
  return bytes;
}
