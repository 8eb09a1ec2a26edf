/**
 * Hover for the RISC-V assembly language server: Markdown documentation of the word
 * under the cursor — instruction (syntax, name in words, meaning, format, match/mask, extension or
 * pseudo expansion), directive, register, CSR (address, access, fields), relocation
 * operator, rounding mode, or a label / `.equ` symbol / macro of the document (value,
 * section, binding), numeric local labels `1f`/`1b` included.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { AsmDefinition } from '../emulator/asm';
import { definitionsOf, isNumericRef, resolveNumeric, type Analysis } from './analysis';
import { contextAt, type Role } from './lineContext';
import { csrAccessText, csrDoc, type CsrDoc } from './docs/csrs';
import { directiveDoc, relocationDoc, roundingModeDoc, type DirectiveDoc } from './docs/directives';
import { hexWord, insnDoc, type InsnDoc } from './docs/instructions';
import { mnemonicName } from './docs/insnNames';
import { registerDoc } from './docs/registers';

const FENCE = '```';

/** Markdown for an instruction, compressed instruction or pseudo-instruction. */
export function insnMarkdown(d: InsnDoc): string {
  const syntax = d.forms.map((f) => (d.name + ' ' + f.syntax).trimEnd()).join('\n');
  const name = mnemonicName(d.name);
  const parts = [`${FENCE}riscv-asm\n${syntax}\n${FENCE}`, escape(d.meaning)];
  if (name !== undefined) parts.splice(1, 0, `**${d.name}** — ${escape(name)}`);
  if (d.kind === 'pseudo') {
    parts.push(`*Pseudo-instruction* (${d.ext})`);
  } else {
    const fmt = d.format ? `${d.format}${d.kind === 'base' ? '-type' : ' format'} · ` : '';
    const w = d.width ?? 32;
    const enc = d.match !== undefined && d.mask !== undefined
      ? ` · match \`${hexWord(d.match, w)}\` · mask \`${hexWord(d.mask, w)}\`` : '';
    parts.push(`${fmt}${d.ext}${enc}`);
  }
  const expansions = d.forms.filter((f) => f.expansion !== undefined);
  if (expansions.length > 0) {
    const lines = expansions.map((f) => `- \`${(d.name + ' ' + f.syntax).trimEnd()}\` → \`${f.expansion}\``);
    parts.push((d.kind === 'base' ? 'Pseudo forms:\n' : 'Expands to:\n') + lines.join('\n'));
  }
  return parts.join('\n\n');
}

/** Markdown for a CSR: description, address/access line and its fields. */
export function csrMarkdown(c: CsrDoc): string {
  const parts = [`**${c.name}** — ${escape(c.description)}`, csrAccessText(c)];
  if (c.fields.length > 0) {
    const rows = c.fields.map((f) => `| ${f.name} | ${f.bits} | ${escape(f.description).replace(/\|/g, '\\|')} |`);
    parts.push(['| Field | Bits | Meaning |', '| --- | --- | --- |', ...rows].join('\n'));
  }
  return parts.join('\n\n');
}

function directiveMarkdown(d: DirectiveDoc): string {
  const syntax = `${FENCE}riscv-asm\n${(d.name + ' ' + d.syntax).trimEnd()}\n${FENCE}`;
  return `${syntax}\n\n${escape(d.description)}`;
}

/** Markdown for the definitions of one symbol of the document. */
export function symbolMarkdown(defs: readonly AsmDefinition[]): string {
  return defs.map((d) => {
    const bits = [`**${d.kind === 'equ' ? 'symbol' : d.kind}** \`${d.name}\``];
    if (d.kind === 'label') {
      if (d.section) bits.push(`section \`${d.section}\``);
      if (d.value !== undefined) bits.push(`address \`0x${d.value.toString(16)}\``);
    } else if (d.kind === 'equ' && d.value !== undefined) {
      const v = d.value;
      bits.push(`= \`${v < 0n ? '-0x' + (-v).toString(16) : '0x' + v.toString(16)}\` (${v})`);
    }
    if (d.kind !== 'macro') bits.push(d.global ? 'global' : 'local');
    bits.push(`line ${d.line}`);
    return bits.join(' · ');
  }).join('\n\n');
}

function escape(s: string): string {
  return s.replace(/([*_`<>])/g, '\\$1');
}

function headMarkdown(a: Analysis, word: string): string | undefined {
  if (word.startsWith('.')) {
    const d = directiveDoc(word);
    return d ? directiveMarkdown(d) : undefined;
  }
  const macros = definitionsOf(a.result, word).filter((d) => d.kind === 'macro');
  if (macros.length > 0) return symbolMarkdown(macros);
  const i = insnDoc(word);
  return i ? insnMarkdown(i) : undefined;
}

/** Operand index holding the CSR for csr* instructions and pseudo-instructions. */
export function csrOperandIndex(head: string): number | undefined {
  if (/^csrr[wsc]i?$/.test(head) || head === 'csrr') return 1;
  if (/^csr[wsc]i?$/.test(head)) return 0;
  return undefined;
}

function operandMarkdown(a: Analysis, word: string, role: Extract<Role, { kind: 'operand' }>, line: number, column: number): string | undefined {
  if (role.afterPercent) {
    const r = relocationDoc('%' + word);
    return r ? directiveMarkdown(r) : undefined;
  }
  const reg = registerDoc(word);
  if (reg !== undefined) {
    const other = word.toLowerCase() === reg.abi ? reg.number : reg.abi;
    return `**${word}** (${other}) — ${escape(reg.role)}${reg.saver ? ', ' + reg.saver : ''}`;
  }
  const csr = csrDoc(word);
  if (csr !== undefined && csrOperandIndex(role.head) === role.index) return csrMarkdown(csr);
  if (isNumericRef(word)) {
    const d = resolveNumeric(a.result.definitions, word, line + 1, column + 1);
    return d ? symbolMarkdown([d]) : undefined;
  }
  const defs = definitionsOf(a.result, word);
  if (defs.length > 0) return symbolMarkdown(defs);
  if (csr !== undefined) return csrMarkdown(csr);
  const rm = roundingModeDoc(word);
  if (rm !== undefined && hasRoundingMode(role.head)) return `**${rm.name}** — rounding mode: ${escape(rm.description)}`;
  return undefined;
}

/** Whether an instruction takes a rounding-mode operand. */
export function hasRoundingMode(head: string): boolean {
  return insnDoc(head)?.forms.some((f) => /\brm\b/.test(f.syntax)) ?? false;
}

/** Hover at a position of an analysed document, or null. */
export function hover(a: Analysis, pos: Position): Hover | null {
  const ctx = contextAt(a.lines, pos.line, pos.character);
  const w = ctx.word;
  if (w === undefined || pos.character >= w.end) return null; // the character under the mouse is past the word
  let md: string | undefined;
  switch (ctx.role.kind) {
    case 'none': return null;
    case 'labelDef': {
      const defs = /^\d+$/.test(w.text)
        ? a.result.definitions.filter((d) => d.name === w.text && d.line === pos.line + 1)
        : definitionsOf(a.result, w.text);
      md = defs.length > 0 ? symbolMarkdown(defs) : `**label** \`${w.text}\``;
      break;
    }
    case 'head': md = headMarkdown(a, w.text); break;
    case 'operand': md = operandMarkdown(a, w.text, ctx.role, pos.line, w.start); break;
  }
  if (md === undefined) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: md },
    range: { start: { line: pos.line, character: w.start }, end: { line: pos.line, character: w.end } },
  };
}
