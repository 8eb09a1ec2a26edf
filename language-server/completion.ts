/**
 * Completion for the RISC-V assembly language server. At the start of a statement it
 * offers mnemonics, directives and the document's macros; in operand position it reads
 * the instruction's operand template (docs/instructions.ts) to offer integer or FP
 * registers, CSRs, rounding modes, fence sets, or the document's labels and `.equ`
 * symbols; after `%` the relocation operators; after some directives their arguments.
 * Every item carries a text edit over the typed prefix (prefixes may contain '.').
 */
import { CompletionItemKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import { contextAt, type Role } from './lineContext';
import { allCsrNames, csrAccessText, csrDoc } from './docs/csrs';
import { directiveDocs, optionDocs, relocationDocs, roundingModeDocs, sectionNames } from './docs/directives';
import { allInsnDocs, insnDoc } from './docs/instructions';
import { fpRegisterNames, intRegisterNames, registerDoc, registerSummary } from './docs/registers';
import { csrOperandIndex } from './hover';

type OperandKind = 'x' | 'f' | 'csr' | 'rm' | 'fence' | 'sym';

const FENCE_SETS = ['iorw', 'rw', 'r', 'w', 'io', 'i', 'o', 'ir', 'ow'];

/** Kinds allowed by one operand of a template like "frd, frs1, frs2[, rm]". */
function kindOf(token: string, inParens: boolean): OperandKind[] {
  const t = token.replace(/'/g, '').trim();
  if (inParens) return ['x'];
  if (/^f(rd|rs\d?)$/.test(t)) return ['f'];
  if (/^(rd|rs\d?|rt|sp)$/.test(t)) return ['x'];
  if (t === 'csr') return ['csr'];
  if (t === 'rm') return ['rm'];
  if (t === 'pred' || t === 'succ') return ['fence'];
  return ['sym'];
}

/** Operand kinds of operand `index` of an instruction (union over its forms). */
function operandKinds(head: string, index: number, inParens: boolean): Set<OperandKind> {
  const d = insnDoc(head);
  if (d === undefined) return new Set(['x', 'f', 'sym']);
  const out = new Set<OperandKind>();
  for (const f of d.forms) {
    const ops = f.syntax.replace(/[[\]]/g, '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (index < ops.length) for (const k of kindOf(ops[index], inParens)) out.add(k);
  }
  // `csrr a0, mstatus` style positions also accept CSR names by number position.
  if (csrOperandIndex(head) === index) out.add('csr');
  return out;
}

function edit(range: Range, label: string): Pick<CompletionItem, 'textEdit' | 'filterText'> {
  return { textEdit: { range, newText: label }, filterText: label };
}

function registerItems(names: readonly string[], range: Range): CompletionItem[] {
  return names.map((n, i) => {
    const r = registerDoc(n);
    return {
      label: n, kind: CompletionItemKind.Variable, detail: r ? registerSummary(r) : undefined,
      sortText: `0${String(i).padStart(3, '0')}`, ...edit(range, n),
    };
  });
}

function symbolItems(a: Analysis, range: Range): CompletionItem[] {
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const d of a.result.definitions) {
    if (d.kind === 'macro' || /^\d+$/.test(d.name) || seen.has(d.name)) continue;
    seen.add(d.name);
    out.push({
      label: d.name,
      kind: d.kind === 'equ' ? CompletionItemKind.Constant : CompletionItemKind.Reference,
      detail: d.kind === 'equ' ? 'symbol (.equ)' : `label${d.section ? ' in ' + d.section : ''}`,
      sortText: `1${d.name}`, ...edit(range, d.name),
    });
  }
  return out;
}

function csrItems(range: Range): CompletionItem[] {
  return allCsrNames().map((n) => {
    const c = csrDoc(n);
    return {
      label: n, kind: CompletionItemKind.Property,
      detail: c ? csrAccessText(c) : undefined, documentation: c?.description, ...edit(range, n),
    };
  });
}

function simpleItems(docs: readonly { name: string; description: string }[], kind: CompletionItemKind, range: Range): CompletionItem[] {
  return docs.map((d) => ({ label: d.name, kind, documentation: d.description, ...edit(range, d.name) }));
}

function headItems(a: Analysis, prefix: string, range: Range): CompletionItem[] {
  const out: CompletionItem[] = directiveDocs.map((d) => ({
    label: d.name, kind: CompletionItemKind.Keyword, detail: (d.name + ' ' + d.syntax).trimEnd(),
    documentation: d.description, ...edit(range, d.name),
  }));
  if (prefix.startsWith('.')) return out;
  for (const d of allInsnDocs()) {
    out.push({
      label: d.name, kind: CompletionItemKind.Function,
      detail: (d.name + ' ' + d.forms[0].syntax).trimEnd(),
      documentation: d.meaning + (d.kind === 'pseudo' && d.forms[0].expansion ? `\n= ${d.forms[0].expansion}` : ''),
      ...edit(range, d.name),
    });
  }
  for (const d of a.result.definitions) {
    if (d.kind === 'macro') out.push({ label: d.name, kind: CompletionItemKind.Method, detail: 'macro', ...edit(range, d.name) });
  }
  return out;
}

function directiveOperandItems(a: Analysis, head: string, index: number, range: Range): CompletionItem[] {
  if ((head === '.section' || head === '.pushsection') && index === 0) {
    return sectionNames.map((n) => ({ label: n, kind: CompletionItemKind.Module, ...edit(range, n) }));
  }
  if (head === '.option') return simpleItems(optionDocs, CompletionItemKind.EnumMember, range);
  if (head === '.type' && index === 1) {
    return ['@function', '@object'].map((n) => ({ label: n, kind: CompletionItemKind.EnumMember, ...edit(range, n) }));
  }
  // .globl/.size/.type and expression operands (.word, .equ, ...) name symbols.
  return symbolItems(a, range);
}

function operandItems(a: Analysis, role: Extract<Role, { kind: 'operand' }>, range: Range): CompletionItem[] {
  if (role.head.startsWith('.')) return directiveOperandItems(a, role.head, role.index, range);
  const kinds = operandKinds(role.head, role.index, role.inParens);
  const out: CompletionItem[] = [];
  if (kinds.has('x')) out.push(...registerItems(intRegisterNames, range));
  if (kinds.has('f')) out.push(...registerItems(fpRegisterNames, range));
  if (kinds.has('csr')) out.push(...csrItems(range));
  if (kinds.has('rm')) out.push(...simpleItems(roundingModeDocs, CompletionItemKind.EnumMember, range));
  if (kinds.has('fence')) out.push(...FENCE_SETS.map((n) => ({ label: n, kind: CompletionItemKind.EnumMember, ...edit(range, n) })));
  if (kinds.has('sym') || kinds.size === 0) out.push(...symbolItems(a, range));
  return out;
}

/** Completion items at a position of an analysed document. */
export function completion(a: Analysis, pos: Position): CompletionItem[] {
  const line = a.lines[pos.line] ?? '';
  const ch = Math.min(pos.character, line.length);
  const ctx = contextAt(a.lines, pos.line, ch);
  const start = ctx.word !== undefined && ctx.word.start < ch ? ctx.word.start : ch;
  const prefix = line.slice(start, ch);
  if (line[start - 1] === '%') {
    const range = { start: { line: pos.line, character: start - 1 }, end: { line: pos.line, character: ch } };
    return relocationDocs.map((d) => ({
      label: d.name, kind: CompletionItemKind.Operator, detail: d.syntax, documentation: d.description, ...edit(range, d.name),
    }));
  }
  const range = { start: { line: pos.line, character: start }, end: { line: pos.line, character: ch } };
  switch (ctx.role.kind) {
    case 'none':
    case 'labelDef':
      return [];
    case 'head':
      return headItems(a, prefix, range);
    case 'operand':
      return operandItems(a, ctx.role, range);
  }
}
