/**
 * The ELF viewer's data (extension/elfViewer.ts): the project's ELF reader
 * (emulator/loader/elf.ts parseElf) turned into the plain, already formatted rows the
 * webview renders (extension/webview/elfRender.ts's ElfView): header fields with
 * readelf's names for type, machine and the RISC-V flags (RVC, float ABI, RVE, TSO),
 * every program header with the sections it holds, the section headers with their flag
 * letters, and the named symbols. vscode-free; tested against riscv64-unknown-elf-readelf
 * (test/extension/elfViewer.test.ts). A file parseElf rejects yields `{ error }`.
 */
import { ElfError, parseElf, type ElfImage, type ElfSection } from '../emulator/loader/elf';
import { MACHINE_NAMES } from '../emulator/loader/elfTypes';
import type { ElfField, ElfSectionRow, ElfSegmentRow, ElfSymbolRow, ElfView } from './webview/elfRender';

const TWO64 = 1n << 64n;

/** Unsigned hex of a 64-bit quantity (a signed JS number is taken modulo 2^64). */
export function hex64(v: number | bigint): string {
  let b = typeof v === 'bigint' ? v : BigInt(v);
  if (b < 0n) b += TWO64;
  return '0x' + b.toString(16);
}

const PT_NAMES: Record<number, string> = {
  0: 'NULL', 1: 'LOAD', 2: 'DYNAMIC', 3: 'INTERP', 4: 'NOTE', 5: 'SHLIB', 6: 'PHDR', 7: 'TLS',
  0x6474e550: 'GNU_EH_FRAME', 0x6474e551: 'GNU_STACK', 0x6474e552: 'GNU_RELRO', 0x6474e553: 'GNU_PROPERTY',
  0x70000003: 'RISCV_ATTRIBUTES',
};
const SHT_NAMES: Record<number, string> = {
  0: 'NULL', 1: 'PROGBITS', 2: 'SYMTAB', 3: 'STRTAB', 4: 'RELA', 5: 'HASH', 6: 'DYNAMIC', 7: 'NOTE',
  8: 'NOBITS', 9: 'REL', 10: 'SHLIB', 11: 'DYNSYM', 14: 'INIT_ARRAY', 15: 'FINI_ARRAY', 16: 'PREINIT_ARRAY',
  17: 'GROUP', 18: 'SYMTAB_SHNDX', 0x6ffffff6: 'GNU_HASH', 0x6ffffffd: 'VERDEF', 0x6ffffffe: 'VERNEED',
  0x6fffffff: 'VERSYM', 0x70000003: 'RISCV_ATTRIBUTES',
};
const ET_NAMES: Record<number, string> = { 0: 'NONE (None)', 1: 'REL (Relocatable file)', 2: 'EXEC (Executable file)', 3: 'DYN (Shared object file)', 4: 'CORE (Core file)' };
const STT_NAMES = ['NOTYPE', 'OBJECT', 'FUNC', 'SECTION', 'FILE', 'COMMON', 'TLS'];
const STB_NAMES = ['LOCAL', 'GLOBAL', 'WEAK'];
const OSABI_NAMES: Record<number, string> = { 0: 'UNIX - System V', 3: 'UNIX - GNU', 255: 'Standalone App' };
/** SHF_* bits and readelf's letters, in readelf's order. */
const SHF_LETTERS: [number, string][] = [
  [0x1, 'W'], [0x2, 'A'], [0x4, 'X'], [0x10, 'M'], [0x20, 'S'], [0x40, 'I'], [0x80, 'L'],
  [0x100, 'O'], [0x200, 'G'], [0x400, 'T'], [0x800, 'C'], [0x80000000, 'E'],
];
const SHF_ALLOC = 2;
const SHF_TLS = 0x400;
const SHT_NOBITS = 8;
const SHT_NULL = 0;
const SHN_UNDEF = 0;
const SHN_LORESERVE = 0xff00;
const SHN_ABS = 0xfff1;
const SHN_COMMON = 0xfff2;

/** readelf's description of RISC-V e_flags: "0x5, RVC, double-float ABI". */
export function riscvFlags(flags: number): string {
  const parts = ['0x' + (flags >>> 0).toString(16)];
  if (flags & 1) parts.push('RVC');
  parts.push(['soft-float ABI', 'single-float ABI', 'double-float ABI', 'quad-float ABI'][(flags >> 1) & 3]);
  if (flags & 8) parts.push('RVE');
  if (flags & 0x10) parts.push('TSO');
  return parts.join(', ');
}

export function sectionFlags(flags: number): string {
  return SHF_LETTERS.filter(([bit]) => (flags & bit) !== 0).map(([, l]) => l).join('');
}

/** Segment flags as R, W, E (readelf's letters) with '-' for a clear bit. */
export function segmentFlags(flags: number): string {
  return (flags & 4 ? 'R' : '-') + (flags & 2 ? 'W' : '-') + (flags & 1 ? 'E' : '-');
}

