/**
 * The assembler's front end: reads GNU `as` source statement by statement (labels,
 * `name = expr`, directives, macros, instructions) into input sections of items, and
 * keeps the symbol table and the index the language server uses (definitions,
 * references, section marks). Errors never stop the pass: each becomes a diagnostic
 * with file, line and column, and assembly continues with the next statement.
 */
import { blankBlockComments, commentStart, LexError, splitStatements, Tk, tokenize, type Token } from './lexer';
import { evaluate, ExprError, ExprParser, symbolsOf, type Expr, type Resolver, type Value } from './expr';
import { ItemKind, type AsmSymbol, type BranchSpec, type Fixup, type InputSection, type Item } from './model';
import { OperandError, splitOperands } from './operands';
import { assembleInstruction, knownMnemonics, type InsnContext } from './instructions';
import { allInsns } from '../isa/tables';
import type { AsmDefinition, AsmDiagnostic, AsmOptions, AsmReference, AsmSectionMark } from './types';
import { directive, type Macro } from './directives';

export class AsmFailure extends Error {
  constructor(message: string, readonly col: number, readonly end: number, readonly warning = false) { super(message); }
}

/** Output section an input section name links into (GNU ld's default script for RISC-V). */
export function outputSectionOf(name: string): string {
  const rules: [RegExp, string][] = [
    [/^\.text(\..*)?$/, '.text'], [/^\.rodata(\..*)?$/, '.rodata'], [/^\.srodata(\..*)?$/, '.sdata'],
    [/^\.data(\..*)?$/, '.data'], [/^\.sdata(\..*)?$/, '.sdata'], [/^\.sbss(\..*)?$/, '.sbss'], [/^\.bss(\..*)?$/, '.bss'],
  ];
  for (const [re, out] of rules) if (re.test(name)) return out;
  return name;
}

export class Assembler implements InsnContext {
  readonly file: string;
  readonly diagnostics: AsmDiagnostic[] = [];
  readonly definitions: AsmDefinition[] = [];
  readonly references: AsmReference[] = [];
  readonly sectionMarks: AsmSectionMark[] = [];
  readonly sections = new Map<string, InputSection>();
  readonly symbols = new Map<string, AsmSymbol>();
  readonly macros = new Map<string, Macro>();
  cur!: InputSection;
  prev?: InputSection;
  readonly sectionStack: InputSection[] = [];
  rvc: boolean;
  readonly rvcStack: boolean[] = [];
  line = 0;
  /** Definitions seen so far per numeric local label ("1" -> 3). */
  private readonly localCount = new Map<string, number>();
  private internalCount = 0;
  private readonly maxErrors: number;
  /** Set by `.end`. */
  ended = false;
  macroDepth = 0;
  /** Pending block (.macro/.rept) capture; `at` is where its opening directive is. */
  capture?: {
    kind: 'macro' | 'rept' | 'irp'; depth: number; lines: { text: string; line: number }[];
    start: (lines: { text: string; line: number }[]) => void; at?: { line: number; col: number; end: number };
  };
  /** Text of the line being read: the columns of its tokens count from its start. */
  private curText = '';
  /** First token of the statement being assembled (where errors without an operand point). */
  private headTok?: Token;
  /** While expanding a macro or a .rept/.irp block: the written source line diagnostics go to.
   *  `text` is that line as written, `from` where to look for the offending text in it,
   *  `fallback` the span to use when it is not there, `macro` the outermost macro's name. */
  private origin?: { line: number; text: string; from: number; fallback: [number, number]; macro?: string };

  constructor(readonly opts: AsmOptions) {
    this.file = opts.file ?? 'input.s';
    this.rvc = opts.rvc ?? true;
    this.maxErrors = opts.maxErrors ?? 100;
    for (const n of ['.text', '.data', '.bss']) this.section(n);
    this.cur = this.section('.text');
  }

  // --- diagnostics -----------------------------------------------------------

  report(message: string, col: number, end: number, severity: 'error' | 'warning' = 'error', line = this.line): void {
    if (this.diagnostics.filter((d) => d.severity === 'error').length >= this.maxErrors) return;
    if (this.origin) {
      [line, col, end] = this.written(col, end);
      if (this.origin.macro) message += ` (in macro '${this.origin.macro}')`;
    }
    end = Math.max(end, col + 1);
    // A .rept body or a repeated macro call would otherwise report the same problem many times.
    if (this.diagnostics.some((d) => d.line === line && d.column === col && d.endColumn === end && d.message === message)) return;
    this.diagnostics.push({ file: this.file, line, column: col, endColumn: end, severity, message });
  }

