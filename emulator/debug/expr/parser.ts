/**
 * Recursive-descent parser of the debugger's expression language into an AST.
 * C precedence: postfix ([] . ->), unary (- + ! ~ * & sizeof, casts), * / %, + -,
 * << >>, relational, equality, &, ^, |, &&, ||, ?:, assignment (= and compound,
 * right-associative). Whether `(name)` starts a cast is decided by `isTypeName`,
 * supplied by the evaluator from the scope (a variable of that name wins).
 */
import type { DType } from '../model';
import { syntaxError, tokenize, type Token } from './lexer';
import { CHAR, DOUBLE, FLOAT, INT, LONG, UINT, ULONG } from './types';

/** A type written in the expression: base spelling plus abstract declarator. */
export interface TypeSpec {
  /** 'int', 'unsigned long', 'struct point', 'union u', 'enum color', or a typedef name. */
  base: string;
  pointers: number;
  /** Array bounds after the pointers, outermost first: `int [4][2]` → [4, 2]. */
  dims: number[];
  col: number;
}

export type Node =
  | { k: 'int'; value: bigint; type: DType; col: number }
  | { k: 'float'; value: number; type: DType; col: number }
  | { k: 'ident'; name: string; col: number }
  | { k: 'unary'; op: string; e: Node; col: number }
  | { k: 'sizeof'; e?: Node; type?: TypeSpec; col: number }
  | { k: 'cast'; type: TypeSpec; e: Node; col: number }
  | { k: 'member'; e: Node; name: string; arrow: boolean; col: number }
  | { k: 'index'; e: Node; index: Node; col: number }
  | { k: 'binary'; op: string; l: Node; r: Node; col: number }
  | { k: 'cond'; c: Node; t: Node; f: Node; col: number }
  | { k: 'assign'; op: string; l: Node; r: Node; col: number };

const TYPE_KEYWORDS = new Set(['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', '_Bool', 'bool']);
const QUALIFIERS = new Set(['const', 'volatile', 'restrict']);
const TAGS = new Set(['struct', 'union', 'enum']);

const BINARY_LEVELS: string[][] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=']);

/** Parse a whole expression; throws ExprError on syntax errors. */
export function parse(text: string, isTypeName: (name: string) => boolean): Node {
  const p = new Parser(tokenize(text), isTypeName);
  if (p.peek().t === 'eof') throw syntaxError(1, 'empty expression');
  const node = p.assignment();
  const end = p.peek();
  if (end.t !== 'eof') throw syntaxError(end.col, `unexpected '${tokenText(end)}'`);
  return node;
}

