/**
 * The RISC-V assembly language server over the protocol: dist/languageServer.js is run
 * with --stdio (and once with --node-ipc) and driven like an editor would (initialize, didOpen/didChange/didClose,
 * hover, completion, definition, references, documentSymbol, shutdown/exit).
 * Diagnostics, labels and navigation come from emulator/asm's assembler.
 */
import { strict as assert } from 'assert';
import {
  CompletionRequest, DefinitionRequest, DocumentSymbolRequest, HoverRequest, ReferencesRequest,
  DiagnosticSeverity, type CompletionItem, type CompletionList, type DocumentSymbol, type Location,
  type MarkupContent, type Position,
} from 'vscode-languageserver/node';
import { ensureBuilt, LspClient } from './lspClient';

const PROGRAM = [
  '# demo',                          // 0
  '    .equ UART, 0x10000000',       // 1
  '    .text',                       // 2
  '    .globl _start',               // 3
  '_start:',                         // 4
  '    li a0, UART',                 // 5
  '    call putc',                   // 6
  '1:  addi a1, a1, -1',             // 7
  '    bnez a1, 1b',                 // 8
  '    csrr t0, mstatus',            // 9
  '    j putc',                      // 10
  'putc:',                           // 11
  '    sb a0, 0(a0)',                // 12
  '    ret',                         // 13
  '    .data',                       // 14
  'msg: .asciz "hello"',             // 15
  '',
].join('\n');
const LINES = PROGRAM.split('\n');

const BAD = ['    .text', '_start:', '    addi a0, a0, 1', '    addx a0, a1', '    ret', ''].join('\n');

/** Position one character into the n-th occurrence of `word` on `line`. */
function pos(line: number, word: string, n = 0): Position {
  let at = -1;
  for (let i = 0; i <= n; i++) at = LINES[line].indexOf(word, at + 1);
  assert.ok(at >= 0);
  return { line, character: at + 1 };
}

