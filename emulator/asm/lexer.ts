/**
 * Assembler lexer: splits GNU `as` source into statements and tokens with 1-based
 * columns. Comments: `#` and `//` to end of line, `/* *\/` (may span lines; replaced
 * by spaces first so columns stay true). `;` separates statements on one line.
 * Numbers: decimal, 0x hex, 0b binary, leading-0 octal, character literals ('a' or 'a),
 * and local label references `1f` / `1b` (GNU as manual, "Local Labels").
 */

export const enum Tk { Ident, Num, Str, Punct, LocalRef, Reloc }

export interface Token {
  k: Tk;
  text: string;
  /** 1-based start column and exclusive end column. */
  col: number;
  end: number;
  /** Value of a number or character literal. */
  num?: bigint;
  /** Decoded bytes of a string literal. */
  bytes?: number[];
}

export interface Statement {
  line: number;
  tokens: Token[];
}

export class LexError extends Error {
  constructor(message: string, readonly col: number, readonly end: number) { super(message); }
}

/** Replaces the text of block comments by spaces (newlines kept); reports an unclosed one. */
export function blankBlockComments(src: string): { text: string; unclosedAt?: number } {
  let out = '';
  let i = 0;
  let inStr = false;
  while (i < src.length) {
    const c = src[i];
    if (inStr) {
      out += c;
      if (c === '\\' && i + 1 < src.length) { out += src[i + 1]; i += 2; continue; }
      if (c === '"' || c === '\n') inStr = false;
      i++;
      continue;
    }
    if (c === '"') { inStr = true; out += c; i++; continue; }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) { // line comment: copy verbatim to end of line
      const nl = src.indexOf('\n', i);
      const stop = nl < 0 ? src.length : nl;
      out += src.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) return { text: out + src.slice(i).replace(/[^\n]/g, ' '), unclosedAt: i };
      out += src.slice(i, close + 2).replace(/[^\n]/g, ' ');
      i = close + 2;
      continue;
    }
    out += c;
    i++;
  }
  return { text: out };
}

const IDENT_START = /[A-Za-z_.$]/;
const IDENT_PART = /[A-Za-z0-9_.$]/;
const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '\\': 92, '"': 34, "'": 39, '0': 0 };

/** Decodes one escape after a backslash at s[i]; returns [code, next index]. */
function escape(s: string, i: number): [number, number] {
  const c = s[i];
  if (c === 'x' || c === 'X') {
    let j = i + 1, v = 0;
    while (j < s.length && /[0-9a-fA-F]/.test(s[j])) { v = (v * 16 + parseInt(s[j], 16)) & 0xff; j++; }
    return [v, j];
  }
  if (c >= '0' && c <= '7') {
    let j = i, v = 0;
    while (j < s.length && j < i + 3 && s[j] >= '0' && s[j] <= '7') { v = v * 8 + (s.charCodeAt(j) - 48); j++; }
    return [v & 0xff, j];
  }
  if (c in ESCAPES) return [ESCAPES[c], i + 1];
  return [s.charCodeAt(i) & 0xff, i + 1];
}

function parseNumber(s: string, i: number): { end: number; value?: bigint; local?: boolean } {
  let j = i;
  while (j < s.length && /[0-9A-Za-z_]/.test(s[j])) j++;
  const text = s.slice(i, j);
  if (/^[0-9]+[fb]$/.test(text)) return { end: j, local: true };
  let m: RegExpMatchArray | null;
  if ((m = /^0[xX]([0-9a-fA-F]+)$/.exec(text))) return { end: j, value: BigInt('0x' + m[1]) };
  if ((m = /^0[bB]([01]+)$/.exec(text))) return { end: j, value: BigInt('0b' + m[1]) };
  if (/^0[0-7]+$/.test(text)) return { end: j, value: BigInt('0o' + text.slice(1)) };
  if (/^[0-9]+$/.test(text)) return { end: j, value: BigInt(text) };
  return { end: j };
}

/** Why a token that starts with a digit is not a number. */
function badNumber(text: string): string {
  if (/^0[xX]$/.test(text)) return `invalid number '${text}': hexadecimal digits (0-9, a-f) must follow '0x'`;
  if (/^0[bB]$/.test(text)) return `invalid number '${text}': binary digits (0, 1) must follow '0b'`;
  if (/^0[xX]/.test(text)) return `invalid number '${text}': a hexadecimal number has only the digits 0-9 and a-f`;
  if (/^0[bB]/.test(text)) return `invalid number '${text}': a binary number has only the digits 0 and 1`;
  if (/^0[0-9]+$/.test(text)) return `invalid number '${text}': a number with a leading 0 is octal and has only the digits 0-7`;
  return `invalid number '${text}': a number has only digits, and a name cannot start with a digit`;
}

