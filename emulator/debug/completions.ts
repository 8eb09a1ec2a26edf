/**
 * Completion in the Debug Console (DAP `completions`): command names (`x`, `p`,
 * `info`…), `info` subcommands, format letters after `x/` and `p/`, register and CSR
 * names after `$` (and as `info registers` operands), a CSR's fields after `mstatus.`,
 * struct and union members after `.` and `->`, and symbols: the frame's locals first,
 * then globals and functions (DWARF and ELF symbols), then register and CSR names.
 * Pure: the caller supplies the names through a CompletionSource.
 */
import type { DType, EvalScope } from './model';
import { CONSOLE_COMMANDS, FORMATS, INFO_SUBCOMMANDS, UNITS, registerNames } from './console';
import { csrFieldNames } from './csrView';
import { evaluate, resolveType } from './expr/index';

export interface CompletionSource {
  scope: EvalScope;
  /** Locals and parameters visible at the frame's pc, innermost first. */
  locals(): string[];
  /** Global variables (DWARF, then ELF data symbols). */
  globals(): string[];
  /** Functions (DWARF and ELF code symbols). */
  functions(): string[];
  /** CSR names the hart implements. */
  csrs(): string[];
}

export type CompletionType = 'keyword' | 'variable' | 'function' | 'field' | 'property' | 'value';

export interface Completion {
  label: string;
  type: CompletionType;
  detail?: string;
  /** How many characters before the cursor the label replaces. */
  length: number;
}

/** Most completions returned for one request. */
export const MAX_COMPLETIONS = 200;

/** Completions for `text` with the cursor at offset `cursor` (0-based). */
export function complete(text: string, cursor: number, src: CompletionSource): Completion[] {
  const prefix = text.slice(0, Math.max(0, Math.min(cursor, text.length)));
  return dedupe(completePrefix(prefix, src)).slice(0, MAX_COMPLETIONS);
}

function completePrefix(prefix: string, src: CompletionSource): Completion[] {
  const fmt = /^\s*(x|p|print)\/(\w*)$/.exec(prefix);
  if (fmt !== null) return formatLetters(fmt[1], fmt[2]);
  const infoSub = /^\s*info\s+(\w*)$/.exec(prefix);
  if (infoSub !== null) return matching(INFO_SUBCOMMANDS, infoSub[1], 'keyword');
  const infoRegs = /^\s*info\s+r\w*\s+(?:.*\s)?(\$?\w*)$/.exec(prefix);
  if (infoRegs !== null) return registerItems(infoRegs[1], src);

  const word = /[A-Za-z_$][\w$]*$/.exec(prefix)?.[0] ?? '';
  const before = prefix.slice(0, prefix.length - word.length);
  const op = /(\.|->)\s*$/.exec(before);
  if (op !== null) return members(before.slice(0, before.length - op[0].length), word, src);
  if (word.startsWith('$')) return registerItems(word, src);
  if (word === '') return [];
  const out: Completion[] = [];
  if (/^\s*$/.test(before)) out.push(...matching(CONSOLE_COMMANDS, word, 'keyword', 'command'));
  out.push(...matching(src.locals(), word, 'variable', 'local'));
  out.push(...matching(src.globals(), word, 'variable', 'global'));
  out.push(...matching(src.functions(), word, 'function'));
  out.push(...matching(registerNames(), word, 'value', 'register'));
  out.push(...matching(src.csrs(), word, 'value', 'CSR'));
  return out;
}

function matching(names: readonly string[], word: string, type: CompletionType, detail?: string): Completion[] {
  const out: Completion[] = [];
  for (const n of names) if (n.startsWith(word) && n !== '') out.push({ label: n, type, detail, length: word.length });
  return out;
}

/** `$pc`, `$a0`, `$mstatus`… for a word that starts with `$` (or bare names when it does not). */
function registerItems(word: string, src: CompletionSource): Completion[] {
  const dollar = word.startsWith('$') ? '$' : '';
  const stem = word.slice(dollar.length);
  const items = [
    ...matching(registerNames(), stem, 'value', 'register'),
    ...matching(src.csrs(), stem, 'value', 'CSR'),
  ];
  return items.map((c) => ({ ...c, label: dollar + c.label, length: word.length }));
}

/** After `x/` or `p/`: the format letters (and for `x`, the unit letters). */
function formatLetters(cmd: string, sofar: string): Completion[] {
  const letters = sofar.replace(/^\d+/, '');
  const out: Completion[] = [];
  const hasFormat = [...letters].some((c) => c in FORMATS);
  const hasUnit = [...letters].some((c) => c in UNITS);
  for (const [f, what] of Object.entries(FORMATS)) {
    if (cmd !== 'x' && (f === 's' || f === 'i')) continue;
    if (!hasFormat) out.push({ label: sofar + f, type: 'keyword', detail: what, length: sofar.length });
  }
  if (cmd === 'x' && !hasUnit) {
    for (const [u, size] of Object.entries(UNITS)) out.push({ label: sofar + u, type: 'keyword', detail: `${size}-byte units`, length: sofar.length });
  }
  return out;
}

/** Members after `base.` / `base->`: a CSR's fields, or a struct's or union's members. */
function members(beforeOp: string, word: string, src: CompletionSource): Completion[] {
  const base = trailingOperand(beforeOp);
  if (base === '') return [];
  const bare = base.replace(/^\$/, '');
  const isCsr = /^[\w]+$/.test(bare) && (base.startsWith('$') || src.scope.variable(bare) === undefined)
    && src.scope.readCsr(bare) !== undefined;
  if (isCsr) {
    const lower = word.toLowerCase();
    return csrFieldNames(bare).filter((f) => f.toLowerCase().startsWith(lower))
      .map((f) => ({ label: f, type: 'field', detail: `${bare} field`, length: word.length }));
  }
  let t: DType;
  try {
    t = resolveType(evaluate(base, src.scope).type);
  } catch {
    return [];
  }
  if (t.kind === 'pointer') t = resolveType(t.target);
  if (t.kind !== 'struct' && t.kind !== 'union') return [];
  const names: string[] = [];
  const collect = (ty: DType, depth: number): void => {
    if ((ty.kind !== 'struct' && ty.kind !== 'union') || depth > 8) return;
    for (const m of ty.members) {
      if (m.name === '') collect(resolveType(m.type), depth + 1); // anonymous members: their fields
      else names.push(m.name);
    }
  };
  collect(t, 0);
  return matching(names, word, 'property', 'member');
}

/** The postfix expression ending `s`: names, `.`/`->` members, `[...]` and `(...)`
 *  groups (`(&pt)`, `a[i + 1].next`), scanning back to the first operator outside them. */
function trailingOperand(s: string): string {
  let i = s.trimEnd().length;
  let depth = 0;
  while (i > 0) {
    const c = s[i - 1];
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && !/[\w$.]/.test(c) && !(c === '>' && s[i - 2] === '-') && !(c === '-' && s[i] === '>')) break;
    i--;
  }
  return depth === 0 ? s.slice(i, s.trimEnd().length) : '';
}

function dedupe(items: Completion[]): Completion[] {
  const seen = new Set<string>();
  return items.filter((c) => (seen.has(c.label) ? false : (seen.add(c.label), true)));
}
