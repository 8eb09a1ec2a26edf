/**
 * Lexical context of a position in an assembly source line, for hover, completion and
 * navigation: comments and strings are blanked out (`#`, `//` and `/* … *\/`, which may
 * span lines), statements are split at `;`, leading `name:` labels are skipped, and the
 * word at the position is classified as a label definition, the statement head
 * (mnemonic, directive or macro) or an operand (with its index and bracket context).
 * Positions are 0-based UTF-16 offsets within the line.
 */

export interface Word {
  text: string;
  start: number;
  end: number;
}

export type Role =
  | { kind: 'none' }
  | { kind: 'labelDef' }
  | { kind: 'head' }
  | { kind: 'operand'; head: string; index: number; inParens: boolean; afterPercent: boolean };

export interface PositionContext {
  /** The identifier-like word at (or just before) the position, if any. */
  word?: Word;
  role: Role;
}

const WORD_CHAR = /[A-Za-z0-9_.$]/;

/** Character classes of a blanked line. */
export const enum Mask { Code = 0, Comment = 1, String = 2 }

/**
 * The line with comments and string/char-literal contents replaced by spaces (same
 * length; quotes of strings are kept), a per-character mask, and the block-comment
 * state at its end.
 */
export function blank(line: string, inBlockAtStart = false): { code: string; mask: Uint8Array; inBlock: boolean } {
  const out = line.split('');
  const mask = new Uint8Array(line.length);
  const hide = (k: number, m: Mask): void => { out[k] = ' '; mask[k] = m; };
  let inBlock = inBlockAtStart;
  let i = 0;
  while (i < line.length) {
    if (inBlock) {
      if (line.startsWith('*/', i)) { hide(i, Mask.Comment); hide(i + 1, Mask.Comment); i += 2; inBlock = false; continue; }
      hide(i++, Mask.Comment);
      continue;
    }
    const c = line[i];
    if (c === '/' && line[i + 1] === '*') { hide(i, Mask.Comment); hide(i + 1, Mask.Comment); i += 2; inBlock = true; continue; }
    if (c === '#' || (c === '/' && line[i + 1] === '/')) {
      for (let k = i; k < line.length; k++) hide(k, Mask.Comment);
      break;
    }
    if (c === '"') {
      mask[i] = Mask.String;
      let k = i + 1;
      while (k < line.length && line[k] !== '"') {
        if (line[k] === '\\' && k + 1 < line.length) hide(k++, Mask.String);
        hide(k++, Mask.String);
      }
      if (k < line.length) mask[k] = Mask.String;
      i = k + 1;
      continue;
    }
    if (c === '\'' && i + 2 < line.length && line[i + 2] === '\'' && !WORD_CHAR.test(line[i - 1] ?? ' ')) {
      hide(i + 1, Mask.String); // character constant 'c'
      mask[i] = mask[i + 2] = Mask.String;
      i += 3;
      continue;
    }
    i++;
  }
  return { code: out.join(''), mask, inBlock };
}

/** Identifier-like word around `ch` in `code` (containing ch, else ending at ch). */
export function wordAt(code: string, ch: number): Word | undefined {
  let s = ch, e = ch;
  while (s > 0 && WORD_CHAR.test(code[s - 1])) s--;
  while (e < code.length && WORD_CHAR.test(code[e])) e++;
  if (e === s) return undefined;
  return { text: code.slice(s, e), start: s, end: e };
}

interface Statement {
  /** Label spans at the statement start. */
  labels: Word[];
  head?: Word;
  end: number;
}

const LABEL = /^([A-Za-z_.$][\w.$]*|\d+)\s*:/;
const HEAD = /^[A-Za-z_.$][\w.$]*/;

function parseStatement(code: string, start: number, end: number): Statement {
  const labels: Word[] = [];
  let i = start;
  for (;;) {
    while (i < end && /\s/.test(code[i])) i++;
    const rest = code.slice(i, end);
    const m = LABEL.exec(rest);
    if (m === null) break;
    labels.push({ text: m[1], start: i, end: i + m[1].length });
    i += m[0].length;
  }
  const h = HEAD.exec(code.slice(i, end));
  const head = h ? { text: h[0], start: i, end: i + h[0].length } : undefined;
  return { labels, head, end };
}