/** Whether a section lies in a segment (binutils' ELF_SECTION_IN_SEGMENT, strict form:
 *  file extent for sections with contents, address range for allocated ones). */
function inSegment(s: ElfSection, p: { type: number; offset: bigint; vaddr: bigint; fileSize: bigint; memSize: bigint }): boolean {
  if (s.type === SHT_NULL) return false;
  if ((s.flags & SHF_TLS) !== 0 && p.type !== 7 && p.type !== 1) return false;
  const size = BigInt(s.size);
  if (s.type !== SHT_NOBITS) {
    const off = BigInt(s.offset);
    if (off < p.offset || off + size > p.offset + p.fileSize) return false;
    if (size === 0n && p.fileSize > 0n && off === p.offset + p.fileSize) return false;
    if (size === 0n && p.fileSize === 0n && (s.flags & SHF_ALLOC) === 0) return false;
  }
  if ((s.flags & SHF_ALLOC) !== 0) {
    const addr = BigInt.asUintN(64, BigInt(s.addr));
    if (addr < p.vaddr || addr + size > p.vaddr + p.memSize) return false;
    if (size === 0n && p.memSize > 0n && addr === p.vaddr + p.memSize) return false;
  }
  return true;
}

function sectionName(image: ElfImage, shndx: number): string {
  if (shndx === SHN_UNDEF) return 'UND';
  if (shndx === SHN_ABS) return 'ABS';
  if (shndx === SHN_COMMON) return 'COM';
  if (shndx < SHN_LORESERVE && shndx < image.sections.length && image.sections[shndx].name !== '') return image.sections[shndx].name;
  return String(shndx);
}

/** The viewer's data for an ELF file, or the reader's one-line message. */
export function describeElf(bytes: Uint8Array, file: string): ElfView | { error: string } {
  let image: ElfImage;
  try {
    image = parseElf(bytes);
  } catch (e) {
    return { error: e instanceof ElfError ? e.message : `cannot read the file (${e instanceof Error ? e.message : String(e)})` };
  }
  const h = image.header;
  const entry = hex64(image.entry);
  const entrySymbol = image.symbolAt(image.entry);
  const entryName = entrySymbol !== undefined && entrySymbol.value === image.entry ? entrySymbol.name : undefined;
  const shstr = image.sections[h.shstrndx]?.name;
  const header: ElfField[] = [
    { label: 'Class', value: 'ELF64' },
    { label: 'Data', value: "2's complement, little endian" },
    { label: 'OS/ABI', value: OSABI_NAMES[h.osabi] ?? `<unknown: ${h.osabi}>` },
    { label: 'Type', value: ET_NAMES[h.type] ?? hex64(h.type) },
    { label: 'Machine', value: MACHINE_NAMES[h.machine] ?? String(h.machine) },
    { label: 'Entry point', value: entryName !== undefined ? `${entry} (${entryName})` : entry },
    { label: 'Flags', value: riscvFlags(image.flags) },
    { label: 'Program headers', value: `${h.phnum} at offset ${h.phoff} (${h.phentsize} bytes each)` },
    { label: 'Section headers', value: `${h.shnum} at offset ${h.shoff} (${h.shentsize} bytes each)` },
    { label: 'Section name table', value: shstr !== undefined && shstr !== '' ? `${h.shstrndx} (${shstr})` : String(h.shstrndx) },
  ];
  const segments: ElfSegmentRow[] = image.programHeaders.map((p) => ({
    index: p.index,
    type: PT_NAMES[p.type] ?? hex64(p.type),
    offset: hex64(p.offset), vaddr: hex64(p.vaddr), paddr: hex64(p.paddr),
    fileSize: hex64(p.fileSize), memSize: hex64(p.memSize),
    flags: segmentFlags(p.flags), align: hex64(p.align),
    sections: image.sections.filter((s) => inSegment(s, p)).map((s) => s.name),
  }));
  const sections: ElfSectionRow[] = image.sections.map((s, index) => ({
    index, name: s.name, type: SHT_NAMES[s.type] ?? hex64(s.type),
    addr: hex64(s.addr), offset: hex64(s.offset), size: hex64(s.size), entsize: hex64(s.entsize),
    flags: sectionFlags(s.flags), link: s.link, info: s.info, align: String(s.addralign),
  }));
  const symbols: ElfSymbolRow[] = image.symbols.map((s) => ({
    value: hex64(s.value), size: s.size,
    type: STT_NAMES[s.type] ?? (s.type === 10 ? 'IFUNC' : String(s.type)),
    bind: STB_NAMES[s.bind] ?? (s.bind === 10 ? 'UNIQUE' : String(s.bind)),
    section: sectionName(image, s.shndx), name: s.name,
  }));
  return { file, entry, entrySymbol: entryName, header, segments, sections, symbols, warnings: image.warnings };
}
