/**
 * Assembler directives (GNU as manual, "Assembler Directives", and the RISC-V specific
 * `.option` of "RISC-V Directives"): sections, symbol binding, alignment, data,
 * strings, space, `.equ`/`.set`, `.option rvc|norvc|push|pop`, `.macro`/`.endm` and
 * `.rept`/`.irp`. Directives that only matter to other tools (.file, .ident, .cfi_*,
 * .attribute, .type/.size bookkeeping) are accepted.
 */
import { Tk, type Token } from './lexer';
import type { Expr } from './expr';
import { AsmFailure, didYouMean, type Assembler } from './assembler';
import { splitOperands, type Operand } from './operands';

export interface Macro {
  name: string;
  /** Expands an invocation (the text after the macro name) into source lines. */
  expand(argText: string, head: Token, counter: number): string[];
}

type Directive = (a: Assembler, d: Token, args: Token[]) => void;

const fail = (msg: string, t: { col: number; end: number }): never => { throw new AsmFailure(msg, t.col, t.end); };

/** The span of a whole operand. */
const whole = (op: Operand): { col: number; end: number } => ({ col: op[0].col, end: op[op.length - 1].end });

function constArg(a: Assembler, op: Operand | undefined, d: Token, what: string): bigint {
  if (!op || op.length === 0) return fail(`'${d.text}' needs ${what}`, d);
  const e = a.parseExpr(op, 0, d);
  const v = a.constant(e);
  if (v === undefined) return fail(`${what} of '${d.text}' must be a constant`, op[0]);
  return v;
}

function symbolArgs(d: Token, args: Token[]): Token[] {
  const ops = splitOperands(args);
  if (ops.length === 0 || ops[0].length === 0) fail(`'${d.text}' needs a symbol name`, d);
  return ops.map((op) => {
    if (op.length !== 1 || op[0].k !== Tk.Ident) fail(`'${d.text}' expects symbol names, found '${op.map((t) => t.text).join('')}'`, op[0] ?? d);
    return op[0];
  });
}

function bind(global: boolean): Directive {
  return (a, d, args) => {
    for (const t of symbolArgs(d, args)) {
      const s = a.symbols.get(t.text);
      if (s) s.global = global;
      else a.symbols.set(t.text, { name: t.text, kind: 'label', global, defLine: 0, internal: false });
      for (const def of a.definitions) if (def.name === t.text) def.global = global;
      a.references.push({ name: t.text, line: a.line, column: t.col, endColumn: t.end });
    }
  };
}

function switchTo(a: Assembler, name: string, t: Token, flags?: { exec: boolean; write: boolean; nobits: boolean; alloc: boolean }): void {
  a.prev = a.cur;
  a.cur = a.section(name, flags);
  a.sectionMarks.push({ name, line: a.line, column: t.col, endColumn: t.end });
}

/** `.section name[, "flags"[, @type]]`. */
const section: Directive = (a, d, args) => {
  const ops = splitOperands(args);
  const nameOp = ops[0];
  if (!nameOp || nameOp.length === 0) return fail("'.section' needs a section name", d);
  const name = nameOp.length === 1 && nameOp[0].k === Tk.Str ? String.fromCharCode(...(nameOp[0].bytes ?? [])) : nameOp.map((t) => t.text).join('');
  let flags: { exec: boolean; write: boolean; nobits: boolean; alloc: boolean } | undefined;
  if (ops[1]) {
    const f = ops[1][0];
    if (f?.k !== Tk.Str) return fail(`section flags must be a string like "ax" or "aw", found '${ops[1].map((t) => t.text).join('')}'`, ops[1][0] ?? d);
    const s = String.fromCharCode(...(f.bytes ?? []));
    const type = ops[2]?.map((t) => t.text).join('') ?? '';
    flags = { alloc: s.includes('a'), exec: s.includes('x'), write: s.includes('w'), nobits: type === '@nobits' || type === '%nobits' };
  }
  switchTo(a, name, nameOp[0], a.sections.has(name) ? undefined : flags);
};

const DATA_SIZES: Record<string, number> = {
  '.byte': 1, '.half': 2, '.short': 2, '.2byte': 2, '.word': 4, '.long': 4, '.int': 4, '.4byte': 4,
  '.dword': 8, '.quad': 8, '.8byte': 8,
};

