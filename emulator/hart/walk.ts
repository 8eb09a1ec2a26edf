/**
 * Page-table walks: one walker for every stage (priv spec 1.12 4.3.2 "Virtual Address
 * Translation Process", with Sv39/Sv48/Sv57, Svnapot and Svpbmt), used as
 *  - single-stage S/U translation (satp, V=0),
 *  - VS-stage translation (vsatp, V=1), whose page-table reads and A/D writes are
 *    guest-physical and go through the G-stage (priv spec 20211203 8.5),
 *  - G-stage translation (hgatp: Sv39x4, Sv48x4): a 16 KiB root indexed by 11 bits,
 *    every access checked as a U-mode access, guest-page faults instead of page faults.
 *
 * Faults are raised through the hart with the original virtual address as tval. A
 * guest-page fault also records the faulting guest physical address (h.trapGpa, for
 * htval/mtval2) and, for implicit VS-stage accesses, the pseudoinstruction for
 * htinst/mtinst (h.trapPseudo, 8.6.3): 0x3000 for a PTE read, 0x3020 for an A/D write.
 *
 * A/D bits are updated by hardware in every stage (as QEMU does; docs/machine.md).
 * Results other than the address come back in the scratch object W (no allocation).
 */
import type { Hart } from './hart';
import { Cause } from './trap';
import { MStatus, Priv } from './csrNumbers';

export const Access = { Fetch: 0, Load: 1, Store: 2 } as const;
export const PAGE_FAULT = [Cause.InsnPageFault, Cause.LoadPageFault, Cause.StorePageFault];
export const ACCESS_FAULT = [Cause.InsnAccessFault, Cause.LoadAccessFault, Cause.StoreAccessFault];
export const GUEST_PAGE_FAULT = [Cause.InsnGuestPageFault, Cause.LoadGuestPageFault, Cause.StoreGuestPageFault];
/** Largest physical address + 1 (56-bit physical addresses, priv spec 4.3). */
export const PA_LIMIT = 2 ** 56;
/** tlbLevel code of an entry filled from a 64 KiB NAPOT leaf (Svnapot). */
export const NAPOT = 7;
/** Pseudoinstructions for implicit VS-stage accesses (RV64, 8.6.3). */
export const PSEUDO_PTE_READ = 0x3000;
export const PSEUDO_PTE_WRITE = 0x3020;

/** Results of the last walk: leaf level code (-1 bare, 0..4, NAPOT), global bit, and for
 *  two-stage translations the guest physical address and the G-stage leaf code. */
export const W = { level: -1, global: 1, gpa: 0, gLevel: -1 };

/** Bytes mapped by one PTE at each level, and pages per PTE at each level. */
const LEVEL_BYTES = [4096, 2097152, 1073741824, 549755813888, 281474976710656];
const LEVEL_PAGES = [1, 512, 262144, 134217728, 68719476736];
/** menvcfg/henvcfg.PBMTE (bit 62) in the high word. */
const PBMTE_HI = 1 << 30;

/** Walk parameters that vary by stage (module scratch: no allocation per walk). */
let pUser = false, pSum = false, pMxr = false, pHlvx = false, pPbmte = false;
let pG = false, pNested = false, pTval = 0, pPseudo = -1;

function fault(h: Hart, ct: number, at: number): never {
  if (pG) {
    h.trapGpa = at;
    h.trapPseudo = pPseudo;
    return h.raise(GUEST_PAGE_FAULT[ct], pTval);
  }
  return h.raise(PAGE_FAULT[ct], pTval);
}

/**
 * One stage. `va` is the address to translate (a guest physical address for the
 * G-stage), `root` the root table's physical (or, nested, guest physical) address,
 * `topMask` 511, or 2047 for the x4 G-stage root. `type` gives the permission checked,
 * `ct` the access type faults report. Set the p* parameters first.
 */
