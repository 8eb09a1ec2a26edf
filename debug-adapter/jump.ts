/**
 * "Jump to Cursor" for the DAP session (gotoTargets / goto) and pc changes made from
 * the Variables view or the console. The addresses come from emulator/debug/goto.ts;
 * this module numbers the targets of the last gotoTargets request and labels them.
 * A pc change is announced with a `stopped` event of reason 'goto' (DAP: "the
 * execution of the thread was moved by a goto"), so the editor shows the new line.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugRuntime } from '../emulator/debug/runtime';
import { gotoTargets, setPc } from '../emulator/debug/goto';
import { hex } from './variables';

export class JumpTargets {
  /** Addresses of the targets of the last gotoTargets request, by id - 1. */
  private addresses: bigint[] = [];

  /** Targets for a source line (debugger lines), labelled `line N: function at 0x…`. */
  targets(rt: DebugRuntime, hartId: number, path: string, line: number, toClientLine: (l: number) => number): DebugProtocol.GotoTarget[] {
    const h = rt.hart(hartId);
    const found = gotoTargets(rt.symbolsFor(h), h, path, line);
    this.addresses = found.map((t) => t.address);
    return found.map((t, i) => ({
      id: i + 1,
      label: `line ${toClientLine(t.line)}${t.fn !== undefined ? ` in ${t.fn}` : ''} at ${hex(t.address)}`,
      line: toClientLine(t.line),
      instructionPointerReference: hex(t.address),
    }));
  }

  /** Move hart `hartId` to target `id`; throws an Error with a message when it cannot. */
  jump(rt: DebugRuntime, hartId: number, id: number): void {
    const address = this.addresses[id - 1];
    if (address === undefined) throw new Error(`no jump target ${id} (ask for the line's targets again)`);
    setPc(rt.hart(hartId), address);
  }
}

/** The pc of each hart, to see whether a Set Value or an evaluation moved one. */
export function pcsOf(rt: DebugRuntime): bigint[] {
  return rt.harts.map((h) => BigInt.asUintN(64, BigInt(h.pc)));
}
