/**
 * Language-server feature modules in-process (hover, completion, definition,
 * references, document symbols, line context) against a hand-written assembler index,
 * so they are tested independently of emulator/asm.
 */
import { strict as assert } from 'assert';
import { CompletionItemKind, SymbolKind, type MarkupContent } from 'vscode-languageserver';
import type { AsmDefinition, AsmResult } from '../../emulator/asm';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { resolveNumeric, toDiagnostics, MAX_ASSEMBLE_CHARS, type Analysis } from '../../language-server/analysis';
import { completion } from '../../language-server/completion';
import { hover } from '../../language-server/hover';
import { contextAt } from '../../language-server/lineContext';
import { definition, references } from '../../language-server/navigation';
import { documentSymbols } from '../../language-server/symbols';

const SOURCE = [
  '# demo program',                   // 0
  '    .equ UART, 0x10000000',         // 1
  '    .text',                         // 2
  '    .globl _start',                 // 3
  '_start:',                           // 4
  '    li a0, UART   # load UART',     // 5
  '    call putc',                     // 6
  '1:  addi a1, a1, -1',               // 7
  '    bnez a1, 1b',                   // 8
  '    j 1f',                          // 9
  '    csrr t0, mstatus',              // 10
  '1:  fadd.d fa0, fa1, fa2, rne',     // 11
  'putc: sb a0, 0(a0); ret',           // 12
  '    .data',                         // 13
  'msg: .asciz "call putc # no"',      // 14
];

/** 1-based span of the n-th occurrence of `text` on 0-based line `line`. */
function span(line: number, text: string, n = 0): { line: number; column: number; endColumn: number } {
  let at = -1;
  for (let i = 0; i <= n; i++) at = SOURCE[line].indexOf(text, at + 1);
  assert.ok(at >= 0, `${text} not on line ${line}`);
  return { line: line + 1, column: at + 1, endColumn: at + 1 + text.length };
}

function def(name: string, kind: AsmDefinition['kind'], line: number, extra: Partial<AsmDefinition> = {}): AsmDefinition {
  return { name, kind, ...span(line, name), section: kind === 'label' ? '.text' : '', global: false, ...extra };
}

const RESULT: AsmResult = {
  ok: true, diagnostics: [], sections: [], entry: 0x80000000n,
  definitions: [
    def('UART', 'equ', 1, { value: 0x10000000n }),
    def('_start', 'label', 4, { global: true, value: 0x80000000n }),
    def('1', 'label', 7), def('1', 'label', 11),
    def('putc', 'label', 12, { value: 0x80000020n }),
    def('msg', 'label', 14, { section: '.data' }),
  ],
  references: [
    { name: '_start', ...span(3, '_start') },
    { name: 'UART', ...span(5, 'UART') },
    { name: 'putc', ...span(6, 'putc') },
  ],
  sectionMarks: [{ name: '.text', ...span(2, '.text') }, { name: '.data', ...span(13, '.data') }],
};

const A: Analysis = { uri: 'file:///demo.s', version: 1, lines: SOURCE, result: RESULT };
const at = (line: number, text: string, n = 0): { line: number; character: number } =>
  ({ line, character: span(line, text, n).column }); // one character into the word

function hoverText(line: number, text: string, n = 0): string {
  const h = hover(A, at(line, text, n));
  return h === null ? '' : (h.contents as MarkupContent).value;
}

