/**
 * `.S` files in the language server (language-server/preprocess.ts): the preprocessed
 * guests (guests/debug/traps.S, guests/priv/*.S) get no diagnostics, with Debian's
 * riscv64-unknown-elf-cpp and without it (HYPERSTEP_CPP=none); a real error in a `.S`
 * file is still reported on its original line; symbols a file only uses are external.
 */
import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, toDiagnostics } from '../../language-server/analysis';
import {
  filterWithoutCpp, findCpp, includeDirs, macroNames, parseLineMarkers, stripDirectives,
} from '../../language-server/preprocess';

const ROOT = resolve(__dirname, '../..');
const GUESTS = [
  join(ROOT, 'guests/debug/traps.S'),
  ...readdirSync(join(ROOT, 'guests/priv')).filter((n) => n.endsWith('.S')).map((n) => join(ROOT, 'guests/priv', n)),
];

function diagnose(file: string, text = readFileSync(file, 'utf8')): { line: number; message: string; col: number }[] {
  const cache = new AnalysisCache(() => undefined);
  const doc = TextDocument.create(pathToFileURL(file).href, 'riscv-asm', 1, text);
  return toDiagnostics(cache.get(doc)).map((d) => ({ line: d.range.start.line + 1, col: d.range.start.character, message: d.message }));
}

function withCpp<T>(value: string | undefined, f: () => T): T {
  const old = process.env.HYPERSTEP_CPP;
  if (value === undefined) delete process.env.HYPERSTEP_CPP;
  else process.env.HYPERSTEP_CPP = value;
  try {
    return f();
  } finally {
    if (old === undefined) delete process.env.HYPERSTEP_CPP;
    else process.env.HYPERSTEP_CPP = old;
  }
}

const BROKEN = [
  '#include "priv_test.h"',
  '#define MAGIC 0x1234',
  '  .text',
  '  .globl _start',
  '_start:',
  '  li a0, MAGIC',
  '  addx a1, a2, a3',
  '  la sp, __stack_top',
  '  j _start',
].join('\n');

const modes: [string, string | undefined][] = [['without cpp', 'none']];
if (findCpp() !== undefined) modes.unshift(['with riscv64-unknown-elf-cpp', undefined]);
else it.skip('with riscv64-unknown-elf-cpp (not installed)');

for (const [label, env] of modes) {
  describe(`.S files ${label}`, function () {
    this.timeout(30000);
    for (const file of GUESTS) {
      it(`${file.slice(ROOT.length + 1)} has no diagnostics`, () => {
        const d = withCpp(env, () => diagnose(file));
        assert.deepEqual(d, []);
      });
    }
    it('reports a real error at its original line, and nothing for macros or external symbols', () => {
      const d = withCpp(env, () => diagnose(join(ROOT, 'guests/priv/broken.S'), BROKEN));
      assert.equal(d.length, 1, JSON.stringify(d));
      assert.equal(d[0].line, 7);
      assert.match(d[0].message, /addx/);
      assert.equal(d[0].col, 2);
    });
  });
}

describe('preprocess helpers', () => {
  it('maps cpp line markers to original lines', () => {
    const p = parseLineMarkers('# 1 "<stdin>"\na\n# 1 "x.h" 1\nh\n# 3 "<stdin>" 2\nb\n');
    assert.deepEqual(p.lines, [undefined, 1, undefined, undefined, undefined, 3, 4]);
    assert.equal(p.text.split('\n')[5], 'b');
  });
  it('blanks directives with continuations, keeps line count and # inside block comments', () => {
    const s = stripDirectives('#define A \\\n  1\n/*\n# not a directive\n*/\nnop\n# 5 "x"');
    assert.deepEqual(s.split('\n'), ['', '', '/*', '# not a directive', '*/', 'nop', '']);
  });
  it('collects #define names of the file and its headers; -I from the Makefile fragment', () => {
    const file = join(ROOT, 'guests/priv/vm_sv39.S');
    const dirs = includeDirs(file);
    assert.ok(dirs.includes(join(ROOT, 'guests/priv')));
    assert.ok(dirs.includes(join(ROOT, 'guests/common')), dirs.join(' '));
    const names = macroNames(readFileSync(file, 'utf8'), dirs);
    assert.ok(names.has('PRIV_BEGIN') || names.size > 5, [...names].join(' '));
  });
  it('keeps errors on lines without macros when cpp is absent', () => {
    const d = filterWithoutCpp([
      { file: 'f', line: 1, column: 1, endColumn: 2, severity: 'error', message: "unknown instruction 'FOO'" },
      { file: 'f', line: 2, column: 3, endColumn: 4, severity: 'error', message: "'add' takes 3 operands, but 2 were given" },
    ], ['FOO', '  add a0, a1'], new Set());
    assert.equal(d.length, 1);
    assert.equal(d[0].line, 2);
  });
});
