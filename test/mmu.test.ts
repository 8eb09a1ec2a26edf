/**
 * Unit tests of the page walk (emulator/hart/mmu.ts): Sv57 five-level walks, canonical
 * checks, Svnapot 64 KiB leaves and reserved encodings, Svpbmt with menvcfg.PBMTE, and
 * software-TLB invalidation by sfence.vma of one 4 KiB page inside a NAPOT range.
 */
import { strict as assert } from 'assert';
import { Bus } from '../emulator/bus/bus';
import { Hart, type HartHost } from '../emulator/hart/hart';
import { Access, TLB_SIZE, sfenceVma, translate } from '../emulator/hart/mmu';
import { csrRead, csrWrite } from '../emulator/hart/csr';
import { Csr, Priv } from '../emulator/hart/csrNumbers';
import { TrapSignal } from '../emulator/hart/trap';

const RAM = 0x80000000;
const host: HartHost = { nowCycles: () => 0, mtimeOffset: () => 0, invalidateCode: () => {}, storeNotify: () => {} };
const V = 1, R = 2, W = 4, X = 8, A = 0x40, D = 0x80;
const LEAF = V | R | W | X | A | D;

/** A hart in S-mode with satp = mode/root and a page-table allocator. */
function setup(mode: number): { h: Hart; next: () => number; pte: (table: number, idx: number, pa: number, flags: number, hi?: number) => void } {
  const bus = new Bus(RAM, 8 << 20);
  const h = new Hart(0, bus, host);
  let free = RAM + (4 << 20);
  const next = (): number => { const t = free; free += 4096; return t; };
  const pte = (table: number, idx: number, pa: number, flags: number, hi = 0): void => {
    const v = BigInt(Math.floor(pa / 4096)) << 10n | BigInt(flags) | (BigInt(hi >>> 0) << 32n);
    h.view.setBigUint64(table - RAM + idx * 8, v, true);
  };
  const root = next();
  h.satpMode = mode; h.satpPpn = root / 4096; h.priv = Priv.S; h.updateContexts();
  return { h, next, pte };
}

/** The cause of the trap translate raises, or -1. */
function fault(h: Hart, va: number, type: number = Access.Load): number {
  try { translate(h, va, type, 8); return -1; } catch (e) { if (e instanceof TrapSignal) return e.cause; throw e; }
}

