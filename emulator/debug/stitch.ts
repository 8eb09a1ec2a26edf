/**
 * Call stacks of a hypervisor session (docs/debugging.md "Contexts"): a hart's frames
 * come from the symbols of the context it runs in, and a stop in the hypervisor while
 * it handles a VM exit (from the trap out of the guest until the SRET back into it) is
 * stitched: the hypervisor's frames, a label frame naming the exit, then the guest's
 * frames unwound with the guest's DWARF from the registers captured at the exit, its
 * memory read through both translation stages of that guest.
 */
import type { Hart } from '../hart/hart';
import { Priv } from '../hart/csrNumbers';
import type { EvalScope, FrameAccess } from './model';
import { MAX_FRAMES, stackFrames, unwindFrames, type Frame } from './frames';
import { debugRead, debugWrite, type GuestSpace, type MemorySpace } from './debugMemory';
import type { ContextSet, ExitCapture, VmTracker } from './contexts';
import { readCsrByName, writeCsrByName } from './csrView';

/** Mode label of a hart in a hypervisor session: M, HS, U, VS, VU. */
export function modeLabel(h: Hart): string {
  if (h.virt !== 0) return h.priv === Priv.S ? 'VS' : 'VU';
  return h.priv === Priv.M ? 'M' : h.priv === Priv.S ? 'HS' : 'U';
}

/** The frames of hart h in a hypervisor session (see header). */
export function contextFrames(h: Hart, contexts: ContextSet, tracker: VmTracker, max = MAX_FRAMES): Frame[] {
  const ctx = contexts.of(h);
  const frames = stackFrames(h, ctx.symbols, max, modeLabel(h));
  for (const f of frames) f.context = ctx.name;
  const cap = tracker.captures[h.id];
  if (!cap.valid || h.virt !== 0 || frames.length >= max) return frames;
  const guest = contexts.byVmid(cap.vmid);
  const label = `── VM exit: ${tracker.describe(cap)} ──`;
  const access = capturedAccess(h, cap, `${guest?.name ?? `vmid${cap.vmid}`}:gva:`);
  const top = frames[frames.length - 1];
  frames.push({
    index: frames.length, pc: BigInt.asUintN(64, BigInt(cap.pc)), lookupPc: BigInt.asUintN(64, BigInt(cap.pc)),
    loc: {}, priv: cap.priv === Priv.S ? 'VS' : 'VU', access, scope: top.scope, inlineDepth: 0,
    context: guest?.name ?? `vmid ${cap.vmid}`, label,
  });
  if (guest === undefined) return frames;
  const guestFrames = unwindFrames(h, guest.symbols, access, cap.priv === Priv.S ? 'VS' : 'VU', max - frames.length);
  for (const f of guestFrames) {
    f.index = frames.length;
    f.context = guest.name;
    frames.push(f);
  }
  return frames;
}

/** Registers captured at a VM exit (frame 0 of the guest's stack; read-only) and the
 *  guest's memory through its two stages. */
function capturedAccess(h: Hart, cap: ExitCapture, memoryPrefix: string): FrameAccess {
  const space: GuestSpace = { ...cap.space };
  const xl = Int32Array.from(cap.xl), xh = Int32Array.from(cap.xh);
  const pc = BigInt.asUintN(64, BigInt(cap.pc));
  const sp: MemorySpace = { kind: 'gva', space };
  const access: FrameAccess = {
    readReg: (r) => (r >= 0 && r < 32 ? (BigInt(xh[r] >>> 0) << 32n) | BigInt(xl[r] >>> 0) : undefined),
    writeReg: () => false,
    readMemory: (a, n) => debugRead(h, a, n, sp),
    writeMemory: (a, d) => debugWrite(h, a, d, sp),
    cfa: () => undefined,
    pc: () => pc,
    memoryPrefix,
  };
  return access;
}

/** An evaluation scope for a context that is not the one a frame runs in (expressions
 *  with a `guest2::` prefix): its globals and symbols, its memory through its address
 *  space; registers are not available. */
export function contextScope(h: Hart, symbols: import('./symbols').SymbolTable, sp: MemorySpace, memoryPrefix?: string): EvalScope {
  return {
    memoryPrefix,
    readReg: () => undefined,
    writeReg: () => false,
    readMemory: (a, n) => debugRead(h, a, n, sp),
    writeMemory: (a, d) => debugWrite(h, a, d, sp),
    cfa: () => undefined,
    pc: () => 0n,
    variable(name) {
      for (const f of symbols.files) {
        const g = f.dwarf.globalByName(name);
        if (g !== undefined) { owners.set(g, f); return g; }
      }
      return undefined;
    },
    locate(v) {
      const f = owners.get(v);
      if (f === undefined) return { kind: 'optimizedOut' };
      return f.dwarf.locate(v, undefined, this);
    },
    symbol: (name) => symbols.symbol(name),
    symbolAt: (address) => symbols.symbolText(address),
    type: (name) => symbols.type(name),
    readCsr: (name) => readCsrByName(h, name),
    writeCsr: (name, value) => writeCsrByName(h, name, value),
  };
}
const owners = new WeakMap<object, import('./symbols').SymbolFile>();
