/**
 * Error corpus and fuzzing of the assembler (emulator/asm): erroneous programs must give
 * clear diagnostics at the right place, and no input may crash the assembler.
 *
 * Every file in test/asm/errors (*.s, *.S) is a small erroneous program. Its comment
 * lines state exactly the diagnostics it must produce, one line per diagnostic:
 *
 *     # expect: LINE:COL[-END]: SEVERITY: TEXT
 *
 *  - LINE and COL are 1-based; COL is the column of the offending token. `-END` (the
 *    exclusive end column) is optional; when given it must match too.
 *  - SEVERITY is `error` or `warning`.
 *  - TEXT must occur in the message (case-sensitive substring), or, written as /.../,
 *    is a regular expression the message must match.
 *  - The file must produce exactly these diagnostics (compared in line/column order),
 *    and `ok` must be false when one of them is an error, true otherwise.
 *
 * For every file, `assemble` must not throw and no message may be an "internal
 * assembler error". The fuzz part assembles random lines built from mnemonics,
 * directives, registers and expression fragments (seeded PRNG) with the same checks.
 */
import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { assemble } from '../../emulator/asm';
import type { AsmDiagnostic, AsmResult } from '../../emulator/asm';
import { DIRECTIVES } from '../../emulator/asm/directives';
import { knownMnemonics } from '../../emulator/asm/instructions';
import { allInsns } from '../../emulator/isa/tables';

const DIR = join(__dirname, 'errors');
const EXPECT = /^#\s*expect:\s*(\d+):(\d+)(?:-(\d+))?:\s*(error|warning):\s*(.+?)\s*$/;

interface Expected { line: number; column: number; endColumn?: number; severity: string; text: string; src: string }