function tokenText(t: Token): string {
  switch (t.t) {
    case 'eof': return 'end of expression';
    case 'int': case 'char': return String(t.value);
    case 'float': return String(t.value);
    default: return t.value;
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[], private readonly isTypeName: (name: string) => boolean) {}

  peek(ahead = 0): Token { return this.toks[Math.min(this.pos + ahead, this.toks.length - 1)]; }
  private next(): Token { return this.toks[Math.min(this.pos++, this.toks.length - 1)]; }
  private isPunct(v: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.t === 'punct' && t.value === v;
  }
  private expect(v: string): Token {
    const t = this.peek();
    if (t.t !== 'punct' || t.value !== v) throw syntaxError(t.col, `expected '${v}'`);
    return this.next();
  }

  assignment(): Node {
    const l = this.conditional();
    const t = this.peek();
    if (t.t === 'punct' && ASSIGN_OPS.has(t.value)) {
      this.next();
      const r = this.assignment();
      return { k: 'assign', op: t.value, l, r, col: t.col };
    }
    return l;
  }

  private conditional(): Node {
    const c = this.binary(0);
    const q = this.peek();
    if (q.t === 'punct' && q.value === '?') {
      this.next();
      const t = this.assignment();
      this.expect(':');
      const f = this.conditional();
      return { k: 'cond', c, t, f, col: q.col };
    }
    return c;
  }

  private binary(level: number): Node {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let l = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.t !== 'punct' || !BINARY_LEVELS[level].includes(t.value)) return l;
      this.next();
      const r = this.binary(level + 1);
      l = { k: 'binary', op: t.value, l, r, col: t.col };
    }
  }

  private isTypeStart(ahead: number): boolean {
    const t = this.peek(ahead);
    if (t.t !== 'ident') return false;
    return TYPE_KEYWORDS.has(t.value) || QUALIFIERS.has(t.value) || TAGS.has(t.value) || this.isTypeName(t.value);
  }

  private unary(): Node {
    const t = this.peek();
    if (t.t === 'punct' && ['-', '+', '!', '~', '*', '&'].includes(t.value)) {
      this.next();
      return { k: 'unary', op: t.value, e: this.unary(), col: t.col };
    }
    if (t.t === 'ident' && t.value === 'sizeof') {
      this.next();
      if (this.isPunct('(') && this.isTypeStart(1)) {
        this.next();
        const type = this.typeSpec();
        this.expect(')');
        return { k: 'sizeof', type, col: t.col };
      }
      return { k: 'sizeof', e: this.unary(), col: t.col };
    }
    if (t.t === 'punct' && t.value === '(' && this.isTypeStart(1)) {
      this.next();
      const type = this.typeSpec();
      this.expect(')');
      return { k: 'cast', type, e: this.unary(), col: t.col };
    }
    return this.postfix();
  }

  private postfix(): Node {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.t !== 'punct') return e;
      if (t.value === '[') {
        this.next();
        const index = this.assignment();
        this.expect(']');
        e = { k: 'index', e, index, col: t.col };
      } else if (t.value === '.' || t.value === '->') {
        this.next();
        const name = this.peek();
        if (name.t !== 'ident') throw syntaxError(name.col, 'expected a member name');
        this.next();
        e = { k: 'member', e, name: name.value, arrow: t.value === '->', col: t.col };
      } else return e;
    }
  }

  private primary(): Node {
    const t = this.next();
    switch (t.t) {
      case 'int': return { k: 'int', value: t.value, type: literalType(t), col: t.col };
      case 'float': return { k: 'float', value: t.single ? Math.fround(t.value) : t.value, type: t.single ? FLOAT : DOUBLE, col: t.col };
      case 'char': return { k: 'int', value: t.value, type: CHAR, col: t.col };
      case 'ident':
        if (TYPE_KEYWORDS.has(t.value) || TAGS.has(t.value)) throw syntaxError(t.col, `unexpected type name '${t.value}'`);
        return { k: 'ident', name: t.value, col: t.col };
      case 'punct':
        if (t.value === '(') {
          const e = this.assignment();
          this.expect(')');
          return e;
        }
        throw syntaxError(t.col, `unexpected '${t.value}'`);
      case 'eof': throw syntaxError(t.col, 'unexpected end of expression');
    }
  }

  /** specifier-qualifier list followed by an abstract declarator of '*'s and '[N]'s. */
  private typeSpec(): TypeSpec {
    const col = this.peek().col;
    const words: string[] = [];
    let named: string | undefined;
    for (;;) {
      const t = this.peek();
      if (t.t !== 'ident') break;
      if (QUALIFIERS.has(t.value)) { this.next(); continue; }
      if (TAGS.has(t.value)) {
        if (named !== undefined || words.length) throw syntaxError(t.col, 'bad type name');
        this.next();
        const tag = this.next();
        if (tag.t !== 'ident') throw syntaxError(tag.col, `expected a ${t.value} tag`);
        named = `${t.value} ${tag.value}`;
        continue;
      }
      if (TYPE_KEYWORDS.has(t.value)) {
        if (named !== undefined) throw syntaxError(t.col, 'bad type name');
        words.push(t.value);
        this.next();
        continue;
      }
      if (named === undefined && words.length === 0 && this.isTypeName(t.value)) {
        named = t.value;
        this.next();
        continue;
      }
      break;
    }
    const baseName = named ?? canonicalBase(words, col);
    let pointers = 0;
    for (;;) {
      if (this.isPunct('*')) { this.next(); pointers++; continue; }
      const t = this.peek();
      if (t.t === 'ident' && QUALIFIERS.has(t.value)) { this.next(); continue; }
      break;
    }
    const dims: number[] = [];
    while (this.isPunct('[')) {
      this.next();
      const n = this.next();
      if (n.t !== 'int') throw syntaxError(n.col, 'expected an array bound');
      this.expect(']');
      dims.push(Number(n.value));
    }
    return { base: baseName, pointers, dims, col };
  }
}

/** 'unsigned long int' → 'unsigned long', 'signed' → 'int', ... */
function canonicalBase(words: string[], col: number): string {
  const count = (w: string): number => words.filter((x) => x === w).length;
  const longs = count('long');
  const unsigned = count('unsigned') > 0;
  const signed = count('signed') > 0;
  if (words.length === 0 || (unsigned && signed) || longs > 2) throw syntaxError(col, 'bad type name');
  const u = unsigned ? 'unsigned ' : '';
  if (count('void')) return 'void';
  if (count('_Bool') || count('bool')) return '_Bool';
  if (count('float')) return 'float';
  if (count('double')) return longs ? 'long double' : 'double';
  if (count('char')) return unsigned ? 'unsigned char' : signed ? 'signed char' : 'char';
  if (count('short')) return `${u}short`;
  if (longs === 2) return `${u}long long`;
  if (longs === 1) return `${u}long`;
  return `${u}int`;
}

/** C rules for the type of an integer literal (RV64 LP64). */
function literalType(t: Extract<Token, { t: 'int' }>): DType {
  const v = t.value;
  if (!t.long) {
    if (!t.unsigned && v <= 0x7fffffffn) return INT;
    if ((t.unsigned || !t.decimal) && v <= 0xffffffffn) return UINT;
  }
  if (!t.unsigned && v <= 0x7fffffffffffffffn) return LONG;
  return ULONG;
}
