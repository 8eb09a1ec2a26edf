/**
 * Address translation slow path: Sv39/Sv48/Sv57 page-table walks (priv spec 1.12,
 * section 4.3.2 "Virtual Address Translation Process", 4.4-4.6) with Svnapot (64 KiB
 * NAPOT leaves) and Svpbmt (PBMT field, gated by menvcfg.PBMTE), PMP checks,
 * software-TLB fills, MMIO dispatch, page-crossing (misaligned) accesses and the
 * translation of cache-block operations (Zicbom/Zicboz).
 *
 * Misaligned loads and stores that are not AMOs complete (byte by byte when they
 * cross a page), as on QEMU. The TLB caches 4 KiB slices of translations per
 * (effective privilege, access type); a slice is only cached when the whole page has
 * one PMP outcome and is RAM, and — for stores — when the page holds no compiled
 * code and no watched location.
 */
import type { Hart } from './hart';
import { Cause } from './trap';
import { MStatus, Priv } from './csrNumbers';
import { WatchKind, WriteWatch } from '../bus/bus';

export const TLB_SIZE = 2048;
export const Access = { Fetch: 0, Load: 1, Store: 2 } as const;

const PAGE_FAULT = [Cause.InsnPageFault, Cause.LoadPageFault, Cause.StorePageFault];
const ACCESS_FAULT = [Cause.InsnAccessFault, Cause.LoadAccessFault, Cause.StoreAccessFault];
/** Largest physical address + 1 (56-bit physical addresses, priv spec 4.3). */
const PA_LIMIT = 2 ** 56;

/** Effective privilege for an access type (MPRV applies to loads and stores, 3.1.6.3). */
export function effectivePriv(h: Hart, type: number): number {
  if (type !== Access.Fetch && h.priv === Priv.M && (h.mstatus & MStatus.MPRV) !== 0) {
    return (h.mstatus & MStatus.MPP) >>> 11;
  }
  return h.priv;
}

/** Invalidate every TLB entry. */
export function flushTlbAll(h: Hart): void {
  h.tlbVpn.fill(NaN);
  h.superSlots.clear();
  h.bus.codeEpoch++;
}

/** Invalidate the S/U contexts (after satp, SUM or MXR changes). */
export function flushTlbSU(h: Hart): void {
  h.tlbVpn.fill(NaN, 0, 6 * TLB_SIZE);
  h.superSlots.clear();
  h.bus.codeEpoch++;
}

/** Invalidate store entries of every context that map the RAM page with offset pageOff. */
export function flushStoreEntriesForRamPage(h: Hart, pageOff: number): void {
  for (let ctx = 0; ctx < 4; ctx++) {
    const base = (ctx * 3 + Access.Store) * TLB_SIZE;
    for (let i = base; i < base + TLB_SIZE; i++) {
      if (h.tlbOff[i] === pageOff) h.tlbVpn[i] = NaN;
    }
  }
}

/** Invalidate read entries (load) for a RAM page (watchpoints). */
export function flushLoadEntriesForRamPage(h: Hart, pageOff: number): void {
  for (let ctx = 0; ctx < 4; ctx++) {
    const base = (ctx * 3 + Access.Load) * TLB_SIZE;
    for (let i = base; i < base + TLB_SIZE; i++) {
      if (h.tlbOff[i] === pageOff) h.tlbVpn[i] = NaN;
    }
  }
}

/** tlbLevel code of an entry filled from a 64 KiB NAPOT leaf (Svnapot). */
const NAPOT = 7;

/** 4 KiB pages covered by the leaf an entry came from (tlbLevel code: -1 bare, 0..4 level, NAPOT). */
function spanPages(code: number): number {
  return code <= 0 ? 1 : code === NAPOT ? 16 : Math.pow(512, code);
}

/** Key of the superpage / NAPOT range (tlbLevel code, number) that contains virtual page vpn. */
function superKey(code: number, vpn: number): number {
  return code + 8 * Math.floor(vpn / spanPages(code));
}

