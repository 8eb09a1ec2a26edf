/**
 * Tests for the debugger's memory view (emulator/debug/debugMemory.ts): Sv39
 * translation over hand-built page tables (4 KiB pages, 2 MiB and 1 GiB superpages,
 * invalid PTEs), no A/D or TLB side effects, MMIO refusal, and code invalidation when
 * the debugger patches instructions.
 */
import { strict as assert } from 'assert';
import { createMachine } from '../../emulator/runElf';
import type { Machine } from '../../emulator/machine';
import type { Hart } from '../../emulator/hart/hart';
import { Priv } from '../../emulator/hart/csrNumbers';
import {
  debugRead, debugTranslate, debugWrite, readPhys, translationInfo, walkStage, writePhys,
} from '../../emulator/debug/debugMemory';
import { writeCsrByName } from '../../emulator/debug/csrView';

const RAM = 0x80000000n;
const ROOT = RAM + 0x100000n;
const L1 = RAM + 0x101000n;
const L0 = RAM + 0x102000n;
const V = 1n, R = 2n, W = 4n, X = 8n, A = 0x40n, D = 0x80n;

function newMachine(): Machine {
  return createMachine({ machine: 'virt', ramMiB: 16, harts: 1, console: { write() { /* ignore */ } } });
}

function pokePte(h: Hart, addr: bigint, pte: bigint): void {
  const off = Number(addr - RAM);
  h.view.setBigUint64(off, pte, true);
}
function peekPte(h: Hart, addr: bigint): bigint {
  return h.view.getBigUint64(Number(addr - RAM), true);
}
const pte = (pa: bigint, flags: bigint): bigint => ((pa >> 12n) << 10n) | flags;

/** Sv39 tables: 0xffffffc000001000 -> 0x80200000 (4 KiB), 0xffffffc000200000 -> 0x80400000
 *  (2 MiB), 0x80000000 -> 0x80000000 (1 GiB), 0xffffffc000002000 and 0xc0000000 unmapped. */
function buildTables(h: Hart): void {
  pokePte(h, ROOT + 256n * 8n, pte(L1, V));
  pokePte(h, ROOT + 2n * 8n, pte(RAM, V | R | W | X | A | D));
  pokePte(h, L1 + 0n * 8n, pte(L0, V));
  pokePte(h, L1 + 1n * 8n, pte(RAM + 0x400000n, V | R | W)); // A/D clear
  pokePte(h, L1 + 2n * 8n, pte(RAM + 0x401000n, V | R | W | A | D)); // misaligned 2 MiB
  pokePte(h, L0 + 1n * 8n, pte(RAM + 0x200000n, V | R | W)); // A/D clear
  pokePte(h, L0 + 3n * 8n, pte(RAM + 0x201000n, V | R | W | 0x10n)); // user page
  pokePte(h, L0 + 4n * 8n, pte(RAM + 0x202000n, V | R | A | D)); // read-only
  h.priv = Priv.S;
  assert.ok(writeCsrByName(h, 'satp', (8n << 60n) | (ROOT >> 12n)));
}

describe('debugMemory: translation', () => {
  it('M-mode is bare', () => {
    const h = newMachine().harts[0];
    assert.deepEqual(debugTranslate(h, 0x80001234n), { pa: 0x80001234n });
    assert.ok('error' in debugTranslate(h, 1n << 60n));
  });

  it('walks Sv39 tables: 4 KiB page, 2 MiB and 1 GiB superpages', () => {
    const h = newMachine().harts[0];
    buildTables(h);
    assert.deepEqual(debugTranslate(h, 0xffffffc000001abcn), { pa: 0x80200abcn });
    assert.deepEqual(debugTranslate(h, 0xffffffc000201234n), { pa: 0x80401234n });
    assert.deepEqual(debugTranslate(h, 0x80123456n), { pa: 0x80123456n });
    assert.deepEqual(debugTranslate(h, 0xffffffc000201234n, 'fetch'), { pa: 0x80401234n });
  });

  it('reports invalid PTEs, misaligned superpages and non-canonical addresses', () => {
    const h = newMachine().harts[0];
    buildTables(h);
    const e0 = debugTranslate(h, 0xffffffc000002000n);
    assert.ok('error' in e0 && /level 0 PTE invalid/.test(e0.error), JSON.stringify(e0));
    const e2 = debugTranslate(h, 0xc0000000n);
    assert.ok('error' in e2 && e2.error === 'no mapping for 0xc0000000 (level 2 PTE invalid)', JSON.stringify(e2));
    const mis = debugTranslate(h, 0xffffffc000400000n);
    assert.ok('error' in mis && /misaligned/.test(mis.error));
    const nc = debugTranslate(h, 0x0000008000000000n);
    assert.ok('error' in nc && /canonical/.test(nc.error));
  });

  it('checks permissions only when asked', () => {
    const h = newMachine().harts[0];
    buildTables(h);
    const user = 0xffffffc000003000n, ro = 0xffffffc000004000n;
    assert.ok('pa' in debugTranslate(h, user));
    assert.ok('error' in debugTranslate(h, user, 'read', { checkPermissions: true }));
    assert.ok('pa' in debugTranslate(h, ro, 'write'));
    assert.ok('error' in debugTranslate(h, ro, 'write', { checkPermissions: true }));
    assert.ok('pa' in debugTranslate(h, ro, 'read', { checkPermissions: true }));
  });

  it('does not set A/D bits nor fill the TLB', () => {
    const h = newMachine().harts[0];
    buildTables(h);
    const before4k = peekPte(h, L0 + 8n), before2m = peekPte(h, L1 + 8n);
    const tlb = h.tlbVpn.slice();
    debugTranslate(h, 0xffffffc000001000n, 'write');
    debugRead(h, 0xffffffc000201000n, 16);
    assert.ok(debugWrite(h, 0xffffffc000001000n, new Uint8Array([1, 2, 3])));
    translationInfo(h, 0xffffffc000001000n);
    assert.equal(peekPte(h, L0 + 8n), before4k);
    assert.equal(peekPte(h, L1 + 8n), before2m);
    assert.deepEqual(h.tlbVpn, tlb);
  });

  it('explains a walk', () => {
    const h = newMachine().harts[0];
    buildTables(h);
    const lines = translationInfo(h, 0xffffffc000001010n);
    const text = lines.join('\n');
    assert.match(text, /Sv39/);
    assert.match(text, /level 2: PTE at 0x80100800/);
    assert.match(text, /level 1: PTE at 0x80101000/);
    assert.match(text, /level 0: PTE at 0x80102008/);
    assert.match(text, /physical address 0x80200010 \(RAM\)/);
    assert.match(translationInfo(h, 0xc0000000n).join('\n'), /error: .*level 2 PTE invalid/);
  });

  it('walkStage is usable on its own (one stage, custom PTE reader)', () => {
    const table = new Map<bigint, bigint>([[0x1000n + 8n * 5n, pte(0x40000000n, V | R)]]);
    const r = walkStage(0x140000123n, { levels: 3, root: 0x1000n, readPte: (a) => table.get(a) ?? 0n });
    assert.ok(r.ok);
    assert.equal(r.ok && r.pa, 0x40000123n);
    assert.equal(r.steps.length, 1);
  });
});

