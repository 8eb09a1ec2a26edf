/**
 * Which ELF was built from this source? F5 in a C source without a launch.json debugs
 * the ELF whose DWARF names that source: the compile units (DW_AT_name joined with
 * DW_AT_comp_dir) and the line tables' file names, read with the emulator's own ELF and
 * DWARF readers (emulator/loader/elf.ts, emulator/debug/dwarf). Relative DWARF paths
 * (guests are built with -ffile-prefix-map) resolve the way the debugger resolves them
 * (debug-adapter/sourcePaths.ts): against the launch cwd, then the ELF's directory and
 * its ancestors, first existing file wins.
 * No `vscode` import: extension/elfPicker.ts lists the workspace's ELFs and asks the user.
 */
import { existsSync } from 'fs';
import { readFile, stat } from 'fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'path';
import { parseElf } from '../emulator/loader/elf';
import { DebugInfo } from '../emulator/debug/dwarf/index';

/** At most this many ELF files are looked at (the workspace glob's limit). */
export const MAX_ELF_FILES = 500;
/** Larger files are not read. */
export const MAX_ELF_BYTES = 256 * 1024 * 1024;
/** The ELF's directory and this many directories above it (as sourcePaths.ts). */
const ANCESTORS = 5;

export interface ElfMatch {
  /** Absolute path of the ELF. */
  elf: string;
  mtimeMs: number;
  /** True when a DWARF path resolves to the source itself; false when only the last
   *  `score` path components agree (an ELF built elsewhere, or its sources moved). */
  exact: boolean;
  score: number;
  /** The DWARF path that matched, as recorded. */
  dwarfPath: string;
}

/**
 * The source paths an ELF's DWARF names: compile-unit sources first, then line-table
 * files, without duplicates. Empty for bytes that are not a RISC-V ELF or carry no DWARF.
 */
export function dwarfSources(bytes: Uint8Array): string[] {
  try {
    const info = DebugInfo.fromElf(parseElf(bytes), bytes);
    return [...new Set([...info.unitSources(), ...info.files()])];
  } catch {
    return [];
  }
}

const caseless = process.platform === 'win32' || process.platform === 'darwin';
function samePath(a: string, b: string): boolean {
  const x = resolve(a);
  const y = resolve(b);
  return caseless ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/** Directories a relative DWARF path is tried against, in order: the launch cwd (the
 *  workspace folder, else the ELF's directory), the ELF's directory and its ancestors. */
export function searchBases(elf: string, folder: string | undefined): string[] {
  const bases = [folder ?? dirname(resolve(elf))];
  for (let d = dirname(resolve(elf)), i = 0; i <= ANCESTORS; i++) {
    bases.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return bases;
}

function components(p: string): string[] {
  return p.replace(/\\/g, '/').split('/').filter((c) => c !== '' && c !== '.');
}

/**
 * How well `dwarfPath` (recorded in `elf`) names the host file `source`: Infinity when the
 * debugger would open `source` for it; otherwise the number of trailing path components
 * the two share (0: not even the file name).
 */
export function matchScore(dwarfPath: string, elf: string, source: string, folder: string | undefined,
  exists: (path: string) => boolean = existsSync): number {
  const want = components(source);
  const have = components(dwarfPath);
  let n = 0;
  const eq = (a: string, b: string) => (caseless ? a.toLowerCase() === b.toLowerCase() : a === b);
  while (n < want.length && n < have.length && eq(want[want.length - 1 - n], have[have.length - 1 - n])) n++;
  if (n === 0) return 0;
  const p = dwarfPath.replace(/\\/g, '/');
  if (isAbsolute(p) || /^[A-Za-z]:\//.test(p)) return samePath(p, source) ? Infinity : n;
  for (const base of searchBases(elf, folder)) {
    const candidate = resolve(base, p);
    if (samePath(candidate, source)) return Infinity;
    if (exists(candidate)) return n; // the debugger would open this other file
  }
  return n;
}

interface Entry { mtimeMs: number; size: number; sources: string[] }

/**
 * Finds the ELFs built from a source. Keeps each ELF's DWARF source list while the file's
 * size and modification time are unchanged; a file that does not even contain the
 * source's name is not parsed.
 */
export class ElfSourceIndex {
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly exists: (path: string) => boolean = existsSync) {}

  /**
   * The best matches for `source` among `elfs` (absolute paths): the ELFs whose DWARF
   * resolves to it, else those sharing the most trailing path components with it (at
   * least its file name); most recently modified first. `folder`: the workspace folder.
   */
  async find(source: string, elfs: readonly string[], folder?: string): Promise<ElfMatch[]> {
    const name = Buffer.from(basename(source), 'utf8');
    const all: ElfMatch[] = [];
    for (const elf of elfs.slice(0, MAX_ELF_FILES)) {
      const sources = await this.sourcesOf(elf, caseless ? undefined : name);
      if (sources === undefined) continue;
      let best: ElfMatch | undefined;
      for (const dwarfPath of sources.list) {
        const score = matchScore(dwarfPath, elf, source, folder, this.exists);
        if (score > 0 && (best === undefined || score > best.score)) {
          best = { elf, mtimeMs: sources.mtimeMs, exact: score === Infinity, score, dwarfPath };
        }
      }
      if (best !== undefined) all.push(best);
    }
    const top = Math.max(0, ...all.map((m) => m.score));
    return all.filter((m) => m.score === top)
      .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.elf < b.elf ? -1 : a.elf > b.elf ? 1 : 0));
  }

  /** The DWARF source paths of `elf`, or undefined when it cannot be read, is too large,
   *  or (with `mustContain`) its bytes do not contain that name at all. */
  private async sourcesOf(elf: string, mustContain: Buffer | undefined): Promise<{ list: string[]; mtimeMs: number } | undefined> {
    let st;
    try {
      st = await stat(elf);
    } catch {
      return undefined;
    }
    if (!st.isFile() || st.size > MAX_ELF_BYTES) return undefined;
    const hit = this.cache.get(elf);
    if (hit !== undefined && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return { list: hit.sources, mtimeMs: hit.mtimeMs };
    let bytes: Buffer;
    try {
      bytes = await readFile(elf);
    } catch {
      return undefined;
    }
    if (mustContain !== undefined && bytes.indexOf(mustContain) < 0) return undefined;
    const sources = dwarfSources(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.cache.set(elf, { mtimeMs: st.mtimeMs, size: st.size, sources });
    return { list: sources, mtimeMs: st.mtimeMs };
  }
}

/** True for the C and C++ sources and headers F5 looks up an ELF for. */
export function isCSourceFile(path: string): boolean {
  return /\.(c|h|cc|cpp|cxx|hh|hpp|hxx)$/i.test(path);
}
