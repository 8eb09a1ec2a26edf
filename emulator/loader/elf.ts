/**
 * ELF64 (RISC-V, little-endian, ET_EXEC) loader: validates an untrusted byte array and
 * returns the loadable segments, the entry point and the symbol table.
 * Every rejected input raises ElfError with a one-line message; no other exception
 * escapes parseElf/checkLoadable. Pure TypeScript: no Node APIs, works on a Uint8Array.
 * 64-bit fields are read as BigInt (not a hot path) and converted to JS numbers with
 * range checks: sizes/offsets/physical addresses unsigned < 2^53, virtual addresses
 * (entry, p_vaddr, symbol values) as the signed value of the 64-bit quantity.
 */

import {
  EHDR64_SIZE, ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, EM_RISCV, ET_EXEC,
  EV_CURRENT, ElfError, MACHINE_NAMES, PF_X, PHDR64_SIZE, PN_XNUM, PT_INTERP, PT_LOAD,
  SHDR64_SIZE, SHN_LORESERVE, SHN_UNDEF, SHN_XINDEX, SHT_DYNSYM, SHT_NOBITS,
  SHT_NULL, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FUNC, STT_NOTYPE,
  STT_OBJECT, SYM64_SIZE, TYPE_NAMES,
} from './elfTypes';
import type { ElfImage, ElfProgramHeader, ElfSection, ElfSegment, ElfSymbol, MemoryRegion } from './elfTypes';

export { ElfError, PF_R, PF_W, PF_X } from './elfTypes';
export type { ElfHeaderInfo, ElfImage, ElfProgramHeader, ElfSection, ElfSegment, ElfSymbol, MemoryRegion } from './elfTypes';

const TWO53 = 1n << 53n;
const TWO63 = 1n << 63n;
const TWO64 = 1n << 64n;
/** Largest p_memsz / symbol size we consider sane (1 TiB). */
const MAX_SEGMENT = 1n << 40n;

const utf8 = new TextDecoder('utf-8');

/** Hex string of a non-negative value, or of the unsigned 64-bit form of a negative number. */
function hex(v: bigint | number): string {
  let b = typeof v === 'bigint' ? v : BigInt(v);
  if (b < 0n) b += TWO64;
  return '0x' + b.toString(16);
}

/** Bounds-checked little-endian reads; callers check bounds first, this is the safety net. */
class Reader {
  private readonly dv: DataView;
  readonly len: number;

  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.len = bytes.byteLength;
  }

  private need(off: number, n: number): void {
    if (!Number.isSafeInteger(off) || off < 0 || off + n > this.len) {
      throw new ElfError(`truncated: read of ${n} bytes at ${hex(off)}, file is ${hex(this.len)} bytes`);
    }
  }

  u8(off: number): number { this.need(off, 1); return this.dv.getUint8(off); }
  u16(off: number): number { this.need(off, 2); return this.dv.getUint16(off, true); }
  u32(off: number): number { this.need(off, 4); return this.dv.getUint32(off, true); }
  u64(off: number): bigint { this.need(off, 8); return this.dv.getBigUint64(off, true); }
}

/** Unsigned 64-bit value that must fit a JS number exactly. */
function toU53(v: bigint, what: string): number {
  if (v >= TWO53) throw new ElfError(`absurd ${what}: ${hex(v)}`);
  return Number(v);
}

/** Signed interpretation of a 64-bit address; undefined when |value| >= 2^53. */
function toAddr(v: bigint): number | undefined {
  const s = v >= TWO63 ? v - TWO64 : v;
  if (s >= TWO53 || s <= -TWO53) return undefined;
  return Number(s);
}

interface SectionHeader {
  index: number;
  type: number;
  nameOff: number;
  addr: bigint;
  flags: number;
  /** Exact only for sections whose extent passed checkExtent (all but NULL/NOBITS). */
  offset: number;
  size: number;
  rawOffset: bigint;
  rawSize: bigint;
  link: number;
  info: number;
  addralign: bigint;
  entsize: bigint;
}