describe('debugMemory: reads and writes', () => {
  it('reads and writes across pages through the translation', () => {
    const h = newMachine().harts[0];
    buildTables(h);
    // 0xffffffc000001ffe..: last 2 bytes of the mapped page, then an unmapped page.
    assert.equal(debugRead(h, 0xffffffc000001ffen, 4), undefined);
    assert.equal(debugWrite(h, 0xffffffc000001ffen, new Uint8Array(4)), false);
    // Within the 1 GiB identity superpage, crossing a page boundary.
    const data = new Uint8Array([9, 8, 7, 6, 5, 4]);
    assert.ok(debugWrite(h, 0x80300ffdn, data));
    assert.deepEqual(readPhys(h, 0x80300ffdn, 6), data);
    assert.deepEqual(debugRead(h, 0x80300ffdn, 6), data);
    assert.ok(debugWrite(h, 0xffffffc000001000n, new Uint8Array([0xaa])));
    assert.equal(h.bus.ram[0x200000], 0xaa);
  });

  it('refuses MMIO but reads the boot ROM', () => {
    const h = newMachine().harts[0];
    assert.equal(debugRead(h, 0x10000000n, 1), undefined); // UART
    assert.equal(debugWrite(h, 0x10000000n, new Uint8Array([0x41])), false);
    assert.equal(writePhys(h, 0x1000n, new Uint8Array([1])), false);
    const rom = debugRead(h, 0x1000n, 4);
    assert.ok(rom !== undefined && rom.length === 4);
    assert.equal(readPhys(h, 0x0n, 4), undefined);
    assert.equal(readPhys(h, RAM + 16n * 1024n * 1024n - 2n, 4), undefined); // past RAM end
  });

  it('breaks LR reservations on written granules', () => {
    const h = newMachine().harts[0];
    h.reservation = 0x80001000;
    assert.ok(writePhys(h, 0x80001004n, new Uint8Array([1])));
    assert.equal(h.reservation, -1);
  });

  it('patching an instruction invalidates compiled code', () => {
    // Loop `addi a0, a0, imm; j -4`: hot enough to become a compiled region with the
    // immediate baked in. A raw RAM write leaves that code stale (control); a debugWrite
    // must drop it, so every later iteration adds the new immediate.
    const addi = (imm: number): number => ((imm << 20) | (10 << 15) | (10 << 7) | 0x13) >>> 0;
    const run = (patch: (m: Machine) => void): number => {
      const m = newMachine();
      const h = m.harts[0];
      const v = new DataView(m.bus.ram.buffer, m.bus.ram.byteOffset);
      v.setUint32(0, addi(1), true);
      v.setUint32(4, 0xffdff06f, true); // j -4
      h.pc = 0x80000000;
      for (let i = 0; i < 5; i++) m.step(1000);
      assert.equal(h.xl[10], 2500);
      patch(m);
      m.step(1000); // 500 iterations
      return h.xl[10] - 2500;
    };
    const word = (x: number): Uint8Array => new Uint8Array(new Uint32Array([x]).buffer);
    const stale = run((m) => m.bus.ram.set(word(addi(2)), 0));
    assert.ok(stale < 1000, `control: a raw write should leave compiled code stale (delta ${stale})`);
    assert.equal(run((m) => assert.ok(debugWrite(m.harts[0], 0x80000000n, word(addi(2))))), 1000);
  });
});