const TWO_CHAR = new Set(['<<', '>>', '==', '!=', '<=', '>=', '&&', '||', '<>']);

/** Tokenizes one statement's text (no comments, no ';'); `base` is the 0-based column of s[0]. */
export function tokenize(s: string, base: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') { i++; continue; }
    const col = base + i + 1;
    if (IDENT_START.test(c) || (c === '\\' && i + 1 < s.length && /[A-Za-z_@]/.test(s[i + 1]))) {
      let j = i + 1;
      while (j < s.length && (IDENT_PART.test(s[j]) || s[j] === '\\' || s[j] === '@')) j++;
      out.push({ k: Tk.Ident, text: s.slice(i, j), col, end: base + j + 1 });
      i = j;
    } else if (c >= '0' && c <= '9') {
      const n = parseNumber(s, i);
      const text = s.slice(i, n.end);
      if (n.local) out.push({ k: Tk.LocalRef, text, col, end: base + n.end + 1 });
      else if (n.value === undefined) throw new LexError(badNumber(text), col, base + n.end + 1);
      else if (n.value >= 1n << 64n) throw new LexError(`number '${text}' is too large: values have at most 64 bits`, col, base + n.end + 1);
      else out.push({ k: Tk.Num, text, col, end: base + n.end + 1, num: n.value });
      i = n.end;
    } else if (c === '"') {
      const bytes: number[] = [];
      let j = i + 1;
      for (;;) {
        if (j >= s.length) throw new LexError('missing closing quote of the string', col, base + s.length + 1);
        const d = s[j];
        if (d === '"') { j++; break; }
        if (d === '\\') { const [v, nx] = escape(s, j + 1); bytes.push(v); j = nx; continue; }
        const code = s.codePointAt(j) ?? 0;
        for (const b of new TextEncoder().encode(String.fromCodePoint(code))) bytes.push(b);
        j += code > 0xffff ? 2 : 1;
      }
      out.push({ k: Tk.Str, text: s.slice(i, j), col, end: base + j + 1, bytes });
      i = j;
    } else if (c === "'") {
      if (i + 1 >= s.length) throw new LexError('character literal is missing its character', col, col + 1);
      let v: number, j: number;
      if (s[i + 1] === '\\') [v, j] = escape(s, i + 2);
      else { v = s.charCodeAt(i + 1); j = i + 2; }
      const more = /^[A-Za-z0-9_]+'/.exec(s.slice(j));
      if (more) {
        throw new LexError(`character literal ${s.slice(i, j + more[0].length)} has more than one character: write one character, like 'a'`, col, base + j + more[0].length + 1);
      }
      if (s[j] === "'") j++;
      out.push({ k: Tk.Num, text: s.slice(i, j), col, end: base + j + 1, num: BigInt(v) });
      i = j;
    } else if (c === '%' && i + 1 < s.length && /[a-z_]/.test(s[i + 1])) {
      let j = i + 1;
      while (j < s.length && /[a-z_0-9]/.test(s[j])) j++;
      out.push({ k: Tk.Reloc, text: s.slice(i, j), col, end: base + j + 1 });
      i = j;
    } else {
      const two = s.slice(i, i + 2);
      const text = TWO_CHAR.has(two) ? two : c;
      if (!'+-*/%<>&|^~!=(),:[]{}@'.includes(c)) {
        throw new LexError(`unexpected character '${c}'`, col, col + 1);
      }
      out.push({ k: Tk.Punct, text, col, end: col + text.length });
      i += text.length;
    }
  }
  return out;
}

/** Index just after a character literal ('a, 'a' or '\n') starting at s[i], as tokenize reads it. */
function charLiteralEnd(s: string, i: number): number {
  if (i + 1 >= s.length) return i + 1;
  const j = s[i + 1] === '\\' ? escape(s, i + 2)[1] : i + 2;
  return s[j] === "'" ? j + 1 : j;
}

/** Position of a line comment start (`#` or `//`) outside strings and char literals, or -1. */
export function commentStart(line: string): number {
  let inStr = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === "'") i = charLiteralEnd(line, i) - 1;
    else if (c === '#' || (c === '/' && line[i + 1] === '/')) return i;
  }
  return -1;
}

/** Splits a comment-free line at ';' outside strings: [text, 0-based start column] pairs. */
export function splitStatements(line: string): [string, number][] {
  const out: [string, number][] = [];
  let start = 0, inStr = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === "'") i = charLiteralEnd(line, i) - 1;
    else if (c === ';') { out.push([line.slice(start, i), start]); start = i + 1; }
  }
  out.push([line.slice(start), start]);
  return out;
}