describe('page walk: Sv57, Svnapot, Svpbmt', () => {
  it('walks five levels to a 4 KiB page and to an upper-half page (exact offsets)', () => {
    const { h, next, pte } = setup(10);
    const root = h.satpPpn * 4096;
    const [l3, l2, l1, l0] = [next(), next(), next(), next()];
    const va = 2 ** 48 + 3 * 2 ** 39 + 5 * 2 ** 30 + 7 * 2 ** 21 + 9 * 4096 + 0x123;
    pte(root, 1, l3, V); pte(l3, 3, l2, V); pte(l2, 5, l1, V); pte(l1, 7, l0, V); pte(l0, 9, RAM + 0x5000, LEAF);
    assert.equal(translate(h, va, Access.Load, 8), RAM + 0x5123);
    // 0xffffffff80000000 + 0x1235: vpn = 511, 511, 510, 0, 1
    const [h3, h2, h1, h0] = [next(), next(), next(), next()];
    pte(root, 511, h3, V); pte(h3, 511, h2, V); pte(h2, 510, h1, V); pte(h1, 0, h0, V); pte(h0, 1, RAM + 0x7000, LEAF);
    assert.equal(translate(h, -0x80000000 + 0x1235, Access.Load, 1), RAM + 0x7235);
    assert.equal(fault(h, -0x80000000 + 0x2235), 13); // h0[2] invalid
  });

  it('maps a 256 TiB petapage and rejects a misaligned one', () => {
    const { h, pte } = setup(10);
    const root = h.satpPpn * 4096;
    pte(root, 2, 0, LEAF);
    assert.equal(translate(h, 2 * 2 ** 48 + RAM + 0x10, Access.Load, 8), RAM + 0x10);
    pte(root, 3, 2 ** 39, LEAF);
    assert.equal(fault(h, 3 * 2 ** 48), 13);
  });

  it('raises page faults for non-canonical Sv57 addresses, with the access type\'s cause', () => {
    const { h, pte } = setup(10);
    pte(h.satpPpn * 4096, 0, 0, LEAF);
    assert.equal(fault(h, 2 ** 56), 13);
    assert.equal(fault(h, -(2 ** 56) - 2 ** 48, Access.Store), 15);
    assert.equal(fault(h, 2 ** 56, Access.Fetch), 12);
  });

  it('satp: MODE 10 is accepted when Sv57 is enabled (ignored otherwise), a reserved MODE leaves satp unchanged', () => {
    const { h } = setup(0);
    h.priv = Priv.M;
    h.sv57 = false;
    csrWrite(h, Csr.satp, 0x80123, (10 << 28) | (5 << 12), 0, 0);
    assert.equal(h.satpMode, 0, 'Sv57 off: MODE 10 is not accepted (WARL)');
    h.sv57 = true;
    csrWrite(h, Csr.satp, 0x80123, (10 << 28) | (5 << 12), 0, 0);
    const lo = csrRead(h, Csr.satp, 0, 0), hi = h.tmpHi;
    assert.equal(hi >>> 28, 10); assert.equal(lo, 0x80123);
    csrWrite(h, Csr.satp, 0x1, (11 << 28) | 0, 0, 0);
    assert.equal(csrRead(h, Csr.satp, 0, 0), lo); assert.equal(h.tmpHi, hi);
  });

  it('Svnapot: a 64 KiB leaf maps each 4 KiB page to its page of the frame', () => {
    const { h, next, pte } = setup(8);
    const [l1, l0] = [next(), next()];
    pte(h.satpPpn * 4096, 0, l1, V); pte(l1, 0, l0, V);
    const frame = RAM + 0x100000;
    for (let i = 16; i < 32; i++) pte(l0, i, frame + 0x8000, LEAF, 0x80000000);
    for (let i = 0; i < 16; i++) assert.equal(translate(h, 0x10000 + i * 4096 + 8 * i, Access.Load, 8), frame + i * 4096 + 8 * i);
    pte(l0, 40, frame + 0x4000, LEAF, 0x80000000); // ppn[3:0] = 0100: reserved
    assert.equal(fault(h, 0x28000), 13);
    pte(l0, 41, frame, LEAF, 0x80000000); // ppn[3:0] = 0000: reserved
    assert.equal(fault(h, 0x29000, Access.Store), 15);
    pte(l1, 1, RAM, LEAF, 0x80000000); // N on a megapage
    assert.equal(fault(h, 0x200000), 13);
    pte(l1, 2, l0, V, 0x80000000); // N on a pointer
    assert.equal(fault(h, 0x400000 + 0x10000), 13);
  });

  it('sfence.vma of one page of a NAPOT range drops the cached slices of all its pages', () => {
    const { h, next, pte } = setup(8);
    const [l1, l0] = [next(), next()];
    pte(h.satpPpn * 4096, 0, l1, V); pte(l1, 0, l0, V);
    const f1 = RAM + 0x100000, f2 = RAM + 0x200000;
    for (let i = 16; i < 32; i++) pte(l0, i, f1 + 0x8000, LEAF, 0x80000000);
    const slot = (vpn: number): number => (Priv.S * 3 + Access.Load) * TLB_SIZE + (vpn & (TLB_SIZE - 1));
    translate(h, 0x1c000, Access.Load, 8); translate(h, 0x13000, Access.Load, 8);
    assert.equal(h.tlbVpn[slot(0x1c)], 0x1c, 'page 12 cached');
    assert.equal(h.tlbOff[slot(0x1c)], f1 + 0xc000 - RAM);
    for (let i = 16; i < 32; i++) pte(l0, i, f2 + 0x8000, LEAF, 0x80000000);
    sfenceVma(h, 0x15000, null); // page 5 of the range, never accessed
    assert.ok(Number.isNaN(h.tlbVpn[slot(0x1c)]), 'page 12 dropped');
    assert.ok(Number.isNaN(h.tlbVpn[slot(0x13)]), 'page 3 dropped');
    assert.equal(translate(h, 0x1c008, Access.Load, 8), f2 + 0xc008);
    // A fence outside the range keeps the slices.
    sfenceVma(h, 0x20000, null);
    assert.equal(h.tlbVpn[slot(0x1c)], 0x1c);
  });

  it('Svpbmt: PBMT is reserved while menvcfg.PBMTE = 0; PBMT = 3 always', () => {
    const { h, next, pte } = setup(9);
    const [l2, l1, l0] = [next(), next(), next()];
    pte(h.satpPpn * 4096, 0, l2, V); pte(l2, 0, l1, V); pte(l1, 0, l0, V);
    pte(l0, 1, RAM, LEAF, 1 << 29); // NC
    pte(l0, 2, RAM, LEAF, 2 << 29); // IO
    pte(l0, 3, RAM, LEAF, 3 << 29); // reserved
    pte(l1, 1, l0, V, 1 << 29); // PBMT on a pointer
    assert.equal(fault(h, 0x1000), 13);
    assert.equal(fault(h, 0x2000, Access.Fetch), 12);
    h.priv = Priv.M;
    csrWrite(h, Csr.menvcfg, 0, 1 << 30, 0, 0);
    assert.equal(csrRead(h, Csr.menvcfg, 0, 0), 0); assert.equal(h.tmpHi, 1 << 30);
    h.priv = Priv.S; h.updateContexts();
    assert.equal(translate(h, 0x1008, Access.Load, 8), RAM + 8);
    assert.equal(translate(h, 0x2008, Access.Store, 8), RAM + 8);
    assert.equal(fault(h, 0x3000), 13);
    assert.equal(fault(h, 0x200000 + 0x1000), 13);
  });
});
