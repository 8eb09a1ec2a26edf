/**
 * Line number programs (DWARF 5 section 6.2; DWARF 4 section 6.2): v2-v5 headers
 * (v5 directory/file entry formats, section 6.2.4.1), the state machine with standard,
 * special and extended opcodes, and the lookups the debugger needs: row for a pc,
 * breakpoint addresses for a source line, statement boundaries.
 * File paths are normalized joins of comp_dir, include directory and file name.
 */

import { FORM as FORM_ } from './constants';
import { cstrAt, DwarfError, MASK64, Reader, hex } from './reader';
import type { Sections, Unit } from './info';
import { msg } from './info';

// Module-local aliases: plain property reads, not live-binding getters, in hot loops.
const FORM = FORM_;

export interface Row {
  address: bigint;
  /** Index into LineTables.files. */
  file: number;
  line: number;
  column: number;
  isStmt: boolean;
}

/** One DW_LNE_end_sequence-terminated run of rows, sorted by address; [lo, hi). */
export interface Sequence { lo: bigint; hi: bigint; rows: Row[] }

/** Per-program result: file paths indexed by the program's own file numbers. */
export interface ProgramFiles { paths: string[] }

export function normalizePath(p: string): string {
  const abs = p.startsWith('/');
  const dot = p === '.' || p.startsWith('./');
  const out: string[] = [];
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (c === '..' && abs) continue;
    else out.push(c);
  }
  const joined = out.join('/');
  if (abs) return '/' + joined;
  return dot ? (joined === '' ? '.' : './' + joined) : joined;
}

function joinPath(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return name;
  return dir.endsWith('/') ? dir + name : dir + '/' + name;
}

const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;

export class LineTables {
  readonly files: string[] = [];
  private readonly fileIds = new Map<string, number>();
  /** Sorted by lo. */
  readonly sequences: Sequence[] = [];
  private readonly stmtAddrs = new Set<bigint>();
  /** Programs already parsed, by .debug_line offset. */
  private readonly programs = new Map<number, ProgramFiles>();

  constructor(private readonly s: Sections, private readonly warnings: string[],
              private readonly isCode: (addr: bigint) => boolean) {}

  fileId(path: string): number {
    let id = this.fileIds.get(path);
    if (id === undefined) {
      id = this.files.length;
      this.files.push(path);
      this.fileIds.set(path, id);
    }
    return id;
  }

  /** Parse the program a unit points at (DW_AT_stmt_list) and give the unit its file table. */
  addUnit(u: Unit): void {
    if (u.stmtList === undefined) return;
    const prog = this.parseProgram(u.stmtList, u.compDir, u.name);
    if (prog) u.files = prog.paths;
  }

  /** Parse every program in .debug_line not referenced by a unit (e.g. units we skipped). */
  addRemaining(): void {
    const data = this.s.line;
    if (!data) return;
    let off = 0;
    while (off < data.length) {
      try {
        const r = new Reader(data, off);
        const { end } = r.initialLength();
        if (!this.programs.has(off)) this.parseProgram(off, '', '');
        off = end;
      } catch {
        break; // a header we cannot even size: the warning was or will be recorded elsewhere
      }
    }
  }

  finish(): void {
    this.sequences.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  }

  private parseProgram(off: number, compDir: string, cuName: string): ProgramFiles | undefined {
    const cached = this.programs.get(off);
    if (cached) return cached;
    const data = this.s.line;
    if (!data || off >= data.length) {
      this.warnings.push(`.debug_line: no line program at ${hex(off)}`);
      return undefined;
    }
    try {
      const prog = this.parseAt(data, off, compDir, cuName);
      this.programs.set(off, prog);
      return prog;
    } catch (e) {
      this.warnings.push(`.debug_line program at ${hex(off)} skipped: ${msg(e)}`);
      this.programs.set(off, { paths: [] });
      return undefined;
    }
  }