function pageWalk(h: Hart, va: number, levels: number, root: number, topMask: number, type: number, ct: number): number {
  const vpn = Math.floor(va / 4096);
  const bus = h.bus;
  const view = h.view;
  const g = pG, nested = pNested, tval = pTval, pseudo = pPseudo;
  let base = root;
  for (let level = levels - 1; level >= 0; level--) {
    const idx = Math.floor(va / LEVEL_BYTES[level]) & (level === levels - 1 ? topMask : 511);
    let pteAddr = base + idx * 8;
    if (nested) {
      pteAddr = gStage(h, pteAddr, Access.Load, ct, tval, PSEUDO_PTE_READ, false, false);
      restoreVs(g, nested, tval, pseudo);
    }
    const off = pteAddr - bus.ramBase;
    if (off < 0 || off + 8 > bus.ramSize || (h.pmp.active !== 0 && !h.pmp.check(pteAddr, 8, Access.Load, Priv.S))) {
      h.raise(ACCESS_FAULT[ct], tval);
    }
    h.ptReads++;
    let lo = view.getInt32(off, true);
    const hi = view.getInt32(off + 4, true);
    const v = lo & 1, r = lo & 2, w = lo & 4, x = lo & 8;
    // V = 0, W without R, reserved bits 60:54, PBMT = 3, or PBMT != 0 while PBMTE = 0
    // (Svpbmt then behaves as not implemented: the bits are reserved).
    const pbmt = (hi >>> 29) & 3;
    if (v === 0 || (r === 0 && w !== 0) || ((hi >>> 22) & 0x7f) !== 0 ||
        (pbmt !== 0 && (pbmt === 3 || !pPbmte))) fault(h, ct, va);
    let ppn = (hi & 0x3fffff) * 4194304 + (lo >>> 10);
    if (r === 0 && x === 0) {
      // Pointer: N and PBMT are reserved in non-leaf PTEs (Svnapot, Svpbmt).
      if (level === 0 || hi < 0 || pbmt !== 0) fault(h, ct, va);
      base = ppn * 4096;
      continue;
    }
    // Leaf PTE: permission checks (4.3.1 step 5; G-stage: always as U-mode, 8.5.1).
    const u = lo & 16;
    if (pUser ? u === 0 : u !== 0 && (type === Access.Fetch || !pSum)) fault(h, ct, va);
    if (type === Access.Fetch && x === 0) fault(h, ct, va);
    if (type === Access.Load && (pHlvx ? x === 0 : r === 0 && !(pMxr && x !== 0))) fault(h, ct, va);
    if (type === Access.Store && w === 0) fault(h, ct, va);
    const span = LEVEL_PAGES[level];
    if (level > 0 && ppn % span !== 0) fault(h, ct, va); // misaligned superpage
    let code = level;
    if (hi < 0) {
      // Svnapot: N = 1 is only defined at level 0 with ppn[3:0] = 1000 (64 KiB);
      // every other encoding is reserved. pa.ppn[3:0] comes from va.vpn[3:0].
      if (level !== 0 || (ppn & 15) !== 8) fault(h, ct, va);
      ppn += (vpn & 15) - 8;
      code = NAPOT;
    }
    const need = 0x40 | (type === Access.Store ? 0x80 : 0);
    if ((lo & need) !== need) {
      let wOff = off;
      if (nested) {
        const pa = gStage(h, base + idx * 8, Access.Store, ct, tval, PSEUDO_PTE_WRITE, false, false);
        restoreVs(g, nested, tval, pseudo);
        wOff = pa - bus.ramBase;
        if (!h.pmp.check(pa, 8, Access.Store, Priv.S)) h.raise(ACCESS_FAULT[ct], tval);
      } else if (!h.pmp.check(pteAddr, 8, Access.Store, Priv.S)) h.raise(ACCESS_FAULT[ct], tval);
      lo |= need;
      view.setInt32(wOff, lo, true);
      bus.dirty[Math.floor(wOff / 4096)] = 1;
    }
    W.level = code;
    W.global = (lo & 32) !== 0 ? 1 : 0;
    leafPerm = ((lo >>> 1) & 7) | ((lo & 0x80) !== 0 ? 8 : 0);
    const vpnLow = span === 1 ? 0 : level === 4 ? vpn - Math.floor(vpn / span) * span : vpn & (span - 1);
    return (ppn + vpnLow) * 4096 + (va & 4095);
  }
  return fault(h, ct, va);
}

/** The nested G-stage walk overwrote the module parameters: put the VS-stage's back. */
function restoreVs(g: boolean, nested: boolean, tval: number, pseudo: number): void {
  pG = g; pNested = nested; pTval = tval; pPseudo = pseudo;
  pUser = vsUser; pSum = vsSum; pMxr = vsMxr; pHlvx = vsHlvx; pPbmte = vsPbmte;
}
let vsUser = false, vsSum = false, vsMxr = false, vsHlvx = false, vsPbmte = false;

/** Single-stage walk for satp (V=0): mode 8/9/10 = Sv39/48/57. */
export function walkSingle(h: Hart, va: number, type: number, priv: number, ct: number): number {
  const levels = h.satpMode - 5;
  const half = Math.pow(2, 11 + 9 * levels);
  // VA bits 63:vaBits must equal bit vaBits-1 (4.4.1, 4.5.1, 4.6.1).
  if (va < -half || va >= half) h.raise(PAGE_FAULT[ct], va);
  pUser = priv === Priv.U; pSum = (h.mstatus & MStatus.SUM) !== 0; pMxr = (h.mstatus & MStatus.MXR) !== 0;
  pHlvx = false; pPbmte = (h.menvcfgHi & PBMTE_HI) !== 0;
  pG = false; pNested = false; pTval = va; pPseudo = -1;
  return pageWalk(h, va, levels, h.satpPpn * 4096, 511, type, ct);
}

/**
 * G-stage translation of guest physical address gpa (hgatp). Bare: gpa is the physical
 * address. `pseudo` is the htinst value of an implicit access (-1 for explicit ones).
 */
