/**
 * The Debug Console of the DAP session: gdb-style commands typed in the console
 * (`x/8xw $sp`, `p/x mstatus`, `info registers`; emulator/debug/console.ts) and
 * completion of what is being typed (emulator/debug/completions.ts). This module only
 * gathers what they need from the runtime: the selected frame, symbol names, the
 * breakpoint list.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugRuntime } from '../emulator/debug/runtime';
import type { Frame } from '../emulator/debug/frames';
import type { Hart } from '../emulator/hart/hart';
import { ConsoleState, isConsoleCommand, runConsoleCommand } from '../emulator/debug/console';
import { complete } from '../emulator/debug/completions';
import { CSR_GROUPS } from '../emulator/debug/csrView';
import { hex } from './variables';
import { scopeForExpression } from './hypervisor';

const STT_OBJECT = 1;
const STT_FUNC = 2;

/** Characters after which VS Code asks for completions without Ctrl+Space. */
export const COMPLETION_TRIGGERS = ['.', '/', '$'];

const CSR_NAMES = CSR_GROUPS.flatMap((g) => g.csrs);

export class DebugConsole {
  private readonly state = new ConsoleState();

  /** Output of a console command, or undefined when `text` is an expression. Throws on errors. */
  run(rt: DebugRuntime, h: Hart, frame: Frame, text: string): string | undefined {
    if (!isConsoleCommand(text, frame.scope)) return undefined;
    const symbols = rt.symbolsFor(h);
    return runConsoleCommand(text, {
      scope: frame.scope,
      pc: BigInt.asUintN(64, BigInt(h.pc)),
      symbolText: (a) => symbols.symbolText(a),
      breakpoints: () => breakpointLines(rt),
      scopeFor: (expr) => scopeForExpression(rt, h, frame, expr),
    }, this.state);
  }

  /** Completion items for `text` with the cursor at 0-based offset `cursor`. */
  completions(rt: DebugRuntime, h: Hart, frame: Frame, text: string, cursor: number): DebugProtocol.CompletionItem[] {
    const symbols = rt.symbolsFor(h);
    const elfNames = (type: number): string[] => symbols.files.flatMap((f) =>
      f.image.symbols.filter((s) => s.type === type && /^[A-Za-z_]\w*$/.test(s.name)).map((s) => s.name)).sort();
    const items = complete(text, cursor, {
      scope: frame.scope,
      locals: () => frame.loc.file?.dwarf.localsAt(frame.lookupPc, frame.inlineDepth).map((v) => v.name) ?? [],
      globals: () => [...symbols.files.flatMap((f) => f.dwarf.globals().map((v) => v.name)).sort(), ...elfNames(STT_OBJECT)],
      functions: () => elfNames(STT_FUNC),
      csrs: () => CSR_NAMES,
    });
    return items.map((c) => ({ label: c.label, type: c.type, detail: c.detail, length: c.length }));
  }
}

/** `info breakpoints` lines: number, kind, first address, hits, where. */
function breakpointLines(rt: DebugRuntime): string[] {
  return rt.breakpoints.all().map((b) => {
    const where = b.kind === 'source' ? `${b.hostPath ?? b.source ?? '?'}:${b.line ?? '?'}`
      : b.kind === 'function' ? b.name ?? '?' : b.addresses[0] !== undefined ? hex(b.addresses[0]) : '?';
    const addr = b.addresses[0] !== undefined ? hex(b.addresses[0]) + (b.addresses.length > 1 ? ` (+${b.addresses.length - 1})` : '') : '<pending>';
    const cond = b.opts.condition !== undefined ? ` if ${b.opts.condition}` : '';
    const note = b.verified ? '' : `  (${b.message ?? 'not verified'})`;
    return `${String(b.id).padEnd(5)}${b.kind.padEnd(13)}${addr.padEnd(20)}${String(b.hits).padEnd(6)}${where}${cond}${note}`;
  });
}
