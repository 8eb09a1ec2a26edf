/**
 * C preprocessing for `.S` files in the language server. GNU toolchains run `cpp`
 * over capital-S assembly before `as`; the built-in assembler does not, so without
 * help every `#include`/`#define` line and every macro use is a false error.
 *
 * - With Debian's `riscv64-unknown-elf-cpp` installed (or $HYPERSTEP_CPP), the
 *   document text is preprocessed (include paths: the file's directory, `-I` flags of
 *   a Makefile fragment beside it, and `common`/`include` directories of its parent),
 *   assembled, and the diagnostics are mapped back to the original lines through the
 *   `# LINE "file"` markers. cpp's own errors (e.g. a missing header) are reported too.
 * - Without cpp, directive lines are blanked and diagnostics that may come from
 *   macros (lines using a `#define`d name of the file or its headers, unknown
 *   upper-case mnemonics, unknown identifiers) are dropped.
 *
 * `HYPERSTEP_CPP=none` disables cpp (tests use it to simulate its absence).
 */
import { spawnSync } from 'child_process';
import { readdirSync, readFileSync, statSync } from 'fs';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'path';
import type { AsmDiagnostic } from '../emulator/asm';

/** cpp gets this long per run; slower runs fall back to the no-cpp filtering. */
const CPP_TIMEOUT_MS = 3000;
const CPP_NAME = 'riscv64-unknown-elf-cpp';

/** True for files that GNU toolchains preprocess (capital `.S`). */
export function isPreprocessed(file: string): boolean {
  return /\.S$/.test(file);
}

let cppCache: { key: string; path: string | undefined } | undefined;

/** Path of the cross cpp, or undefined when it is not installed (or disabled). */
export function findCpp(): string | undefined {
  const env = process.env.HYPERSTEP_CPP;
  const key = `${env ?? ''}|${process.env.PATH ?? ''}`;
  if (cppCache?.key === key) return cppCache.path;
  let path: string | undefined;
  if (env === 'none' || env === '') path = undefined;
  else if (env !== undefined && isAbsolute(env)) path = isFile(env) ? env : undefined;
  else {
    const name = env ?? CPP_NAME;
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (dir !== '' && isFile(join(dir, name))) { path = join(dir, name); break; }
    }
  }
  cppCache = { key, path };
  return path;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Include directories for a source file: its own directory, the simple `-I` flags of
 * Makefile fragments beside it (`*.mk`, `Makefile`; resolved against the directory and
 * its parent, since fragments are often included from the parent's Makefile), then
 * `common` and `include` beside the directory and inside it.
 */
export function includeDirs(file: string): string[] {
  const dir = dirname(resolve(file));
  const parent = dirname(dir);
  const dirs: string[] = [dir];
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.mk') || n === 'Makefile' || n === 'makefile');
  } catch { /* unreadable directory: no fragments */ }
  for (const n of names.slice(0, 8)) {
    let text = '';
    try {
      text = readFileSync(join(dir, n), 'utf8').slice(0, 200_000);
    } catch {
      continue;
    }
    for (const m of text.matchAll(/(?:^|\s)-I\s*([A-Za-z0-9_./-]+)/g)) {
      for (const base of [dir, parent]) {
        const p = resolve(base, m[1]);
        if (isDir(p)) dirs.push(p);
      }
    }
  }
  for (const d of [join(parent, 'common'), join(parent, 'include'), join(dir, 'include')]) {
    if (isDir(d)) dirs.push(d);
  }
  return [...new Set(dirs)];
}

/** Output of a cpp run: the preprocessed text and, per output line, its origin. */
export interface Preprocessed {
  text: string;
  /** Index = output line - 1: the original line in the main file, or undefined (header). */
  lines: (number | undefined)[];
}

const MAIN_FILE = '<stdin>';

/**
 * Replaces cpp's `# LINE "file" flags` markers with blank lines and records, per line
 * of the result, the line of the main file (named `mainName`) it came from.
 */
