/**
 * Source-level and instruction-level stepping on top of DebugRuntime:
 *  - next (step over): single-step while the pc stays in the current line's address
 *    ranges; a call is run at full speed to its return (temporary breakpoint at the
 *    return address, taken only once the stack pointer is back at the caller's level,
 *    so recursion is handled). Returning to the caller stops there.
 *  - step in: as next, but a call into code with line information stops after the
 *    callee's prologue (DFunction.bodyPc); calls into code without it are stepped over.
 *  - step out: run to the caller's return address with the caller's stack pointer.
 * A trap taken while stepping a line (an interrupt, an ecall to firmware, a page fault
 * the kernel fixes up) is run at full speed until the handler returns to the stepping
 * privilege. A breakpoint reached on the way stops the step (reason 'breakpoint'), as
 * in gdb. Long steps (a line that loops a million times) give the host a turn and
 * can be paused.
 */
import type { Hart } from '../hart/hart';
import type { DebugRuntime, RuntimeEvent } from './runtime';
import { hartPc, readX } from './frames';
import { debugRead } from './debugMemory';
import { readCsrByName } from './csrView';

export type StepKind = 'over' | 'in' | 'out';
export type Granularity = 'line' | 'instruction';

/** Single steps per source step before giving up and stopping where we are. */
const MAX_SINGLE_STEPS = 5_000_000;
const TURN_STEPS = 20_000;

/** Does the instruction at pc link (jal/jalr/c.jalr with rd = ra or t0: a call)?
 *  Returns its length when it does, 0 otherwise. */
export function callLength(h: Hart, pc: bigint): number {
  const b = debugRead(h, pc, 2);
  if (b === undefined) return 0;
  const lo = b[0] | (b[1] << 8);
  if ((lo & 3) !== 3) { // compressed: c.jalr rs1 (1001 rs1 00000 10)
    return (lo & 0xf07f) === 0x9002 && ((lo >> 7) & 31) !== 0 ? 2 : 0;
  }
  const w = debugRead(h, pc, 4);
  if (w === undefined) return 0;
  const insn = (w[0] | (w[1] << 8) | (w[2] << 16) | (w[3] << 24)) >>> 0;
  const op = insn & 0x7f, rd = (insn >> 7) & 31;
  return (op === 0x6f || op === 0x67) && (rd === 1 || rd === 5) ? 4 : 0;
}

export class Stepper {
  constructor(private readonly rt: DebugRuntime) {}

  async step(hartId: number, kind: StepKind, granularity: Granularity): Promise<void> {
    const rt = this.rt;
    if (rt.state !== 'stopped') return;
    rt.begin();
    const ev = await this.run(rt.hart(hartId), kind, granularity);
    rt.report(ev);
  }

  private async run(h: Hart, kind: StepKind, granularity: Granularity): Promise<RuntimeEvent | undefined> {
    if (kind === 'out') return this.stepOut(h);
    const pc = hartPc(h);
    const file = this.rt.symbolsFor(h).fileAt(pc);
    const lineRanges = granularity === 'line' ? file?.dwarf.lineRanges(pc) ?? [] : [];
    if (granularity === 'instruction' || lineRanges.length === 0) {
      if (kind === 'over' && callLength(h, pc) !== 0) return this.overCall(h, pc);
      return this.rt.stepInstruction();
    }
    return this.stepLine(h, kind, lineRanges);
  }

