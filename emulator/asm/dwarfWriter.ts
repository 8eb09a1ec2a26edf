/**
 * DWARF 5 debug sections for an assembled executable, laid out like `riscv64-unknown-elf-as
 * -gdwarf-5` (binutils 2.40) writes them for a `.s` file and GNU ld links them: .debug_line
 * (one sequence per executable section), .debug_info (one DW_TAG_compile_unit, language
 * DW_LANG_Mips_Assembler), .debug_abbrev, .debug_aranges, .debug_rnglists (only when there
 * is more than one sequence), .debug_str and .debug_line_str. Also the little-endian byte
 * writer and string table the ELF writer (elfWriter.ts) shares. Pure TypeScript, no Node APIs.
 */

import type { LinkedSection } from './types';

const MASK64 = (1n << 64n) - 1n;

/** Growable little-endian byte buffer. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  get pos(): number {
    return this.len;
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.len++] = v & 0xff;
  }

  u16(v: number): void {
    this.u8(v);
    this.u8(v >>> 8);
  }

  u32(v: number): void {
    this.room(4);
    for (let i = 0; i < 4; i++) this.buf[this.len++] = (v >>> (8 * i)) & 0xff;
  }

  u64(v: bigint | number): void {
    let x = BigInt(v) & MASK64;
    this.room(8);
    for (let i = 0; i < 8; i++) {
      this.buf[this.len++] = Number(x & 0xffn);
      x >>= 8n;
    }
  }

  uleb(v: bigint | number): void {
    let x = BigInt(v);
    if (x < 0n) throw new Error(`internal error: negative ULEB128 value ${x}`);
    do {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      this.u8(x === 0n ? b : b | 0x80);
    } while (x !== 0n);
  }

  sleb(v: bigint | number): void {
    let x = BigInt(v);
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n; // arithmetic shift on BigInt
      const done = (x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return;
    }
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  cstr(s: string): void {
    this.bytes(utf8.encode(s));
    this.u8(0);
  }

  /** Zero bytes up to a multiple of `n` (from the start of this buffer). */
  align(n: number): void {
    while (this.len % n !== 0) this.u8(0);
  }

  zeros(n: number): void {
    this.room(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
  }

  /** Overwrite a 32-bit field written earlier (for lengths known only at the end). */
  patchU32(at: number, v: number): void {
    for (let i = 0; i < 4; i++) this.buf[at + i] = (v >>> (8 * i)) & 0xff;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const utf8 = new TextEncoder();

/** A NUL-separated string table (offset 0 is the empty string when `leadingNul`). */
export class StringTable {
  private readonly w = new ByteWriter();
  private readonly offsets = new Map<string, number>();

  constructor(leadingNul: boolean) {
    if (leadingNul) {
      this.w.u8(0);
      this.offsets.set('', 0);
    }
  }

  add(s: string): number {
    const hit = this.offsets.get(s);
    if (hit !== undefined) return hit;
    const off = this.w.pos;
    this.w.cstr(s);
    this.offsets.set(s, off);
    return off;
  }

  finish(): Uint8Array {
    return this.w.finish();
  }
}

/** One 1-based source line starting at `addr` (an instruction or data statement). */
export interface LineRow { addr: bigint; line: number; }

export interface DebugLines {
  /** Source path as given (e.g. "hello.s" or an absolute path). */
  file: string;
  /** Compilation directory ("" allowed). */
  compDir: string;
  /** e.g. "HyperStep assembler 0.1.0"; DW_AT_producer is omitted when absent. */
  producer?: string;
  /** Per executable section: its rows in address order (a section with no rows is skipped). */
  sequences: { section: string; start: bigint; end: bigint; rows: LineRow[] }[];
}

/** A finished debug section (non-alloc; `strings` = SHF_MERGE|SHF_STRINGS, entsize 1). */
export interface DebugSection {
  name: string;
  data: Uint8Array;
  strings: boolean;
}

// DWARF constants (DWARF 5, sections 7.5-7.22).
const DW_TAG_compile_unit = 0x11;
const DW_CHILDREN_no = 0;
const DW_AT_name = 0x03;
const DW_AT_stmt_list = 0x10;
const DW_AT_low_pc = 0x11;
const DW_AT_high_pc = 0x12;
const DW_AT_language = 0x13;
const DW_AT_comp_dir = 0x1b;
const DW_AT_producer = 0x25;
const DW_AT_ranges = 0x55;
const DW_FORM_addr = 0x01;
const DW_FORM_data2 = 0x05;
const DW_FORM_strp = 0x0e;
const DW_FORM_udata = 0x0f;
const DW_FORM_sec_offset = 0x17;
const DW_FORM_line_strp = 0x1f;
const DW_UT_compile = 0x01;
const DW_LANG_Mips_Assembler = 0x8001;
const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;
const DW_LNS_advance_pc = 2;
const DW_LNS_advance_line = 3;
const DW_LNS_const_add_pc = 8;
const DW_LNE_end_sequence = 1;
const DW_LNE_set_address = 2;
const DW_RLE_end_of_list = 0;
const DW_RLE_start_length = 7;

// Line program header parameters, as GNU as uses them.
const LINE_BASE = -5;
const LINE_RANGE = 14;
const OPCODE_BASE = 13;
/** Operand counts of the standard opcodes 1 .. OPCODE_BASE-1. */
const STD_OPCODE_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];
/** Address advance of DW_LNS_const_add_pc: that of special opcode 255. */
const CONST_ADD_PC = Math.floor((255 - OPCODE_BASE) / LINE_RANGE);

type Sequence = DebugLines['sequences'][number];

function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

/**
 * Check `debug` against the linked sections (throws Error with a one-line message) and
 * return the sequences that have rows, in address order.
 */
export function checkDebugLines(debug: DebugLines, sections: LinkedSection[]): Sequence[] {
  if (typeof debug.file !== 'string' || debug.file === '') throw new Error('debug info: empty source file name');
  if (/[\0\n]/.test(debug.file) || /[\0\n]/.test(debug.compDir)) {
    throw new Error('debug info: source file name or compilation directory contains a NUL or newline');
  }
  const out: Sequence[] = [];
  for (const seq of debug.sequences) {
    const where = `debug line sequence for section ${JSON.stringify(seq.section)}`;
    const sec = sections.find((s) => s.name === seq.section);
    if (!sec) throw new Error(`${where}: no such section`);
    if (!sec.exec) throw new Error(`${where}: section is not executable`);
    const secEnd = sec.addr + BigInt(sec.size);
    if (seq.start < sec.addr || seq.end > secEnd || seq.start > seq.end) {
      throw new Error(`${where}: range [${hex(seq.start)}, ${hex(seq.end)}) is not inside the section [${hex(sec.addr)}, ${hex(secEnd)})`);
    }
    if (seq.rows.length === 0) continue;
    let prev = seq.start;
    for (const row of seq.rows) {
      if (!Number.isSafeInteger(row.line) || row.line < 1) throw new Error(`${where}: bad line number ${row.line}`);
      if (row.addr < prev || row.addr >= seq.end) {
        throw new Error(`${where}: row for line ${row.line} at ${hex(row.addr)} is out of address order or outside [${hex(seq.start)}, ${hex(seq.end)})`);
      }
      prev = row.addr;
    }
    out.push(seq);
  }
  out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let i = 1; i < out.length; i++) {
    if (out[i].start < out[i - 1].end) {
      throw new Error(`debug line sequences overlap at ${hex(out[i].start)} (sections ${JSON.stringify(out[i - 1].section)} and ${JSON.stringify(out[i].section)})`);
    }
  }
  return out;
}