export function parseLineMarkers(out: string, mainName = MAIN_FILE): Preprocessed {
  const src = out.split(/\r?\n/);
  const text: string[] = [];
  const lines: (number | undefined)[] = [];
  let file = mainName;
  let line = 1;
  for (const l of src) {
    const m = /^#\s*(?:line\s+)?(\d+)\s+"((?:[^"\\]|\\.)*)"/.exec(l);
    if (m !== null) {
      line = Number(m[1]);
      file = m[2];
      text.push('');
      lines.push(undefined);
      continue;
    }
    text.push(l);
    lines.push(file === mainName ? line : undefined);
    line++;
  }
  return { text: text.join('\n'), lines };
}

export type CppResult =
  | { ok: true; pre: Preprocessed }
  | { ok: false; diagnostics: AsmDiagnostic[] }
  | { ok: false; unavailable: string };

/** Runs cpp over `text` (the document, possibly unsaved) as if it were `file`. */
export function runCpp(cpp: string, text: string, file: string, dirs = includeDirs(file)): CppResult {
  const args = ['-x', 'assembler-with-cpp', '-D__ASSEMBLER__=1', ...dirs.map((d) => `-I${d}`), '-'];
  const r = spawnSync(cpp, args, {
    input: text, cwd: dirname(resolve(file)), encoding: 'utf8', timeout: CPP_TIMEOUT_MS, maxBuffer: 32 * 1024 * 1024,
  });
  if (r.error !== undefined) return { ok: false, unavailable: r.error.message };
  if (r.status !== 0) {
    const diags: AsmDiagnostic[] = [];
    for (const m of (r.stderr ?? '').matchAll(/^<stdin>:(\d+):(?:(\d+):)?\s*(fatal error|error|warning):\s*(.*)$/gm)) {
      const col = m[2] === undefined ? 1 : Number(m[2]);
      diags.push({
        file, line: Number(m[1]), column: col, endColumn: col + 1,
        severity: m[3] === 'warning' ? 'warning' : 'error', message: `${m[4]} (${basename(cpp)})`,
      });
    }
    if (diags.length === 0) return { ok: false, unavailable: `cpp exited with ${r.status}: ${r.stderr}` };
    return { ok: false, diagnostics: diags };
  }
  return { ok: true, pre: parseLineMarkers(r.stdout ?? '') };
}

/**
 * Maps the diagnostics of the preprocessed text back to the document: the line through
 * the markers, the column by finding the quoted token on the original line (else the
 * whole line). Diagnostics from headers or without an origin are dropped.
 */
export function mapDiagnostics(diags: readonly AsmDiagnostic[], pre: Preprocessed, original: readonly string[]): AsmDiagnostic[] {
  const out: AsmDiagnostic[] = [];
  const seen = new Set<string>();
  for (const d of diags) {
    const line = pre.lines[d.line - 1];
    if (line === undefined) continue;
    const text = original[line - 1] ?? '';
    const expanded = pre.text.split('\n')[d.line - 1] ?? '';
    const token = expanded.slice(d.column - 1, Math.max(d.column, d.endColumn - 1));
    let column: number;
    let endColumn: number;
    const at = token.trim() === '' ? -1 : text.indexOf(token);
    if (at >= 0 && expanded === text) {
      column = d.column; endColumn = d.endColumn;
    } else if (at >= 0) {
      column = at + 1; endColumn = at + 1 + token.length;
    } else {
      const lead = text.length - text.trimStart().length;
      column = lead + 1; endColumn = text.trimEnd().length + 1;
    }
    const key = `${line}:${d.message}`;
    if (seen.has(key)) continue; // one macro use may expand to many lines with the same error
    seen.add(key);
    out.push({ ...d, line, column, endColumn });
  }
  return out;
}

/** Blanks preprocessor directive lines (and their `\` continuations), keeping line numbers. */
export function stripDirectives(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  let cont = false;
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (cont || (!inComment && /^\s*#\s*([a-z]|\d+\s)/.test(l))) {
      cont = /\\\s*$/.test(l);
      lines[i] = '';
      continue;
    }
    // Track /* ... */ so that a '#' inside a block comment is left alone.
    let j = 0;
    while (j < l.length) {
      if (inComment) {
        const e = l.indexOf('*/', j);
        if (e < 0) { j = l.length; break; }
        inComment = false; j = e + 2;
      } else {
        const s = l.indexOf('/*', j);
        if (s < 0) break;
        inComment = true; j = s + 2;
      }
    }
  }
  return lines.join('\n');
}