/** Invalidate entry i if it matches the sfence.vma operands. */
function sfenceEntry(h: Hart, i: number, vpn: number, vaddr: number | null, asid: number | null): void {
  const v = h.tlbVpn[i];
  if (v !== v) return;
  if (asid !== null && (h.tlbGlobal[i] !== 0 || h.tlbAsid[i] !== asid)) return;
  if (vaddr !== null) {
    const span = spanPages(h.tlbLevel[i]);
    if (Math.floor(v / span) !== Math.floor(vpn / span)) return;
  }
  h.tlbVpn[i] = NaN;
}

/**
 * SFENCE.VMA (priv spec 4.2.1): vaddr null = all addresses; asid null = all ASIDs.
 * With an ASID, global mappings are kept. Entries of M-mode contexts are bare and
 * unaffected. With an address, only the direct-mapped slots of that page and the slots
 * filled from a superpage or NAPOT range containing it (indexed in h.superSlots) can
 * translate it: a fence of any page of a 64 KiB NAPOT mapping drops all of its slices
 * (Svnapot: the fence applies to the whole NAPOT PTE).
 */
export function sfenceVma(h: Hart, vaddr: number | null, asid: number | null): void {
  h.bus.codeEpoch++;
  if (vaddr === null) {
    for (let i = 0; i < 6 * TLB_SIZE; i++) sfenceEntry(h, i, 0, null, asid);
    if (asid === null) h.superSlots.clear();
    return;
  }
  const vpn = Math.floor(vaddr / 4096);
  const slot = vpn & (TLB_SIZE - 1);
  for (let k = 0; k < 6; k++) sfenceEntry(h, k * TLB_SIZE + slot, vpn, vaddr, asid);
  for (let code = 1; code <= NAPOT; code++) {
    if (code === 5) code = NAPOT; // codes 5 and 6 are unused
    const list = h.superSlots.get(superKey(code, vpn));
    if (list === undefined) continue;
    for (const i of list) sfenceEntry(h, i, vpn, vaddr, asid);
    if (asid === null) h.superSlots.delete(superKey(code, vpn));
  }
}

function noteSuperSlot(h: Hart, code: number, vpn: number, i: number): void {
  const key = superKey(code, vpn);
  let list = h.superSlots.get(key);
  if (list === undefined) { list = []; h.superSlots.set(key, list); }
  if (list.length >= 4 * TLB_SIZE) list.length = 0; // only stale duplicates can pile up
  list.push(i);
}

/** Scratch results of the last translation (no allocation). */
let walkLevel = -1;
let walkGlobal = 0;

/**
 * Translate virtual address va for an access of `size` bytes (size only matters for
 * PMP) and return the physical address; raise page/access faults. Fills the TLB when
 * the page is cacheable.
 */
export function translate(h: Hart, va: number, type: number, size: number): number {
  const priv = effectivePriv(h, type);
  let pa: number;
  walkLevel = -1; walkGlobal = 1;
  if (priv === Priv.M || h.satpMode === 0) {
    if (va < 0 || va >= PA_LIMIT) h.raise(ACCESS_FAULT[type], va);
    pa = va;
  } else {
    pa = walk(h, va, type, priv);
  }
  if (!h.pmp.check(pa, size, type, priv)) h.raise(ACCESS_FAULT[type], va);
  fillTlb(h, va, pa, type, priv);
  return pa;
}

function fillTlb(h: Hart, va: number, pa: number, type: number, priv: number): void {
  const bus = h.bus;
  const pagePa = pa - (pa & 4095);
  const off = pagePa - bus.ramBase;
  if (off < 0 || off >= bus.ramSize) return;
  const page = off / 4096;
  if (type === Access.Store && bus.noFastWrite[page] !== 0) return;
  if (type === Access.Load && bus.noFastRead[page] !== 0) return;
  if (!h.pmp.pageUniform(pagePa)) return;
  const vpn = Math.floor(va / 4096);
  const i = (priv * 3 + type) * TLB_SIZE + (vpn & (TLB_SIZE - 1));
  h.tlbVpn[i] = vpn;
  h.tlbOff[i] = off;
  h.tlbAsid[i] = h.satpAsid;
  h.tlbLevel[i] = walkLevel;
  h.tlbGlobal[i] = walkGlobal;
  if (walkLevel > 0) noteSuperSlot(h, walkLevel, vpn, i);
}