/** Split "dir/name" like gas: the directory part (may be "" or "/") and the base name. */
export function splitPath(path: string): { dir: string; base: string } {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return { dir: '', base: path };
  return { dir: slash === 0 ? '/' : path.slice(0, slash), base: path.slice(slash + 1) };
}

/** One row's opcodes: line advance and address advance, as a special opcode when possible. */
function emitRow(w: ByteWriter, addrDelta: bigint, lineDelta: number): void {
  if (lineDelta < LINE_BASE || lineDelta >= LINE_BASE + LINE_RANGE) {
    w.u8(DW_LNS_advance_line);
    w.sleb(lineDelta);
    lineDelta = 0;
  }
  const adj = lineDelta - LINE_BASE;
  const maxSpecial = BigInt(Math.floor((255 - OPCODE_BASE - adj) / LINE_RANGE));
  if (addrDelta <= maxSpecial) {
    w.u8(OPCODE_BASE + adj + Number(addrDelta) * LINE_RANGE);
  } else if (addrDelta - BigInt(CONST_ADD_PC) <= maxSpecial) {
    w.u8(DW_LNS_const_add_pc);
    w.u8(OPCODE_BASE + adj + Number(addrDelta - BigInt(CONST_ADD_PC)) * LINE_RANGE);
  } else {
    w.u8(DW_LNS_advance_pc);
    w.uleb(addrDelta);
    w.u8(OPCODE_BASE + adj);
  }
}