/** The statement of `code` (split at ';') containing offset ch. */
function statementAt(code: string, ch: number): Statement {
  let start = 0;
  for (let i = 0; i <= code.length; i++) {
    if (i === code.length || code[i] === ';') {
      if (ch <= i) return parseStatement(code, start, i);
      start = i + 1;
    }
  }
  return parseStatement(code, start, code.length);
}

/** Operand index (depth-0 commas) and paren depth between the head end and `at`. */
function operandPosition(code: string, from: number, at: number): { index: number; inParens: boolean } {
  let index = 0, depth = 0;
  for (let i = from; i < at; i++) {
    const c = code[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) index++;
  }
  return { index, inParens: depth > 0 };
}

function roleOf(code: string, st: Statement, at: number, word: Word | undefined): Role {
  if (word !== undefined && st.labels.some((l) => l.start === word.start)) return { kind: 'labelDef' };
  const head = st.head;
  if (head === undefined || at <= head.end) {
    return head !== undefined && word !== undefined && word.start < head.start ? { kind: 'none' } : { kind: 'head' };
  }
  if (word !== undefined && word.start === head.start) return { kind: 'head' };
  const { index, inParens } = operandPosition(code, head.end, word?.start ?? at);
  const afterPercent = word !== undefined && code[word.start - 1] === '%';
  return { kind: 'operand', head: head.text.toLowerCase(), index, inParens, afterPercent };
}

/**
 * Context of position `ch` on line `lineNo` of `lines`: the word there and its role.
 * Inside a comment or a string the role is 'none'.
 */
export function contextAt(lines: readonly string[], lineNo: number, ch: number): PositionContext {
  const line = lines[lineNo] ?? '';
  const { code, mask } = blank(line, inBlockAtLine(lines, lineNo));
  ch = Math.max(0, Math.min(ch, line.length));
  const word = wordAt(code, ch);
  if (word === undefined) {
    // In a comment or string (the character under the position, or just before the end).
    const k = ch < line.length ? ch : ch - 1;
    if (k >= 0 && mask[k] !== Mask.Code && (ch < line.length || mask[k] === Mask.Comment)) return { role: { kind: 'none' } };
  }
  const st = statementAt(code, ch);
  return { word, role: roleOf(code, st, word?.end ?? ch, word) };
}

/** Per lines array: whether each line starts inside a block comment (absent: no block comments). */
const blockStates = new WeakMap<readonly string[], Uint8Array | null>();

function inBlockAtLine(lines: readonly string[], lineNo: number): boolean {
  let states = blockStates.get(lines);
  if (states === undefined) {
    states = lines.some((l) => l.includes('/*')) ? new Uint8Array(lines.length + 1) : null;
    if (states !== null) {
      let inBlock = false;
      for (let i = 0; i < lines.length; i++) {
        states[i] = inBlock ? 1 : 0;
        inBlock = blank(lines[i], inBlock).inBlock;
      }
    }
    blockStates.set(lines, states);
  }
  return states !== null && lineNo >= 0 && lineNo < lines.length && states[lineNo] === 1;
}

/** The statement head (lower-case) of the statement containing ch, or undefined. */
export function headAt(lines: readonly string[], lineNo: number, ch: number): string | undefined {
  const line = lines[lineNo] ?? '';
  const { code } = blank(line, inBlockAtLine(lines, lineNo));
  return statementAt(code, ch).head?.text.toLowerCase();
}

/**
 * Every operand word of the document accepted by `want`, with its line. Lines whose raw
 * text fails `quick` are skipped without lexing.
 */
export function operandWords(lines: readonly string[], want: (text: string) => boolean, quick: RegExp): { line: number; word: Word }[] {
  const out: { line: number; word: Word }[] = [];
  for (let n = 0; n < lines.length; n++) {
    if (!quick.test(lines[n])) continue;
    const b = blank(lines[n], inBlockAtLine(lines, n));
    const tok = /[A-Za-z0-9_.$]+/g;
    let m: RegExpExecArray | null;
    while ((m = tok.exec(b.code)) !== null) {
      if (!want(m[0])) continue;
      const word = { text: m[0], start: m.index, end: m.index + m[0].length };
      const st = statementAt(b.code, word.start);
      if (st.head !== undefined && word.start >= st.head.end) out.push({ line: n, word });
    }
  }
  return out;
}
