/**
 * Lexer of the debugger's C-like expression language: integer literals (decimal,
 * 0x, 0b, octal; u/l/ul/ll suffixes), floating literals, character literals,
 * identifiers (optionally '$'-prefixed: $a0, $pc, $mstatus) and C punctuators.
 * Columns are 1-based for error messages.
 */
import { ExprError } from './types';

export type Token =
  | { t: 'int'; value: bigint; unsigned: boolean; long: boolean; decimal: boolean; col: number }
  | { t: 'float'; value: number; single: boolean; col: number }
  | { t: 'char'; value: bigint; col: number }
  | { t: 'ident'; value: string; col: number }
  | { t: 'punct'; value: string; col: number }
  | { t: 'eof'; col: number };

const PUNCTS = [
  '<<=', '>>=',
  '->', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=',
  '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '^', '|', '?', ':', '(', ')', '[', ']', '.', ',',
];

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, e: 27, '\\': 92, "'": 39, '"': 34, '?': 63,
};

export function syntaxError(col: number, what: string): ExprError {
  return new ExprError(`syntax error at column ${col}: ${what}`);
}

/** Split `text` into tokens (ending with an 'eof' token). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    const col = i + 1;
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i = lexNumber(text, i, out);
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(text[j])) j++;
      out.push({ t: 'ident', value: text.slice(i, j), col });
      i = j;
      continue;
    }
    if (c === "'") {
      i = lexChar(text, i, out);
      continue;
    }
    const p = PUNCTS.find((q) => text.startsWith(q, i));
    if (p === undefined) throw syntaxError(col, `unexpected character '${c}'`);
    out.push({ t: 'punct', value: p, col });
    i += p.length;
  }
  out.push({ t: 'eof', col: n + 1 });
  return out;
}

function lexNumber(text: string, start: number, out: Token[]): number {
  const col = start + 1;
  const rest = text.slice(start);
  // Floating literal: digits with '.', or an exponent (decimal only).
  const fm = /^(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?=[eE]))(?:[eE][+-]?[0-9]+)?([fFlL]?)/.exec(rest);
  if (fm && !/^0[xXbB]/.test(rest)) {
    const body = fm[0].slice(0, fm[0].length - fm[1].length);
    const value = Number(body);
    if (Number.isNaN(value)) throw syntaxError(col, `bad floating literal '${fm[0]}'`);
    const end = start + fm[0].length;
    if (/[A-Za-z0-9_.]/.test(text[end] ?? '')) throw syntaxError(end + 1, `bad suffix on literal '${text.slice(start, end + 1)}'`);
    out.push({ t: 'float', value, single: fm[1] === 'f' || fm[1] === 'F', col });
    return end;
  }
  const im = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([A-Za-z_0-9]*)/.exec(rest);
  if (!im) throw syntaxError(col, 'bad number');
  const digits = im[1];
  let value: bigint;
  let decimal = false;
  if (/^0[xX]/.test(digits) || /^0[bB]/.test(digits)) value = BigInt(digits);
  else if (digits.length > 1 && digits[0] === '0') {
    if (!/^[0-7]+$/.test(digits)) throw syntaxError(col, `bad octal literal '${digits}'`);
    value = BigInt(`0o${digits.slice(1)}`);
  } else { value = BigInt(digits); decimal = true; }
  const suffix = im[2].toLowerCase();
  if (!/^(u|l|ll|ul|ull|lu|llu)?$/.test(suffix)) throw syntaxError(col, `bad suffix on literal '${im[0]}'`);
  if (value >= 1n << 64n) throw new ExprError(`integer literal '${im[0]}' is too large`);
  out.push({ t: 'int', value, unsigned: suffix.includes('u'), long: suffix.includes('l'), decimal, col });
  return start + im[0].length;
}

function lexChar(text: string, start: number, out: Token[]): number {
  const col = start + 1;
  let i = start + 1;
  let value: number;
  const c = text[i];
  if (c === undefined || c === "'") throw syntaxError(col, 'bad character literal');
  if (c === '\\') {
    const e = text[i + 1];
    if (e === undefined) throw syntaxError(col, 'bad character literal');
    if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2));
      if (!m) throw syntaxError(col, 'bad \\x escape');
      value = parseInt(m[0], 16);
      i += 2 + m[0].length;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(text.slice(i + 1))!;
      value = parseInt(m[0], 8) & 0xff;
      i += 1 + m[0].length;
    } else if (e in SIMPLE_ESCAPES) {
      value = SIMPLE_ESCAPES[e];
      i += 2;
    } else throw syntaxError(col, `unknown escape '\\${e}'`);
  } else {
    value = c.charCodeAt(0) & 0xff;
    i++;
  }
  if (text[i] !== "'") throw syntaxError(i + 1, "expected \"'\"");
  out.push({ t: 'char', value: BigInt(value), col });
  return i + 1;
}