function lineProgram(w: ByteWriter, seqs: Sequence[]): void {
  for (const seq of seqs) {
    w.u8(0);
    w.uleb(9);
    w.u8(DW_LNE_set_address);
    w.u64(seq.start);
    let addr = seq.start;
    let line = 1;
    for (const row of seq.rows) {
      emitRow(w, row.addr - addr, row.line - line);
      addr = row.addr;
      line = row.line;
    }
    if (seq.end > addr) {
      w.u8(DW_LNS_advance_pc);
      w.uleb(seq.end - addr);
    }
    w.u8(0);
    w.uleb(1);
    w.u8(DW_LNE_end_sequence);
  }
}

/** .debug_line: a version 5 header (directory and file tables in .debug_line_str) and the program. */
function debugLine(debug: DebugLines, seqs: Sequence[], lineStr: StringTable): Uint8Array {
  const { dir, base } = splitPath(debug.file);
  const dirs = [lineStr.add(debug.compDir)];
  if (dir !== '') dirs.push(lineStr.add(dir));
  const name = lineStr.add(base);
  const dirIndex = dir !== '' ? 1 : 0;

  const w = new ByteWriter();
  w.u32(0); // unit_length, patched
  w.u16(5);
  w.u8(8); // address_size
  w.u8(0); // segment_selector_size
  const headerLengthAt = w.pos;
  w.u32(0); // header_length, patched
  const headerStart = w.pos;
  w.u8(1); // minimum_instruction_length
  w.u8(1); // maximum_operations_per_instruction
  w.u8(1); // default_is_stmt
  w.u8(LINE_BASE & 0xff);
  w.u8(LINE_RANGE);
  w.u8(OPCODE_BASE);
  for (const n of STD_OPCODE_LENGTHS) w.u8(n);
  w.u8(1); // directory_entry_format_count
  w.uleb(DW_LNCT_path);
  w.uleb(DW_FORM_line_strp);
  w.uleb(dirs.length);
  for (const d of dirs) w.u32(d);
  w.u8(2); // file_name_entry_format_count
  w.uleb(DW_LNCT_path);
  w.uleb(DW_FORM_line_strp);
  w.uleb(DW_LNCT_directory_index);
  w.uleb(DW_FORM_udata);
  w.uleb(2); // file 0 and file 1 both name the source, as gas writes them
  for (let i = 0; i < 2; i++) {
    w.u32(name);
    w.uleb(dirIndex);
  }
  w.patchU32(headerLengthAt, w.pos - headerStart);
  lineProgram(w, seqs);
  w.patchU32(0, w.pos - 4);
  return w.finish();
}

/** .debug_aranges (version 2): one [start, end) tuple per sequence. */
function debugAranges(seqs: Sequence[]): Uint8Array {
  const w = new ByteWriter();
  w.u32(0);
  w.u16(2);
  w.u32(0); // debug_info_offset
  w.u8(8); // address_size
  w.u8(0); // segment_selector_size
  w.align(16); // tuples are aligned to twice the address size
  for (const s of seqs) {
    w.u64(s.start);
    w.u64(s.end - s.start);
  }
  w.u64(0);
  w.u64(0);
  w.patchU32(0, w.pos - 4);
  return w.finish();
}

