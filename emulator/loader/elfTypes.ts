/**
 * ELF64 constants and the loader's public types (System V gABI, RISC-V psABI).
 * Only the values the loader validates or reports are defined here; the parser
 * lives in emulator/loader/elf.ts, which re-exports these types.
 */

/** Thrown by parseElf/checkLoadable for every rejected input; message is one line. */
export class ElfError extends Error {
  constructor(message: string) {
    super(message.replace(/[\r\n]+/g, ' '));
    this.name = 'ElfError';
  }
}

/** One PT_LOAD program header with a non-empty memory image. */
export interface ElfSegment {
  /** Index of the program header in the file's program header table. */
  index: number;
  /** Virtual address as a signed JS number (see architecture.md, "Numbers"). */
  vaddr: number;
  /** Physical (load) address, unsigned, < 2^53. */
  paddr: number;
  memSize: number;
  /** File bytes (a view into the input, not a copy); length <= memSize, rest is zero-fill. */
  data: Uint8Array;
  /** PF_R=4 PF_W=2 PF_X=1 */
  flags: number;
}

export interface ElfSymbol {
  name: string;
  /** Symbol value; for addresses the signed JS number of the 64-bit value. */
  value: number;
  size: number;
  /** STT_* (st_info & 0xf) */
  type: number;
  /** STB_* (st_info >> 4) */
  bind: number;
  /** Section index (SHN_UNDEF=0, SHN_ABS=0xfff1, ...). */
  shndx: number;
}

/** One section header (for debug-info consumers); name '' when unnamed or unreadable. */
export interface ElfSection {
  name: string;
  /** SHT_* */
  type: number;
  /** sh_addr, unsigned (clamped to Number.MAX_SAFE_INTEGER if larger). */
  addr: number;
  offset: number;
  size: number;
  /** SHF_* (low 32 bits) */
  flags: number;
  /** sh_link, sh_info, sh_addralign and sh_entsize (the ELF viewer shows them). */
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

/** Any program header as stored in the file (PT_LOAD or not; for the ELF viewer).
 *  Fields are the raw unsigned 64-bit values. */
export interface ElfProgramHeader {
  index: number;
  /** PT_* */
  type: number;
  /** PF_R=4 PF_W=2 PF_X=1 (and any other bits) */
  flags: number;
  offset: bigint;
  vaddr: bigint;
  paddr: bigint;
  fileSize: bigint;
  memSize: bigint;
  align: bigint;
}

/** ELF header fields not otherwise exposed (for the ELF viewer). */
export interface ElfHeaderInfo {
  /** e_ident[EI_OSABI], e_ident[EI_ABIVERSION] */
  osabi: number;
  abiVersion: number;
  /** e_type, e_machine, e_version */
  type: number;
  machine: number;
  version: number;
  phoff: bigint;
  shoff: bigint;
  ehsize: number;
  phentsize: number;
  /** Resolved counts and index (extended numbering applied). */
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

export interface ElfImage {
  /** Entry point, a virtual address (signed JS number). */
  entry: number;
  segments: ElfSegment[];
  /** Every named symbol of .symtab (or .dynsym if there is no .symtab), in file order. */
  symbols: ElfSymbol[];
  symbolByName(name: string): ElfSymbol | undefined;
  /** Function/object/label symbol covering addr (nearest preceding label if unsized). */
  symbolAt(addr: number): ElfSymbol | undefined;
  /** e_flags (EF_RISCV_RVC=1, float ABI in bits 1-2, RVE=8, TSO=0x10). */
  flags: number;
  /** Non-fatal oddities (e.g. symbols whose value is not representable); one line each. */
  warnings: string[];
  /** Section headers in file order (empty when the file has no section header table). */
  sections: ElfSection[];
  /** Every program header in file order, PT_LOAD or not. */
  programHeaders: ElfProgramHeader[];
  /** The remaining ELF header fields. */
  header: ElfHeaderInfo;
  /** File bytes of the first section with this name (a view, not a copy); undefined
   *  when absent, SHT_NOBITS or SHT_NULL. */
  sectionData(name: string): Uint8Array | undefined;
}

export interface MemoryRegion {
  base: number;
  size: number;
  name: string;
}

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

export const EM_RISCV = 243;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;

export const SHT_NULL = 0;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_XINDEX = 0xffff;
export const PN_XNUM = 0xffff;

export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;

/** Sizes of the ELF64 structures. */
export const EHDR64_SIZE = 64;
export const PHDR64_SIZE = 56;
export const SHDR64_SIZE = 64;
export const SYM64_SIZE = 24;

/** Names for e_machine values people are likely to feed us by mistake. */
export const MACHINE_NAMES: Readonly<Record<number, string>> = {
  0: 'none',
  2: 'SPARC',
  3: 'x86 (i386)',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  22: 'S/390',
  40: 'ARM',
  42: 'SuperH',
  43: 'SPARC V9',
  50: 'IA-64',
  62: 'x86-64',
  183: 'AArch64',
  243: 'RISC-V',
  247: 'BPF',
  258: 'LoongArch',
};

export const TYPE_NAMES: Readonly<Record<number, string>> = {
  [ET_NONE]: 'ET_NONE (no file type)',
  [ET_REL]: 'ET_REL (relocatable object file; link it into an executable first)',
  [ET_DYN]: 'ET_DYN (position-independent executable or shared library; link with -static -no-pie)',
  [ET_CORE]: 'ET_CORE (core dump)',
};
