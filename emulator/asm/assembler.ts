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
import { assembleInstruction, type InsnContext } from './instructions';
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
  /** Pending block (.macro/.rept) capture. */
  capture?: { kind: 'macro' | 'rept' | 'irp'; depth: number; lines: { text: string; line: number }[]; start: (lines: { text: string; line: number }[]) => void };

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
    this.diagnostics.push({ file: this.file, line, column: col, endColumn: Math.max(end, col + 1), severity, message });
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
      throw new AsmFailure(`cannot store data in '${this.cur.name}': it holds only zero-initialised space (use .zero or .space, or switch to .data)`, 1, 2);
    }
    if (!this.cur.alloc) return;
    this.cur.items.push(item);
  }

  private insnLine(): number { return this.cur.exec ? this.line : 0; }

  /** Data bytes; `fill` marks .space/.zero/.skip, which GNU as keeps in a frag of their own. */
  emitBytes(bytes: Uint8Array, fix?: Fixup, fill = false): void {
    if (fix) this.noteRefs(fix.expr);
    this.push({ kind: ItemKind.Fixed, offset: 0, size: bytes.length, line: 0, bytes, fix, fill });
  }

  emitWord(w: number, fix?: Fixup): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, w >>> 0, true);
    this.checkCode();
    if (fix) this.noteRefs(fix.expr);
    this.push({ kind: ItemKind.Fixed, offset: 0, size: 4, line: this.insnLine(), bytes: b, fix });
  }

  emitHalf(h: number, fix?: Fixup): void {
    const b = new Uint8Array([h & 0xff, (h >> 8) & 0xff]);
    this.checkCode();
    if (fix) this.noteRefs(fix.expr);
    this.push({ kind: ItemKind.Fixed, offset: 0, size: 2, line: this.insnLine(), bytes: b, fix });
  }

  emitBranch(br: BranchSpec): void {
    this.checkCode();
    this.noteRefs(br.target);
    this.push({ kind: ItemKind.Branch, offset: 0, size: br.rvc ? 2 : 4, line: this.insnLine(), br });
  }

  emitAlign(bytes: number, fill: number | undefined, max: number | undefined): void {
    if (bytes > this.cur.align) this.cur.align = bytes;
    this.push({ kind: ItemKind.Align, offset: 0, size: 0, line: 0, al: { bytes, fill, max, code: this.cur.exec, rvc: this.rvc } });
  }

  private checkCode(): void {
    if (this.cur.nobits) throw new AsmFailure(`instructions cannot go in '${this.cur.name}' (it holds only zero-initialised space)`, 1, 2);
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
    } catch {
      return undefined;
    }
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
    if (this.capture) this.report(`'.${this.capture.kind === 'macro' ? 'macro' : this.capture.kind}' is never closed with '.${this.capture.kind === 'macro' ? 'endm' : 'endr'}'`, 1, 2, 'error', this.line);
  }

  /** One physical line of source (or of a macro expansion, at `line`). */
  sourceLine(raw: string, line: number): void {
    this.line = line;
    if (this.capture) { this.captureLine(raw, line); return; }
    const cut = commentStart(raw);
    const body = cut < 0 ? raw : raw.slice(0, cut);
    if (/^\s*#\s*(include|define|if|ifdef|ifndef|endif|else|elif|undef)\b/.test(raw)) {
      this.report('C preprocessor directives are not supported: assemble .S files that need the preprocessor with gcc, or remove the directive', 1, raw.length + 1);
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
      if (head.text.startsWith('.') && !this.macros.has(head.text)) { directive(this, head, rest); return; }
      const macro = this.macros.get(head.text);
      if (macro) { this.expandMacro(macro, head, text.slice(head.end - 1 - base)); return; }
      const mn: Token = { ...head, text: head.text.toLowerCase() };
      if (!assembleInstruction(this, mn, splitOperands(rest))) {
        throw new AsmFailure(`unknown instruction '${head.text}'`, head.col, head.end);
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
    const body = m.expand(argText, head, ++this.internalCount);
    const line = this.line;
    this.macroDepth++;
    try {
      for (const l of body) { if (this.ended) break; this.sourceLine(l, line); }
    } finally {
      this.macroDepth--;
      this.line = line;
    }
  }

  /** Runs captured lines as if written at their lines (for .rept/.irp). */
  replay(lines: { text: string; line: number }[]): void {
    const line = this.line;
    this.macroDepth++;
    try {
      for (const l of lines) { if (this.ended) break; this.sourceLine(l.text, line); }
    } finally {
      this.macroDepth--;
      this.line = line;
    }
  }
}

function exprOf(toks: Token[], after: Token): Expr {
  const p = new ExprParser(toks, 0, toks[toks.length - 1]?.end ?? after.end);
  const e = p.parse();
  if (p.pos < toks.length) throw new AsmFailure(`unexpected '${toks[p.pos].text}' after the expression`, toks[p.pos].col, toks[p.pos].end);
  return e;
}