describe('lsp: line context', () => {
  it('classifies labels, heads, operands, comments and strings', () => {
    assert.equal(contextAt(SOURCE, 4, 2).role.kind, 'labelDef');
    assert.equal(contextAt(SOURCE, 5, 5).role.kind, 'head');
    const op = contextAt(SOURCE, 12, SOURCE[12].indexOf('(a0)') + 2).role;
    assert.deepEqual(op, { kind: 'operand', head: 'sb', index: 1, inParens: true, afterPercent: false });
    assert.equal(contextAt(SOURCE, 12, SOURCE[12].indexOf('ret') + 1).role.kind, 'head');
    assert.equal(contextAt(SOURCE, 5, SOURCE[5].indexOf('load') + 1).role.kind, 'none');
    assert.equal(contextAt(SOURCE, 14, SOURCE[14].indexOf('putc') + 1).role.kind, 'none');
    assert.equal(contextAt(['/* a', ' addi */ nop'], 1, 2).role.kind, 'none');
    assert.equal(contextAt(['/* a', ' addi */ nop'], 1, 10).role.kind, 'head');
  });

  it('resolves numeric labels forward and backward', () => {
    assert.equal(resolveNumeric(RESULT.definitions, '1b', 9, 14)?.line, 8);
    assert.equal(resolveNumeric(RESULT.definitions, '1f', 10, 7)?.line, 12);
    assert.equal(resolveNumeric(RESULT.definitions, '1f', 13, 1), undefined);
  });
});

describe('lsp: hover', () => {
  it('documents instructions, pseudo-instructions, registers, CSRs and rounding modes', () => {
    assert.match(hoverText(7, 'addi'), /addi rd, rs1, imm12[\s\S]*rd = rs1 \+ sext\(imm12\)[\s\S]*I-type[\s\S]*0x00000013/);
    assert.match(hoverText(5, 'li'), /Pseudo-instruction[\s\S]*addi rd, zero, imm/);
    assert.match(hoverText(5, 'a0'), /x10[\s\S]*argument 0/);
    assert.match(hoverText(10, 'mstatus'), /0x300 · M-mode · read\/write[\s\S]*\| MPP \| \[12:11\]/);
    assert.match(hoverText(11, 'rne'), /ties to even/);
    assert.match(hoverText(2, 'text'), /switch to the code section/);
  });

  it('shows labels, .equ symbols and numeric labels', () => {
    assert.match(hoverText(5, 'UART'), /symbol\*\* `UART` · = `0x10000000`/);
    assert.match(hoverText(6, 'putc'), /label\*\* `putc` · section `\.text` · address `0x80000020`/);
    assert.match(hoverText(4, '_start'), /global/);
    assert.match(hoverText(8, '1b'), /line 8/);
    assert.equal(hover(A, at(5, 'load')), null);
    assert.equal(hover(A, { line: 99, character: 3 }), null);
  });
});

describe('lsp: completion', () => {
  const labels = (line: number, ch: number): string[] => completion(A, { line, character: ch }).map((i) => i.label);

  it('offers mnemonics and directives at the start of a statement', () => {
    const items = labels(7, 4);
    for (const want of ['addi', 'li', 'c.addi', 'fcvt.w.s', '.text', '.equ']) assert.ok(items.includes(want), want);
    const dot = completion({ ...A, lines: ['    .te'] }, { line: 0, character: 7 });
    assert.ok(dot.every((i) => i.label.startsWith('.')));
    const text = dot.find((i) => i.label === '.text');
    assert.deepEqual(text?.textEdit, { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 7 } }, newText: '.text' });
  });

  it('offers registers and symbols in operand position, CSRs and rounding modes where they belong', () => {
    const call = labels(6, SOURCE[6].length);
    assert.ok(call.includes('putc') && call.includes('UART'));
    const li = completion(A, { line: 5, character: SOURCE[5].indexOf('a0') });
    assert.ok(li.some((i) => i.label === 'a0' && i.kind === CompletionItemKind.Variable));
    const csr = labels(10, SOURCE[10].indexOf('mstatus'));
    assert.ok(csr.includes('mstatus') && csr.includes('satp') && !csr.includes('a0'));
    const rm = labels(11, SOURCE[11].indexOf('rne'));
    assert.deepEqual(rm.slice().sort(), ['dyn', 'rdn', 'rmm', 'rne', 'rtz', 'rup']);
    const fp = labels(11, SOURCE[11].indexOf('fa1'));
    assert.ok(fp.includes('fa1') && !fp.includes('a1'));
    const mem = labels(12, SOURCE[12].indexOf('(a0)') + 1);
    assert.ok(mem.includes('a0') && !mem.includes('putc'));
    assert.deepEqual(labels(5, SOURCE[5].indexOf('load')), []);
    const reloc = completion({ ...A, lines: ['  lui a0, %pc'] }, { line: 0, character: 13 });
    assert.ok(reloc.some((i) => i.label === '%pcrel_hi'));
  });
});

