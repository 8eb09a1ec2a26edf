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
import { Cause, DEVICE_EXIT_CAUSE } from './trap';
import { HStatus, MStatus, Priv } from './csrNumbers';
import { WatchKind, WriteWatch } from '../bus/bus';
import { Access, ACCESS_FAULT, NAPOT, PA_LIMIT, W, walkGuest, walkSingle } from './walk';

export { Access } from './walk';
export const TLB_SIZE = 2048;
/** Guest address spaces cached at once (guestTlb.ts). */
export const GUEST_SLOTS = 4;
/** TLB contexts: U, S, (unused), M, then VU and VS per guest slot. */
export const TLB_CONTEXTS = 4 + 2 * GUEST_SLOTS;

/**
 * What links and virtual-pc cache entries are valid for: the code epoch (bumped when
 * translations or code change: TLB flushes, fences that drop a fetch entry, PMP writes,
 * dropped wasm code) and the hart's fetch context (privilege and V, guest slot), since
 * a virtual pc means another block in another context. A trap and its return leave both unchanged, so
 * the links made before the trap still hold after it.
 */
export function fetchEpoch(h: Hart): number {
  return h.bus.codeEpoch * 16 + h.fetchCtx; // TLB_CONTEXTS <= 16
}

/** Invalidate every TLB entry. */
export function flushTlbAll(h: Hart): void {
  h.tlbVpn.fill(NaN);
  h.superSlots.clear();
  h.guestSuperSlots.clear();
  h.bus.codeEpoch++;
}

/** Invalidate the S/U contexts (after satp, SUM or MXR changes). */
export function flushTlbSU(h: Hart): void {
  h.tlbVpn.fill(NaN, 0, 6 * TLB_SIZE);
  h.superSlots.clear();
  h.bus.codeEpoch++;
}

/** Invalidate the guest contexts: every guest slot, or only slot `slot`. */
export function flushTlbGuests(h: Hart, slot = -1): void {
  const from = slot < 0 ? 4 : 4 + 2 * slot;
  const to = slot < 0 ? TLB_CONTEXTS : from + 2;
  h.tlbVpn.fill(NaN, from * 3 * TLB_SIZE, to * 3 * TLB_SIZE);
  h.bus.codeEpoch++;
}

/** Invalidate store entries of every context that map the RAM page with offset pageOff. */
export function flushStoreEntriesForRamPage(h: Hart, pageOff: number): void {
  for (let ctx = 0; ctx < TLB_CONTEXTS; ctx++) {
    const base = (ctx * 3 + Access.Store) * TLB_SIZE;
    for (let i = base; i < base + TLB_SIZE; i++) {
      if (h.tlbOff[i] === pageOff) h.tlbVpn[i] = NaN;
    }
  }
}

/** Invalidate read entries (load) for a RAM page (watchpoints). */
export function flushLoadEntriesForRamPage(h: Hart, pageOff: number): void {
  for (let ctx = 0; ctx < TLB_CONTEXTS; ctx++) {
    const base = (ctx * 3 + Access.Load) * TLB_SIZE;
    for (let i = base; i < base + TLB_SIZE; i++) {
      if (h.tlbOff[i] === pageOff) h.tlbVpn[i] = NaN;
    }
  }
}

/** 4 KiB pages covered by the leaf an entry came from (tlbLevel code: -1 bare, 0..4 level, NAPOT). */
export function spanPages(code: number): number {
  return code <= 0 ? 1 : code === NAPOT ? 16 : Math.pow(512, code);
}

/** Key of the superpage / NAPOT range (tlbLevel code, number) that contains virtual page vpn. */
export function superKey(code: number, vpn: number): number {
  return code + 8 * Math.floor(vpn / spanPages(code));
}

/** Invalidate entry i if it matches the sfence.vma operands; true if it did. */
export function sfenceEntry(h: Hart, i: number, vpn: number, vaddr: number | null, asid: number | null): boolean {
  const v = h.tlbVpn[i];
  if (v !== v) return false;
  if (asid !== null && (h.tlbGlobal[i] !== 0 || h.tlbAsid[i] !== asid)) return false;
  if (vaddr !== null) {
    const span = spanPages(h.tlbLevel[i]);
    if (Math.floor(v / span) !== Math.floor(vpn / span)) return false;
  }
  h.tlbVpn[i] = NaN;
  return true;
}

/** Is TLB index i a fetch entry? */
const isFetchEntry = (i: number): boolean => Math.floor(i / TLB_SIZE) % 3 === Access.Fetch;

/**
 * SFENCE.VMA (priv spec 4.2.1): vaddr null = all addresses; asid null = all ASIDs.
 * With an ASID, global mappings are kept. Entries of M-mode contexts are bare and
 * unaffected. With an address, only the direct-mapped slots of that page and the slots
 * filled from a superpage or NAPOT range containing it (indexed in h.superSlots) can
 * translate it: a fence of any page of a 64 KiB NAPOT mapping drops all of its slices
 * (Svnapot: the fence applies to the whole NAPOT PTE).
 */