function gStage(h: Hart, gpa: number, type: number, ct: number, tval: number, pseudo: number, mxr: boolean, hlvx: boolean): number {
  if (h.hgatpMode === 0) {
    if (gpa < 0 || gpa >= PA_LIMIT) h.raise(ACCESS_FAULT[ct], tval);
    W.level = -1;
    return gpa;
  }
  const levels = h.hgatpMode - 5; // 8 -> 3 (Sv39x4), 9 -> 4 (Sv48x4)
  // G-stage TLB (4 KiB slices of successful walks, for the current hgatp).
  const gpn = Math.floor(gpa / 4096);
  const gi = gpn & (G_TLB_SIZE - 1);
  if (h.gtTag[gi] === gpn) {
    const perm = h.gtPerm[gi];
    const ok = type === Access.Fetch ? (perm & G_X) !== 0
      : type === Access.Store ? (perm & (G_W | G_D)) === (G_W | G_D)
      : hlvx ? (perm & G_X) !== 0 : (perm & G_R) !== 0 || (mxr && (perm & G_X) !== 0);
    if (ok) { W.level = h.gtLevel[gi]; return h.gtPpn[gi] * 4096 + (gpa & 4095); }
  }
  pG = true; pNested = false; pTval = tval; pPseudo = pseudo;
  // Address bits above 41 (Sv39x4) / 50 (Sv48x4) must be zero (8.5.1).
  if (gpa < 0 || gpa >= Math.pow(2, 14 + 9 * levels)) fault(h, ct, gpa);
  pUser = true; pSum = false; pMxr = mxr; pHlvx = hlvx; pPbmte = (h.menvcfgHi & PBMTE_HI) !== 0;
  const pa = pageWalk(h, gpa, levels, h.hgatpPpn * 4096, 2047, type, ct);
  h.gtTag[gi] = gpn;
  h.gtPpn[gi] = Math.floor(pa / 4096);
  h.gtPerm[gi] = leafPerm;
  h.gtLevel[gi] = W.level;
  return pa;
}

/** G-stage TLB: entries and permission bits (R, W, X, and D already set). */
export const G_TLB_SIZE = 1024;
const G_R = 1, G_W = 2, G_X = 4, G_D = 8;
/** Permission bits of the leaf the last pageWalk used (after its A/D update). */
let leafPerm = 0;

/**
 * Drop G-stage TLB entries: all (gpa null), or those whose G-stage leaf maps guest
 * physical address gpa (HFENCE.GVMA with an address).
 */
export function flushGTlb(h: Hart, gpa: number | null): void {
  if (gpa === null) { h.gtTag.fill(NaN); return; }
  const gpn = Math.floor(gpa / 4096);
  for (let i = 0; i < G_TLB_SIZE; i++) {
    const t = h.gtTag[i];
    if (t !== t) continue;
    const c = h.gtLevel[i];
    const span = c <= 0 ? 1 : c === NAPOT ? 16 : LEVEL_PAGES[c];
    if (Math.floor(t / span) === Math.floor(gpn / span)) h.gtTag[i] = NaN;
  }
}

/**
 * Two-stage translation of guest virtual address va for an access as though V=1 with
 * nominal privilege `priv` (8.5): VS-stage under vsatp (the live satp when V=1, the
 * waiting copy otherwise), then G-stage. `hlvx` (HLVX) checks execute permission in
 * place of read permission in both stages. Sets W.gpa / W.gLevel.
 */
export function walkGuest(h: Hart, va: number, type: number, ct: number, priv: number, hlvx: boolean): number {
  const live = h.virt !== 0;
  const mode = live ? h.satpMode : h.altSatpMode;
  const vss = live ? h.mstatus : h.altSstatus; // vsstatus
  const hss = live ? h.altSstatus : h.mstatus; // HS-level sstatus
  // HS-level MXR applies to both stages, vsstatus.MXR to the VS-stage only (8.5).
  const mxrHs = (hss & MStatus.MXR) !== 0;
  let gpa = va, level = -1, global = 1;
  if (mode !== 0) {
    const levels = mode - 5;
    const half = Math.pow(2, 11 + 9 * levels);
    if (va < -half || va >= half) h.raise(PAGE_FAULT[ct], va);
    vsUser = priv === Priv.U; vsSum = (vss & MStatus.SUM) !== 0;
    vsMxr = mxrHs || (vss & MStatus.MXR) !== 0; vsHlvx = hlvx;
    vsPbmte = (h.henvcfgHi & h.menvcfgHi & PBMTE_HI) !== 0;
    pG = false; pNested = true; pTval = va; pPseudo = -1;
    pUser = vsUser; pSum = vsSum; pMxr = vsMxr; pHlvx = vsHlvx; pPbmte = vsPbmte;
    const ppn = live ? h.satpPpn : h.altSatpPpn;
    gpa = pageWalk(h, va, levels, ppn * 4096, 511, type, ct);
    level = W.level; global = W.global;
  }
  const pa = gStage(h, gpa, type, ct, va, -1, mxrHs, hlvx);
  W.gpa = gpa; W.gLevel = W.level;
  W.level = level; W.global = global;
  return pa;
}