  /** Maps a span of the line being read (maybe produced by a macro or .irp) to the line as written. */
  private written(col: number, end: number): [number, number, number] {
    const o = this.origin as NonNullable<Assembler['origin']>;
    if (o.text === this.curText) return [o.line, col, end];
    const s = this.curText.slice(col - 1, end - 1).trim();
    if (s !== '') {
      // Prefer a whole-word occurrence of the offending text (a macro argument, usually).
      let any = -1;
      for (let i = o.text.indexOf(s, o.from); i >= 0; i = o.text.indexOf(s, i + 1)) {
        if (any < 0) any = i;
        if (!/[\w.$]/.test(o.text[i - 1] ?? ' ') && !/[\w.$]/.test(o.text[i + s.length] ?? ' ')) { any = i; break; }
      }
      if (any >= 0) return [o.line, any + 1, any + 1 + s.length];
    }
    return [o.line, ...o.fallback];
  }

  /** A copy of a token of the line being read, placed on the line as written (for link-time errors). */
  private mapTok(t: Token): Token {
    const [, col, end] = this.written(t.col, t.end);
    return { ...t, col, end };
  }

  private mapExpr(e: Expr): Expr {
    switch (e.k) {
      case 'sym': case 'local': case 'dot': return { ...e, tok: this.mapTok(e.tok) };
      case 'un': return { ...e, a: this.mapExpr(e.a) };
      case 'bin': return { ...e, a: this.mapExpr(e.a), b: this.mapExpr(e.b), tok: this.mapTok(e.tok) };
      default: return e;
    }
  }

  /** Inside a macro or .rept: makes a fixup's link-time errors point at the line as written. */
  private mapFix(fix: Fixup | undefined): void {
    if (!fix || !this.origin) return;
    fix.tok = this.mapTok(fix.tok);
    fix.expr = this.mapExpr(fix.expr);
    fix.line = this.origin.line;
  }

  get errorCount(): number { return this.diagnostics.filter((d) => d.severity === 'error').length; }

  private reportCaught(e: unknown, fallbackCol: number, fallbackEnd: number): void {
    if (e instanceof OperandError || e instanceof LexError) this.report(e.message, e.col, e.end);
    else if (e instanceof AsmFailure) this.report(e.message, e.col, e.end, e.warning ? 'warning' : 'error');
    else if (e instanceof ExprError) this.report(e.message, e.tok?.col ?? fallbackCol, e.tok?.end ?? fallbackEnd);
    else this.report(`internal assembler error: ${(e as Error).message}`, fallbackCol, fallbackEnd);
  }

  // --- sections and items ----------------------------------------------------

  section(name: string, flags?: { exec: boolean; write: boolean; nobits: boolean; alloc: boolean }): InputSection {
    let s = this.sections.get(name);
    if (!s) {
      const out = outputSectionOf(name);
      const f = flags ?? {
        exec: out === '.text', write: ['.data', '.sdata', '.sbss', '.bss'].includes(out),
        nobits: out === '.bss' || out === '.sbss', alloc: true,
      };
      s = { name, output: out, items: [], align: name === '.text' ? (this.rvc ? 2 : 4) : 1, ...f, addr: 0n, size: 0 };
      this.sections.set(name, s);
    }
    return s;
  }

  private push(item: Item): void {
    if (this.cur.nobits && item.kind === ItemKind.Fixed && item.bytes?.some((b) => b !== 0)) {
      throw new AsmFailure(`cannot store data in '${this.cur.name}': it holds only zero-initialised space (use .zero or .space, or switch to .data)`, this.headTok?.col ?? 1, this.headTok?.end ?? 2);
    }
    if (!this.cur.alloc) return;
    this.cur.items.push(item);
  }

  private insnLine(): number { return this.cur.exec ? this.line : 0; }

  /** Data bytes; `fill` marks .space/.zero/.skip, which GNU as keeps in a frag of their own. */
  emitBytes(bytes: Uint8Array, fix?: Fixup, fill = false): void {
    if (fix) this.noteRefs(fix.expr);
    this.mapFix(fix);
    this.push({ kind: ItemKind.Fixed, offset: 0, size: bytes.length, line: 0, bytes, fix, fill });
  }

