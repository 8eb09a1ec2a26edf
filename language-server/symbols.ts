/**
 * Document symbols (outline) for the RISC-V assembly language server: one symbol per
 * section directive (`.text`, `.data`, `.section ...`) whose range runs to the next
 * section directive, containing the labels (Function when global, else Field), `.equ`
 * symbols (Constant) and macros (Method) defined inside it. Numeric local labels are
 * left out. Symbols before the first section directive are top-level.
 */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import type { AsmDefinition } from '../emulator/asm';
import { spanRange, type Analysis } from './analysis';

/** Range of whole lines first..last (0-based, inclusive). */
function linesRange(a: Analysis, first: number, last: number): Range {
  last = Math.max(first, last);
  return { start: { line: first, character: 0 }, end: { line: last, character: (a.lines[last] ?? '').length } };
}

function kindOf(d: AsmDefinition): SymbolKind {
  if (d.kind === 'equ') return SymbolKind.Constant;
  if (d.kind === 'macro') return SymbolKind.Method;
  return d.global ? SymbolKind.Function : SymbolKind.Field;
}

function detailOf(d: AsmDefinition): string | undefined {
  if (d.value === undefined || d.kind === 'macro') return d.kind === 'macro' ? 'macro' : undefined;
  return d.value < 0n ? `-0x${(-d.value).toString(16)}` : `0x${d.value.toString(16)}`;
}

/** Symbols for definitions sorted by line, each label spanning to the line before the next label (or `last`). */
function definitionSymbols(a: Analysis, defs: AsmDefinition[], last: number): DocumentSymbol[] {
  const out: DocumentSymbol[] = new Array<DocumentSymbol>(defs.length);
  let pending = last + 1; // first line of the earliest label seen so far (walking backwards)
  let after = last + 1;   // first line of the next label on a later line than the current one
  for (let i = defs.length - 1; i >= 0; i--) {
    const d = defs[i];
    const line = d.line - 1;
    if (pending > line) after = pending;
    const end = d.kind === 'label' ? Math.max(line, after - 1) : line;
    if (d.kind === 'label') pending = line;
    out[i] = {
      name: d.name, kind: kindOf(d), detail: detailOf(d),
      range: linesRange(a, line, end), selectionRange: spanRange(a.lines, d.line, d.column, d.endColumn),
    };
  }
  return out;
}

/** The outline of an analysed document. */
export function documentSymbols(a: Analysis): DocumentSymbol[] {
  const lastLine = Math.max(0, a.lines.length - 1);
  const marks = [...a.result.sectionMarks].sort((x, y) => x.line - y.line || x.column - y.column);
  const defs = a.result.definitions
    .filter((d) => !/^\d+$/.test(d.name) && d.line >= 1 && d.line - 1 <= lastLine)
    .sort((x, y) => x.line - y.line || x.column - y.column);
  const firstMark = marks.length > 0 ? marks[0].line - 1 : lastLine + 1;
  let k = 0; // next definition to place (defs and marks are both in line order)
  while (k < defs.length && defs[k].line - 1 < firstMark) k++;
  const out = definitionSymbols(a, defs.slice(0, k), firstMark - 1);
  marks.forEach((m, i) => {
    const first = Math.min(m.line - 1, lastLine);
    const nextLine = i + 1 < marks.length ? marks[i + 1].line - 1 : lastLine + 1;
    // Marks on the same line (`.text; .data`): the earlier one covers just its line.
    const last = Math.min(lastLine, Math.max(first, nextLine - 1));
    const from = k;
    while (k < defs.length && defs[k].line - 1 < nextLine) k++;
    const selection = spanRange(a.lines, m.line, m.column, m.endColumn);
    out.push({
      name: m.name, kind: SymbolKind.Namespace, range: linesRange(a, first, last), selectionRange: selection,
      children: definitionSymbols(a, defs.slice(from, k), last),
    });
  });
  return out;
}
