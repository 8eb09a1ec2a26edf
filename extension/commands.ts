/**
 * The workbench commands (palette category "HyperStep", and the Machines view's inline
 * and context-menu actions): start a launch configuration, pause, continue, restart and
 * stop a session, open its UART terminal, "Debug ELF…" (pick an ELF and debug it),
 * "Assemble File" (the active .s/.S/.asm through the built-in assembler into FILE.elf
 * beside it, errors in a message and in the Problems panel), show the Machines view and
 * the log. Session commands act on the tree row they were invoked on, else on the
 * status bar's session (the active HyperStep session, else the newest live one).
 */
import * as vscode from 'vscode';
import { writeFileSync } from 'fs';
import { basename, dirname, extname, join } from 'path';
import { assemble, formatDiagnostic } from '../emulator/asm/index';
import { DEBUG_TYPE, isAssemblyFile, withDefaults } from './launchConfig';
import type { ConfigEntry, MachineNode } from './machinesModel';
import { MACHINES_VIEW, type MachinesView } from './machinesView';
import { uartTerminalName } from './uartTerminal';
import { logger, readLaunchDefaults } from './settings';

export const COMMANDS = {
  start: 'hyperstep.start',
  pause: 'hyperstep.pause',
  continue: 'hyperstep.continue',
  restart: 'hyperstep.restart',
  stop: 'hyperstep.stop',
  openUart: 'hyperstep.openUart',
  debugElf: 'hyperstep.debugElf',
  /** The Explorer's "Debug with HyperStep" on an ELF or assembly file (the same action). */
  debugWith: 'hyperstep.debugWithHyperStep',
  assembleFile: 'hyperstep.assembleFile',
  showMachines: 'hyperstep.showMachines',
  showLog: 'hyperstep.showLog',
  refresh: 'hyperstep.refreshMachines',
  clearEnded: 'hyperstep.clearEndedSessions',
} as const;

/** The ELF file an assembly source assembles to: hello.s → hello.elf. */
export function elfPathFor(source: string): string {
  return join(dirname(source), basename(source, extname(source)) + '.elf');
}

function isNode(x: unknown): x is MachineNode {
  return typeof x === 'object' && x !== null && 'kind' in x && 'id' in x;
}