  private parseAt(data: Uint8Array, off: number, compDir: string, cuName: string): ProgramFiles {
    const r = new Reader(data, off);
    const { is64, end } = r.initialLength();
    r.end = end;
    const version = r.u16();
    if (version < 2 || version > 5) throw new DwarfError(`unsupported line table version ${version}`);
    let addrSize = 8;
    if (version >= 5) {
      addrSize = r.u8();
      r.u8(); // segment selector size
    }
    const headerLength = r.offset(is64);
    const progStart = r.pos + headerLength;
    const minInst = r.u8();
    const maxOps = version >= 4 ? r.u8() : 1;
    const defaultIsStmt = r.u8() !== 0;
    const lineBase = r.i8();
    const lineRange = r.u8();
    const opcodeBase = r.u8();
    if (lineRange === 0) throw new DwarfError('line_range is 0');
    const stdLengths: number[] = [0];
    for (let i = 1; i < opcodeBase; i++) stdLengths.push(r.u8());

    const paths: string[] = [];
    if (version >= 5) {
      const dirs = this.entryTable(r, is64).map((e) => e.path);
      const dir0 = dirs.length > 0 ? dirs[0] : compDir;
      const dirPath = (i: number): string => {
        const d = dirs[i] ?? '';
        return i === 0 || d.startsWith('/') ? d : joinPath(dir0, d);
      };
      for (const f of this.entryTable(r, is64)) paths.push(normalizePath(joinPath(dirPath(f.dir), f.path)));
    } else {
      const dirs = [compDir];
      for (;;) {
        const d = r.cstr();
        if (d === '') break;
        dirs.push(d.startsWith('/') ? d : joinPath(compDir, d));
      }
      paths.push(normalizePath(joinPath(compDir, cuName)));
      for (;;) {
        const name = r.cstr();
        if (name === '') break;
        const dir = r.uleb();
        r.uleb();
        r.uleb();
        paths.push(normalizePath(joinPath(dirs[dir] ?? '', name)));
      }
    }
    const ids = paths.map((p) => this.fileId(p));
    r.pos = progStart;
    this.run(r, { minInst, maxOps: maxOps || 1, defaultIsStmt, lineBase, lineRange, opcodeBase, stdLengths, addrSize, version }, ids, paths, compDir);
    return { paths };
  }

  /** DWARF 5 directory or file name table (section 6.2.4.1). */
  private entryTable(r: Reader, is64: boolean): { path: string; dir: number }[] {
    const formatCount = r.u8();
    const format: [number, number][] = [];
    for (let i = 0; i < formatCount; i++) format.push([r.uleb(), r.uleb()]);
    const count = r.uleb();
    const out: { path: string; dir: number }[] = [];
    for (let i = 0; i < count; i++) {
      let path = '';
      let dir = 0;
      for (const [ct, form] of format) {
        const v = this.readEntryForm(r, form, is64);
        if (ct === DW_LNCT_path && typeof v === 'string') path = v;
        else if (ct === DW_LNCT_directory_index && typeof v === 'number') dir = v;
      }
      out.push({ path, dir });
    }
    return out;
  }

  private readEntryForm(r: Reader, form: number, is64: boolean): string | number | undefined {
    switch (form) {
      case FORM.string: return r.cstr();
      case FORM.line_strp: return cstrAt(this.s.lineStr, r.offset(is64));
      case FORM.strp: return cstrAt(this.s.str, r.offset(is64));
      case FORM.strp_sup: case FORM.GNU_strp_alt: r.offset(is64); return '';
      case FORM.strx: case FORM.udata: return r.uleb();
      case FORM.strx1: case FORM.data1: return r.u8();
      case FORM.strx2: case FORM.data2: return r.u16();
      case FORM.strx3: return r.u24();
      case FORM.strx4: case FORM.data4: return r.u32();
      case FORM.data8: r.u64(); return undefined;
      case FORM.data16: r.skip(16); return undefined;
      case FORM.block: r.skip(r.uleb()); return undefined;
      default: throw new DwarfError(`unsupported form ${hex(form)} in line table entry format`);
    }
  }

