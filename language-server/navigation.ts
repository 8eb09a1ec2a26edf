/**
 * Go to definition and find references for labels, `.equ`/`.set` symbols and macros,
 * from the assembler's definition/reference index. Numeric local labels are resolved
 * here: `Nf` is the next `N:` after the use, `Nb` the last one before it, and their
 * uses are found by scanning the document's operands.
 */
import type { Location, Position } from 'vscode-languageserver';
import type { AsmDefinition } from '../emulator/asm';
import { definitionsOf, isNumericRef, resolveNumeric, spanRange, type Analysis } from './analysis';
import { contextAt, operandWords } from './lineContext';

interface Span { line: number; column: number; endColumn: number }

function location(a: Analysis, s: Span): Location {
  return { uri: a.uri, range: spanRange(a.lines, s.line, s.column, s.endColumn) };
}

type Target = { numeric: AsmDefinition } | { name: string } | undefined;

/** The symbol the word at a position names. */
function targetAt(a: Analysis, pos: Position): Target {
  const ctx = contextAt(a.lines, pos.line, pos.character);
  const w = ctx.word;
  if (w === undefined || ctx.role.kind === 'none') return undefined;
  if (/^\d+$/.test(w.text) && ctx.role.kind === 'labelDef') {
    const d = a.result.definitions.find((x) => x.kind === 'label' && x.name === w.text &&
      x.line === pos.line + 1 && x.column === w.start + 1)
      ?? a.result.definitions.find((x) => x.kind === 'label' && x.name === w.text && x.line === pos.line + 1);
    return d ? { numeric: d } : undefined;
  }
  if (isNumericRef(w.text) && ctx.role.kind === 'operand') {
    const d = resolveNumeric(a.result.definitions, w.text, pos.line + 1, w.start + 1);
    return d ? { numeric: d } : undefined;
  }
  if (ctx.role.kind === 'operand' && ctx.role.afterPercent) return undefined;
  return { name: w.text };
}

/** Definition locations of the symbol at a position ([] when none). */
export function definition(a: Analysis, pos: Position): Location[] {
  const t = targetAt(a, pos);
  if (t === undefined) return [];
  if ('numeric' in t) return [location(a, t.numeric)];
  return definitionsOf(a.result, t.name).map((d) => location(a, d));
}

const sameDef = (x: AsmDefinition, y: AsmDefinition): boolean =>
  x.name === y.name && x.line === y.line && x.column === y.column;

/** Uses of a numeric local label definition (`N:`) as `Nf`/`Nb` operands. */
function numericUses(a: Analysis, def: AsmDefinition): Span[] {
  const want = (text: string): boolean => isNumericRef(text) && text.slice(0, -1) === def.name;
  return operandWords(a.lines, want, new RegExp(`${def.name}[fb]`))
    .filter(({ line, word }) => {
      const d = resolveNumeric(a.result.definitions, word.text, line + 1, word.start + 1);
      return d !== undefined && sameDef(d, def);
    })
    .map(({ line, word }) => ({ line: line + 1, column: word.start + 1, endColumn: word.end + 1 }));
}

/** References to the symbol at a position, with its definitions when includeDeclaration. */
export function references(a: Analysis, pos: Position, includeDeclaration: boolean): Location[] {
  const t = targetAt(a, pos);
  if (t === undefined) return [];
  let spans: Span[];
  if ('numeric' in t) {
    spans = numericUses(a, t.numeric);
    if (includeDeclaration) spans.unshift(t.numeric);
  } else {
    const defs = definitionsOf(a.result, t.name);
    spans = a.result.references.filter((r) => r.name === t.name);
    if (defs.length === 0 && spans.length === 0) return [];
    if (includeDeclaration) spans = [...defs, ...spans];
  }
  return spans
    .sort((x, y) => x.line - y.line || x.column - y.column)
    .map((s) => location(a, s));
}