export function sfenceVma(h: Hart, vaddr: number | null, asid: number | null): void {
  if (vaddr === null) {
    h.bus.codeEpoch++;
    for (let i = 0; i < 6 * TLB_SIZE; i++) sfenceEntry(h, i, 0, null, asid);
    if (asid === null) h.superSlots.clear();
    return;
  }
  // A fence of one page changes no link or virtual-pc entry (engine.ts) unless it drops
  // a fetch entry: those exist only for pages with a fetch entry (findBlock), and a
  // fetch entry that is replaced bumps the epoch (fillTlb). Linux fences a page on most
  // page-table updates, nearly always of data pages.
  let fetch = false;
  const vpn = Math.floor(vaddr / 4096);
  const slot = vpn & (TLB_SIZE - 1);
  for (let k = 0; k < 6; k++) {
    const i = k * TLB_SIZE + slot;
    if (sfenceEntry(h, i, vpn, vaddr, asid) && isFetchEntry(i)) fetch = true;
  }
  for (let code = 1; code <= NAPOT; code++) {
    if (code === 5) code = NAPOT; // codes 5 and 6 are unused
    const list = h.superSlots.get(superKey(code, vpn));
    if (list === undefined) continue;
    for (const i of list) if (sfenceEntry(h, i, vpn, vaddr, asid) && isFetchEntry(i)) fetch = true;
    if (asid === null) h.superSlots.delete(superKey(code, vpn));
  }
  if (fetch) h.bus.codeEpoch++;
}

function noteSuperSlot(h: Hart, code: number, vpn: number, i: number): void {
  const key = superKey(code, vpn);
  const map = i < 6 * TLB_SIZE ? h.superSlots : h.guestSuperSlots;
  let list = map.get(key);
  if (list === undefined) { list = []; map.set(key, list); }
  if (list.length >= 4 * TLB_SIZE) list.length = 0; // only stale duplicates can pile up
  list.push(i);
}

/**
 * Translate va for an access of type `type` as the hart currently would (priv, V, and
 * MPRV/MPP/MPV for loads and stores, 3.1.6.3 and 8.5.1), reporting faults as `ct`.
 * hyp: 0 normal, 1 HLV/HSV, 2 HLVX (8.3.1: as though V=1 at hstatus.SPVP, overriding
 * MPRV). Leaves the access's privilege, TLB context and ASID in xPriv/xCtx/xAsid.
 */
function xlate(h: Hart, va: number, type: number, ct: number, hyp: number): number {
  let priv = h.priv, virt = h.virt;
  h.tlbMisses++;
  if (hyp !== 0) {
    priv = (h.hstatus & HStatus.SPVP) !== 0 ? Priv.S : Priv.U;
    virt = 1;
  } else if (type !== Access.Fetch && priv === Priv.M && (h.mstatus & MStatus.MPRV) !== 0) {
    priv = (h.mstatus & MStatus.MPP) >>> 11;
    virt = priv !== Priv.M && (h.mstatusH & MStatus.MPV_HI) !== 0 ? 1 : 0;
  }
  xPriv = priv;
  h.xlatVirt = virt;
  W.level = -1; W.global = 1;
  if (virt !== 0) {
    xCtx = hyp !== 0 ? -1 : 4 + 2 * h.guestSlot + priv;
    xAsid = h.virt !== 0 ? h.satpAsid : h.altSatpAsid;
    return walkGuest(h, va, type, ct, priv, hyp === 2);
  }
  xCtx = priv;
  xAsid = h.satpAsid;
  if (priv === Priv.M || h.satpMode === 0) {
    if (va < 0 || va >= PA_LIMIT) h.raise(ACCESS_FAULT[ct], va);
    return va;
  }
  return walkSingle(h, va, type, priv, ct);
}
let xPriv = 0, xCtx = 0, xAsid = 0;

/** V of the hart's explicit loads and stores: V, or MPV under MPRV in M-mode (8.5.1). */
export function dataVirt(h: Hart): number {
  if (h.priv === Priv.M && (h.mstatus & MStatus.MPRV) !== 0) {
    return ((h.mstatus & MStatus.MPP) >>> 11) !== Priv.M && (h.mstatusH & MStatus.MPV_HI) !== 0 ? 1 : 0;
  }
  return h.virt;
}

/**
 * Translate virtual address va for an access of `size` bytes (size only matters for
 * PMP) and return the physical address; raise page/access faults. Fills the TLB when
 * the page is cacheable.
 */
export function translate(h: Hart, va: number, type: number, size: number, _hyp = 0): number {
  const pa = xlate(h, va, type, type, 0);
  if (!h.pmp.check(pa, size, type, xPriv)) h.raise(ACCESS_FAULT[type], va);
  fillTlb(h, va, pa, type);
  return pa;
}