function data(size: number): Directive {
  return (a, d, args) => {
    for (const op of splitOperands(args)) {
      if (op.length === 0) fail(`'${d.text}' has an empty value`, d);
      const e = a.parseExpr(op, 0, d);
      const v = a.constant(e);
      const bytes = new Uint8Array(size);
      if (v !== undefined) {
        const lim = 1n << BigInt(size * 8);
        if (size < 8 && (v >= lim || v < -lim)) {
          a.report(`value ${v} does not fit in ${size} byte${size > 1 ? 's' : ''}; it is truncated to 0x${BigInt.asUintN(size * 8, v).toString(16)}`, op[0].col, op[op.length - 1].end, 'warning');
        }
        let u = BigInt.asUintN(size * 8, v);
        for (let i = 0; i < size; i++) { bytes[i] = Number(u & 0xffn); u >>= 8n; }
        a.emitBytes(bytes);
      } else {
        a.emitBytes(bytes, { kind: 'data', expr: e, tok: op[0], line: a.line, size });
      }
    }
  };
}

function strings(zero: boolean): Directive {
  return (a, d, args) => {
    const ops = splitOperands(args);
    if (ops.length === 0) fail(`'${d.text}' needs a string`, d);
    for (const op of ops) {
      if (op.length !== 1 || op[0].k !== Tk.Str) fail(`'${d.text}' expects strings in double quotes`, op[0] ?? d);
      const b = op[0].bytes ?? [];
      a.emitBytes(Uint8Array.from(zero ? [...b, 0] : b));
    }
  };
}

function space(a: Assembler, d: Token, args: Token[]): void {
  const ops = splitOperands(args);
  const n = constArg(a, ops[0], d, 'a size');
  if (n < 0n || n > 1n << 28n) fail(`size ${n} of '${d.text}' is out of range (0 to 256 MiB)`, whole(ops[0]));
  const fill = ops[1] ? Number(BigInt.asUintN(8, constArg(a, ops[1], d, 'a fill value'))) : 0;
  a.emitBytes(new Uint8Array(Number(n)).fill(fill), undefined, true);
}

function align(power: boolean): Directive {
  return (a, d, args) => {
    const ops = splitOperands(args);
    const v = constArg(a, ops[0], d, 'an alignment');
    let bytes: number;
    if (power) {
      if (v < 0n || v > 16n) return fail(`alignment ${v} of '${d.text}' is out of range: it is a power of two, 0 to 16`, whole(ops[0]));
      bytes = 1 << Number(v);
    } else {
      if (v < 1n || v > 65536n || (v & (v - 1n)) !== 0n) return fail(`alignment ${v} of '${d.text}' must be a power of two (1 to 65536)`, whole(ops[0]));
      bytes = Number(v);
    }
    const fill = ops[1] && ops[1].length ? Number(BigInt.asUintN(8, constArg(a, ops[1], d, 'a fill value'))) : undefined;
    const max = ops[2] ? Number(constArg(a, ops[2], d, 'a maximum skip')) : undefined;
    a.emitAlign(bytes, fill, max);
  };
}

const option: Directive = (a, d, args) => {
  const t = args[0];
  if (!t || t.k !== Tk.Ident) return fail("'.option' needs an argument: rvc, norvc, push, pop, relax, norelax, pic, nopic or arch", d);
  switch (t.text) {
    case 'rvc': a.rvc = true; if (a.cur.name === '.text' && a.cur.items.length === 0 && a.cur.align < 2) a.cur.align = 2; return;
    case 'norvc': a.rvc = false; return;
    case 'push': a.rvcStack.push(a.rvc); return;
    case 'pop':
      if (a.rvcStack.length === 0) return fail("'.option pop' without a matching '.option push'", t);
      a.rvc = a.rvcStack.pop() as boolean;
      return;
    case 'relax': case 'norelax': case 'pic': case 'nopic': case 'arch': case 'csr-check': case 'no-csr-check': return;
    default: return fail(`unknown .option '${t.text}' (expected rvc, norvc, push, pop, relax, norelax, pic, nopic or arch)`, t);
  }
};

function equ(isSet: boolean): Directive {
  return (a, d, args) => {
    const ops = splitOperands(args);
    if (ops.length !== 2 || ops[0].length !== 1 || ops[0][0].k !== Tk.Ident) return fail(`'${d.text}' takes a name and a value: ${d.text} NAME, expression`, d);
    a.defineEqu(ops[0][0], a.parseExpr(ops[1], 0, d), isSet);
  };
}

