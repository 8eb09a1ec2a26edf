/**
 * Interrupt selection (priv spec 1.12, sections 3.1.9 and 4.1.3; H extension, priv spec
 * 20211203 8.2.3 and 8.4): which pending and enabled interrupt a hart takes next.
 *
 * Three levels, highest first: interrupts not delegated by mideleg go to M (enabled
 * below M, or in M with MIE); delegated ones not delegated further by hideleg go to HS
 * (enabled with V=1, in U-mode, or in HS-mode with SIE); VS-level ones (2, 6, 10) that
 * hideleg delegates go to VS (enabled only with V=1: in VU-mode, or in VS-mode with
 * vsstatus.SIE, which is the live SIE while V=1). Within a level the order is
 * MEI, MSI, MTI, SEI, SSI, STI, SGEI, VSEI, VSSI, VSTI.
 */
import type { Hart } from './hart';
import { MStatus, Priv } from './csrNumbers';

/** Priority order of interrupt numbers (highest first). */
const PRIORITY = [11, 3, 7, 9, 1, 5, 12, 10, 2, 6];

/** Effective mip: software-writable bits, device-driven bits, and hvip (VS-level). */
export function mipValue(h: Hart): number {
  return h.mipSw | h.mipHw | h.hvip;
}

/** Recompute h.pendingIrq / h.irqCheck. Call after any change of mip, mie, mideleg,
 *  hideleg, hvip, mstatus.MIE/SIE or privilege. */
export function recomputeInterrupts(h: Hart): void {
  const pending = mipValue(h) & h.mie;
  if (pending === 0) { h.pendingIrq = -1; h.irqCheck = false; return; }
  const v = h.virt !== 0;
  const mEnabled = h.priv < Priv.M || (h.mstatus & MStatus.MIE) !== 0;
  const hsEnabled = v || h.priv === Priv.U || (h.priv === Priv.S && (h.mstatus & MStatus.SIE) !== 0);
  const vsEnabled = v && (h.priv === Priv.U || (h.mstatus & MStatus.SIE) !== 0);
  const mPending = mEnabled ? pending & ~h.mideleg : 0;
  const hsPending = hsEnabled ? pending & h.mideleg & ~h.hideleg : 0;
  const vsPending = vsEnabled ? pending & h.mideleg & h.hideleg : 0;
  const sel = mPending !== 0 ? mPending : hsPending !== 0 ? hsPending : vsPending;
  h.pendingIrq = -1;
  if (sel !== 0) {
    for (const irq of PRIORITY) {
      if (sel & (1 << irq)) { h.pendingIrq = irq; break; }
    }
  }
  h.irqCheck = h.pendingIrq >= 0;
  if (h.irqCheck) h.stopRequested = true; // the run loop takes it at the next block boundary
}

/** WFI wakes up on any pending-and-locally-enabled interrupt, ignoring global enables (3.3.3). */
export function wfiShouldWake(h: Hart): boolean {
  return (mipValue(h) & h.mie) !== 0;
}
