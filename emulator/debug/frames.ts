/**
 * Call stacks of a stopped hart: frame 0 reads and writes the live hart; older frames
 * are recovered by unwinding with DWARF call-frame information (dwarf/index.ts
 * `unwind`), falling back to the RISC-V frame-pointer convention (s0 = CFA, return
 * address at s0-8, caller's s0 at s0-16; psABI "Frame pointer convention"; a leaf
 * function in frame 0 may save only s0, at s0-8, and keep its return address in ra).
 * Each frame offers a FrameAccess (registers + memory) and an EvalScope for the
 * expression evaluator.
 */
import type { Hart } from '../hart/hart';
import type { DVariable, EvalScope, FrameAccess, ValueLoc, DType } from './model';
import type { SymbolFile, SymbolTable, CodeLocation } from './symbols';
import type { DInlined } from './dwarf/index';
import { debugRead, debugWrite } from './debugMemory';
import { readCsrByName, writeCsrByName } from './csrView';
import { setPc } from './goto';

export const MAX_FRAMES = 64;
const PRIV_NAMES = ['U', 'S', '?', 'M'];

/** Privilege mode for display: M, S, U, or VS/VU with the virtualization bit (H ext.). */
export function privName(h: Hart): string {
  const p = PRIV_NAMES[h.priv] ?? String(h.priv);
  return h.virt !== 0 ? `V${p}` : p;
}

export interface Frame {
  index: number;
  pc: bigint;
  /** Address used for symbol and line look-ups (pc - 1 in caller frames: the return
   *  address may already belong to the next line). */
  lookupPc: bigint;
  loc: CodeLocation;
  /** Privilege mode the frame runs in (M, S, U; VS/VU later). */
  priv: string;
  access: FrameAccess;
  scope: EvalScope;
  /** Inlined-function frames share their machine frame's pc and registers: `inlined`
   *  is the inlined instance this frame shows (undefined for the concrete function),
   *  `inlineDepth` the scope depth for DebugInfo.localsAt. */
  inlined?: DInlined;
  inlineDepth: number;
  /** Context the frame belongs to (hypervisor sessions: 'hypervisor', 'guest1', ...). */
  context?: string;
  /** A label frame (no code): the boundary of a stitched stack, e.g. a VM exit. */
  label?: string;
}

/** Display name of a frame's function: inlined instance, DWARF function or ELF symbol. */
export function frameFunction(f: Frame): string | undefined {
  return f.inlined?.name ?? f.loc.fn?.name ?? f.loc.symbol;
}

/** 64-bit unsigned value of x register i of a hart. */
export function readX(h: Hart, i: number): bigint {
  return (BigInt(h.xh[i] >>> 0) << 32n) | BigInt(h.xl[i] >>> 0);
}

function writeX(h: Hart, i: number, v: bigint): void {
  if (i === 0) return;
  h.xl[i] = Number(BigInt.asIntN(32, v));
  h.xh[i] = Number(BigInt.asIntN(32, v >> 32n));
}

export function hartPc(h: Hart): bigint {
  return BigInt.asUintN(64, BigInt(h.pc));
}

/** FrameAccess over the live registers of a hart. */
export function liveAccess(h: Hart, cfa: () => bigint | undefined): FrameAccess {
  return {
    readReg: (r) => {
      if (r >= 0 && r < 32) return readX(h, r);
      if (r >= 32 && r < 64) return (BigInt(h.f[2 * (r - 32) + 1] >>> 0) << 32n) | BigInt(h.f[2 * (r - 32)] >>> 0);
      return undefined;
    },
    writeReg: (r, v) => {
      if (r >= 0 && r < 32) { writeX(h, r, v); return true; }
      if (r >= 32 && r < 64) {
        h.f[2 * (r - 32)] = Number(BigInt.asIntN(32, v));
        h.f[2 * (r - 32) + 1] = Number(BigInt.asIntN(32, v >> 32n));
        return true;
      }
      return false;
    },
    readMemory: (a, n) => debugRead(h, a, n),
    writeMemory: (a, d) => debugWrite(h, a, d),
    cfa,
    pc: () => hartPc(h),
    writePc: (pc) => setPc(h, pc),
  };
}

/** FrameAccess for a caller frame: registers recovered by unwinding (read-only),
 *  memory through the callee's view. */