  emitWord(w: number, fix?: Fixup): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, w >>> 0, true);
    this.checkCode();
    if (fix) this.noteRefs(fix.expr);
    this.mapFix(fix);
    this.push({ kind: ItemKind.Fixed, offset: 0, size: 4, line: this.insnLine(), bytes: b, fix });
  }

  emitHalf(h: number, fix?: Fixup): void {
    const b = new Uint8Array([h & 0xff, (h >> 8) & 0xff]);
    this.checkCode();
    if (fix) this.noteRefs(fix.expr);
    this.mapFix(fix);
    this.push({ kind: ItemKind.Fixed, offset: 0, size: 2, line: this.insnLine(), bytes: b, fix });
  }

  emitBranch(br: BranchSpec): void {
    this.checkCode();
    this.noteRefs(br.target);
    if (this.origin) {
      br.tok = this.mapTok(br.tok);
      br.target = this.mapExpr(br.target);
      br.line = this.origin.line;
    }
    this.push({ kind: ItemKind.Branch, offset: 0, size: br.rvc ? 2 : 4, line: this.insnLine(), br });
  }

  emitAlign(bytes: number, fill: number | undefined, max: number | undefined): void {
    if (bytes > this.cur.align) this.cur.align = bytes;
    this.push({ kind: ItemKind.Align, offset: 0, size: 0, line: 0, al: { bytes, fill, max, code: this.cur.exec, rvc: this.rvc } });
  }

  private checkCode(): void {
    if (this.cur.nobits) {
      throw new AsmFailure(`instructions cannot go in '${this.cur.name}': it holds only zero-initialised space (switch to .text first)`, this.headTok?.col ?? 1, this.headTok?.end ?? 2);
    }
  }

  // --- symbols ----------------------------------------------------------------

  defineLabel(tok: Token): void {
    let name = tok.text;
    let internal = name.startsWith('.L');
    if (tok.k === Tk.Num) {
      const n = (this.localCount.get(name) ?? 0) + 1;
      this.localCount.set(name, n);
      name = `.L${tok.text}\u0002${n}`;
      internal = true;
    }
    const old = this.symbols.get(name);
    if (old && (old.section || old.expr)) {
      throw new AsmFailure(`'${tok.text}' is already defined on line ${old.defLine}`, tok.col, tok.end);
    }
    const sym: AsmSymbol = { ...(old ?? { global: false }), name, kind: 'label', section: this.cur, item: this.cur.items.length, defTok: tok, defLine: this.line, internal };
    this.symbols.set(name, sym);
    this.definitions.push({ name: tok.text, kind: 'label', line: this.line, column: tok.col, endColumn: tok.end, section: this.cur.name, global: sym.global });
  }

  defineEqu(tok: Token, e: Expr, isSet: boolean): void {
    const old = this.symbols.get(tok.text);
    if (old && old.section) throw new AsmFailure(`'${tok.text}' is already defined as a label on line ${old.defLine}`, tok.col, tok.end);
    if (old && old.expr && !isSet) throw new AsmFailure(`'${tok.text}' is already defined on line ${old.defLine} (use .set to change it)`, tok.col, tok.end);
    this.noteRefs(e);
    let value: bigint | undefined;
    try {
      const v = evaluate(e, this.parseResolver());
      if (!v.sym) value = v.add;
    } catch { /* resolved at link time */ }
    const sym: AsmSymbol = { ...(old ?? { global: false }), name: tok.text, kind: 'equ', expr: e, value, defTok: tok, defLine: this.line, internal: tok.text.startsWith('.L') };
    this.symbols.set(tok.text, sym);
    this.definitions.push({ name: tok.text, kind: 'equ', line: this.line, column: tok.col, endColumn: tok.end, section: '', value, global: sym.global });
  }

  /** Maps `1f`/`1b` to the internal name of the numeric label it means at this point. */
  localName(text: string): string {
    const base = text.slice(0, -1);
    const n = this.localCount.get(base) ?? 0;
    return `.L${base}\u0002${text.endsWith('f') ? n + 1 : n}`;
  }

  /** Rewrites local references of an expression to internal names (at parse time) and records references. */
  private noteRefs(e: Expr): void {
    this.fixDots(e);
    for (const t of symbolsOf(e) as (Token & { noted?: boolean })[]) {
      if (t.noted) continue;
      t.noted = true;
      if (t.k === Tk.LocalRef) {
        const name = this.localName(t.text);
        this.references.push({ name: t.text.slice(0, -1), line: this.line, column: t.col, endColumn: t.end });
        (t as Token & { internal?: string }).internal = name;
      } else if (t.text !== '.') {
        this.references.push({ name: t.text, line: this.line, column: t.col, endColumn: t.end });
      }
    }
  }

  labelHere(): Expr {
    const name = `.Lpcrel\u0002${++this.internalCount}`;
    const tok = { k: Tk.Ident, text: name, col: 1, end: 1, noted: true } as Token;
    this.symbols.set(name, { name, kind: 'label', section: this.cur, item: this.cur.items.length, global: false, defLine: this.line, internal: true });
    return { k: 'sym', name, tok };
  }

  /** A Value for "." at the current position (a fresh internal label). */
  dotHere(): Value {
    const e = this.labelHere();
    return { sym: (e as { name: string }).name, add: 0n };
  }

  /** Resolver for parse time: only constants (equ values) are known. */
  parseResolver(): Resolver {
    return {
      symbol: (name) => {
        const s = this.symbols.get(name);
        if (s?.kind === 'equ' && s.value !== undefined) return { add: s.value };
        return s?.kind === 'label' ? { sym: name, add: 0n } : undefined;
      },
      local: (_n, tok) => {
        const internal = (tok as Token & { internal?: string }).internal;
        return internal && this.symbols.has(internal) ? { sym: internal, add: 0n } : undefined;
      },
      dot: () => this.dotHere(),
      difference: (x, y) => this.fixedDifference(x, y),
    };
  }

  /** Offset between two labels of one section when only fixed-size items lie between them
   *  (GNU as knows such differences while parsing; across relaxable items it does not). */
  private fixedDifference(x: string, y: string): bigint | undefined {
    const sx = this.symbols.get(x), sy = this.symbols.get(y);
    if (!sx?.section || sx.section !== sy?.section) return undefined;
    const items = sx.section.items;
    const [lo, hi, sign] = (sx.item ?? 0) >= (sy.item ?? 0) ? [sy.item ?? 0, sx.item ?? 0, 1n] : [sx.item ?? 0, sy.item ?? 0, -1n];
    let d = 0;
    for (let i = lo; i < hi; i++) {
      if (items[i].kind !== ItemKind.Fixed) return undefined;
      d += items[i].size;
    }
    return sign * BigInt(d);
  }

  /** Turns each "." of an expression into a label at the current location. */
  private fixDots(e: Expr): void {
    switch (e.k) {
      case 'dot': {
        const l = this.labelHere() as { k: 'sym'; name: string; tok: Token };
        Object.assign(e, { k: 'sym', name: l.name, tok: l.tok });
        return;
      }
      case 'un': this.fixDots(e.a); return;
      case 'bin': this.fixDots(e.a); this.fixDots(e.b); return;
      default: return;
    }
  }

  /** InsnContext: constant value of an expression now, or undefined. */
  constant = (e: Expr): bigint | undefined => {
    this.noteRefs(e);
    try {
      const v = evaluate(e, this.parseResolver());
      return v.sym ? undefined : v.add;
    } catch (err) {
      if (err instanceof ExprError && err.definite) throw err;
      return undefined;
    }
  };

  isDefined = (name: string): boolean => {
    const s = this.symbols.get(name);
    return s?.section !== undefined || s?.expr !== undefined;
  };

  /** Records references of an expression used by a fixup (checked at link time). */
  refs(e: Expr): Expr { this.noteRefs(e); return e; }

  // --- statements --------------------------------------------------------------

  run(source: string): void {
    const { text, unclosedAt } = blankBlockComments(source);
    if (unclosedAt !== undefined) {
      const before = source.slice(0, unclosedAt);
      const line = before.split('\n').length;
      this.report("comment '/*' is never closed with '*/'", unclosedAt - before.lastIndexOf('\n'), unclosedAt - before.lastIndexOf('\n') + 2, 'error', line);
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length && !this.ended; i++) this.sourceLine(lines[i], i + 1);
    if (this.capture) {
      const at = this.capture.at ?? { line: this.line, col: 1, end: 2 };
      this.report(`'.${this.capture.kind}' is never closed: '.${this.capture.kind === 'macro' ? 'endm' : 'endr'}' is missing`, at.col, at.end, 'error', at.line);
    }
  }

  /** One physical line of source (or of a macro expansion, at `line`). */
  sourceLine(raw: string, line: number): void {
    this.line = line;
    this.curText = raw;
    if (this.capture) { this.captureLine(raw, line); return; }
    const cut = commentStart(raw);
    const body = cut < 0 ? raw : raw.slice(0, cut);
    // `#include`, `#define`, ... (but not comments such as "# if a0 is zero").
    const cpp = /^(\s*)(#(?:(?:include|define|ifdef|ifndef|endif|undef|elif|if|else)\b|\s+(?:include(?=\s*[<"])|ifdef\b|ifndef\b|endif\b|undef\b|elif\b)))/.exec(raw);
    if (cpp) {
      const col = cpp[1].length + 1;
      this.report(`'${cpp[2].replace(/\s+/g, '')}' is a C preprocessor directive, which this assembler does not run: remove it (or preprocess the .S file with gcc first)`, col, col + cpp[2].length);
      return;
    }
    for (const [stmt, base] of splitStatements(body)) {
      if (this.capture) { this.captureLine(stmt, line); continue; }
      this.statement(stmt, base);
    }
  }

  private captureLine(raw: string, line: number): void {
    const cap = this.capture!;
    const cut = commentStart(raw);
    const t = (cut < 0 ? raw : raw.slice(0, cut)).trim();
    const first = /^(?:[A-Za-z_.$][\w.$]*:\s*)?(\.[A-Za-z]+)\b/.exec(t)?.[1];
    const opens = cap.kind === 'macro' ? ['.macro'] : ['.rept', '.irp', '.irpc'];
    const close = cap.kind === 'macro' ? ['.endm'] : ['.endr'];
    if (first && opens.includes(first)) cap.depth++;
    if (first && close.includes(first) && --cap.depth === 0) {
      this.capture = undefined;
      cap.start(cap.lines);
      return;
    }
    cap.lines.push({ text: raw, line });
  }

  private statement(text: string, base: number): void {
    let toks: Token[];
    try {
      toks = tokenize(text, base);
    } catch (e) {
      this.reportCaught(e, base + 1, base + text.length + 1);
      return;
    }
    try {
      let i = 0;
      while (i + 1 < toks.length && toks[i + 1].text === ':' && toks[i + 1].k === Tk.Punct &&
        (toks[i].k === Tk.Ident || (toks[i].k === Tk.Num && /^[0-9]+$/.test(toks[i].text)))) {
        this.defineLabel(toks[i]);
        i += 2;
      }
      if (i >= toks.length) return;
      const head = toks[i];
      if (head.k !== Tk.Ident) throw new AsmFailure(`expected an instruction or directive, found '${head.text}'`, head.col, head.end);
      if (toks[i + 1]?.text === '=' && toks[i + 1].k === Tk.Punct) {
        this.defineEqu(head, this.parseExpr(toks, i + 2, head), true);
        return;
      }
      const rest = toks.slice(i + 1);
      this.headTok = head;
      if (head.text.startsWith('.') && !this.macros.has(head.text)) {
        const open = this.capture;
        try {
          directive(this, head, rest);
        } finally {
          if (this.capture && this.capture !== open) {
            const [line, col, end] = this.origin ? this.written(head.col, head.end) : [this.line, head.col, head.end];
            this.capture.at = { line, col, end };
          }
        }
        return;
      }
      const macro = this.macros.get(head.text);
      if (macro) { this.expandMacro(macro, head, text.slice(head.end - 1 - base)); return; }
      const mn: Token = { ...head, text: head.text.toLowerCase() };
      checkOperandCommas(mn, rest);
      if (!assembleInstruction(this, mn, splitOperands(rest))) {
        const hint = didYouMean(mn.text, new Set([...knownMnemonics(), ...allInsns.map((d) => d.name), ...this.macros.keys()]));
        throw new AsmFailure(`unknown instruction '${head.text}'${hint}`, head.col, head.end);
      }
    } catch (e) {
      this.reportCaught(e, base + 1, base + text.length + 1);
    }
  }

  parseExpr(toks: Token[], start: number, after: Token): Expr {
    const slice = toks.slice(start);
    if (slice.length === 0) throw new AsmFailure('missing expression', after.end, after.end + 1);
    const ops = splitOperands(slice);
    if (ops.length > 1) throw new AsmFailure('expected one expression', ops[1][0]?.col ?? after.end, ops[1][0]?.end ?? after.end + 1);
    return this.refs(exprOf(slice, after));
  }

  private expandMacro(m: Macro, head: Token, argText: string): void {
    if (this.macroDepth > 100) throw new AsmFailure(`macro '${m.name}' expands itself too deeply (more than 100 levels)`, head.col, head.end);
    this.references.push({ name: m.name, line: this.line, column: head.col, endColumn: head.end });
    const line = this.line, text = this.curText, outer = this.origin;
    this.origin ??= { line, text, from: head.end - 1, fallback: [head.col, head.end], macro: m.name };
    try {
      const body = m.expand(argText, head, ++this.internalCount);
      this.macroDepth++;
      try {
        for (const l of body) { if (this.ended) break; this.sourceLine(l, line); }
      } finally {
        this.macroDepth--;
      }
    } finally {
      this.line = line;
      this.curText = text;
      this.origin = outer;
    }
  }

  /** Runs captured lines (for .rept/.irp; `written` is a line before .irp substitution).
   *  The lines keep the line number of the closing .endr for the line table; diagnostics
   *  point at the lines as written. */
  replay(lines: { text: string; line: number; written?: string }[]): void {
    const line = this.line, text = this.curText, outer = this.origin;
    this.macroDepth++;
    try {
      for (const l of lines) {
        if (this.ended) break;
        if (!outer) {
          const w = l.written ?? l.text;
          const first = w.search(/\S/) + 1;
          this.origin = { line: l.line, text: w, from: 0, fallback: [Math.max(first, 1), w.trimEnd().length + 1] };
        }
        this.sourceLine(l.text, outer ? line : l.line); // rows and errors at the body line
      }
    } finally {
      this.macroDepth--;
      this.line = line;
      this.curText = text;
      this.origin = outer;
    }
  }
}