/** .debug_rnglists with one list (at offset 12) of DW_RLE_start_length entries. */
function debugRnglists(seqs: Sequence[]): { data: Uint8Array; listOffset: number } {
  const w = new ByteWriter();
  w.u32(0);
  w.u16(5);
  w.u8(8); // address_size
  w.u8(0); // segment_selector_size
  w.u32(0); // offset_entry_count
  const listOffset = w.pos;
  for (const s of seqs) {
    w.u8(DW_RLE_start_length);
    w.u64(s.start);
    w.uleb(s.end - s.start);
  }
  w.u8(DW_RLE_end_of_list);
  w.patchU32(0, w.pos - 4);
  return { data: w.finish(), listOffset };
}

/**
 * Build the debug sections for `debug` (validated against `sections`; throws Error on
 * nonsense). Section order follows GNU ld's output: aranges, info, abbrev, line, str,
 * line_str, rnglists.
 */
export function buildDwarf(debug: DebugLines, sections: LinkedSection[]): DebugSection[] {
  const seqs = checkDebugLines(debug, sections);
  const str = new StringTable(false);
  const lineStr = new StringTable(false);
  const line = debugLine(debug, seqs, lineStr);

  // Abbreviation 1: the compile unit, attributes in gas's order.
  const attrs: [number, number][] = [[DW_AT_stmt_list, DW_FORM_sec_offset]];
  let rnglists: { data: Uint8Array; listOffset: number } | undefined;
  if (seqs.length === 1) {
    attrs.push([DW_AT_low_pc, DW_FORM_addr], [DW_AT_high_pc, DW_FORM_udata]);
  } else if (seqs.length > 1) {
    rnglists = debugRnglists(seqs);
    attrs.push([DW_AT_ranges, DW_FORM_sec_offset]);
  }
  attrs.push([DW_AT_name, DW_FORM_strp]);
  if (debug.compDir !== '') attrs.push([DW_AT_comp_dir, DW_FORM_strp]);
  if (debug.producer !== undefined && debug.producer !== '') attrs.push([DW_AT_producer, DW_FORM_strp]);
  attrs.push([DW_AT_language, DW_FORM_data2]);

  const abbrev = new ByteWriter();
  abbrev.uleb(1);
  abbrev.uleb(DW_TAG_compile_unit);
  abbrev.u8(DW_CHILDREN_no);
  for (const [at, form] of attrs) {
    abbrev.uleb(at);
    abbrev.uleb(form);
  }
  abbrev.u8(0);
  abbrev.u8(0);
  abbrev.u8(0); // end of the abbreviation table

  const info = new ByteWriter();
  info.u32(0);
  info.u16(5);
  info.u8(DW_UT_compile);
  info.u8(8); // address_size
  info.u32(0); // debug_abbrev_offset
  info.uleb(1);
  for (const [at] of attrs) {
    switch (at) {
      case DW_AT_stmt_list: info.u32(0); break;
      case DW_AT_low_pc: info.u64(seqs[0].start); break;
      case DW_AT_high_pc: info.uleb(seqs[0].end - seqs[0].start); break;
      case DW_AT_ranges: info.u32(rnglists?.listOffset ?? 0); break;
      case DW_AT_name: info.u32(str.add(debug.file)); break;
      case DW_AT_comp_dir: info.u32(str.add(debug.compDir)); break;
      case DW_AT_producer: info.u32(str.add(debug.producer ?? '')); break;
      case DW_AT_language: info.u16(DW_LANG_Mips_Assembler); break;
      default: throw new Error(`internal error: attribute 0x${at.toString(16)}`);
    }
  }
  info.patchU32(0, info.pos - 4);

  const out: DebugSection[] = [];
  if (seqs.length > 0) out.push({ name: '.debug_aranges', data: debugAranges(seqs), strings: false });
  out.push(
    { name: '.debug_info', data: info.finish(), strings: false },
    { name: '.debug_abbrev', data: abbrev.finish(), strings: false },
    { name: '.debug_line', data: line, strings: false },
    { name: '.debug_str', data: str.finish(), strings: true },
    { name: '.debug_line_str', data: lineStr.finish(), strings: true },
  );
  if (rnglists) out.push({ name: '.debug_rnglists', data: rnglists.data, strings: false });
  return out;
}
