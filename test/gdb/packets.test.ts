/**
 * gdb RSP framing (gdb-stub/packets.ts): checksums, acknowledgments, interrupts,
 * binary escapes and the reader's handling of split, corrupt and oversized packets.
 */
import { strict as assert } from 'assert';
import { MAX_PACKET, PacketReader, checksum, escapeBinary, frame, fromHex, toHex, unescapeBinary } from '../../gdb-stub/packets';

describe('gdb RSP framing', () => {
  it('frames packets with the modulo-256 checksum in two hex digits', () => {
    assert.equal(frame('OK'), '$OK#9a');
    assert.equal(frame(''), '$#00');
    assert.equal(frame('g'), '$g#67');
    assert.equal(checksum('\xff\xff'), 0xfe);
  });

  it('reads packets split anywhere, acks, nacks and 0x03 between packets', () => {
    const r = new PacketReader();
    const whole = '+' + frame('qSupported:swbreak+') + '\x03-' + frame('m80000000,4');
    const evs = [];
    for (const ch of whole) evs.push(...r.feed(ch));
    assert.deepEqual(evs, [
      { type: 'ack' }, { type: 'packet', data: 'qSupported:swbreak+' }, { type: 'interrupt' }, { type: 'nack' },
      { type: 'packet', data: 'm80000000,4' },
    ]);
    assert.equal(r.pending, 0);
  });

  it('reports a bad checksum, and a non-hex checksum, without losing the next packet', () => {
    const r = new PacketReader();
    assert.deepEqual(r.feed('$g#00$g#zz' + frame('?')), [{ type: 'badChecksum' }, { type: 'badChecksum' }, { type: 'packet', data: '?' }]);
  });

  it('skips noise outside packets and restarts at a second $', () => {
    const r = new PacketReader();
    assert.deepEqual(r.feed('garbage\n$par' + frame('c')), [{ type: 'packet', data: 'c' }]);
  });

  it('discards an oversized packet and reports it once its end arrives', () => {
    const r = new PacketReader();
    const big = 'M0,1:' + 'a'.repeat(MAX_PACKET + 10);
    assert.deepEqual(r.feed(frame(big)), [{ type: 'oversized' }]);
    assert.deepEqual(r.feed(frame('?')), [{ type: 'packet', data: '?' }]);
  });

  it('escapes # $ } * in binary data and undoes it', () => {
    const data = 'a#b$c}d*e\x00\xff';
    const esc = escapeBinary(data);
    assert.equal(esc, 'a}\x03b}\x04c}]d}\x0ae\x00\xff');
    assert.equal(unescapeBinary(esc), data);
    const r = new PacketReader();
    assert.deepEqual(r.feed(frame('X0,1:' + esc)), [{ type: 'packet', data: 'X0,1:' + esc }]);
  });

  it('hex-encodes text both ways and refuses odd or non-hex input', () => {
    assert.equal(toHex('info mode'), '696e666f206d6f6465');
    assert.equal(fromHex('696e666f206d6f6465'), 'info mode');
    assert.equal(fromHex('abc'), undefined);
    assert.equal(fromHex('zz'), undefined);
  });
});
