/**
 * The `hyperstep.*` settings (package.json `contributes.configuration`, title HyperStep)
 * and the "HyperStep" output channel (a LogOutputChannel: its level follows
 * "Developer: Set Log Level…" / the channel's gear). Settings fill launch configurations
 * through launchConfig.ts withDefaults; every part of the extension may log through
 * `logger()`.
 */
import * as vscode from 'vscode';
import type { LaunchDefaults } from './launchConfig';

export const SETTINGS_SECTION = 'hyperstep';

let channel: vscode.LogOutputChannel | undefined;

/** The shared "HyperStep" output channel (created on first use). */
export function logger(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('HyperStep', { log: true });
  return channel;
}

export function disposeLogger(): void {
  channel?.dispose();
  channel = undefined;
}

/** The launch defaults of the settings, for `folder`'s scope when given. */
export function readLaunchDefaults(folder?: vscode.WorkspaceFolder): LaunchDefaults {
  const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder?.uri);
  const out: LaunchDefaults = {};
  const machine = cfg.get<string>('defaultMachine');
  if (machine === 'virt' || machine === 'spike') out.machine = machine;
  const memory = cfg.get<string | number>('defaultMemory');
  if ((typeof memory === 'string' && memory.trim() !== '') || typeof memory === 'number') out.memory = memory;
  const harts = cfg.get<number>('defaultHarts');
  if (typeof harts === 'number' && Number.isInteger(harts) && harts >= 1 && harts <= 8) out.harts = harts;
  const uart = cfg.get<boolean>('uartTerminal');
  if (typeof uart === 'boolean') out.uartTerminal = uart;
  const fmt = cfg.get<string>('numberFormat');
  if (fmt === 'hex' || fmt === 'decimal') out.numberFormat = fmt;
  return out;
}

/** Whether the status bar item is wanted (`hyperstep.statusBar`). */
export function statusBarEnabled(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('statusBar') !== false;
}