/** Reports an empty operand: a ',' with nothing before it, after it or between two of them. */
function checkOperandCommas(mn: Token, toks: Token[]): void {
  let depth = 0, empty = true;
  for (const t of toks) {
    if (t.k === Tk.Punct && t.text === '(') depth++;
    else if (t.k === Tk.Punct && t.text === ')') depth--;
    if (t.k === Tk.Punct && t.text === ',' && depth === 0) {
      if (empty) throw new AsmFailure(`'${mn.text}': an operand is missing before this ','`, t.col, t.end);
      empty = true;
    } else empty = false;
  }
  const last = toks[toks.length - 1];
  if (last && empty) throw new AsmFailure(`'${mn.text}': an operand is missing after this ','`, last.col, last.end);
}

/** The known name a misspelt one most likely means (one edit away, two for long names,
 *  same first letter), if any: suggestions must not mislead ('pop' is not a typo of 'nop'). */
function nearestName(name: string, list: string[]): string | undefined {
  // A doubled letter ("addd") is the likeliest typo.
  const undoubled = [...name].map((_, i) => (name[i] === name[i - 1] ? name.slice(0, i) + name.slice(i + 1) : '')).filter((x) => x);
  const twin = list.find((n) => undoubled.includes(n));
  if (twin) return twin;
  const first = (x: string): string => x.replace(/^\./, '')[0] ?? '';
  const stem = name.replace(/\d+/g, '#');
  let best: string | undefined, bestD = name.length >= 7 ? 3 : 2;
  for (const n of list) {
    if (Math.abs(n.length - name.length) >= bestD || first(n) !== first(name) || n.replace(/\d+/g, '#') === stem) continue;
    const d = editDistance(name, n);
    if (d < bestD) { best = n; bestD = d; }
  }
  return best;
}

/** " (did you mean 'x'?)" for a misspelt name, or "" when nothing is close ('fadd' suggests 'fadd.s' or 'fadd.d'). */
export function didYouMean(name: string, names: Iterable<string>): string {
  const list = [...names];
  const longer = list.filter((n) => n.startsWith(name + '.') && !n.slice(name.length + 1).includes('.'));
  if (longer.length > 0 && longer.length <= 3) return ` (did you mean ${longer.map((n) => `'${n}'`).join(' or ')}?)`;
  const near = name.replace(/^\./, '').length >= 3 ? nearestName(name, list) : undefined;
  return near ? ` (did you mean '${near}'?)` : '';
}

/** Edit distance counting a swap of two neighbours ("wrod" for "word") as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function exprOf(toks: Token[], after: Token): Expr {
  const p = new ExprParser(toks, 0, toks[toks.length - 1]?.end ?? after.end);
  const e = p.parse();
  if (p.pos < toks.length) throw new AsmFailure(`unexpected '${toks[p.pos].text}' after the expression`, toks[p.pos].col, toks[p.pos].end);
  return e;
}