/**
 * Names `#define`d by the text and by the headers it includes with `"…"` or `<…>`
 * found in `dirs` (recursively, at most 32 headers).
 */
export function macroNames(text: string, dirs: readonly string[]): Set<string> {
  const names = new Set<string>();
  const visited = new Set<string>();
  const scan = (t: string, from: string | undefined): void => {
    for (const m of t.matchAll(/^\s*#\s*define\s+([A-Za-z_]\w*)/gm)) names.add(m[1]);
    for (const m of t.matchAll(/^\s*#\s*include\s*["<]([^">]+)[">]/gm)) {
      if (visited.size >= 32) return;
      const search = from === undefined ? dirs : [from, ...dirs];
      const hit = search.map((d) => join(d, m[1])).find((p) => !visited.has(p) && isFile(p));
      if (hit === undefined) continue;
      visited.add(hit);
      try {
        scan(readFileSync(hit, 'utf8').slice(0, 500_000), dirname(hit));
      } catch { /* unreadable header */ }
    }
  };
  scan(text, undefined);
  return names;
}

/** Quoted names in an assembler message, e.g. 'FOO' in "unknown instruction 'FOO'". */
function quoted(message: string): string[] {
  return [...message.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

/**
 * Lines (1-based) that use a macro: a `#define`d name, or a function-like call
 * `NAME(` at the start of a statement; a call whose parentheses stay open marks the
 * following lines too, up to the closing one.
 */
export function macroLines(lines: readonly string[], macros: ReadonlySet<string>): Set<number> {
  const out = new Set<number>();
  let depth = 0;
  lines.forEach((raw, i) => {
    const text = raw.replace(/\/\*.*?\*\//g, '').replace(/(#|\/\/).*$/, '');
    const words = text.match(/[A-Za-z_]\w*/g) ?? [];
    const starts = /^\s*(?:[A-Za-z_.$][\w.$]*:\s*)?[A-Za-z_]\w*\s*\(/.test(text);
    if (depth > 0 || starts || words.some((w) => macros.has(w))) {
      out.add(i + 1);
      if (depth > 0 || starts) {
        for (const ch of text) {
          if (ch === '(') depth++;
          else if (ch === ')') depth = Math.max(0, depth - 1);
        }
      }
    }
  });
  return out;
}

/** GNU as directives the built-in assembler lacks: fine in a `.S` file that gcc builds. */
const GNU_ONLY_DIRECTIVE = /^unknown directive '\.(org|fill|rept|endr|irpc?|macro|endm|purgem|ifn?def|ifn?c|if|else|elseif|endif|error|warning|print|incbin|include|altmacro|noaltmacro|cfi_\w+|loc|file|ident|comm|lcomm|reloc|variant_cc|attribute|sleb128|uleb128|weak|hidden|local|protected|internal|size|type|end)'/;

/** Drops diagnostics about GNU-as-only directives (see GNU_ONLY_DIRECTIVE). */
export function dropGnuOnly(diags: readonly AsmDiagnostic[]): AsmDiagnostic[] {
  return diags.filter((d) => !GNU_ONLY_DIRECTIVE.test(d.message));
}

/**
 * Without cpp: drops diagnostics that may come from preprocessing — on lines using a
 * macro, about unknown upper-case mnemonics, or about unknown identifiers.
 */
export function filterWithoutCpp(diags: readonly AsmDiagnostic[], lines: readonly string[], macros: ReadonlySet<string>): AsmDiagnostic[] {
  const skip = macroLines(lines, macros);
  return dropGnuOnly(diags).filter((d) => {
    if (skip.has(d.line)) return false;
    const names = quoted(d.message);
    const unknown = /^unknown instruction '([^']+)'/.exec(d.message);
    if (unknown !== null) return /^[a-z][a-z0-9.]*$/.test(unknown[1]) && !macros.has(unknown[1]);
    if (/not a constant|not defined|undefined|unknown symbol/.test(d.message)
      && names.some((n) => /^[A-Za-z_]\w*$/.test(n))) return false;
    return true;
  });
}

/** Whether a diagnostic is "symbol X is not defined anywhere" (external, as GNU as treats it). */
export function isUndefinedSymbol(d: AsmDiagnostic): boolean {
  return /is not defined anywhere in this file$/.test(d.message);
}
