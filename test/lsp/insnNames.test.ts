/**
 * Instruction names in words (language-server/docs/insnNames.ts): every mnemonic of
 * emulator/isa/tables.ts has one, and the hover shows it above the semantics.
 */
import { strict as assert } from 'assert';
import { MarkupKind, type MarkupContent } from 'vscode-languageserver';
import { allInsns } from '../../emulator/isa/tables';
import { insnName, mnemonicName } from '../../language-server/docs/insnNames';
import { insnDoc } from '../../language-server/docs/instructions';
import { insnMarkdown } from '../../language-server/hover';

describe('instruction names in words', () => {
  it('names every mnemonic of emulator/isa/tables.ts', () => {
    const missing = allInsns.map((d) => d.name).filter((n) => insnName(n) === undefined);
    assert.deepEqual(missing, []);
  });
  it('uses the usual names', () => {
    assert.equal(insnName('addi'), 'add immediate');
    assert.equal(insnName('sd'), 'store doubleword');
    assert.equal(insnName('amoadd.w'), 'atomic memory operation: add word');
    assert.equal(insnName('fcvt.d.lu'), 'convert unsigned doubleword to double-precision');
    assert.equal(insnName('fmadd.s'), 'floating-point fused multiply-add, single-precision');
    assert.equal(insnName('hlvx.hu'), 'hypervisor virtual-machine load halfword, unsigned (execute permission)');
    assert.equal(mnemonicName('c.addi'), 'compressed add immediate');
    assert.equal(mnemonicName('li'), 'load immediate');
  });
  it('shows the name in the hover of an instruction', () => {
    const doc = insnDoc('addi');
    assert.ok(doc);
    const md = insnMarkdown(doc);
    assert.match(md, /\*\*addi\*\* — add immediate/);
    assert.ok(md.indexOf('add immediate') < md.indexOf('rd = rs1 + sext(imm12)'));
    const m: MarkupContent = { kind: MarkupKind.Markdown, value: md };
    assert.equal(m.kind, 'markdown');
  });
});