  private async stepLine(h: Hart, kind: StepKind, initial: { lo: bigint; hi: bigint }[]): Promise<RuntimeEvent | undefined> {
    const rt = this.rt;
    let ranges = initial;
    const startSp = readX(h, 2);
    const symbols = rt.symbolsFor(h);
    const inlineDepth = (pc: bigint): number => symbols.fileAt(pc)?.dwarf.inlinedAt(pc).length ?? 0;
    const startInline = inlineDepth(hartPc(h));
    for (let n = 0; n < MAX_SINGLE_STEPS; n++) {
      if (n % TURN_STEPS === TURN_STEPS - 1) {
        await rt.host.yieldToHost();
        if (rt.pauseWanted()) return rt.stopEvent('pause', h);
      }
      const before = hartPc(h);
      const call = callLength(h, before);
      const retired = h.instret, mode = h.mode;
      const ev = rt.stepInstruction();
      if (ev === undefined || ev.type !== 'stopped' || ev.reason !== 'step') return ev;
      let pc = hartPc(h);
      if (h.instret === retired && pc !== before) { // a trap was taken: run its handler at full speed
        const back = await this.runTo(h, trapReturn(h, before), () => h.mode === mode);
        if (back === undefined || back.type !== 'stopped' || back.reason !== 'step') return back;
        pc = hartPc(h);
      }
      if (call !== 0 && pc !== before + BigInt(call)) { // entered a callee
        const callee = symbols.locate(pc);
        if (kind === 'in' && callee.line !== undefined) {
          const body = callee.fn?.bodyPc;
          if (body === undefined || body === pc) return rt.stopEvent('step', h);
          return this.runTo(h, body, () => true);
        }
        const back = await this.runTo(h, before + BigInt(call), spAtLeast(h, readX(h, 2)));
        if (back === undefined || back.type !== 'stopped' || back.reason !== 'step') return back;
        pc = hartPc(h);
      }
      // Reaching a breakpoint while stepping reports it, as gdb does: `next` on a
      // one-line loop with a breakpoint in it stops at the breakpoint again.
      const bp = rt.breakpoints.hit(h, pc);
      if (bp !== undefined) return bp;
      if (inRanges(ranges, pc)) continue;
      if (kind === 'over' && inlineDepth(pc) > startInline) continue; // an inlined call: step over its body
      const f = symbols.fileAt(pc);
      const row = f?.dwarf.lineAt(pc);
      if (row === undefined || f === undefined) {
        // Returned into a caller without line information (crt0, firmware): stop there,
        // like gdb; otherwise (a jump into such code) keep stepping.
        if (readX(h, 2) > startSp) return rt.stopEvent('step', h);
        continue;
      }
      if (f.dwarf.isStatement(pc) || readX(h, 2) > startSp) return rt.stopEvent('step', h);
      ranges = f.dwarf.lineRanges(pc); // middle of another line of this frame: finish it
    }
    return rt.stopEvent('step', h);
  }

  /** Step over the call at pc (instruction granularity). */
  private async overCall(h: Hart, pc: bigint): Promise<RuntimeEvent | undefined> {
    const len = callLength(h, pc);
    const sp = readX(h, 2);
    const ev = this.rt.stepInstruction();
    if (ev === undefined || ev.type !== 'stopped' || ev.reason !== 'step') return ev;
    if (hartPc(h) === pc + BigInt(len)) return ev;
    return this.runTo(h, pc + BigInt(len), spAtLeast(h, sp));
  }

  private async stepOut(h: Hart): Promise<RuntimeEvent | undefined> {
    const frames = this.rt.frames(h.id, 2);
    const inl = frames[0]?.inlined;
    if (inl !== undefined) return this.stepLine(h, 'over', inl.ranges); // leave the inlined body
    if (frames.length < 2) return this.rt.stepInstruction();
    const caller = frames[1];
    const sp = caller.access.readReg(2);
    return this.runTo(h, caller.pc, sp === undefined ? () => true : spAtLeast(h, sp));
  }

  /** Run at full speed until hart h reaches one of `addresses` with `until()` true. */
  private async runTo(h: Hart, addresses: bigint | bigint[], until: () => boolean): Promise<RuntimeEvent | undefined> {
    const rt = this.rt;
    // The stop must happen in the context the step started in (hypervisor sessions: a
    // guest's return address may also be code of another guest or of the hypervisor).
    const ctx = rt.contextOf(h);
    rt.temp = {
      addresses: typeof addresses === 'bigint' ? [addresses] : addresses,
      until: () => rt.hart(h.id) === h && rt.contextOf(h) === ctx && until(),
      context: ctx,
    };
    try {
      return await rt.run();
    } finally {
      rt.temp = null;
    }
  }
}

/** Where a trap handler entered from `pc` returns: the trapped instruction (interrupts,
 *  faults fixed up by the handler) or the next one (ecall, emulated instructions). */
function trapReturn(h: Hart, pc: bigint): bigint[] {
  const epc = readCsrByName(h, h.priv === 3 ? 'mepc' : h.virt !== 0 ? 'vsepc' : 'sepc') ?? pc;
  return [epc, epc + 2n, epc + 4n];
}

function spAtLeast(h: Hart, sp: bigint): () => boolean {
  return () => readX(h, 2) >= sp;
}

function inRanges(ranges: { lo: bigint; hi: bigint }[], pc: bigint): boolean {
  for (const r of ranges) if (pc >= r.lo && pc < r.hi) return true;
  return false;
}