/** Bytes mapped by one PTE at each level, and pages per PTE at each level. */
const LEVEL_BYTES = [4096, 2097152, 1073741824, 549755813888, 281474976710656];
const LEVEL_PAGES = [1, 512, 262144, 134217728, 68719476736];
/** menvcfg.PBMTE (bit 62) in the high word. */
const PBMTE_HI = 1 << 30;

/**
 * Sv39 (satp.MODE 8), Sv48 (MODE 9) and Sv57 (MODE 10) walk. `ct` is the access type
 * whose causes faults report (the access type itself, except for cache-block
 * management operations, which translate like loads and fault like stores).
 */
function walk(h: Hart, va: number, type: number, priv: number, ct: number = type): number {
  const levels = h.satpMode - 5; // 8 -> 3, 9 -> 4, 10 -> 5
  const vaBits = 12 + 9 * levels;
  const half = Math.pow(2, vaBits - 1);
  // VA bits 63:vaBits must equal bit vaBits-1 (4.4.1, 4.5.1, 4.6.1).
  if (va < -half || va >= half) h.raise(PAGE_FAULT[ct], va);
  // Indices come from va itself (floor division by powers of two is exact): adding
  // 2^57 to a negative Sv57 address would round it.
  const vpn = Math.floor(va / 4096);
  const pbmte = (h.menvcfgHi & PBMTE_HI) !== 0;
  const bus = h.bus;
  const view = h.view;
  let base = h.satpPpn * 4096;
  for (let level = levels - 1; level >= 0; level--) {
    const idx = Math.floor(va / LEVEL_BYTES[level]) & 511;
    const pteAddr = base + idx * 8;
    const off = pteAddr - bus.ramBase;
    if (off < 0 || off + 8 > bus.ramSize || (h.pmp.active !== 0 && !h.pmp.check(pteAddr, 8, Access.Load, Priv.S))) {
      h.raise(ACCESS_FAULT[ct], va);
    }
    let lo = view.getInt32(off, true);
    const hi = view.getInt32(off + 4, true);
    const v = lo & 1, r = lo & 2, w = lo & 4, x = lo & 8;
    // Step 3: V = 0, W without R, reserved bits 60:54, PBMT = 3, or PBMT != 0 while
    // menvcfg.PBMTE = 0 (Svpbmt then behaves as not implemented: the bits are reserved).
    const pbmt = (hi >>> 29) & 3;
    if (v === 0 || (r === 0 && w !== 0) || ((hi >>> 22) & 0x7f) !== 0 ||
        (pbmt !== 0 && (pbmt === 3 || !pbmte))) h.raise(PAGE_FAULT[ct], va);
    let ppn = (hi & 0x3fffff) * 4194304 + (lo >>> 10);
    if (r === 0 && x === 0) {
      // Pointer: N and PBMT are reserved in non-leaf PTEs (Svnapot, Svpbmt).
      if (level === 0 || hi < 0 || pbmt !== 0) h.raise(PAGE_FAULT[ct], va);
      base = ppn * 4096;
      continue;
    }
    // Leaf PTE: permission checks (4.3.1 step 5).
    const u = lo & 16;
    if (priv === Priv.U && u === 0) h.raise(PAGE_FAULT[ct], va);
    if (priv === Priv.S && u !== 0 && (type === Access.Fetch || (h.mstatus & MStatus.SUM) === 0)) {
      h.raise(PAGE_FAULT[ct], va);
    }
    if (type === Access.Fetch && x === 0) h.raise(PAGE_FAULT[ct], va);
    if (type === Access.Load && r === 0 && !((h.mstatus & MStatus.MXR) !== 0 && x !== 0)) h.raise(PAGE_FAULT[ct], va);
    if (type === Access.Store && w === 0) h.raise(PAGE_FAULT[ct], va);
    const span = LEVEL_PAGES[level];
    if (level > 0 && ppn % span !== 0) h.raise(PAGE_FAULT[ct], va); // misaligned superpage
    let code = level;
    if (hi < 0) {
      // Svnapot: N = 1 is only defined at level 0 with ppn[3:0] = 1000 (64 KiB);
      // every other encoding is reserved (page fault). The translation takes
      // pa.ppn[3:0] from va.vpn[3:0].
      if (level !== 0 || (ppn & 15) !== 8) h.raise(PAGE_FAULT[ct], va);
      ppn += (vpn & 15) - 8;
      code = NAPOT;
    }
    // Hardware A/D update (Svadu behaviour, as QEMU does).
    const need = 0x40 | (type === Access.Store ? 0x80 : 0);
    if ((lo & need) !== need) {
      if (!h.pmp.check(pteAddr, 8, Access.Store, Priv.S)) h.raise(ACCESS_FAULT[ct], va);
      lo |= need;
      view.setInt32(off, lo, true);
    }
    walkLevel = code;
    walkGlobal = (lo & 32) !== 0 ? 1 : 0;
    const vpnLow = span === 1 ? 0 : level === 4 ? vpn - Math.floor(vpn / span) * span : vpn & (span - 1);
    return (ppn + vpnLow) * 4096 + (va & 4095);
  }
  return h.raise(PAGE_FAULT[ct], va);
}

