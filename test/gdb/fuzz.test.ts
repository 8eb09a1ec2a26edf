/**
 * Seeded fuzz test of the gdb stub over a real socket: 1200 malformed and random
 * inputs (bad checksums, oversized packets, unknown commands, absurd addresses and
 * lengths, random arguments to every command letter, binary junk between packets).
 * Every framed packet must be acknowledged and answered within 1 s; a bad checksum gets
 * `-` and no reply. Silent drops, by design: bytes between packets (line noise; the
 * junk here has no `$`, `+`, `-` or 0x03, which would start a packet, ask for a resend
 * or interrupt). Packets that end the session or run the guest until it exits (c, C,
 * k, D, vKill, vCont with c) are left out: the session test covers them. Afterwards
 * the stub still serves `?`, `g` and a continue that 0x03 interrupts.
 */
import { strict as assert } from 'assert';
import { join } from 'path';
import { GdbStub } from '../../gdb-stub/stub';
import { GdbServer } from '../../gdb-stub/server';
import { MAX_PACKET, checksum } from '../../gdb-stub/packets';
import { RspClient, loadRuntime } from './rspClient';

const PROG = join(__dirname, '..', '..', 'guests', 'debug', 'build', 'prog_o0.elf');

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('gdb stub fuzz', () => {
  it('answers 1200 random and malformed inputs within 1 s each and keeps serving', async () => {
    const rand = rng(0x16_2026);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const hex = (n: number): string => Array.from({ length: n }, () => pick([...'0123456789abcdef'])).join('');
    const junk = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 256))).join('');
    const addr = (): string => pick(['0', 'ffffffffffffffff', '80000000', hex(1 + Math.floor(rand() * 20)), '-1', 'zz', '']);
    const gen = (): string => {
      switch (Math.floor(rand() * 12)) {
        case 0: return `m${addr()},${addr()}`;
        case 1: return `M${addr()},${hex(2)}:${hex(Math.floor(rand() * 12))}`;
        case 2: return `X${addr()},${hex(2)}:${junk(Math.floor(rand() * 20)).replace(/[#$]/g, '')}`;
        case 3: return `${pick(['p', 'P'])}${hex(1 + Math.floor(rand() * 9))}${rand() < 0.5 ? '=' + hex(Math.floor(rand() * 20)) : ''}`;
        case 4: return `${pick(['Z', 'z'])}${pick(['0', '1', '2', '3', '4', '5', '9', ''])},${addr()},${addr()}`;
        case 5: return `q${pick(['Xfer:features:read:target.xml:', 'Xfer:memory-map:read::', 'Xfer:bogus:read::', 'Xfer:features:read:'])}${addr()},${addr()}`;
        case 6: return `qRcmd,${rand() < 0.5 ? hex(Math.floor(rand() * 40)) : junk(8).replace(/[#$]/g, '')}`;
        case 7: return `${pick(['H', 'T', 'qThreadExtraInfo,'])}${pick(['g', 'c', ''])}${pick(['0', '-1', '1', '2', 'ffffffff', 'x', ''])}`;
        case 8: return `v${pick(['Cont;s', 'Cont;t', 'Cont;x', 'Cont;', 'Cont?', 'MustReplyEmpty', 'File:open:', 'Run;', 'Attach;1'])}`;
        case 9: return pick(['?', 'g', 's', 'G' + hex(Math.floor(rand() * 40)), 'qC', 'qAttached', 'qSupported:' + junk(10).replace(/[#$]/g, ''), 'QNonStop:1', 'bs', 'bc', 'qTStatus']);
        case 10: return String.fromCharCode(33 + Math.floor(rand() * 90)) + junk(Math.floor(rand() * 30)).replace(/[#$]/g, '');
        default: return pick(['i', 'I', 'R00', 'r', 'A', 'B', 'd', '!', 'QStartNoAckMode=junk', 'm' + '1'.repeat(200) + ',4']);
      }
    };
    const skip = (p: string): boolean => /^([cCkD]|vKill|vCont;[cC]|vCont;.*;[cC])/.test(p) || /^vCont;?$/.test(p);
    const rt = loadRuntime(PROG);
    const stub = new GdbStub(rt);
    const server = new GdbServer(stub, { port: 0 });
    const { port } = await server.listen();
    const c = await RspClient.open(port);
    let answered = 0, nacked = 0, oversized = 0, dropped = 0;
    try {
      for (let n = 0; n < 1200; n++) {
        const kind = rand();
        if (kind < 0.1) { // bad checksum: a '-' and no reply
          const p = gen();
          const acks = c.acks.length;
          c.raw(`$${p}#${((checksum(p) + 1) & 0xff).toString(16).padStart(2, '0')}`);
          const t0 = Date.now();
          while (c.acks.length === acks) {
            assert.ok(Date.now() - t0 < 1000, `no '-' for a bad checksum (${JSON.stringify(p)})`);
            await new Promise((r) => setTimeout(r, 2));
          }
          assert.equal(c.acks[c.acks.length - 1], '-');
          nacked++;
        } else if (kind < 0.13) { // oversized
          c.send('M80000000,10:' + 'ab'.repeat(MAX_PACKET));
          assert.equal(await c.next(1000), 'E01');
          oversized++;
        } else if (kind < 0.2) { // junk between packets: dropped silently
          c.raw([...junk(1 + Math.floor(rand() * 64))].filter((ch) => !'$+-\u0003'.includes(ch)).join(''));
          dropped++;
        } else {
          const p = gen();
          if (skip(p)) continue;
          const r = await c.ask(p, 1000).catch((e: Error) => { throw new Error(`${JSON.stringify(p)}: ${e.message}`); });
          assert.equal(typeof r, 'string');
          answered++;
        }
      }
      assert.ok(answered >= 800 && nacked > 50 && oversized > 10 && dropped > 30, `answered ${answered}, nacked ${nacked}, oversized ${oversized}, dropped ${dropped}`);
      // Still serving: ?, g, and a continue that 0x03 interrupts (or that ends at exit).
      assert.match(await c.ask('?', 1000), /^(T[0-9a-f]{2}thread:[0-9a-f]+;|W[0-9a-f]{2})/);
      assert.equal((await c.ask('g', 1000)).length, 33 * 16);
      c.send('c');
      await new Promise((r) => setTimeout(r, 100));
      c.raw('\x03');
      assert.match(await c.next(1000), /^(T[0-9a-f]{2}thread:[0-9a-f]+;|W[0-9a-f]{2})/);
      assert.equal(await c.ask('qC', 1000), 'QC1');
    } finally {
      c.close();
      await server.close();
    }
  });
});