function expectations(source: string): Expected[] {
  const out: Expected[] = [];
  for (const l of source.split('\n')) {
    if (/^#\s*expect/.test(l) && !EXPECT.test(l)) throw new Error(`malformed expectation: ${l}`);
    const m = EXPECT.exec(l);
    if (m) out.push({ line: +m[1], column: +m[2], endColumn: m[3] ? +m[3] : undefined, severity: m[4], text: m[5], src: l });
  }
  return out;
}

const byPlace = <T extends { line: number; column: number }>(a: T, b: T): number => a.line - b.line || a.column - b.column;

function messageMatches(message: string, text: string): boolean {
  if (text.length > 2 && text.startsWith('/') && text.endsWith('/')) return new RegExp(text.slice(1, -1)).test(message);
  return message.includes(text);
}

const show = (d: AsmDiagnostic): string => `${d.line}:${d.column}-${d.endColumn}: ${d.severity}: ${d.message}`;

/** Checks that hold for any input: no throw, no internal error, sane positions. */
function assembleSafely(source: string, file: string): AsmResult {
  let r: AsmResult | undefined;
  assert.doesNotThrow(() => { r = assemble(source, { file }); }, `assemble threw on ${JSON.stringify(source)}`);
  const res = r as AsmResult;
  const lines = source.split('\n');
  for (const d of res.diagnostics) {
    const where = `${show(d)}\n--- source ---\n${source}`;
    assert.ok(!/^internal assembler error/.test(d.message), where);
    assert.equal(d.file, file, where);
    assert.ok(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines.length, `line out of the file: ${where}`);
    assert.ok(d.column >= 1 && d.endColumn > d.column, `bad span: ${where}`);
    assert.ok(d.endColumn <= lines[d.line - 1].length + 2, `span past the end of the line: ${where}`);
  }
  assert.equal(res.ok, !res.diagnostics.some((d) => d.severity === 'error'), 'ok must mean "no errors"');
  return res;
}

const files = readdirSync(DIR).filter((f) => /\.[sS]$/.test(f)).sort();

describe('assembler error corpus (test/asm/errors)', () => {
  it('has at least 45 erroneous programs, each with expectations', () => {
    assert.ok(files.length >= 45, `only ${files.length} programs`);
    for (const f of files) assert.ok(expectations(readFileSync(join(DIR, f), 'utf8')).length > 0, `${f} states no expectation`);
    const errorFiles = files.filter((f) => expectations(readFileSync(join(DIR, f), 'utf8')).some((e) => e.severity === 'error'));
    assert.ok(errorFiles.length >= 40, `only ${errorFiles.length} programs expect an error`);
  });

  for (const f of files) {
    it(f, () => {
      const source = readFileSync(join(DIR, f), 'utf8');
      const want = expectations(source).sort(byPlace);
      const r = assembleSafely(source, f);
      const got = [...r.diagnostics].sort(byPlace);
      const listing = `got:\n${got.map((d) => '  ' + show(d)).join('\n')}\nwant:\n${want.map((e) => '  ' + e.src).join('\n')}`;
      assert.equal(got.length, want.length, `number of diagnostics\n${listing}`);
      want.forEach((e, i) => {
        const d = got[i];
        assert.equal(d.line, e.line, `line of '${e.src}'\n${listing}`);
        assert.equal(d.column, e.column, `column of '${e.src}'\n${listing}`);
        if (e.endColumn !== undefined) assert.equal(d.endColumn, e.endColumn, `end column of '${e.src}'\n${listing}`);
        assert.equal(d.severity, e.severity, `severity of '${e.src}'\n${listing}`);
        assert.ok(messageMatches(d.message, e.text), `message of '${e.src}'\n${listing}`);
      });
      assert.equal(r.ok, !want.some((e) => e.severity === 'error'));
      if (r.ok) assert.ok(r.elf && r.elf.length > 0, 'a program with only warnings still gives an ELF');
    });
  }
});

describe('assembler fuzzing', () => {
  /** mulberry32: a small seeded PRNG, so failures reproduce. */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('pathological inputs give errors, not stack overflows or hangs', function () {
    this.timeout(60000);
    const deep = (open: string, close: string): string => `_start: li a0, ${open.repeat(5000)}1${close.repeat(5000)}\n`;
    const cases: [string, RegExp | undefined][] = [
      [deep('(', ')'), /expression is too complex/],
      [deep('-', ''), /expression is too complex/],
      [`_start: li a0, ${Array(20000).fill('1').join('+')}\n`, /expression is too complex/],
      // Each symbol is twice the one before: evaluating must not take 2^40 steps.
      [`.equ a0, 1\n${Array.from({ length: 40 }, (_, i) => `.equ a${i + 1}, a${i} + a${i}`).join('\n')}\n_start: ret\n.data\n.dword a40\n`, undefined],
      ['.equ a, b + 1\n.equ b, a\n_start: ret\n.data\n.word a\n', /is defined in terms of itself/],
      ['.macro m\nm\n.endm\n_start: m\n', /expands itself too deeply/],
    ];
    for (const [src, want] of cases) {
      const t = Date.now();
      const r = assembleSafely(src, 'deep.s');
      assert.ok(Date.now() - t < 10000, `too slow: ${src.slice(0, 60)}`);
      if (want) assert.ok(r.diagnostics.some((d) => want.test(d.message)), `${src.slice(0, 60)}: ${r.diagnostics.map(show).join('\n')}`);
      else assert.ok(r.ok, r.diagnostics.map(show).join('\n'));
    }
  });

  it('2000 random lines never crash the assembler or give an internal error', function () {
    this.timeout(120000);
    const rnd = prng(0x5eed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const mnemonics = [...new Set([...knownMnemonics(), ...allInsns.map((d) => d.name), 'amoadd.w.aqrl', 'lr.d.aq', 'sc.w.rl', 'addd', 'c.foo'])];
    const directives = [...Object.keys(DIRECTIVES), '.cfi_startproc', '.wrod', '.section .text.x, "ax"', '.option rvc', '.option norvc'];
    const registers = ['zero', 'ra', 'sp', 'gp', 'tp', 'fp', 's0', 'a0', 'a5', 'a7', 't6', 'x0', 'x8', 'x31', 'x32', 'a9',
      'f0', 'f31', 'fa0', 'fs1', 'ft11', 'mstatus', 'satp', 'fcsr'];
    const atoms = ['0', '1', '-1', '31', '32', '63', '64', '2047', '2048', '-2048', '-2049', '4096', '0xfffff', '0x100000',
      '0xffffffffffffffff', '0x10000000000000000', '0b101', '017', '09', '0x', '12ab', "'a'", "'\\n'", "'", '"str"', '"unterminated',
      'lbl', 'undefined_sym', '_start', '.', '1f', '1b', '2f', 'rne', 'rtz', 'dyn', 'rnd', 'iorw', 'rw', 'wr',
      '%hi(lbl)', '%lo(lbl)', '%pcrel_hi(lbl)', '%pcrel_lo(1b)', '%pcrel_lo(lbl)', '%tprel_hi(lbl)', '%hi(', '%lo',
      '(', ')', '+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^', '~', '!', '==', '&&', ',', ':', ';', '#', '//', '/*', '*/',
      '\\', '\\@', '\\x', '@', '[', ']', '{', '}', '=', '?', '`', '$', '1/0', '8(sp)', '(a0)', '-4(s0)', '4(a9)', '%lo(lbl)(a0)', '0(x32)'];
    const operand = (): string => {
      const r = rnd();
      if (r < 0.3) return pick(registers);
      if (r < 0.55) return pick(atoms);
      if (r < 0.75) return `${pick(atoms)} ${pick(['+', '-', '*', '<<', '(', ')', ''])} ${pick(atoms)}`;
      if (r < 0.9) return `${pick(atoms)}(${pick(registers)})`;
      return Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(atoms)).join(pick([' ', '']));
    };
    const line = (): string => {
      const r = rnd();
      const label = rnd() < 0.2 ? pick(['lbl: ', '1: ', '2: ', '_start: ', 'x: ']) : '';
      let head: string;
      if (r < 0.6) head = pick(mnemonics);
      else if (r < 0.85) head = pick(directives);
      else if (r < 0.93) head = pick(['.macro m a, b=1', '.endm', 'm', 'm 1, 2, 3', '.rept 2', '.endr', '.irp r, a0, a9', 'x =', '.equiv lbl,', '.option push', '.option pop']);
      else head = pick(atoms);
      const ops = Array.from({ length: Math.floor(rnd() * 5) }, operand).join(pick([', ', ',', ' , ', ' ']));
      return `${label}${head} ${ops}`;
    };
    let lines = 0;
    while (lines < 2000) {
      const body = Array.from({ length: 1 + Math.floor(rnd() * 4) }, line);
      lines += body.length;
      const src = ['_start: nop', ...body, 'lbl: nop', '1: nop', '2: .word 0'].join('\n');
      assembleSafely(src, 'fuzz.s');
    }
  });
});
