/**
 * Guest address spaces in the software TLB (H extension, priv spec 20211203 8.5).
 *
 * Translations made with V=1 (VS/VU fetches, loads and stores, and M-mode MPRV
 * accesses with MPV=1) cache the whole two-stage result (guest virtual page ->
 * supervisor physical page) in one of GUEST_SLOTS guest slots. A slot is keyed by the
 * full hgatp (MODE, VMID, PPN) and vsatp (MODE, ASID, PPN) it was filled under, so
 * entering or leaving a guest, and switching between guests or guest processes, flushes
 * nothing while the keys fit the slots; a new key evicts the oldest slot.
 *
 * Fences flush exactly what the spec requires of a TLB tagged this way:
 *  - SFENCE.VMA with V=1 and HFENCE.VVMA act on the slots of the current hgatp.VMID,
 *    by guest virtual address and/or guest ASID (8.3.2, 8.5.3);
 *  - HFENCE.GVMA acts on the slots of the given VMID (or all), and with an address only
 *    on entries whose G-stage leaf covers that guest physical address (each entry
 *    records its guest physical page and G-stage leaf size).
 */
import type { Hart } from './hart';
import { GUEST_SLOTS, TLB_SIZE, sfenceEntry, spanPages, superKey } from './mmu';
import { flushGTlb, NAPOT } from './walk';

const FIELDS = 6;

/** The guest slot for the current hgatp and VS-level satp (live when V=1, else the
 *  waiting copy); evicts the oldest slot when no slot has this key. */
export function guestSlotFor(h: Hart): number {
  const k = h.slotKey;
  const v = h.virt !== 0;
  const vm = v ? h.satpMode : h.altSatpMode;
  const va = v ? h.satpAsid : h.altSatpAsid;
  const vp = v ? h.satpPpn : h.altSatpPpn;
  for (let s = 0; s < GUEST_SLOTS; s++) {
    const o = s * FIELDS;
    if (k[o] === h.hgatpMode && k[o + 1] === h.hgatpVmid && k[o + 2] === h.hgatpPpn &&
        k[o + 3] === vm && k[o + 4] === va && k[o + 5] === vp) return s;
  }
  const s = h.slotNext;
  h.slotNext = (s + 1) % GUEST_SLOTS;
  const o = s * FIELDS;
  k[o] = h.hgatpMode; k[o + 1] = h.hgatpVmid; k[o + 2] = h.hgatpPpn;
  k[o + 3] = vm; k[o + 4] = va; k[o + 5] = vp;
  flushSlot(h, s);
  return s;
}

/** First TLB index of guest slot s (its VU and VS contexts, 3 access types each). */
function slotBase(s: number): number {
  return (4 + 2 * s) * 3 * TLB_SIZE;
}

function flushSlot(h: Hart, s: number): void {
  const b = slotBase(s);
  h.tlbVpn.fill(NaN, b, b + 6 * TLB_SIZE);
  h.bus.codeEpoch++;
}

/** Forget every guest slot (e.g. after PMP changes, which flush everything). */
export function forgetGuestSlots(h: Hart): void {
  h.slotKey.fill(NaN);
}

/**
 * VS-stage fence for the guests with VMID `vmid`: SFENCE.VMA executed with V=1 and
 * HFENCE.VVMA. vaddr null = all addresses, asid null = all ASIDs (global entries are
 * kept when an ASID is given).
 */
export function fenceGuestVirtual(h: Hart, vmid: number, vaddr: number | null, asid: number | null): void {
  const k = h.slotKey;
  h.bus.codeEpoch++;
  for (let s = 0; s < GUEST_SLOTS; s++) {
    if (k[s * FIELDS + 1] !== vmid) continue;
    const b = slotBase(s);
    if (vaddr === null) {
      if (asid === null) h.tlbVpn.fill(NaN, b, b + 6 * TLB_SIZE);
      else for (let i = b; i < b + 6 * TLB_SIZE; i++) sfenceEntry(h, i, 0, null, asid);
      continue;
    }
    // Only the direct-mapped slot of the page, and slices of VS-stage superpages.
    const vpn = Math.floor(vaddr / 4096);
    for (let t = 0; t < 6; t++) sfenceEntry(h, b + t * TLB_SIZE + (vpn & (TLB_SIZE - 1)), vpn, vaddr, asid);
    for (let code = 1; code <= NAPOT; code++) {
      if (code === 5) code = NAPOT; // codes 5 and 6 are unused
      const list = h.guestSuperSlots.get(superKey(code, vpn));
      if (list === undefined) continue;
      for (const i of list) if (i >= b && i < b + 6 * TLB_SIZE) sfenceEntry(h, i, vpn, vaddr, asid);
    }
  }
}

/**
 * G-stage fence: HFENCE.GVMA. gpa null = all guest physical addresses; vmid null = all
 * VMIDs. With an address, entries whose G-stage leaf maps that guest physical page go.
 */
export function fenceGuestPhysical(h: Hart, gpa: number | null, vmid: number | null): void {
  const k = h.slotKey;
  if (vmid === null || vmid === h.hgatpVmid) flushGTlb(h, gpa);
  const gpn = gpa === null ? 0 : Math.floor(gpa / 4096);
  h.bus.codeEpoch++;
  for (let s = 0; s < GUEST_SLOTS; s++) {
    if (vmid !== null && k[s * FIELDS + 1] !== vmid) continue;
    const b = slotBase(s);
    if (gpa === null) { h.tlbVpn.fill(NaN, b, b + 6 * TLB_SIZE); continue; }
    for (let i = b; i < b + 6 * TLB_SIZE; i++) {
      if (h.tlbVpn[i] !== h.tlbVpn[i]) continue;
      const span = spanPages(h.tlbGLevel[i]);
      if (Math.floor(h.tlbGpa[i] / span) === Math.floor(gpn / span)) h.tlbVpn[i] = NaN;
    }
  }
}
