/**
 * Trap causes and the trap signal.
 * Exception and interrupt codes follow the privileged spec, table "mcause values
 * after trap" (priv spec 1.12, section 3.1.15). A synchronous exception is reported by
 * `Hart.raise`, which records cause/tval in the hart and throws the hart's single
 * preallocated TrapSignal (a plain object: throwing it captures no stack and allocates
 * nothing). The run loop catches it and performs trap entry.
 */

/** Synchronous exception causes (mcause with interrupt bit clear). */
export const Cause = {
  InsnMisaligned: 0,
  InsnAccessFault: 1,
  IllegalInsn: 2,
  Breakpoint: 3,
  LoadMisaligned: 4,
  LoadAccessFault: 5,
  StoreMisaligned: 6,
  StoreAccessFault: 7,
  EcallU: 8,
  EcallS: 9,
  EcallVS: 10,
  EcallM: 11,
  InsnPageFault: 12,
  LoadPageFault: 13,
  StorePageFault: 15,
  InsnGuestPageFault: 20,
  LoadGuestPageFault: 21,
  VirtualInsn: 22,
  StoreGuestPageFault: 23,
} as const;

/** Not a RISC-V cause: raised by a debugger watchpoint to stop the hart *before* the
 *  access (the run loop returns Stop.Watch; no trap is taken, nothing retires). */
export const DEBUG_STOP_CAUSE = 0x100;

/** Not a RISC-V cause: raised after a store to a device completed (MMIO), so the run
 *  loop looks at what the device asked for (an interrupt, a halt) right after that
 *  instruction, whatever the tier, the block boundaries or the budget: replays depend on
 *  it (engine.ts). The store retires; no trap is taken. */
export const DEVICE_EXIT_CAUSE = 0x101;

/** Interrupt numbers (mcause with interrupt bit set; also mip/mie bit indices). */
export const Irq = {
  SSI: 1, VSSI: 2, MSI: 3,
  STI: 5, VSTI: 6, MTI: 7,
  SEI: 9, VSEI: 10, MEI: 11, SGEI: 12,
} as const;

const causeNames: Record<number, string> = {
  0: 'instruction address misaligned', 1: 'instruction access fault', 2: 'illegal instruction',
  3: 'breakpoint', 4: 'load address misaligned', 5: 'load access fault',
  6: 'store/AMO address misaligned', 7: 'store/AMO access fault', 8: 'ecall from U-mode',
  9: 'ecall from S-mode', 10: 'ecall from VS-mode', 11: 'ecall from M-mode',
  12: 'instruction page fault', 13: 'load page fault', 15: 'store/AMO page fault',
  20: 'instruction guest-page fault', 21: 'load guest-page fault', 22: 'virtual instruction',
  23: 'store/AMO guest-page fault',
};
const irqNames: Record<number, string> = {
  1: 'supervisor software interrupt', 2: 'virtual supervisor software interrupt',
  3: 'machine software interrupt', 5: 'supervisor timer interrupt',
  6: 'virtual supervisor timer interrupt', 7: 'machine timer interrupt',
  9: 'supervisor external interrupt', 10: 'virtual supervisor external interrupt',
  11: 'machine external interrupt', 12: 'supervisor guest external interrupt',
};

/** Human-readable name of an exception cause or (interrupt=true) interrupt number. */
export function causeName(code: number, interrupt = false): string {
  return (interrupt ? irqNames[code] : causeNames[code]) ?? `${interrupt ? 'interrupt' : 'exception'} ${code}`;
}

/** The one object a hart throws to unwind out of generated code on an exception. */
export class TrapSignal {
  /** Exception cause code (Cause.*). */
  cause = 0;
  /** Trap value (mtval/stval) as a signed 64-bit number. */
  tval = 0;
}
