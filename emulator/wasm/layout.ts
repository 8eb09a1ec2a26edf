/**
 * Layout of the machine state that compiled WebAssembly code touches, all in one
 * WebAssembly.Memory per bus (docs/architecture.md, "Tiers"):
 *
 *   [0, HART_SLOTS * SLOT)   one slot per hart: integer registers (low words, high
 *                            words: the Int32Array views Hart.xl / Hart.xh), the exit
 *                            pc, a scratch word for slow-path values, the chain words,
 *                            the software TLB arrays Hart.tlbVpn / Hart.tlbOff
 *                            (Float64Array views) and the virtual-pc block cache
 *   [RAM_OFF, RAM_OFF + ramSize)  guest RAM (Bus.ram is a Uint8Array view)
 *
 * The memory is allocated once at full size and never grows, so the views never
 * detach. When it cannot be allocated (RAM too large for a 32-bit wasm memory, or the
 * host refuses), the bus falls back to plain arrays and the wasm tier stays off.
 */

/** Harts whose state lives in wasm memory (later harts use plain arrays, JS tiers only). */
export const HART_SLOTS = 8;
/** Offsets inside a hart slot. */
export const XL_OFF = 0;
export const XH_OFF = 136;
export const PC_OFF = 272;
export const SCR_OFF = 280;
/** Chained runs (codegen.ts `chain`): stop flag (i32, set by slow paths when the JS side
 *  needs the run loop), table slot of the function running, instructions retired by the
 *  functions before it in the chain. */
export const STOP_OFF = 296;
export const CUR_OFF = 300;
export const CHN_OFF = 304;
/** TLB_CONTEXTS * 3 * TLB_SIZE of mmu.ts (a literal: mmu.ts imports the bus, which imports
 *  this file; test/wasm/emitter.test.ts checks they agree). */
export const TLB_ENTRIES = 12 * 3 * 2048;
export const TLBV_OFF = 1024;
export const TLBO_OFF = TLBV_OFF + TLB_ENTRIES * 8;
/** The hart's virtual-pc block cache (engine.ts VC_SIZE entries): pc tags and code
 *  epochs (Float64Array views Hart.vcTag / vcEp) and the table slot of the entry's wasm
 *  function or -1 (Int32Array Hart.vcSlot), so chained wasm runs look it up too. */
export const VC_ENTRIES = 4096;
export const VCT_OFF = TLBO_OFF + TLB_ENTRIES * 8;
export const VCE_OFF = VCT_OFF + VC_ENTRIES * 8;
export const VCS_OFF = VCE_OFF + VC_ENTRIES * 8;
export const SLOT = Math.ceil((VCS_OFF + VC_ENTRIES * 4) / 65536) * 65536;
/** Offset of guest RAM in the memory. */
export const RAM_OFF = HART_SLOTS * SLOT;

/** The memory of one bus, or null (plain arrays). */
export interface WasmState {
  memory: WebAssembly.Memory;
  buffer: ArrayBuffer;
  /** Next free hart slot. */
  nextSlot: number;
}

/** Allocate the memory for a bus with ramSize bytes of RAM; null if impossible. */
export function allocWasmState(ramSize: number): WasmState | null {
  const pages = Math.ceil((RAM_OFF + ramSize) / 65536);
  if (pages > 65536) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    return { memory, buffer: memory.buffer, nextSlot: 0 };
  } catch {
    return null;
  }
}

/** Byte offset of a new hart's slot, or -1 when none is left. */
export function allocHartSlot(w: WasmState | null): number {
  if (w === null || w.nextSlot >= HART_SLOTS) return -1;
  return SLOT * w.nextSlot++;
}