export function registerCommands(machines: MachinesView): vscode.Disposable[] {
  const problems = vscode.languages.createDiagnosticCollection('hyperstep-assembler');
  const log = logger();

  /** The session a command applies to. */
  const target = (arg: unknown): vscode.DebugSession | undefined => {
    if (isNode(arg) && arg.sessionId !== undefined) return machines.session(arg.sessionId);
    const s = arg as vscode.DebugSession | undefined;
    if (s !== undefined && typeof (s as { customRequest?: unknown }).customRequest === 'function' && s.type === DEBUG_TYPE) return s;
    return machines.current()?.session;
  };
  const needSession = (arg: unknown, what: string): vscode.DebugSession | undefined => {
    const s = target(arg);
    if (s === undefined) void vscode.window.showInformationMessage(`HyperStep: no running HyperStep session to ${what}.`);
    return s;
  };
  const isActive = (s: vscode.DebugSession) => vscode.debug.activeDebugSession?.id === s.id;

  const start = async (arg?: unknown): Promise<void> => {
    let config: ConfigEntry | undefined = isNode(arg) ? arg.config : undefined;
    if (config === undefined) {
      const all = machines.configurations();
      if (all.length === 0) {
        const pick = await vscode.window.showInformationMessage(
          'HyperStep: the workspace has no HyperStep launch configuration.', 'Debug ELF…', 'Add Configuration…');
        if (pick === 'Debug ELF…') await vscode.commands.executeCommand(COMMANDS.debugElf);
        else if (pick !== undefined) await vscode.commands.executeCommand('debug.addConfiguration');
        return;
      }
      const chosen = all.length === 1 ? { c: all[0] } : await vscode.window.showQuickPick(
        all.map((c) => ({ label: c.name, description: [c.program, c.folder].filter(Boolean).join(' · '), c })),
        { title: 'HyperStep: Start', placeHolder: 'Launch configuration to start' });
      if (chosen === undefined) return;
      config = chosen.c;
    }
    const folder = config.folderIndex !== undefined ? vscode.workspace.workspaceFolders?.[config.folderIndex] : undefined;
    log.info(`starting "${config.name}"${folder ? ` in ${folder.name}` : ''}`);
    const ok = await vscode.debug.startDebugging(folder, config.name);
    if (!ok) log.warn(`"${config.name}" did not start`);
  };

  const pause = async (arg?: unknown): Promise<void> => {
    const s = needSession(arg, 'pause');
    if (s === undefined) return;
    log.info(`pause "${s.name}"`);
    if (isActive(s)) await vscode.commands.executeCommand('workbench.action.debug.pause');
    else await s.customRequest('pause', { threadId: 1 });
  };

  const cont = async (arg?: unknown): Promise<void> => {
    const s = needSession(arg, 'continue');
    if (s === undefined) return;
    log.info(`continue "${s.name}"`);
    if (isActive(s)) await vscode.commands.executeCommand('workbench.action.debug.continue');
    else await s.customRequest('continue', { threadId: 1 });
  };

  const restart = async (arg?: unknown): Promise<void> => {
    const s = needSession(arg, 'restart');
    if (s === undefined) return;
    log.info(`restart "${s.name}"`);
    if (isActive(s)) { await vscode.commands.executeCommand('workbench.action.debug.restart'); return; }
    await vscode.debug.stopDebugging(s);
    await vscode.debug.startDebugging(s.workspaceFolder, s.configuration);
  };

  const stop = async (arg?: unknown): Promise<void> => {
    const s = needSession(arg, 'stop');
    if (s === undefined) return;
    log.info(`stop "${s.name}"`);
    await vscode.debug.stopDebugging(s);
  };

  const openUart = async (arg?: unknown): Promise<void> => {
    const s = target(arg);
    const name = s !== undefined ? uartTerminalName(s) : undefined;
    const term = vscode.window.terminals.find((t) => (name !== undefined ? t.name === name : t.name.startsWith('HyperStep UART')));
    if (term !== undefined) { term.show(); return; }
    if (s !== undefined && s.configuration.uartTerminal !== true) {
      void vscode.window.showInformationMessage(`HyperStep: "${s.name}" sends its UART output to the Debug Console ("uartTerminal": false).`);
      await vscode.commands.executeCommand('workbench.debug.action.toggleRepl');
      return;
    }
    void vscode.window.showInformationMessage('HyperStep: no UART terminal is open (start a HyperStep session first).');
  };

  const debugElf = async (arg?: unknown): Promise<void> => {
    let uri = arg instanceof vscode.Uri ? arg : undefined;
    if (uri === undefined) {
      const picked = await vscode.window.showOpenDialog({
        title: 'HyperStep: Debug ELF', openLabel: 'Debug', canSelectMany: false,
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        filters: { 'RISC-V programs': ['elf', 's', 'S', 'asm'], 'All files': ['*'] },
      });
      uri = picked?.[0];
    }
    if (uri === undefined) return;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const config = withDefaults({ name: `HyperStep: ${basename(uri.fsPath)}`, program: uri.fsPath, stopOnEntry: true }, readLaunchDefaults(folder));
    log.info(`Debug ELF: ${uri.fsPath}`);
    await vscode.debug.startDebugging(folder, config as vscode.DebugConfiguration);
  };

  const assembleFile = async (arg?: unknown): Promise<void> => {
    const doc = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : vscode.window.activeTextEditor?.document;
    if (doc === undefined || doc.uri.scheme !== 'file' || !isAssemblyFile(doc.uri.fsPath)) {
      void vscode.window.showErrorMessage('HyperStep: Assemble File works on a RISC-V assembly file (.s, .S or .asm): open one first.');
      return;
    }
    const path = doc.uri.fsPath;
    const out = elfPathFor(path);
    const r = assemble(doc.getText(), { file: path, compDir: dirname(path) });
    problems.set(doc.uri, r.diagnostics.map((d) => {
      const range = new vscode.Range(d.line - 1, Math.max(0, d.column - 1), d.line - 1, Math.max(d.column, d.endColumn - 1));
      const diag = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diag.source = 'HyperStep assembler';
      return diag;
    }));
    for (const d of r.diagnostics) log.info(formatDiagnostic(d));
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (!r.ok || r.elf === undefined) {
      const first = errors[0];
      const where = first ? `${basename(path)}:${first.line}:${first.column}: ${first.message}` : 'the program could not be assembled';
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more in the Problems panel)` : '';
      log.error(`assembling ${path} failed: ${errors.length} error(s)`);
      const pick = await vscode.window.showErrorMessage(`HyperStep: ${where}${more}`, 'Show Problems');
      if (pick !== undefined) await vscode.commands.executeCommand('workbench.actions.view.problems');
      return;
    }
    try {
      writeFileSync(out, r.elf);
    } catch (e) {
      void vscode.window.showErrorMessage(`HyperStep: cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const warn = r.diagnostics.length > 0 ? ` with ${r.diagnostics.length} warning${r.diagnostics.length > 1 ? 's' : ''}` : '';
    log.info(`assembled ${path} → ${out} (${r.elf.length} bytes)${warn}`);
    const pick = await vscode.window.showInformationMessage(`HyperStep: assembled ${basename(path)} → ${basename(out)}${warn}.`, 'Debug It');
    if (pick !== undefined) await debugElf(vscode.Uri.file(out));
  };

  return [
    problems,
    vscode.workspace.onDidChangeTextDocument((e) => { if (problems.has(e.document.uri)) problems.delete(e.document.uri); }),
    vscode.commands.registerCommand(COMMANDS.start, start),
    vscode.commands.registerCommand(COMMANDS.pause, pause),
    vscode.commands.registerCommand(COMMANDS.continue, cont),
    vscode.commands.registerCommand(COMMANDS.restart, restart),
    vscode.commands.registerCommand(COMMANDS.stop, stop),
    vscode.commands.registerCommand(COMMANDS.openUart, openUart),
    vscode.commands.registerCommand(COMMANDS.debugElf, debugElf),
    vscode.commands.registerCommand(COMMANDS.debugWith, debugElf),
    vscode.commands.registerCommand(COMMANDS.assembleFile, assembleFile),
    vscode.commands.registerCommand(COMMANDS.showMachines, () => vscode.commands.executeCommand(`${MACHINES_VIEW}.focus`)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show(true)),
    vscode.commands.registerCommand(COMMANDS.refresh, () => machines.reload()),
    vscode.commands.registerCommand(COMMANDS.clearEnded, () => machines.clearEnded()),
  ];
}
