/**
 * Documentation tables of the language server (language-server/docs): every
 * instruction of emulator/isa/tables.ts, every compressed mnemonic the disassembler can
 * produce and every pseudo-instruction has syntax and a meaning; CSR access classes
 * follow the number's bits; CSR field positions agree with emulator/debug/csrView.ts.
 */
import { strict as assert } from 'assert';
import { allInsns } from '../../emulator/isa/tables';
import { compressedName } from '../../emulator/isa/rvc';
import { decodeCsr } from '../../emulator/debug/csrView';
import { insnDoc, allInsnDocs, hexWord } from '../../language-server/docs/instructions';
import { csrDoc, allCsrNames } from '../../language-server/docs/csrs';
import { registerDoc } from '../../language-server/docs/registers';
import { directiveDoc, relocationDoc } from '../../language-server/docs/directives';

const PSEUDOS = ('li la lla call tail mv not neg negw sext.w seqz snez sltz sgtz beqz bnez blez bgez bltz bgtz ' +
  'bgt ble bgtu bleu j jr jal jalr ret nop csrr csrw csrs csrc csrwi csrsi csrci fmv.s fabs.s fneg.s fmv.d ' +
  'fabs.d fneg.d frcsr fscsr frrm fsrm frflags fsflags rdcycle rdtime rdinstret unimp').split(' ');

describe('lsp: instruction docs', () => {
  it('documents every instruction of allInsns with syntax, meaning, format and encoding', () => {
    const named = new Set<string>();
    for (const d of allInsns) {
      // A later definition of a name is a specialisation (the measurement marker is an
      // `slli x0, x0, N`, emulator/isa/markers.ts): the name's doc is the first one's.
      if (named.has(d.name)) continue;
      named.add(d.name);
      const doc = insnDoc(d.name);
      assert.ok(doc, `no doc for ${d.name}`);
      assert.ok(doc.meaning.length > 5, `no meaning for ${d.name}`);
      assert.ok(doc.format && /^(R|I|S|B|U|J|R4)$/.test(doc.format), `format of ${d.name}`);
      assert.equal(doc.match, d.match >>> 0);
      assert.equal(doc.mask, d.mask >>> 0);
      assert.ok(doc.ext.length > 0);
    }
  });

  it('documents every compressed mnemonic the decoder knows, with a consistent match/mask', () => {
    const seen = new Set<string>();
    for (let c = 0; c < 0x10000; c++) {
      if ((c & 3) === 3) continue;
      const name = compressedName(c);
      if (name === '') continue;
      seen.add(name);
      const doc = insnDoc(name);
      assert.ok(doc, `no doc for ${name}`);
      assert.equal(doc.kind, 'compressed');
      assert.ok(doc.meaning.length > 0 && doc.forms[0].expansion, name);
      assert.equal((c & (doc.mask as number)) >>> 0, doc.match, `${name} ${hexWord(c, 16)}`);
    }
    assert.ok(seen.size >= 35, `only ${seen.size} compressed names`);
    assert.ok(insnDoc('c.nop'));
  });

  it('documents every pseudo-instruction with its expansion', () => {
    for (const p of PSEUDOS) {
      const doc = insnDoc(p);
      assert.ok(doc, `no doc for ${p}`);
      assert.ok(doc.forms.some((f) => f.expansion !== undefined && f.expansion.length > 0), `no expansion for ${p}`);
    }
    assert.equal(insnDoc('li')?.kind, 'pseudo');
    assert.equal(insnDoc('jal')?.kind, 'base'); // real instruction with a pseudo form
    assert.equal(insnDoc('jal')?.forms.length, 2);
  });

  it('looks mnemonics up case-insensitively and ignores .aq/.rl suffixes', () => {
    assert.equal(insnDoc('ADDI')?.name, 'addi');
    assert.equal(insnDoc('amoadd.w.aqrl')?.name, 'amoadd.w');
    assert.equal(insnDoc('lr.d.aq')?.name, 'lr.d');
    assert.equal(insnDoc('nosuch'), undefined);
    assert.ok(allInsnDocs().length > 250);
  });
});

describe('lsp: CSR, register and directive docs', () => {
  it('derives privilege and read-only from the CSR number', () => {
    assert.deepEqual([csrDoc('mstatus')?.number, csrDoc('mstatus')?.privilege, csrDoc('mstatus')?.readOnly], [0x300, 'M', false]);
    assert.deepEqual([csrDoc('sstatus')?.privilege, csrDoc('cycle')?.privilege, csrDoc('cycle')?.readOnly], ['S', 'U', true]);
    assert.equal(csrDoc('mhartid')?.readOnly, true);
    assert.equal(csrDoc('hgatp')?.privilege, 'H');
    assert.equal(csrDoc('MEPC')?.name, 'mepc');
    assert.equal(csrDoc('bogus'), undefined);
    for (const n of allCsrNames()) assert.ok(csrDoc(n)?.description, n);
  });

  it('has field tables for the important CSRs that agree with csrView', () => {
    const important = ['mstatus', 'sstatus', 'misa', 'mie', 'mip', 'sie', 'sip', 'mtvec', 'stvec', 'mcause',
      'scause', 'satp', 'medeleg', 'mideleg', 'mcounteren', 'fcsr', 'frm', 'fflags', 'pmpcfg0', 'pmpcfg2'];
    for (const name of important) assert.ok((csrDoc(name)?.fields.length ?? 0) > 0, `no fields for ${name}`);
    for (const name of ['mstatus', 'sstatus', 'mie', 'mip', 'sie', 'sip', 'mtvec', 'satp', 'misa', 'mcause', 'fcsr', 'frm', 'fflags']) {
      const view = new Map(decodeCsr(name, 0n).filter((f) => f.name !== 'Cause').map((f) => [f.name, f.bits]));
      const mine = new Map(csrDoc(name)?.fields.map((f) => [f.name, f.bits]));
      assert.deepEqual(mine, view, name);
    }
  });

  it('documents registers by number and ABI name', () => {
    assert.equal(registerDoc('a0')?.number, 'x10');
    assert.equal(registerDoc('x10')?.abi, 'a0');
    assert.match(registerDoc('a0')?.role ?? '', /argument 0/);
    assert.equal(registerDoc('a0')?.saver, 'caller-saved');
    assert.equal(registerDoc('s11')?.number, 'x27');
    assert.equal(registerDoc('t6')?.number, 'x31');
    assert.equal(registerDoc('fp')?.number, 'x8');
    assert.equal(registerDoc('fa0')?.number, 'f10');
    assert.equal(registerDoc('fs11')?.saver, 'callee-saved');
    assert.equal(registerDoc('ft11')?.number, 'f31');
    assert.equal(registerDoc('x32'), undefined);
  });

  it('documents directives and relocation operators', () => {
    for (const d of ['.text', '.data', '.section', '.globl', '.equ', '.set', '.word', '.dword', '.asciz', '.align', '.macro', '.option']) {
      assert.ok(directiveDoc(d), d);
    }
    assert.ok(relocationDoc('%pcrel_hi'));
  });
});
