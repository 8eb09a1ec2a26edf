/**
 * Physical Memory Protection (priv spec 1.12, section 3.7): 16 entries with
 * OFF/TOR/NA4/NAPOT matching, R/W/X permissions and the lock bit. Granularity is
 * 4 bytes (G = 0), so pmpaddr holds address bits [55:2].
 *
 * Each entry's matched range is precomputed on every write, so a check is a short
 * scan in priority order. `pageResult` tells the TLB whether a whole 4 KiB page has
 * one uniform outcome and may be cached.
 */

export const PMP_ENTRIES = 16;
export const PmpCfg = { R: 1, W: 2, X: 4, A: 0x18, L: 0x80 } as const;
const A_OFF = 0, A_TOR = 1, A_NA4 = 2, A_NAPOT = 3;

/** Permission bits for an access type index (0 fetch, 1 load, 2 store). */
const PERM_FOR_ACCESS = [PmpCfg.X, PmpCfg.R, PmpCfg.W];

export class PmpState {
  readonly cfg = new Uint8Array(PMP_ENTRIES);
  /** pmpaddr values (bits 55:2 of the address) as low/high words (54 bits do not fit a double). */
  readonly addrLo = new Uint32Array(PMP_ENTRIES);
  readonly addrHi = new Uint32Array(PMP_ENTRIES);
  /** Matched byte range [lo, hi) per entry; lo === hi means the entry is OFF. */
  readonly lo = new Float64Array(PMP_ENTRIES);
  readonly hi = new Float64Array(PMP_ENTRIES);
  /** Number of entries whose mode is not OFF (fast exit when zero). */
  active = 0;

  reset(): void {
    this.cfg.fill(0); this.addrLo.fill(0); this.addrHi.fill(0); this.lo.fill(0); this.hi.fill(0); this.active = 0;
  }

  isLocked(i: number): boolean {
    return (this.cfg[i] & PmpCfg.L) !== 0;
  }

  /** pmpaddr i is locked if entry i is locked, or entry i+1 is a locked TOR entry. */
  addrLocked(i: number): boolean {
    if (this.isLocked(i)) return true;
    if (i + 1 < PMP_ENTRIES) {
      const c = this.cfg[i + 1];
      return (c & PmpCfg.L) !== 0 && ((c & PmpCfg.A) >> 3) === A_TOR;
    }
    return false;
  }

  writeCfg(i: number, value: number): void {
    if (this.isLocked(i)) return;
    let v = value & 0x9f;
    if ((v & (PmpCfg.W | PmpCfg.R)) === PmpCfg.W) v &= ~PmpCfg.W; // W without R is reserved (WARL)
    this.cfg[i] = v;
    this.recompute();
  }

  writeAddr(i: number, lo: number, hi: number): void {
    if (this.addrLocked(i)) return;
    this.addrLo[i] = lo >>> 0;
    this.addrHi[i] = hi & 0x3fffff;
    this.recompute();
  }

  /** Byte address pmpaddr*4 as a number (exact below 2^53, which covers all mapped memory). */
  private byteAddr(lo: number, hi: number): number {
    return hi * 17179869184 + lo * 4;
  }

  private recompute(): void {
    let active = 0;
    for (let i = 0; i < PMP_ENTRIES; i++) {
      const a = (this.cfg[i] & PmpCfg.A) >> 3;
      const vl = this.addrLo[i], vh = this.addrHi[i];
      let lo = 0, hi = 0;
      if (a === A_TOR) {
        lo = i === 0 ? 0 : this.byteAddr(this.addrLo[i - 1], this.addrHi[i - 1]);
        hi = this.byteAddr(vl, vh);
        if (hi < lo) hi = lo;
      } else if (a === A_NA4) {
        lo = this.byteAddr(vl, vh); hi = lo + 4;
      } else if (a === A_NAPOT) {
        // k trailing ones of pmpaddr give a 2^(k+3)-byte region (3.7.1.2, table 3.9).
        let k = 0;
        while (k < 54 && ((k < 32 ? vl >>> k : vh >>> (k - 32)) & 1) === 1) k++;
        const bl = k >= 32 ? 0 : (vl >>> k) * Math.pow(2, k);
        const bh = k <= 32 ? vh : (vh >>> (k - 32)) * Math.pow(2, k - 32);
        lo = this.byteAddr(bl, bh);
        hi = lo + Math.pow(2, k + 3);
      }
      this.lo[i] = lo; this.hi[i] = hi;
      if (a !== A_OFF) active++;
    }
    this.active = active;
  }

  /**
   * Check an access of `size` bytes at physical address pa.
   * type: 0 fetch, 1 load, 2 store. priv: 0 U, 1 S, 3 M.
   */
  check(pa: number, size: number, type: number, priv: number): boolean {
    if (this.active === 0) return true; // no entry is programmed: treat PMP as absent
    const end = pa + size;
    for (let i = 0; i < PMP_ENTRIES; i++) {
      const lo = this.lo[i], hi = this.hi[i];
      if (lo === hi || end <= lo || pa >= hi) continue;
      if (pa < lo || end > hi) return false; // partial match fails (3.7.1.3)
      const c = this.cfg[i];
      if (priv === 3 && (c & PmpCfg.L) === 0) return true;
      return (c & PERM_FOR_ACCESS[type]) !== 0;
    }
    return priv === 3;
  }

  /** True when every byte of the 4 KiB page at pagePa has the same PMP outcome. */
  pageUniform(pagePa: number): boolean {
    if (this.active === 0) return true;
    const end = pagePa + 4096;
    for (let i = 0; i < PMP_ENTRIES; i++) {
      const lo = this.lo[i], hi = this.hi[i];
      if (lo === hi || end <= lo || pagePa >= hi) continue;
      return pagePa >= lo && end <= hi;
    }
    return true;
  }
}
