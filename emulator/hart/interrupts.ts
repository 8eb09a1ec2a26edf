/**
 * Interrupt selection (priv spec 1.12, sections 3.1.9 and 4.1.3): which pending and
 * enabled interrupt a hart takes next, with the spec's priority order
 * MEI > MSI > MTI > SEI > SSI > STI, and the global-enable rules per privilege level.
 */
import type { Hart } from './hart';
import { MStatus, Priv } from './csrNumbers';

/** Priority order of interrupt numbers (highest first). */
const PRIORITY = [11, 3, 7, 9, 1, 5];

/** Effective mip: software-writable bits OR device-driven bits. */
export function mipValue(h: Hart): number {
  return h.mipSw | h.mipHw;
}

/** Recompute h.pendingIrq / h.irqCheck. Call after any change of mip, mie, mideleg,
 *  mstatus.MIE/SIE or privilege. */
export function recomputeInterrupts(h: Hart): void {
  const pending = mipValue(h) & h.mie;
  if (pending === 0) { h.pendingIrq = -1; h.irqCheck = false; return; }
  const mEnabled = h.priv < Priv.M || (h.mstatus & MStatus.MIE) !== 0;
  const sEnabled = h.priv < Priv.S || (h.priv === Priv.S && (h.mstatus & MStatus.SIE) !== 0);
  const mPending = mEnabled ? pending & ~h.mideleg : 0;
  const sPending = sEnabled ? pending & h.mideleg : 0;
  const sel = mPending !== 0 ? mPending : sPending;
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