describe('lsp: navigation and symbols', () => {
  it('goes to the definition of labels, .equ symbols and numeric labels', () => {
    assert.deepEqual(definition(A, at(6, 'putc')).map((l) => l.range.start), [{ line: 12, character: 0 }]);
    assert.deepEqual(definition(A, at(5, 'UART')).map((l) => l.range.start), [{ line: 1, character: 9 }]);
    assert.deepEqual(definition(A, at(8, '1b')).map((l) => l.range.start.line), [7]);
    assert.deepEqual(definition(A, at(9, '1f')).map((l) => l.range.start.line), [11]);
    assert.deepEqual(definition(A, at(7, 'addi')), []);
  });

  it('finds references, honouring includeDeclaration', () => {
    assert.deepEqual(references(A, at(12, 'putc'), false).map((l) => l.range.start.line), [6]);
    assert.deepEqual(references(A, at(6, 'putc'), true).map((l) => l.range.start.line), [6, 12]);
    assert.deepEqual(references(A, at(7, '1'), true).map((l) => l.range.start.line), [7, 8]);
    assert.deepEqual(references(A, at(11, '1'), false).map((l) => l.range.start.line), [9]);
    assert.deepEqual(references(A, at(5, 'a0'), true), []);
  });

  it('lists sections with their labels, symbols outside sections at top level', () => {
    const syms = documentSymbols(A);
    assert.deepEqual(syms.map((s) => [s.name, s.kind]), [['UART', SymbolKind.Constant], ['.text', SymbolKind.Namespace], ['.data', SymbolKind.Namespace]]);
    const text = syms[1];
    assert.deepEqual([text.range.start.line, text.range.end.line], [2, 12]);
    assert.deepEqual(text.children?.map((s) => [s.name, s.kind]), [['_start', SymbolKind.Function], ['putc', SymbolKind.Field]]);
    assert.deepEqual(syms[2].children?.map((s) => s.name), ['msg']);
    const start = text.children?.[0];
    assert.deepEqual([start?.range.start.line, start?.range.end.line], [4, 11]);
  });
});

describe('lsp: diagnostics conversion', () => {
  it('maps 1-based assembler spans to 0-based LSP ranges, widening empty spans', () => {
    const diagnostics: AsmResult['diagnostics'] = [
      { file: 'demo.s', line: 8, column: 5, endColumn: 9, severity: 'error', message: 'bad' },
      { file: 'demo.s', line: 6, column: 8, endColumn: 8, severity: 'warning', message: 'empty span' },
      { file: 'demo.s', line: 999, column: 1, endColumn: 500, severity: 'error', message: 'past the end' },
    ];
    const out = toDiagnostics({ ...A, result: { ...RESULT, diagnostics } });
    assert.deepEqual(out.map((d) => [d.range, d.severity, d.source, d.message]), [
      [{ start: { line: 7, character: 4 }, end: { line: 7, character: 8 } }, DiagnosticSeverity.Error, 'hyperstep-asm', 'bad'],
      [{ start: { line: 5, character: 7 }, end: { line: 5, character: 8 } }, DiagnosticSeverity.Warning, 'hyperstep-asm', 'empty span'],
      [{ start: { line: 14, character: 0 }, end: { line: 14, character: SOURCE[14].length } }, DiagnosticSeverity.Error, 'hyperstep-asm', 'past the end'],
    ]);
  });

  it('reports files too large to assemble with one information diagnostic', () => {
    const out = toDiagnostics({ ...A, tooLarge: true });
    assert.equal(out.length, 1);
    assert.equal(out[0].severity, DiagnosticSeverity.Information);
    assert.ok(MAX_ASSEMBLE_CHARS >= 1 << 20);
  });
});