interface ElfHeader {
  osabi: number;
  abiVersion: number;
  type: number;
  machine: number;
  version: number;
  ehsize: number;
  entry: bigint;
  phoff: bigint;
  shoff: bigint;
  flags: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

/** Parse and validate an ELF64 RISC-V executable. Throws ElfError (and only ElfError). */
export function parseElf(bytes: Uint8Array): ElfImage {
  if (!(bytes instanceof Uint8Array)) throw new ElfError('input is not a byte array');
  try {
    return parse(new Reader(bytes));
  } catch (e) {
    if (e instanceof ElfError) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    throw new ElfError(`malformed ELF (${detail})`);
  }
}

function parse(r: Reader): ElfImage {
  const warnings: string[] = [];
  const h = parseHeader(r);
  const sections = parseSectionTable(r, h);
  const programHeaders: ElfProgramHeader[] = [];
  const segments = parseProgramHeaders(r, h, programHeaders);
  const entry = checkEntry(h.entry, segments);
  const symbols = parseSymbols(r, sections, warnings);
  const image = makeImage(entry, segments, symbols, h.flags, warnings);
  addSections(r, image, sections, h);
  image.programHeaders = programHeaders;
  image.header = {
    osabi: h.osabi, abiVersion: h.abiVersion, type: h.type, machine: h.machine, version: h.version,
    phoff: h.phoff, shoff: h.shoff, ehsize: h.ehsize, phentsize: h.phentsize, phnum: h.phnum,
    shentsize: h.shentsize, shnum: sections.length,
    shstrndx: h.shstrndx === SHN_XINDEX ? (sections[0]?.link ?? 0) : h.shstrndx,
  };
  return image;
}

/** Name, describe and expose the section headers (never throws: bad names become ''). */
function addSections(r: Reader, image: ElfImage, headers: SectionHeader[], h: ElfHeader): void {
  let shstrndx = h.shstrndx === SHN_XINDEX ? (headers[0]?.link ?? 0) : h.shstrndx;
  if (shstrndx >= headers.length || headers[shstrndx].type !== SHT_STRTAB) shstrndx = SHN_UNDEF;
  const strtab = shstrndx !== SHN_UNDEF ? headers[shstrndx] : undefined;
  const nameOf = (off: number): string => {
    if (!strtab || off === 0 || off >= strtab.size) return '';
    const from = strtab.offset + off;
    const nul = r.bytes.subarray(from, strtab.offset + strtab.size).indexOf(0);
    return nul < 0 ? '' : utf8.decode(r.bytes.subarray(from, from + nul));
  };
  const sections: ElfSection[] = headers.map((s) => ({
    name: nameOf(s.nameOff),
    type: s.type,
    // Signed like p_vaddr (upper-half kernels: 0xffffffff80000000 is -2^31).
    addr: toAddr(s.addr) ?? Number.MAX_SAFE_INTEGER,
    offset: s.offset,
    size: s.size,
    flags: s.flags,
    link: s.link,
    info: s.info,
    addralign: s.addralign < TWO53 ? Number(s.addralign) : Number.MAX_SAFE_INTEGER,
    entsize: s.entsize < TWO53 ? Number(s.entsize) : Number.MAX_SAFE_INTEGER,
  }));
  image.sections = sections;
  image.sectionData = (name: string): Uint8Array | undefined => {
    const i = sections.findIndex((s) => s.name === name);
    if (i < 0) return undefined;
    const s = headers[i];
    if (s.type === SHT_NOBITS || s.type === SHT_NULL) return undefined;
    if (s.rawSize === 0n) return new Uint8Array(0);
    return r.bytes.subarray(s.offset, s.offset + s.size);
  };
}

function parseHeader(r: Reader): ElfHeader {
  const b = r.bytes;
  if (r.len === 0) throw new ElfError('empty file (0 bytes)');
  if (r.len < 4 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) {
    throw new ElfError('not an ELF file (bad magic)');
  }
  if (r.len < 16) throw new ElfError(`truncated: ELF identification needs 0x10 bytes, file is ${hex(r.len)} bytes`);
  const cls = b[4];
  if (cls === ELFCLASS32) throw new ElfError('ELF32 is not supported (need ELF64)');
  if (cls !== ELFCLASS64) throw new ElfError(`invalid ELF class ${cls} (need ELF64)`);
  const data = b[5];
  if (data === ELFDATA2MSB) throw new ElfError('big-endian ELF is not supported (need little-endian)');
  if (data !== ELFDATA2LSB) throw new ElfError(`invalid ELF data encoding ${data} (need little-endian)`);
  if (b[6] !== EV_CURRENT) throw new ElfError(`unsupported ELF identification version ${b[6]} (need 1)`);
  if (r.len < EHDR64_SIZE) {
    throw new ElfError(`truncated: ELF header needs ${hex(EHDR64_SIZE)} bytes, file is ${hex(r.len)} bytes`);
  }
  const machine = r.u16(18);
  if (machine !== EM_RISCV) {
    const name = MACHINE_NAMES[machine] ?? `e_machine ${machine}`;
    throw new ElfError(`wrong machine: ${name} (need RISC-V)`);
  }
  const type = r.u16(16);
  if (type !== ET_EXEC) {
    const name = TYPE_NAMES[type] ?? `e_type ${hex(type)}`;
    throw new ElfError(`not an executable: ${name}`);
  }
  const version = r.u32(20);
  if (version !== EV_CURRENT) throw new ElfError(`unsupported ELF version ${version} (need 1)`);
  const ehsize = r.u16(52);
  if (ehsize !== EHDR64_SIZE) throw new ElfError(`bad e_ehsize ${ehsize} (need 64 for ELF64)`);
  return {
    osabi: b[7],
    abiVersion: b[8],
    type,
    machine,
    version,
    ehsize,
    entry: r.u64(24),
    phoff: r.u64(32),
    shoff: r.u64(40),
    flags: r.u32(48),
    phentsize: r.u16(54),
    phnum: r.u16(56),
    shentsize: r.u16(58),
    shnum: r.u16(60),
    shstrndx: r.u16(62),
  };
}

/** Check that [off, off+size) lies in the file; `what` names the table for the message. */
function checkExtent(r: Reader, off: bigint, size: bigint, what: string): number {
  const end = off + size;
  if (end > BigInt(r.len)) throw new ElfError(`truncated: ${what} ends at ${hex(end)}, file is ${hex(r.len)} bytes`);
  return Number(off);
}

function readSection(r: Reader, at: number, index: number): SectionHeader {
  const offset = r.u64(at + 24);
  const size = r.u64(at + 32);
  return {
    index,
    type: r.u32(at + 4),
    nameOff: r.u32(at),
    addr: r.u64(at + 16),
    flags: r.u32(at + 8),
    offset: offset < TWO53 ? Number(offset) : Number.MAX_SAFE_INTEGER,
    size: size < TWO53 ? Number(size) : Number.MAX_SAFE_INTEGER,
    rawOffset: offset,
    rawSize: size,
    link: r.u32(at + 40),
    info: r.u32(at + 44),
    addralign: r.u64(at + 48),
    entsize: r.u64(at + 56),
  };
}

/**
 * Section header table (optional). Handles extended numbering: e_shnum = 0 and
 * e_shstrndx = SHN_XINDEX take their values from section 0 (sh_size / sh_link).
 * Also resolves e_phnum = PN_XNUM (count in section 0's sh_info) into h.phnum.
 */
function parseSectionTable(r: Reader, h: ElfHeader): SectionHeader[] {
  if (h.shoff === 0n) {
    if (h.shnum !== 0) throw new ElfError(`e_shnum is ${h.shnum} but there is no section header table (e_shoff is 0)`);
    if (h.phnum === PN_XNUM) throw new ElfError('e_phnum is PN_XNUM but there is no section header table');
    return [];
  }
  if (h.shentsize !== SHDR64_SIZE) throw new ElfError(`bad e_shentsize ${h.shentsize} (need 64)`);
  if (h.shoff < BigInt(EHDR64_SIZE)) throw new ElfError(`section header table at ${hex(h.shoff)} overlaps the ELF header`);
  const shoff = checkExtent(r, h.shoff, BigInt(SHDR64_SIZE), 'section header table');
  const sh0 = readSection(r, shoff, 0);
  let shnum = h.shnum;
  if (shnum === 0) {
    // Extended numbering; a zero count here simply means "no sections".
    shnum = toU53(r.u64(shoff + 32), 'section count in section 0');
  }
  if (h.phnum === PN_XNUM) h.phnum = sh0.info;
  checkExtent(r, h.shoff, BigInt(shnum) * BigInt(SHDR64_SIZE), 'section header table');
  const shstrndx = h.shstrndx === SHN_XINDEX ? sh0.link : h.shstrndx;
  if (shstrndx !== SHN_UNDEF && shstrndx >= shnum) {
    throw new ElfError(`e_shstrndx ${shstrndx} is out of range (${shnum} sections)`);
  }
  const sections: SectionHeader[] = [];
  for (let i = 0; i < shnum; i++) {
    const s = i === 0 ? sh0 : readSection(r, shoff + i * SHDR64_SIZE, i);
    if (i > 0 && s.type !== SHT_NULL && s.type !== SHT_NOBITS && s.rawSize > 0n) {
      checkExtent(r, s.rawOffset, s.rawSize, `section ${i}`);
    }
    sections.push(s);
  }
  return sections;
}

/** The PT_LOAD segments; every program header's raw fields go to `all`. */
function parseProgramHeaders(r: Reader, h: ElfHeader, all: ElfProgramHeader[]): ElfSegment[] {
  if (h.phnum === 0) throw new ElfError('no loadable segments (no program headers)');
  if (h.phentsize !== PHDR64_SIZE) throw new ElfError(`bad e_phentsize ${h.phentsize} (need 56)`);
  if (h.phoff < BigInt(EHDR64_SIZE)) throw new ElfError(`program header table at ${hex(h.phoff)} overlaps the ELF header`);
  const phoff = checkExtent(r, h.phoff, BigInt(h.phnum) * BigInt(PHDR64_SIZE), 'program header table');
  const segments: ElfSegment[] = [];
  let sawLoad = false;
  for (let i = 0; i < h.phnum; i++) {
    const at = phoff + i * PHDR64_SIZE;
    const type = r.u32(at);
    all.push({
      index: i, type, flags: r.u32(at + 4), offset: r.u64(at + 8), vaddr: r.u64(at + 16), paddr: r.u64(at + 24),
      fileSize: r.u64(at + 32), memSize: r.u64(at + 40), align: r.u64(at + 48),
    });
    if (type === PT_INTERP) {
      throw new ElfError('dynamically linked executables are not supported (has PT_INTERP); link with -static');
    }
    if (type !== PT_LOAD) continue;
    sawLoad = true;
    const seg = parseLoad(r, i, at);
    if (seg) segments.push(seg);
  }
  if (!sawLoad) throw new ElfError('no loadable segments (no PT_LOAD program header)');
  if (segments.length === 0) throw new ElfError('no loadable segments (every PT_LOAD is empty)');
  return segments;
}

/** One PT_LOAD header; undefined when its memory image is empty. */
function parseLoad(r: Reader, i: number, at: number): ElfSegment | undefined {
  const flags = r.u32(at + 4);
  const offset = r.u64(at + 8);
  const vaddr = r.u64(at + 16);
  const paddr = r.u64(at + 24);
  const filesz = r.u64(at + 32);
  const memsz = r.u64(at + 40);
  if (memsz > MAX_SEGMENT) throw new ElfError(`segment ${i}: absurd size: p_memsz ${hex(memsz)}`);
  if (filesz > memsz) {
    throw new ElfError(`segment ${i}: p_filesz ${hex(filesz)} is larger than p_memsz ${hex(memsz)}`);
  }
  if (filesz > 0n) {
    if (offset >= TWO53) throw new ElfError(`segment ${i}: absurd file offset: p_offset ${hex(offset)}`);
    checkExtent(r, offset, filesz, `segment ${i} data`);
  }
  if (memsz === 0n) return undefined;
  if (paddr + memsz > TWO53) {
    throw new ElfError(`segment ${i}: absurd physical address range [${hex(paddr)}-${hex(paddr + memsz)})`);
  }
  if (vaddr + memsz > TWO64) throw new ElfError(`segment ${i}: virtual address range wraps around (p_vaddr ${hex(vaddr)})`);
  const v = toAddr(vaddr);
  if (v === undefined || toAddr((vaddr + memsz) % TWO64) === undefined) {
    throw new ElfError(`segment ${i}: absurd virtual address range [${hex(vaddr)}-${hex(vaddr + memsz)})`);
  }
  const start = Number(offset);
  const n = Number(filesz);
  return {
    index: i,
    vaddr: v,
    paddr: Number(paddr),
    memSize: Number(memsz),
    data: n === 0 ? new Uint8Array(0) : r.bytes.subarray(start, start + n),
    flags: flags & 7,
  };
}

function checkEntry(raw: bigint, segments: ElfSegment[]): number {
  const entry = toAddr(raw);
  if (entry === undefined) throw new ElfError(`entry point ${hex(raw)} is not a valid address`);
  if ((raw & 1n) !== 0n) throw new ElfError(`entry point ${hex(raw)} is misaligned`);
  let nonExec: ElfSegment | undefined;
  for (const s of segments) {
    if (entry >= s.vaddr && entry - s.vaddr < s.memSize) {
      if (s.flags & PF_X) return entry;
      nonExec = s;
    }
  }
  if (nonExec) throw new ElfError(`entry point ${hex(raw)} lies in non-executable segment ${nonExec.index}`);
  throw new ElfError(`entry point ${hex(raw)} is outside every loadable segment`);
}

function parseSymbols(r: Reader, sections: SectionHeader[], warnings: string[]): ElfSymbol[] {
  const symtab = sections.find((s) => s.type === SHT_SYMTAB) ?? sections.find((s) => s.type === SHT_DYNSYM);
  if (!symtab) return [];
  const what = `symbol table (section ${symtab.index})`;
  if (symtab.entsize !== BigInt(SYM64_SIZE)) {
    throw new ElfError(`${what} has bad sh_entsize ${symtab.entsize} (need 24)`);
  }
  if (symtab.size % SYM64_SIZE !== 0) {
    throw new ElfError(`${what} size ${hex(symtab.size)} is not a multiple of 24`);
  }
  if (symtab.link === SHN_UNDEF || symtab.link >= sections.length) {
    throw new ElfError(`${what} sh_link ${symtab.link} is out of range (${sections.length} sections)`);
  }
  const strtab = sections[symtab.link];
  if (strtab.type !== SHT_STRTAB) throw new ElfError(`${what} sh_link ${symtab.link} is not a string table`);
  // Both extents were checked against the file in parseSectionTable.
  const strStart = strtab.offset;
  const strEnd = strtab.offset + strtab.size;
  const count = symtab.size / SYM64_SIZE;
  const symbols: ElfSymbol[] = [];
  for (let k = 1; k < count; k++) {
    const at = symtab.offset + k * SYM64_SIZE;
    const nameOff = r.u32(at);
    if (nameOff === 0) continue;
    if (nameOff >= strtab.size) {
      throw new ElfError(`symbol ${k}: name offset ${hex(nameOff)} is outside the string table (${hex(strtab.size)} bytes)`);
    }
    const from = strStart + nameOff;
    const nul = r.bytes.subarray(from, strEnd).indexOf(0);
    if (nul < 0) throw new ElfError(`symbol ${k}: name is not NUL-terminated inside the string table`);
    const name = utf8.decode(r.bytes.subarray(from, from + nul));
    const info = r.u8(at + 4);
    const shndx = r.u16(at + 6);
    const rawValue = r.u64(at + 8);
    const rawSize = r.u64(at + 16);
    const value = toAddr(rawValue);
    if (value === undefined) {
      warnings.push(`symbol ${name}: value ${hex(rawValue)} is not representable, ignored`);
      continue;
    }
    if (rawSize > MAX_SEGMENT) {
      warnings.push(`symbol ${name}: absurd size ${hex(rawSize)}, ignored`);
      continue;
    }
    symbols.push({ name, value, size: Number(rawSize), type: info & 0xf, bind: info >> 4, shndx });
  }
  return symbols;
}

/** Preference among symbols at the same address: higher wins. */
function rank(s: ElfSymbol): number {
  const typeRank = s.type === STT_FUNC ? 4 : s.type === STT_OBJECT ? 2 : 0;
  const bindRank = s.bind === STB_GLOBAL ? 1 : s.bind === STB_WEAK ? 0.5 : 0;
  return typeRank + (s.size > 0 ? 8 : 0) + bindRank;
}

/** Symbols useful for naming code/data addresses. */
function isAddressSymbol(s: ElfSymbol): boolean {
  if (s.type !== STT_FUNC && s.type !== STT_OBJECT && s.type !== STT_NOTYPE) return false;
  if (s.shndx === SHN_UNDEF || (s.shndx >= SHN_LORESERVE && s.shndx !== SHN_XINDEX)) return false;
  // Mapping symbols ($x, $d, $xrv64i2p1...) and assembler-local labels.
  return !s.name.startsWith('$') && !s.name.startsWith('.L');
}

function makeImage(
  entry: number, segments: ElfSegment[], symbols: ElfSymbol[], flags: number, warnings: string[],
): ElfImage {
  const byName = new Map<string, ElfSymbol>();
  for (const s of symbols) {
    const prev = byName.get(s.name);
    if (!prev || (prev.bind === STB_LOCAL && s.bind !== STB_LOCAL)) byName.set(s.name, s);
  }
  const sorted = symbols.filter(isAddressSymbol).sort((a, b) => a.value - b.value || rank(a) - rank(b));
  const symbolAt = (addr: number): ElfSymbol | undefined => {
    // Last symbol with value <= addr.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid].value <= addr) lo = mid + 1;
      else hi = mid;
    }
    let label: ElfSymbol | undefined;
    let blocked = false;
    for (let j = lo - 1; j >= 0 && lo - 1 - j < 256; j--) {
      const s = sorted[j];
      if (s.size > 0) {
        if (addr - s.value < s.size) return s;
        blocked = true; // a sized symbol ended before addr: labels further back don't apply
      } else if (!blocked && label === undefined && (s.value < 0) === (addr < 0)) {
        // Addresses are signed numbers: a label of the upper half (e.g. a kernel's
        // 0xffffffff8... `__image_end`) never covers a low address, nor the reverse.
        label = s;
      }
    }
    return label;
  };
  return {
    entry,
    segments,
    symbols,
    symbolByName: (name) => byName.get(name),
    symbolAt,
    flags,
    warnings,
    sections: [],
    sectionData: () => undefined,
    programHeaders: [],
    header: {
      osabi: 0, abiVersion: 0, type: 0, machine: 0, version: 0, phoff: 0n, shoff: 0n, ehsize: 0,
      phentsize: 0, phnum: 0, shentsize: 0, shnum: 0, shstrndx: 0,
    },
  };
}