  /** The line number state machine (DWARF 5 section 6.2.5). */
  private run(r: Reader, h: {
    minInst: number; maxOps: number; defaultIsStmt: boolean; lineBase: number; lineRange: number;
    opcodeBase: number; stdLengths: number[]; addrSize: number; version: number;
  }, ids: number[], paths: string[], compDir: string): void {
    let address = 0n;
    let file = 1;
    let line = 1;
    let column = 0;
    let isStmt = h.defaultIsStmt;
    let rows: Row[] = [];
    const minInst = BigInt(h.minInst);
    const reset = (): void => {
      address = 0n; file = 1; line = 1; column = 0; isStmt = h.defaultIsStmt;
    };
    const emit = (): void => {
      rows.push({ address, file: ids[file] ?? this.fileId(`<file ${file}>`), line, column, isStmt });
    };
    const advance = (opAdvance: number): void => {
      address = (address + minInst * BigInt(Math.floor(opAdvance / h.maxOps))) & MASK64;
    };
    while (r.pos < r.end) {
      const op = r.u8();
      if (op >= h.opcodeBase) {
        const adj = op - h.opcodeBase;
        advance(Math.floor(adj / h.lineRange));
        line += h.lineBase + (adj % h.lineRange);
        emit();
        continue;
      }
      switch (op) {
        case 0: {
          const len = r.uleb();
          const next = r.pos + len;
          if (len === 0) break;
          const ext = r.u8();
          if (ext === 1) { // DW_LNE_end_sequence
            if (rows.length > 0) this.addSequence(rows, address);
            rows = [];
            reset();
          } else if (ext === 2) {
            { const sz = len - 1; address = r.addr(sz === 4 || sz === 8 ? sz : h.addrSize); }
          } else if (ext === 3) { // DW_LNE_define_file (v2-4)
            const name = r.cstr();
            r.uleb(); r.uleb(); r.uleb();
            const p = normalizePath(joinPath(compDir, name));
            paths.push(p);
            ids.push(this.fileId(p));
          }
          // DW_LNE_set_discriminator (4) and vendor opcodes: nothing to record.
          r.pos = next;
          break;
        }
        case 1: emit(); break; // copy (discriminator, basic_block etc. reset: not tracked)
        case 2: advance(r.uleb()); break;
        case 3: line += r.sleb(); break;
        case 4: file = r.uleb(); break;
        case 5: column = r.uleb(); break;
        case 6: isStmt = !isStmt; break;
        case 7: break;
        case 8: advance(Math.floor((255 - h.opcodeBase) / h.lineRange)); break;
        case 9: address = (address + BigInt(r.u16())) & MASK64; break;
        case 10: case 11: break;
        case 12: r.uleb(); break;
        default:
          for (let i = 0; i < (h.stdLengths[op] ?? 0); i++) r.uleb();
      }
    }
    // A program without a final end_sequence: keep its rows up to the last address.
    if (rows.length > 0) this.addSequence(rows, rows[rows.length - 1].address + 1n);
  }

  private addSequence(rows: Row[], end: bigint): void {
    const lo = rows[0].address;
    if (end <= lo || !this.isCode(lo)) return; // discarded (gc'd) code relocated to 0, or empty
    // Rows are emitted in non-decreasing address order; a stable sort guards against odd producers.
    for (let i = 1; i < rows.length; i++) {
      if (rows[i].address < rows[i - 1].address) {
        rows.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
        break;
      }
    }
    for (const row of rows) if (row.isStmt) this.stmtAddrs.add(row.address);
    this.sequences.push({ lo, hi: end, rows });
  }

  // ------------------------------------------------------------------ queries

  /** Sequence containing pc and the index of its governing row. */
  find(pc: bigint): { seq: Sequence; index: number } | undefined {
    const seqs = this.sequences;
    let lo = 0;
    let hi = seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (seqs[mid].lo <= pc) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo - 1; k >= 0 && k >= lo - 8; k--) {
      const seq = seqs[k];
      if (pc < seq.hi) return { seq, index: rowIndex(seq.rows, pc) };
    }
    return undefined;
  }

  isStatement(pc: bigint): boolean {
    return this.stmtAddrs.has(pc);
  }
}

/**
 * Index of the row governing pc: among the rows with the greatest address <= pc,
 * the last is_stmt one (else the last one).
 */
function rowIndex(rows: Row[], pc: bigint): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].address <= pc) lo = mid + 1;
    else hi = mid;
  }
  const last = Math.max(0, lo - 1);
  const addr = rows[last].address;
  for (let i = last; i >= 0 && rows[i].address === addr; i--) if (rows[i].isStmt) return i;
  return last;
}
