/**
 * extension/translateInput.ts: what "HyperStep: Translate Address" accepts (`0x…`,
 * `guest1:0x…`, `guest1:gva:0x…`, `guest1:gpa:0x…`, `gpa:0x…`) and turns into the
 * arguments of `hyperstep.translate`, the messages for what it refuses, and which editor
 * selections prefill the input box.
 */
import { strict as assert } from 'assert';
import { formatTranslateArgs, looksLikeAddress, parseTranslateInput } from '../../extension/translateInput';

describe('extension: Translate Address input', () => {
  it('parses a bare address, a context, and a context with a stage', () => {
    assert.deepEqual(parseTranslateInput('0x80001000'), { address: '0x80001000' });
    assert.deepEqual(parseTranslateInput('  0xFFFFFFFF80001000 '), { address: '0xffffffff80001000' });
    assert.deepEqual(parseTranslateInput('4096'), { address: '0x1000' });
    assert.deepEqual(parseTranslateInput('0xffff_ffff_8000_1000'), { address: '0xffffffff80001000' });
    assert.deepEqual(parseTranslateInput('guest1:0xffffffff80001000'), { address: '0xffffffff80001000', context: 'guest1' });
    assert.deepEqual(parseTranslateInput('guest1:gva:0x1000'), { address: '0x1000', context: 'guest1', stage: 'gva' });
    assert.deepEqual(parseTranslateInput('guest2:GPA:0x80002000'), { address: '0x80002000', context: 'guest2', stage: 'gpa' });
    assert.deepEqual(parseTranslateInput('gpa:0x80002000'), { address: '0x80002000', stage: 'gpa' });
    assert.deepEqual(parseTranslateInput('hypervisor:0x80200000'), { address: '0x80200000', context: 'hypervisor' });
  });

  it('refuses what cannot be translated, with a message', () => {
    const err = (t: string): string => {
      const r = parseTranslateInput(t);
      assert.ok('error' in r, `${t} should be refused`);
      return r.error;
    };
    assert.match(err(''), /Type an address/);
    assert.match(err('counter'), /'counter' is not an address/);
    assert.match(err('guest1:counter'), /not an address/);
    assert.match(err('hpa:0x80000000'), /host physical/);
    assert.match(err('guest1:hva:0x1000'), /unknown stage 'hva'/);
    assert.match(err('a b:0x1000'), /not a context name/);
    assert.match(err('guest1:gva:x:0x1'), /too many parts/);
    assert.match(err('0x1ffffffffffffffff'), /wider than 64 bits/);
  });

  it('prefills from selections that look like hex addresses only', () => {
    assert.ok(looksLikeAddress('0x80001000'));
    assert.ok(looksLikeAddress(' guest1:0xffffffff80001000 '));
    assert.ok(looksLikeAddress('guest1:gpa:0x80003000'));
    assert.ok(!looksLikeAddress(undefined));
    assert.ok(!looksLikeAddress(''));
    assert.ok(!looksLikeAddress('42'));
    assert.ok(!looksLikeAddress('counter += round;'));
    assert.ok(!looksLikeAddress('hpa:0x80000000'));
    assert.ok(!looksLikeAddress('0x1000 0x2000'));
  });

  it('formats arguments back as canonical text', () => {
    assert.equal(formatTranslateArgs({ address: '0x1000' }), '0x1000');
    assert.equal(formatTranslateArgs({ address: '0x1000', context: 'guest1' }), 'guest1:0x1000');
    assert.equal(formatTranslateArgs({ address: '0x1000', context: 'guest1', stage: 'gpa' }), 'guest1:gpa:0x1000');
    const r = parseTranslateInput('GUEST1:GVA:0X10');
    assert.ok(!('error' in r));
    assert.equal(formatTranslateArgs(r), 'GUEST1:gva:0x10');
  });
});
