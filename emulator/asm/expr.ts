/**
 * Assembler expressions: parsing with GNU `as` operator precedence (GNU as manual,
 * "Infix Operators": * / % << >> bind tightest, then | & ^ !, then + - and the
 * comparisons, then && ||) and evaluation to `symbol + constant` values over 64-bit
 * two's-complement arithmetic. Relocation functions (%hi, %lo, %pcrel_hi, %pcrel_lo)
 * may only wrap a whole operand; the instruction parser handles them.
 */
import { Tk, type Token } from './lexer';

export type Expr =
  | { k: 'num'; v: bigint }
  | { k: 'sym'; name: string; tok: Token }
  | { k: 'local'; name: string; tok: Token }
  | { k: 'dot'; tok: Token }
  | { k: 'un'; op: string; a: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr; tok: Token };

export class ExprError extends Error {
  /** `definite`: an error whatever the symbols' values turn out to be (division by zero). */
  constructor(message: string, readonly tok?: Token, readonly definite = false) { super(message); }
}

const MASK64 = (1n << 64n) - 1n;
/** Wraps to a signed 64-bit value. */
export const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);

const LEVELS: string[][] = [['&&', '||'], ['+', '-', '==', '!=', '<>', '<', '>', '<=', '>='], ['|', '&', '^', '!'], ['*', '/', '%', '<<', '>>']];

/** Most operators and parentheses in one expression (deeper trees would overflow the stack). */
const MAX_OPERATORS = 1000;

/** Recursive-descent parser over a token slice; `pos` advances. */
export class ExprParser {
  pos: number;
  private operators = 0;
  constructor(readonly toks: Token[], readonly start: number, readonly lastCol: number) { this.pos = start; }

  peek(): Token | undefined { return this.toks[this.pos]; }

  parse(): Expr { return this.level(0); }

  private level(n: number): Expr {
    if (n === LEVELS.length) return this.unary();
    let a = this.level(n + 1);
    for (;;) {
      const t = this.peek();
      if (!t || t.k !== Tk.Punct || !LEVELS[n].includes(t.text)) return a;
      this.pos++;
      this.count(t);
      const b = this.level(n + 1);
      a = { k: 'bin', op: t.text, a, b, tok: t };
    }
  }

  private count(t: Token): void {
    if (++this.operators > MAX_OPERATORS) throw new ExprError(`expression is too complex: more than ${MAX_OPERATORS} operators and parentheses`, t);
  }

  private unary(): Expr {
    const t = this.peek();
    const prev = this.pos > this.start ? this.toks[this.pos - 1] : undefined;
    if (!t && prev?.k === Tk.Punct && prev.text !== ')') throw new ExprError(`expected a number or symbol after '${prev.text}'`, prev);
    if (!t) throw new ExprError('missing expression', { k: Tk.Punct, text: '', col: this.lastCol, end: this.lastCol + 1 });
    if (t.k === Tk.Punct && (t.text === '-' || t.text === '~' || t.text === '!' || t.text === '+')) {
      this.pos++;
      this.count(t);
      const a = this.unary();
      return t.text === '+' ? a : { k: 'un', op: t.text, a };
    }
    if (t.k === Tk.Punct && t.text === '(') {
      this.pos++;
      this.count(t);
      const e = this.level(0);
      const c = this.peek();
      if (!c) throw new ExprError("this '(' is never closed: ')' is missing", t);
      if (c.text !== ')') throw new ExprError(`expected ')' to close the '(' at column ${t.col}, found '${c.text}'`, c);
      this.pos++;
      return e;
    }
    this.pos++;
    if (t.k === Tk.Num) return { k: 'num', v: t.num ?? 0n };
    if (t.k === Tk.LocalRef) return { k: 'local', name: t.text, tok: t };
    if (t.k === Tk.Ident) return t.text === '.' ? { k: 'dot', tok: t } : { k: 'sym', name: t.text, tok: t };
    throw new ExprError(`expected a number or symbol, found '${t.text}'`, t);
  }
}

/** A value: constant `add`, plus the address of `sym` when it is relocatable. */
export interface Value {
  /** Symbol the value is relative to (a label); undefined for an absolute value. */
  sym?: string;
  add: bigint;
}