/** Translation for HLV/HLVX/HSV (never cached). HLVX needs execute and read PMP access. */
function translateHyp(h: Hart, va: number, type: number, size: number, hyp: number): number {
  const pa = xlate(h, va, type, type, hyp);
  const pmp = h.pmp;
  if (!pmp.check(pa, size, type, xPriv) || (hyp === 2 && !pmp.check(pa, size, Access.Fetch, xPriv))) {
    h.raise(ACCESS_FAULT[type], va);
  }
  return pa;
}

function fillTlb(h: Hart, va: number, pa: number, type: number): void {
  const bus = h.bus;
  const pagePa = pa - (pa & 4095);
  const off = pagePa - bus.ramBase;
  if (off < 0 || off >= bus.ramSize || xCtx < 0) return;
  const page = off / 4096;
  if (type === Access.Store) {
    bus.dirty[page] = 1; // every fast store to the page goes through this entry
    if (bus.noFastWrite[page] !== 0) return;
  }
  if (type === Access.Load && bus.noFastRead[page] !== 0) return;
  if (!h.pmp.pageUniform(pagePa)) return;
  const vpn = Math.floor(va / 4096);
  const i = (xCtx * 3 + type) * TLB_SIZE + (vpn & (TLB_SIZE - 1));
  // A fetch entry replaced: links and virtual-pc entries into its page lose the entry
  // that a later fence of the page would clear (sfenceVma bumps the epoch only then).
  const old = h.tlbVpn[i];
  if (type === Access.Fetch && old === old && old !== vpn) h.bus.codeEpoch++;
  h.tlbVpn[i] = vpn;
  h.tlbOff[i] = off;
  h.tlbAsid[i] = xAsid;
  h.tlbLevel[i] = W.level;
  h.tlbGlobal[i] = W.global;
  if (xCtx >= 4) { h.tlbGpa[i] = Math.floor(W.gpa / 4096); h.tlbGLevel[i] = W.gLevel; }
  if (W.level > 0) noteSuperSlot(h, W.level, vpn, i);
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
    bus.dirty[Math.floor(off / 4096)] = 1;
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
  // Device writes may raise interrupts or halt the machine: the run loop looks now.
  h.stopRequested = true;
  h.raise(DEVICE_EXIT_CAUSE, pa);
}

/** Load slow path. Returns the (zero-extended for 1/2 bytes) low word; high word in ldHi.
 *  hyp: 0 normal load, 1 HLV, 2 HLVX (as though V=1, never cached). */
export function slowLoad(h: Hart, va: number, size: number, hyp = 0): number {
  const tr = hyp === 0 ? translate : translateHyp;
  h.accessVa = va;
  if ((va & 4095) + size <= 4096) {
    return physRead(h, tr(h, va, Access.Load, size, hyp), size, va, Access.Load);
  }
  // Crosses a page: translate both pages first so a fault leaves nothing half-done.
  const first = 4096 - (va & 4095);
  const pa0 = tr(h, va, Access.Load, 1, hyp);
  const pa1 = tr(h, va + first, Access.Load, 1, hyp) + (size - 1 - first);
  let lo = 0, hi = 0;
  for (let k = 0; k < size; k++) {
    const b = physRead(h, k < first ? pa0 + k : pa1 - (size - 1 - k), 1, va, Access.Load);
    if (k < 4) lo |= b << (8 * k); else hi |= b << (8 * (k - 4));
  }
  h.ldHi = hi;
  return lo;
}

/** Store slow path (hyp: 0 normal store, 1 HSV). */
export function slowStore(h: Hart, va: number, size: number, lo: number, hi: number, hyp = 0): void {
  const tr = hyp === 0 ? translate : translateHyp;
  h.accessVa = va;
  if ((va & 4095) + size <= 4096) {
    physWrite(h, tr(h, va, Access.Store, size, hyp), size, lo, hi, va);
    return;
  }
  const first = 4096 - (va & 4095);
  const pa0 = tr(h, va, Access.Store, 1, hyp);
  const pa1 = tr(h, va + first, Access.Store, 1, hyp) + (size - 1 - first);
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
  const pa = xlate(h, va, type, Access.Store, 0);
  const priv = xPriv;
  const block = pa - (pa % 64);
  const pmp = h.pmp;
  const ok = zero ? pmp.check(block, 64, Access.Store, priv)
    : pmp.check(block, 64, Access.Load, priv) || pmp.check(block, 64, Access.Store, priv);
  if (!ok || !h.bus.isRam(block, 64)) h.raise(Cause.StoreAccessFault, va);
  if (zero) fillTlb(h, va, pa, Access.Store);
  return block;
}

/** Zero the 64-byte RAM block at physical `block` through the store path (watchpoints,
 *  compiled-code invalidation, LR/SC reservations of other harts). */
export function zeroBlock(h: Hart, block: number, va: number): void {
  for (let k = 0; k < 64; k += 8) physWrite(h, block + k, 8, 0, 0, va);
}