function range(base: number, size: number): string {
  return `[${hex(base)}-${hex(base + size)})`;
}

/**
 * Check that every segment's physical range lies inside one memory region and that no
 * two segments overlap. Throws ElfError.
 */
export function checkLoadable(image: ElfImage, regions: MemoryRegion[]): void {
  for (const s of image.segments) {
    const start = s.paddr;
    const end = s.paddr + s.memSize;
    if (regions.some((m) => start >= m.base && end <= m.base + m.size)) continue;
    const partial = regions.find((m) => start < m.base + m.size && end > m.base);
    if (partial) {
      throw new ElfError(`segment ${s.index} ${range(start, s.memSize)} lies partly outside ${partial.name} ${range(partial.base, partial.size)}`);
    }
    const where = regions.length === 0 ? 'memory (no regions)' : regions.map((m) => `${m.name} ${range(m.base, m.size)}`).join(', ');
    throw new ElfError(`segment ${s.index} ${range(start, s.memSize)} lies outside ${where}`);
  }
  const byAddr = [...image.segments].sort((a, b) => a.paddr - b.paddr || a.index - b.index);
  for (let i = 1; i < byAddr.length; i++) {
    const a = byAddr[i - 1];
    const b = byAddr[i];
    if (b.paddr < a.paddr + a.memSize) {
      const [x, y] = a.index < b.index ? [a, b] : [b, a];
      throw new ElfError(`segments ${x.index} and ${y.index} overlap at ${hex(b.paddr)}`);
    }
  }
}