/** How names resolve during evaluation. */
export interface Resolver {
  /** Value of a named symbol, or undefined if it is not (yet) defined. */
  symbol(name: string, tok: Token): Value | undefined;
  /** Value of a local reference like "1f"/"1b". */
  local(name: string, tok: Token): Value | undefined;
  /** Value of "." (the current location). */
  dot(tok: Token): Value;
  /** Offset between two labels when both are in the same section and laid out, else undefined. */
  difference(a: string, b: string): bigint | undefined;
}

function binop(op: string, a: bigint, b: bigint, tok: Token): bigint {
  switch (op) {
    case '+': return s64(a + b);
    case '-': return s64(a - b);
    case '*': return s64(a * b);
    case '/': case '%':
      if (b === 0n) throw new ExprError(`division by zero: the right side of '${op}' is 0`, tok, true);
      return s64(op === '/' ? a / b : a % b);
    case '<<': return b >= 64n || b < 0n ? 0n : s64(a << b);
    case '>>': return b >= 64n || b < 0n ? 0n : s64((a & MASK64) >> b);
    case '|': return s64(a | b);
    case '&': return s64(a & b);
    case '^': return s64(a ^ b);
    case '!': return s64(a | ~b);
    // Comparisons yield -1 for true in GNU as.
    case '==': return a === b ? -1n : 0n;
    case '!=': case '<>': return a !== b ? -1n : 0n;
    case '<': return a < b ? -1n : 0n;
    case '>': return a > b ? -1n : 0n;
    case '<=': return a <= b ? -1n : 0n;
    case '>=': return a >= b ? -1n : 0n;
    case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
    default: return a !== 0n || b !== 0n ? 1n : 0n; // ||
  }
}

/** Evaluates an expression; throws ExprError for undefined symbols or invalid symbol arithmetic. */
export function evaluate(e: Expr, r: Resolver): Value {
  switch (e.k) {
    case 'num': return { add: s64(e.v) };
    case 'dot': return r.dot(e.tok);
    case 'sym': {
      const v = r.symbol(e.name, e.tok);
      if (!v) throw new ExprError(`symbol '${e.name}' is not defined`, e.tok);
      return v;
    }
    case 'local': {
      const v = r.local(e.name, e.tok);
      if (!v) {
        const dir = e.name.endsWith('f') ? 'after' : 'before';
        throw new ExprError(`local label '${e.name.slice(0, -1)}:' not found ${dir} this line (for '${e.name}')`, e.tok);
      }
      return v;
    }
    case 'un': {
      const a = evaluate(e.a, r);
      if (a.sym) throw new ExprError(`cannot apply '${e.op}' to the address '${a.sym}'`);
      return { add: e.op === '-' ? s64(-a.add) : e.op === '~' ? s64(~a.add) : (a.add === 0n ? 1n : 0n) };
    }
    case 'bin': {
      const a = evaluate(e.a, r), b = evaluate(e.b, r);
      if (!a.sym && !b.sym) return { add: binop(e.op, a.add, b.add, e.tok) };
      if (e.op === '+' && !(a.sym && b.sym)) return { sym: a.sym ?? b.sym, add: s64(a.add + b.add) };
      if (e.op === '-' && a.sym && !b.sym) return { sym: a.sym, add: s64(a.add - b.add) };
      if (e.op === '-' && a.sym && b.sym) {
        const d = r.difference(a.sym, b.sym);
        if (d === undefined) throw new ExprError(`cannot subtract '${b.sym}' from '${a.sym}': they are not in the same section`, e.tok);
        return { add: s64(d + a.add - b.add) };
      }
      throw new ExprError(`operator '${e.op}' cannot be applied to an address`, e.tok);
    }
  }
}

/** Names of the symbols an expression mentions (for the reference index). */
export function symbolsOf(e: Expr, out: Token[] = []): Token[] {
  switch (e.k) {
    case 'sym': out.push(e.tok); break;
    case 'local': out.push(e.tok); break;
    case 'un': symbolsOf(e.a, out); break;
    case 'bin': symbolsOf(e.a, out); symbolsOf(e.b, out); break;
    default: break;
  }
  return out;
}