/** Read `size` bytes at physical pa (RAM or MMIO); raise an access fault if unmapped. */
function physRead(h: Hart, pa: number, size: number, va: number, type: number): number {
  const bus = h.bus;
  const off = pa - bus.ramBase;
  if (off >= 0 && off + size <= bus.ramSize) {
    if (bus.noFastRead[Math.floor(off / 4096)] !== 0) bus.watchRead(h, pa, size);
    switch (size) {
      case 1: return h.ram[off];
      case 2: return h.view.getUint16(off, true);
      case 4: return h.view.getInt32(off, true);
      default:
        h.ldHi = h.view.getInt32(off + 4, true);
        return h.view.getInt32(off, true);
    }
  }
  if (size === 8) {
    const lo = bus.mmioRead(pa, 4);
    const hi = bus.mmioRead(pa + 4, 4);
    if (lo === undefined || hi === undefined) return h.raise(ACCESS_FAULT[type], va);
    h.ldHi = hi | 0;
    return lo | 0;
  }
  const v = bus.mmioRead(pa, size as 1 | 2 | 4);
  if (v === undefined) return h.raise(ACCESS_FAULT[type], va);
  return v;
}

function physWrite(h: Hart, pa: number, size: number, lo: number, hi: number, va: number): void {
  const bus = h.bus;
  const off = pa - bus.ramBase;
  if (off >= 0 && off + size <= bus.ramSize) {
    const watched = bus.noFastWrite[Math.floor(off / 4096)];
    if ((watched & WriteWatch.Watchpoint) !== 0) bus.checkWatch(h, pa, size, WatchKind.Write);
    switch (size) {
      case 1: h.ram[off] = lo; break;
      case 2: h.view.setInt16(off, lo, true); break;
      case 4: h.view.setInt32(off, lo, true); break;
      default: h.view.setInt32(off, lo, true); h.view.setInt32(off + 4, hi, true);
    }
    if (watched !== 0) bus.watchWrite(h, pa, size);
    h.host.storeNotify(h, pa);
    return;
  }
  const ok = size === 8
    ? bus.mmioWrite(pa, 4, lo) && bus.mmioWrite(pa + 4, 4, hi)
    : bus.mmioWrite(pa, size as 1 | 2 | 4, lo);
  if (!ok) h.raise(Cause.StoreAccessFault, va);
  // Device writes may raise interrupts or halt the machine: let the run loop look.
  h.stopRequested = true;
}