/** `.macro name [param[=default]|param:req|param:vararg], ...`. */
/** A block directive with an error: its lines up to the closing directive are skipped. */
function skipBlock(a: Assembler, kind: 'macro' | 'rept' | 'irp', msg: string, t: { col: number; end: number }): never {
  a.capture = { kind, depth: 1, lines: [], start: () => undefined };
  return fail(msg, t);
}

const macro: Directive = (a, d, args) => {
  const nameTok = args[0];
  if (!nameTok || nameTok.k !== Tk.Ident) return skipBlock(a, 'macro', "'.macro' needs a macro name", d);
  const params: { name: string; def?: string; req?: boolean; vararg?: boolean }[] = [];
  let i = 1;
  if (args[i]?.text === ',') i++;
  while (i < args.length) {
    const p = args[i];
    if (p.k !== Tk.Ident) return skipBlock(a, 'macro', `bad macro parameter '${p.text}': parameters are names, like '.macro push reg'`, p);
    const prm: { name: string; def?: string; req?: boolean; vararg?: boolean } = { name: p.text };
    i++;
    if (args[i]?.text === ':' && args[i + 1]) { prm.req = args[i + 1].text === 'req'; prm.vararg = args[i + 1].text === 'vararg'; i += 2; }
    if (args[i]?.text === '=') {
      const start = i + 1;
      while (i + 1 < args.length && args[i + 1].text !== ',') i++;
      prm.def = args.slice(start, i + 1).map((t) => t.text).join('');
      i++;
    }
    params.push(prm);
    if (args[i]?.text === ',') i++;
  }
  const name = nameTok.text;
  const defLine = a.line;
  a.capture = {
    kind: 'macro', depth: 1, lines: [],
    start: (lines) => {
      a.macros.set(name, {
        name,
        expand: (argText, head, counter) => expandBody(lines.map((l) => l.text), params, argText, head, counter, name),
      });
    },
  };
  a.definitions.push({ name, kind: 'macro', line: defLine, column: nameTok.col, endColumn: nameTok.end, section: '', global: false });
};

/** Splits macro arguments at commas (or blanks) outside quotes and parentheses. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let cur = '', depth = 0, inStr = false;
  const flush = (): void => { out.push(cur.trim()); cur = ''; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) { cur += c; if (c === '\\') cur += text[++i] ?? ''; else if (c === '"') inStr = false; continue; }
    if (c === '"') { inStr = true; cur += c; continue; }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) { flush(); continue; }
    cur += c;
  }
  if (cur.trim() !== '' || out.length) flush();
  return out;
}

function expandBody(body: string[], params: { name: string; def?: string; req?: boolean; vararg?: boolean }[],
  argText: string, head: Token, counter: number, name: string): string[] {
  const args = splitArgs(argText);
  const values = new Map<string, string>();
  let pos = 0;
  for (const a of args) {
    const m = /^([A-Za-z_][\w]*)\s*=(.*)$/.exec(a);
    if (m && params.some((p) => p.name === m[1])) { values.set(m[1], m[2].trim()); continue; }
    if (pos >= params.length) fail(`macro '${name}' takes ${params.length} argument${params.length === 1 ? '' : 's'}, but more were given`, head);
    const p = params[pos++];
    values.set(p.name, p.vararg ? args.slice(args.indexOf(a)).join(', ') : a);
    if (p.vararg) break;
  }
  for (const p of params) {
    if (!values.has(p.name) || values.get(p.name) === '') {
      if (p.req) fail(`macro '${name}' needs a value for its parameter '${p.name}'`, head);
      values.set(p.name, p.def ?? '');
    }
  }
  return body.map((l) => l.replace(/\\(@|[A-Za-z_][\w]*)(\(\))?/g, (all, n: string) => {
    if (n === '@') return String(counter);
    return values.has(n) ? (values.get(n) as string) : all;
  }));
}

const rept: Directive = (a, d, args) => {
  let n: bigint;
  try {
    n = constArg(a, splitOperands(args)[0], d, 'a repeat count');
  } catch (e) {
    a.capture = { kind: 'rept', depth: 1, lines: [], start: () => undefined };
    throw e;
  }
  if (n < 0n || n > 100000n) skipBlock(a, 'rept', `repeat count ${n} of '.rept' is out of range (0 to 100000)`, whole(splitOperands(args)[0]));
  a.capture = {
    kind: 'rept', depth: 1, lines: [],
    start: (lines) => { for (let i = 0n; i < n; i++) a.replay(lines); },
  };
};

/** `.irp sym, values...`: repeats the block with \sym replaced by each value. */
const irp: Directive = (a, d, args) => {
  const ops = splitOperands(args);
  const sym = ops[0]?.[0];
  if (!sym || sym.k !== Tk.Ident) return skipBlock(a, 'irp', "'.irp' needs a parameter name and values", d);
  const values = ops.slice(1).map((o) => o.map((t) => t.text).join(''));
  a.capture = {
    kind: 'irp', depth: 1, lines: [],
    start: (lines) => {
      for (const v of values.length ? values : ['']) {
        a.replay(lines.map((l) => ({ line: l.line, text: l.text.replace(new RegExp(`\\\\${sym.text}\\b`, 'g'), v), written: l.text })));
      }
    },
  };
};

