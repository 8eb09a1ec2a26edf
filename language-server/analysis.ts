/**
 * Assembler results per open document for the language server: runs
 * emulator/asm's `assemble` (never throwing: an exception is logged and yields an
 * empty result), caches the result per document version, converts its diagnostics to
 * LSP diagnostics and resolves symbol names (including numeric local labels `1f`/`1b`).
 * `.S` files are preprocessed first (preprocess.ts); symbols a file uses but does not
 * define are external (no diagnostic), as with GNU as — only linking for launch needs them.
 */
import { fileURLToPath } from 'url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { assemble, type AsmDefinition, type AsmDiagnostic, type AsmResult } from '../emulator/asm';
import {
  dropGnuOnly, filterWithoutCpp, findCpp, includeDirs, isPreprocessed, isUndefinedSymbol, macroNames, mapDiagnostics, runCpp,
  stripDirectives,
} from './preprocess';

/** Documents larger than this are not assembled (keeps the server responsive). */
export const MAX_ASSEMBLE_CHARS = 2 * 1024 * 1024;

export interface Analysis {
  uri: string;
  version: number;
  result: AsmResult;
  /** Lines of the document text (for lexical context). */
  lines: string[];
  /** True when the document was too large to assemble. */
  tooLarge?: boolean;
}

const EMPTY: AsmResult = {
  ok: false, diagnostics: [], definitions: [], references: [], sectionMarks: [], sections: [], entry: 0n,
};

/** File name passed to the assembler: the file system path for file: URIs, else the URI. */
export function fileNameOf(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

export class AnalysisCache {
  private readonly cache = new Map<string, Analysis>();

  constructor(private readonly log: (message: string) => void) {}

  /** The analysis of the document's current version (assembling it when needed). */
  get(doc: TextDocument): Analysis {
    const old = this.cache.get(doc.uri);
    if (old !== undefined && old.version === doc.version) return old;
    const text = doc.getText();
    const a: Analysis = {
      uri: doc.uri, version: doc.version, result: this.run(text, doc.uri), lines: text.split(/\r\n|\r|\n/),
      tooLarge: text.length > MAX_ASSEMBLE_CHARS,
    };
    this.cache.set(doc.uri, a);
    return a;
  }

  /**
   * For completion while typing: the current text with the latest assembler result,
   * even if it belongs to an older version (symbol names rarely change per keystroke).
   */
  getLenient(doc: TextDocument): Analysis {
    const old = this.cache.get(doc.uri);
    if (old === undefined || old.version === doc.version) return this.get(doc);
    return { ...old, lines: doc.getText().split(/\r\n|\r|\n/) };
  }

  /** Version of the cached analysis of a document, if any. */
  peekVersion(uri: string): number | undefined {
    return this.cache.get(uri)?.version;
  }

  delete(uri: string): void {
    this.cache.delete(uri);
  }

  private run(text: string, uri: string): AsmResult {
    if (text.length > MAX_ASSEMBLE_CHARS) return EMPTY;
    const file = fileNameOf(uri);
    if (!isPreprocessed(file)) {
      const r = this.assembleSafe(text, uri, file);
      return { ...r, diagnostics: r.diagnostics.filter((d) => !isUndefinedSymbol(d)) };
    }
    // Symbols, references and hover come from the text with directives blanked (same
    // line numbers); diagnostics from cpp's output when cpp is installed.
    const r = this.assembleSafe(stripDirectives(text), uri, file);
    const lines = text.split(/\r\n|\r|\n/);
    let diagnostics: AsmDiagnostic[] | undefined;
    const cpp = findCpp();
    if (cpp !== undefined) {
      try {
        const c = runCpp(cpp, text, file);
        if (c.ok) diagnostics = dropGnuOnly(mapDiagnostics(this.assembleSafe(c.pre.text, uri, file).diagnostics, c.pre, lines));
        else if ('diagnostics' in c) diagnostics = c.diagnostics;
        else this.log(`cpp unavailable for ${uri}: ${c.unavailable}`);
      } catch (e) {
        this.log(`cpp failed on ${uri}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    diagnostics ??= filterWithoutCpp(r.diagnostics, lines, macroNames(text, includeDirs(file)));
    return { ...r, diagnostics: diagnostics.filter((d) => !isUndefinedSymbol(d)) };
  }

  private assembleSafe(text: string, uri: string, file: string): AsmResult {
    try {
      const r = assemble(text, { file });
      return {
        ...EMPTY, ...r,
        diagnostics: r.diagnostics ?? [], definitions: r.definitions ?? [],
        references: r.references ?? [], sectionMarks: r.sectionMarks ?? [],
      };
    } catch (e) {
      this.log(`assembler failed on ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return EMPTY;
    }
  }
}

/** LSP range of a 1-based line / column span (endColumn exclusive), clamped to the text. */
export function spanRange(lines: readonly string[], line: number, column: number, endColumn: number): Range {
  const l = Math.max(0, Math.min(line - 1, Math.max(0, lines.length - 1)));
  const len = (lines[l] ?? '').length;
  const start = Math.max(0, Math.min(column - 1, len));
  const end = Math.max(start, Math.min(endColumn - 1, len));
  return { start: { line: l, character: start }, end: { line: l, character: end } };
}

/** The assembler's diagnostics as LSP diagnostics (source "hyperstep-asm"). */
export function toDiagnostics(a: Analysis): Diagnostic[] {
  if (a.tooLarge === true) {
    return [{
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information, source: 'hyperstep-asm',
      message: `File too large to assemble while editing (over ${MAX_ASSEMBLE_CHARS / 1048576} MiB): no diagnostics or symbols.`,
    }];
  }
  return a.result.diagnostics.map((d) => {
    const range = spanRange(a.lines, d.line, d.column, d.endColumn);
    // An empty span (e.g. "unexpected end of line") still gets one visible character.
    if (range.end.character === range.start.character) {
      const len = (a.lines[range.start.line] ?? '').length;
      if (range.start.character < len) range.end = { line: range.start.line, character: range.start.character + 1 };
    }
    return {
      range,
      severity: d.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
      source: 'hyperstep-asm',
      message: d.message,
    };
  });
}

const NUMERIC_REF = /^(\d+)([fb])$/;

/** Whether a word is a numeric local label reference like "1f" or "2b". */
export function isNumericRef(word: string): boolean {
  return NUMERIC_REF.test(word);
}

const before = (a: { line: number; column: number }, line: number, column: number): boolean =>
  a.line < line || (a.line === line && a.column < column);

/**
 * The definition a numeric reference `Nf`/`Nb` at (line, column) (1-based) resolves to:
 * the next `N:` after it, or the last `N:` before it.
 */
export function resolveNumeric(defs: readonly AsmDefinition[], word: string, line: number, column: number): AsmDefinition | undefined {
  const m = NUMERIC_REF.exec(word);
  if (m === null) return undefined;
  const cands = defs.filter((d) => d.kind === 'label' && d.name === m[1])
    .sort((x, y) => x.line - y.line || x.column - y.column);
  if (m[2] === 'f') return cands.find((d) => !before(d, line, column) && !(d.line === line && d.column === column));
  let last: AsmDefinition | undefined;
  for (const d of cands) if (before(d, line, column)) last = d;
  return last;
}

/** Definitions of a (non-numeric) symbol name. */
export function definitionsOf(result: AsmResult, name: string): AsmDefinition[] {
  return result.definitions.filter((d) => d.name === name);
}