describe('lsp: language server over stdio', function () {
  this.timeout(30000);
  let c: LspClient;
  let n = 0;
  const uri = (): string => `file:///tmp/hyperstep-lsp-test/prog${++n}.s`;

  async function openProgram(text = PROGRAM): Promise<string> {
    const u = uri();
    await c.open(u, text);
    return u;
  }

  const hoverText = async (u: string, p: Position): Promise<string> => {
    const h = await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: p });
    return h === null ? '' : (h.contents as MarkupContent).value;
  };
  const complete = async (u: string, p: Position): Promise<string[]> => {
    const r = await c.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: u }, position: p });
    const items: CompletionItem[] = r === null ? [] : Array.isArray(r) ? r : (r as CompletionList).items;
    return items.map((i) => i.label);
  };

  before(async () => {
    ensureBuilt();
    c = new LspClient();
    const init = await c.initialize();
    const caps = init.capabilities;
    assert.ok(caps.hoverProvider && caps.completionProvider && caps.definitionProvider &&
      caps.referencesProvider && caps.documentSymbolProvider);
  });

  after(async () => {
    c.kill();
  });

  it('hovers mnemonics, pseudo-instructions, CSRs, registers and directives', async () => {
    const u = await openProgram();
    assert.match(await hoverText(u, pos(7, 'addi')), /addi rd, rs1, imm12[\s\S]*rd = rs1 \+ sext\(imm12\)/);
    assert.match(await hoverText(u, pos(5, 'li')), /Pseudo-instruction/);
    assert.match(await hoverText(u, pos(9, 'mstatus')), /0x300[\s\S]*M-mode[\s\S]*MIE/);
    assert.match(await hoverText(u, pos(12, 'a0')), /x10[\s\S]*argument 0/);
    assert.match(await hoverText(u, pos(2, 'text')), /code section/);
    assert.equal(await hoverText(u, pos(0, 'demo')), '');
  });

  it('completes mnemonics and directives at the start of a statement, registers in operands', async () => {
    const u = await openProgram();
    const head = await complete(u, { line: 7, character: 4 });
    for (const want of ['addi', 'li', '.text']) assert.ok(head.includes(want), want);
    const op = await complete(u, { line: 12, character: LINES[12].indexOf('a0') });
    assert.ok(op.includes('a0'));
  });

  it('completes the labels of the file in operand position', async () => {
    const u = await openProgram();
    const op = await complete(u, { line: 6, character: LINES[6].length });
    assert.ok(op.includes('putc') && op.includes('_start'), `labels: ${op.filter((l) => /^[_p]/.test(l)).join(' ')}`);
  });

  it('publishes no diagnostics for a correct file', async () => {
    const u = await openProgram();
    const d = await c.diagnostics(u);
    assert.deepEqual(d.diagnostics, []);
  });

  it('publishes an assembler error at the unknown mnemonic', async () => {
    const u = await openProgram(BAD);
    const d = await c.diagnostics(u);
    const errs = d.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Error);
    assert.ok(errs.length >= 1, 'no error');
    assert.deepEqual(errs[0].range.start, { line: 3, character: 4 });
    assert.ok(errs[0].message.length > 0);
    assert.equal(errs[0].source, 'hyperstep-asm');
  });

  it('updates the diagnostics after didChange', async () => {
    const u = await openProgram();
    assert.deepEqual((await c.diagnostics(u, 1)).diagnostics, []);
    let from = c.published.length;
    await c.change(u, 2, BAD);
    const bad = await c.diagnostics(u, 2, from);
    assert.equal(bad.diagnostics[0]?.range.start.line, 3);
    from = c.published.length;
    await c.change(u, 3, PROGRAM);
    assert.deepEqual((await c.diagnostics(u, 3, from)).diagnostics, []);
  });

  it('goes to the definition of a label and an .equ symbol', async () => {
    const u = await openProgram();
    const req = (p: Position) => c.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: u }, position: p });
    const call = (await req(pos(6, 'putc'))) as Location[];
    assert.deepEqual(call.map((l) => [l.uri, l.range.start]), [[u, { line: 11, character: 0 }]]);
    const equ = (await req(pos(5, 'UART'))) as Location[];
    assert.deepEqual(equ.map((l) => l.range.start), [{ line: 1, character: 9 }]);
    const back = (await req(pos(8, '1b'))) as Location[];
    assert.deepEqual(back.map((l) => l.range.start), [{ line: 7, character: 0 }]);
  });

  it('finds all references of a label', async () => {
    const u = await openProgram();
    const req = (includeDeclaration: boolean) => c.conn.sendRequest(ReferencesRequest.type,
      { textDocument: { uri: u }, position: pos(11, 'putc'), context: { includeDeclaration } });
    const uses = (await req(false)) ?? [];
    assert.deepEqual(uses.map((l) => l.range.start), [{ line: 6, character: 9 }, { line: 10, character: 6 }]);
    const all = (await req(true)) ?? [];
    assert.deepEqual(all.map((l) => l.range.start.line), [6, 10, 11]);
  });

  it('lists sections and labels as document symbols', async () => {
    const u = await openProgram();
    const syms = ((await c.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: u } })) ?? []) as DocumentSymbol[];
    const sections = syms.filter((s) => s.name.startsWith('.'));
    assert.deepEqual(sections.map((s) => s.name), ['.text', '.data']);
    assert.deepEqual(sections[0].children?.map((s) => s.name), ['_start', 'putc']);
    assert.deepEqual(sections[1].children?.map((s) => s.name), ['msg']);
    assert.ok(syms.some((s) => s.name === 'UART'));
  });

  it('answers requests on unknown or closed documents with empty results', async () => {
    const u = await openProgram();
    await c.close(u);
    const p = { line: 0, character: 0 };
    assert.equal(await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: p }), null);
    assert.deepEqual(await c.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: 'file:///nope.s' }, position: p }), []);
    assert.deepEqual(await c.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: 'file:///nope.s' }, position: p }), []);
    assert.deepEqual(await c.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: 'file:///nope.s' } }), []);
  });

  it('survives malformed documents and malformed requests', async () => {
    let garbage = '';
    for (let i = 0; i < 3000; i++) garbage += String.fromCharCode((i * 7919) % 0x3000) + (i % 97 === 0 ? '\n' : '');
    garbage += '\n"unterminated /* comment\n: : , ( ) %hi( 1b 99f\n';
    const u = await openProgram(garbage);
    await c.diagnostics(u);
    for (let line = 0; line < 5; line++) {
      await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line, character: 3 } });
      await c.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: u }, position: { line, character: 1000 } });
    }
    // Missing position: the handler fails inside and answers with an empty result.
    const r = await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: u } } as never);
    assert.equal(r, null);
    assert.match(await hoverText(await openProgram(), pos(7, 'addi')), /addi/); // still alive
  });

  it('shuts down and exits cleanly', async () => {
    const code = await c.shutdown();
    assert.equal(code, 0);
  });
});

describe('lsp: language server over Node IPC (as started by the extension)', function () {
  this.timeout(30000);

  it('initializes, answers a hover and exits', async () => {
    ensureBuilt();
    const c = new LspClient('ipc');
    try {
      await c.initialize();
      const u = 'file:///tmp/hyperstep-lsp-test/ipc.s';
      await c.open(u, '    ecall\n');
      const h = await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line: 0, character: 5 } });
      assert.match((h?.contents as MarkupContent).value, /environment-call/);
      assert.equal(await c.shutdown(), 0);
    } finally {
      c.kill();
    }
  });
});