/** Load slow path. Returns the (zero-extended for 1/2 bytes) low word; high word in ldHi. */
export function slowLoad(h: Hart, va: number, size: number): number {
  if ((va & 4095) + size <= 4096) {
    return physRead(h, translate(h, va, Access.Load, size), size, va, Access.Load);
  }
  // Crosses a page: translate both pages first so a fault leaves nothing half-done.
  const pa0 = translate(h, va, Access.Load, 1);
  const pa1 = translate(h, va + size - 1, Access.Load, 1);
  const first = 4096 - (va & 4095);
  let lo = 0, hi = 0;
  for (let k = 0; k < size; k++) {
    const b = physRead(h, k < first ? pa0 + k : pa1 - (size - 1 - k), 1, va, Access.Load);
    if (k < 4) lo |= b << (8 * k); else hi |= b << (8 * (k - 4));
  }
  h.ldHi = hi;
  return lo;
}

/** Store slow path. */
export function slowStore(h: Hart, va: number, size: number, lo: number, hi: number): void {
  if ((va & 4095) + size <= 4096) {
    physWrite(h, translate(h, va, Access.Store, size), size, lo, hi, va);
    return;
  }
  const pa0 = translate(h, va, Access.Store, 1);
  const pa1 = translate(h, va + size - 1, Access.Store, 1);
  const first = 4096 - (va & 4095);
  for (let k = 0; k < size; k++) {
    const b = k < 4 ? (lo >>> (8 * k)) & 0xff : (hi >>> (8 * (k - 4))) & 0xff;
    physWrite(h, k < first ? pa0 + k : pa1 - (size - 1 - k), 1, b, 0, va);
  }
}

/** Translate the fetch address of a block start; returns the physical address. */
export function translateFetch(h: Hart, va: number): number {
  const vpn = Math.floor(va * (1 / 4096));
  const i = h.fetchBase + (vpn & (TLB_SIZE - 1));
  if (h.tlbVpn[i] === vpn) return h.bus.ramBase + h.tlbOff[i] + (va & 4095);
  return translate(h, va, Access.Fetch, 2);
}

/**
 * Physical address of the 64-byte cache block that a Zicbom/Zicboz instruction
 * (CMO spec 1.0.1, chapter 2) names by va, after translation and PMP checks.
 * cbo.zero (zero = true) is checked as a store; the management operations are allowed
 * when a load or a store would be (with valid PTEs, W implies R, so the walk checks
 * load permission and sets A like a load). Every fault is reported as a store fault
 * (page fault 15 / access fault 7) with tval = va, the unaligned rs1 value. Only RAM
 * supports cache-block operations: other physical addresses raise store access fault.
 * cbo.zero fills the store TLB; management operations fill nothing.
 */
export function cboTranslate(h: Hart, va: number, zero: boolean): number {
  const type = zero ? Access.Store : Access.Load;
  const priv = effectivePriv(h, type);
  let pa: number;
  walkLevel = -1; walkGlobal = 1;
  if (priv === Priv.M || h.satpMode === 0) {
    if (va < 0 || va >= PA_LIMIT) h.raise(Cause.StoreAccessFault, va);
    pa = va;
  } else {
    pa = walk(h, va, type, priv, Access.Store);
  }
  const block = pa - (pa % 64);
  const pmp = h.pmp;
  const ok = zero ? pmp.check(block, 64, Access.Store, priv)
    : pmp.check(block, 64, Access.Load, priv) || pmp.check(block, 64, Access.Store, priv);
  if (!ok || !h.bus.isRam(block, 64)) h.raise(Cause.StoreAccessFault, va);
  if (zero) fillTlb(h, va, pa, Access.Store, priv);
  return block;
}

/** Zero the 64-byte RAM block at physical `block` through the store path (watchpoints,
 *  compiled-code invalidation, LR/SC reservations of other harts). */
export function zeroBlock(h: Hart, block: number, va: number): void {
  for (let k = 0; k < 64; k += 8) physWrite(h, block + k, 8, 0, 0, va);
}