function callerAccess(mem: FrameAccess, regs: (bigint | undefined)[], pc: bigint, cfa: () => bigint | undefined): FrameAccess {
  return {
    readReg: (r) => (r === 0 ? 0n : regs[r]),
    writeReg: () => false,
    readMemory: (a, n) => mem.readMemory(a, n),
    writeMemory: (a, d) => mem.writeMemory(a, d),
    cfa,
    pc: () => pc,
    memoryPrefix: mem.memoryPrefix,
  };
}

function readU64(access: FrameAccess, addr: bigint): bigint | undefined {
  const b = access.readMemory(addr, 8);
  if (b === undefined) return undefined;
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

/** Unwind the hart's stack into frames (innermost first). */
export function stackFrames(h: Hart, symbols: SymbolTable, max = MAX_FRAMES, priv = privName(h)): Frame[] {
  const live: FrameAccess = liveAccess(h, () => cfaOf(symbols, hartPc(h), live));
  return unwindFrames(h, symbols, live, priv, max);
}

/**
 * Unwind from the registers and memory of `start` (frame 0): the live hart, or a
 * guest's state captured at a VM exit (its registers, its memory through both
 * translation stages). Caller frames read memory through the same view.
 */
export function unwindFrames(h: Hart, symbols: SymbolTable, start: FrameAccess, priv: string, max = MAX_FRAMES): Frame[] {
  const frames: Frame[] = [];
  let pc = start.pc();
  let lookupPc = pc;
  let access = start;
  for (let i = 0; i < max && frames.length < max; i++) {
    pushFrames(frames, h, symbols, pc, lookupPc, access, priv);
    const caller = unwindOne(symbols, lookupPc, access, i === 0);
    if (caller === undefined) break;
    const { regs, cfa } = caller;
    const ra = regs[1];
    if (ra === undefined || ra === 0n || ra === pc && cfa === access.readReg(2)) break;
    if (symbols.symbolAt(ra - 1n) === undefined && symbols.fileAt(ra - 1n) === undefined) break;
    pc = ra;
    lookupPc = ra - 1n;
    const callerPc = lookupPc;
    const mem = access;
    const acc: FrameAccess = callerAccess(mem, regs, pc, () => cfaOf(symbols, callerPc, acc));
    access = acc;
  }
  return frames;
}

/** The frames of one machine frame: its inlined instances (innermost first, each at
 *  the line of the next one's call site), then the concrete function. */
function pushFrames(frames: Frame[], h: Hart, symbols: SymbolTable, pc: bigint, lookupPc: bigint,
  access: FrameAccess, priv: string): void {
  const loc = symbols.locate(lookupPc);
  const chain = loc.file?.dwarf.inlinedAt(lookupPc) ?? [];
  for (let depth = 0; depth <= chain.length; depth++) {
    const at: CodeLocation = depth === 0 ? loc : { ...loc, source: chain[depth - 1].callFile ?? loc.source,
      line: chain[depth - 1].callLine ?? loc.line, column: chain[depth - 1].callColumn ?? 0 };
    frames.push({
      index: frames.length, pc, lookupPc, loc: at, priv, access, inlined: chain[depth], inlineDepth: depth,
      scope: makeScope(symbols, at, access, lookupPc, depth, h),
    });
  }
}

/** Could v be a return address (just after a call in known code)? */
function isCode(symbols: SymbolTable, v: bigint | undefined): boolean {
  return v !== undefined && v !== 0n && symbols.isCode(v - 1n);
}

/** Registers preserved across calls (psABI): ra as the return column, sp, s0-s11, fs0-fs11. */
function preserved(r: number): boolean {
  return r === 1 || r === 2 || r === 8 || r === 9 || (r >= 18 && r <= 27) || r === 40 || r === 41 || (r >= 50 && r <= 59);
}

/** CFA of the frame executing at pc (DW_OP_call_frame_cfa); without CFI, the frame
 *  pointer (s0 = CFA once the prologue has run). */
function cfaOf(symbols: SymbolTable, pc: bigint, access: FrameAccess): bigint | undefined {
  const f = symbols.fileAt(pc);
  return f?.dwarf.unwind(pc, access)?.cfa ?? access.readReg(8);
}

/** Registers of the caller of the frame at pc: CFI first, then the frame pointer. */
function unwindOne(symbols: SymbolTable, pc: bigint, access: FrameAccess, isLive: boolean): { regs: (bigint | undefined)[]; cfa: bigint } | undefined {
  const regs: (bigint | undefined)[] = new Array<bigint | undefined>(64).fill(undefined);
  for (const f of symbols.files) {
    const u = f.dwarf.unwind(pc, access);
    if (u === undefined) continue;
    // Registers without a CFI rule keep their value when the ABI preserves them across
    // calls (sp, s0-s11, fs0-fs11), and so does ra, the return-address column, in leaf
    // functions that never save it (gcc leaves the rule unspecified: "same value").
    for (let r = 0; r < 64; r++) regs[r] = u.callerReg(r) ?? (preserved(r) ? access.readReg(r) : undefined);
    regs[0] = 0n;
    regs[2] = u.cfa;
    return { regs, cfa: u.cfa };
  }
  return framePointerUnwind(symbols, access, isLive, regs) ?? (isLive ? leafUnwind(symbols, pc, access, regs) : undefined);
}

/** The frame-pointer convention (s0 = CFA, ra at s0-8, caller's s0 at s0-16). */
function framePointerUnwind(symbols: SymbolTable, access: FrameAccess, isLive: boolean, regs: (bigint | undefined)[]): { regs: (bigint | undefined)[]; cfa: bigint } | undefined {
  const fp = access.readReg(8);
  if (fp === undefined || fp === 0n || (fp & 7n) !== 0n) return undefined;
  const sp = access.readReg(2);
  if (sp !== undefined && fp <= sp) return undefined; // the stack grows down: the caller's frame is above
  const m8 = readU64(access, fp - 8n);
  const m16 = readU64(access, fp - 16n);
  let ra: bigint | undefined, savedFp: bigint | undefined;
  if (m8 !== undefined && isCode(symbols, m8)) { ra = m8; savedFp = m16; } // ra at fp-8, s0 at fp-16
  else if (isLive && isCode(symbols, access.readReg(1))) { ra = access.readReg(1); savedFp = m8; } // leaf: only s0 saved
  if (ra === undefined || savedFp === undefined) return undefined;
  regs[0] = 0n; regs[1] = ra; regs[2] = fp; regs[8] = savedFp;
  return { regs, cfa: fp };
}

/** Hand-written code with neither CFI nor a frame pointer (assembly leaf routines): the
 *  innermost frame returns to ra with sp and the saved registers unchanged. */
function leafUnwind(symbols: SymbolTable, pc: bigint, access: FrameAccess, regs: (bigint | undefined)[]): { regs: (bigint | undefined)[]; cfa: bigint } | undefined {
  const ra = access.readReg(1), sp = access.readReg(2);
  if (ra === undefined || sp === undefined || !isCode(symbols, ra)) return undefined;
  // A leaf never returns into itself: ra inside the same routine is stale (a call made earlier).
  const here = symbols.symbolAt(pc), there = symbols.symbolAt(ra - 1n);
  if (here !== undefined && here === there) return undefined;
  for (let r = 0; r < 64; r++) regs[r] = preserved(r) ? access.readReg(r) : undefined;
  regs[0] = 0n; regs[1] = ra;
  return { regs, cfa: sp };
}

/** The expression evaluator's view of one frame. */
function makeScope(symbols: SymbolTable, loc: CodeLocation, access: FrameAccess, lookupPc: bigint, depth: number, h: Hart): EvalScope {
  const owner = new Map<DVariable, SymbolFile>();
  let locals: DVariable[] | undefined;
  return {
    ...access,
    variable(name: string): DVariable | undefined {
      if (loc.file !== undefined) {
        const list = (locals ??= loc.file.dwarf.localsAt(lookupPc, depth));
        const v = list.find((x) => x.name === name);
        if (v !== undefined) { owner.set(v, loc.file); return v; }
      }
      for (const f of symbols.files) {
        const g = f.dwarf.globalByName(name);
        if (g !== undefined) { owner.set(g, f); return g; }
      }
      return undefined;
    },
    locate(v: DVariable): ValueLoc {
      const f = owner.get(v) ?? loc.file;
      if (f === undefined) return { kind: 'optimizedOut' };
      return f.dwarf.locate(v, f === loc.file ? loc.fn : undefined, access);
    },
    symbol: (name) => symbols.symbol(name),
    symbolAt: (address) => symbols.symbolText(address),
    type: (name): DType | undefined => symbols.type(name),
    readCsr: (name) => readCsrByName(h, name),
    writeCsr: (name, value) => writeCsrByName(h, name, value),
  };
}