const sizeOrType: Directive = (a, d, args) => {
  const ops = splitOperands(args);
  const t = ops[0]?.[0];
  if (!t || t.k !== Tk.Ident) return fail(`'${d.text}' needs a symbol name`, d);
  const s = a.symbols.get(t.text) ?? { name: t.text, kind: 'label' as const, global: false, defLine: 0, internal: false };
  a.symbols.set(t.text, s);
  a.references.push({ name: t.text, line: a.line, column: t.col, endColumn: t.end });
  if (d.text === '.type') {
    const kind = ops[1]?.map((x) => x.text).join('') ?? '';
    if (/function$/.test(kind)) s.type = 'func';
    else if (/object$/.test(kind)) s.type = 'object';
  } else if (ops[1]) {
    s.size = a.parseExpr(ops[1], 0, d) as Expr;
  }
};

const ignore: Directive = () => undefined;

export const DIRECTIVES: Record<string, Directive> = {
  '.text': (a, d) => switchTo(a, '.text', d),
  '.data': (a, d) => switchTo(a, '.data', d),
  '.bss': (a, d) => switchTo(a, '.bss', d),
  '.rodata': (a, d) => switchTo(a, '.rodata', d),
  '.section': section,
  '.pushsection': (a, d, args) => { a.sectionStack.push(a.cur); section(a, d, args); },
  '.popsection': (a, d) => {
    const s = a.sectionStack.pop();
    if (!s) fail("'.popsection' without a matching '.pushsection'", d);
    else { a.prev = a.cur; a.cur = s; }
  },
  '.previous': (a, d) => {
    if (!a.prev) fail("'.previous' with no previous section", d);
    else [a.cur, a.prev] = [a.prev, a.cur];
  },
  '.globl': bind(true), '.global': bind(true), '.weak': bind(true), '.local': bind(false),
  '.hidden': ignore, '.protected': ignore, '.internal': ignore,
  '.align': align(true), '.p2align': align(true), '.balign': align(false),
  ...Object.fromEntries(Object.entries(DATA_SIZES).map(([k, v]) => [k, data(v)])),
  '.string': strings(true), '.asciz': strings(true), '.ascii': strings(false),
  '.zero': space, '.space': space, '.skip': space,
  '.equ': equ(true), '.set': equ(true), '.equiv': equ(false),
  '.option': option,
  '.macro': macro,
  '.endm': (a, d) => fail("'.endm' without a matching '.macro'", d),
  '.exitm': ignore,
  '.rept': rept, '.irp': irp,
  '.endr': (a, d) => fail("'.endr' without a matching '.rept'", d),
  '.type': sizeOrType, '.size': sizeOrType,
  '.file': ignore, '.ident': ignore, '.attribute': ignore, '.loc': ignore, '.end': (a) => { a.ended = true; },
  '.include': (a, d) => fail("'.include' is not supported: put everything in one file", d),
};

/** Runs a directive statement. */
export function directive(a: Assembler, d: Token, args: Token[]): void {
  const fn = DIRECTIVES[d.text.toLowerCase()];
  if (fn) { fn(a, d, args); return; }
  if (d.text.startsWith('.cfi_')) return;
  fail(`unknown directive '${d.text}'${didYouMean(d.text.toLowerCase(), Object.keys(DIRECTIVES))}`, d);
}
