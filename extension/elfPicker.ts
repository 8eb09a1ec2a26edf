/**
 * The ELFs of the workspace, for a first F5 without a launch.json: the ELF built from the
 * active C source (elfForSource.ts reads their DWARF; a quick pick when several match, a
 * message with "Debug ELF…" and "Add Configuration…" when none does), and the launch
 * configurations offered by "create a launch.json" and the Run view's drop-down (one per
 * ELF found, the a.out template only when there is none).
 */
import * as vscode from 'vscode';
import { readdirSync } from 'fs';
import { basename, dirname, join, relative } from 'path';
import { DEBUG_TYPE, type LaunchConfig } from './launchConfig';
import { ElfSourceIndex, MAX_ELF_FILES, type ElfMatch } from './elfForSource';
import { logger } from './settings';

const ELF_GLOB = '**/*.elf';
const EXCLUDE = '**/node_modules/**';
/** "create a launch.json" writes at most this many configurations. */
const MAX_INITIAL = 20;

/** The configuration written when the workspace has no ELF (the former package.json template). */
export const TEMPLATE_CONFIGURATION: LaunchConfig = {
  type: DEBUG_TYPE,
  request: 'launch',
  name: 'HyperStep: debug ELF',
  program: '${workspaceFolder}/a.out',
  machine: 'virt',
  memory: '128M',
  stopOnEntry: true,
};

/** The `.elf` files of `folder` (or of every workspace folder), at most MAX_ELF_FILES. */
export async function workspaceElfs(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.Uri[]> {
  if (folder === undefined && (vscode.workspace.workspaceFolders ?? []).length === 0) return [];
  const include = folder !== undefined ? new vscode.RelativePattern(folder, ELF_GLOB) : ELF_GLOB;
  return vscode.workspace.findFiles(include, EXCLUDE, MAX_ELF_FILES);
}

/** `${workspaceFolder}/rel/path.elf` inside `folder`, else the absolute path. */
function programPath(uri: vscode.Uri, folder: vscode.WorkspaceFolder | undefined): string {
  if (folder === undefined || uri.scheme !== 'file') return uri.fsPath;
  const rel = relative(folder.uri.fsPath, uri.fsPath);
  if (rel === '' || rel.startsWith('..')) return uri.fsPath;
  return '${workspaceFolder}/' + rel.split('\\').join('/');
}

/** One launch configuration per ELF of `folder`, sorted by path (at most `limit`), running to the breakpoints. */
export async function elfConfigurations(folder: vscode.WorkspaceFolder | undefined, limit: number): Promise<LaunchConfig[]> {
  const elfs = (await workspaceElfs(folder)).filter((u) => u.scheme === 'file');
  const named = elfs.map((uri) => ({ uri, rel: vscode.workspace.asRelativePath(uri, false) }))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0)).slice(0, limit);
  return named.map(({ uri, rel }) => ({
    type: DEBUG_TYPE,
    request: 'launch',
    name: `HyperStep: ${rel}`,
    program: programPath(uri, folder ?? vscode.workspace.getWorkspaceFolder(uri)),
    machine: 'virt',
    memory: '128M',
    // Run to the breakpoints: stopping at the entry point lands in startup code whose
    // source is often not there (crt0.S), which is not where a first session should begin.
    stopOnEntry: false,
  }));
}

/** "create a launch.json": the workspace's ELFs, else the template. */
export async function initialConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<LaunchConfig[]> {
  const found = await elfConfigurations(folder, MAX_INITIAL);
  return found.length > 0 ? found : [TEMPLATE_CONFIGURATION];
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 90) return 'modified just now';
  const m = Math.round(s / 60);
  if (m < 90) return `modified ${m} min ago`;
  const h = Math.round(m / 60);
  return h < 36 ? `modified ${h} h ago` : `modified ${new Date(ms).toISOString().slice(0, 10)}`;
}

/**
 * F5 in a C source: the ELF built from it. Resolves to a configuration debugging that ELF
 * (stopping only at breakpoints), or undefined when there is none or the user cancelled
 * (a message was shown).
 */
export class SourceElfFinder {
  private readonly index = new ElfSourceIndex();

  async configFor(source: string, folder: vscode.WorkspaceFolder | undefined): Promise<LaunchConfig | undefined> {
    const name = basename(source);
    const log = logger();
    let elfs: string[];
    if (folder !== undefined || (vscode.workspace.workspaceFolders ?? []).length > 0) {
      elfs = (await workspaceElfs(folder)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
    } else {
      elfs = elfsBeside(source); // no folder open: the source's directory
    }
    const matches = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `HyperStep: finding the ELF built from ${name}` },
      () => this.index.find(source, elfs, folder?.uri.fsPath));
    log.info(`F5 in ${source}: ${elfs.length} ELF file(s) searched, ${matches.length} built from it` +
      (matches.length > 0 ? ` (${matches.map((m) => basename(m.elf)).join(', ')}${matches[0].exact ? '' : ', by file name only'})` : ''));
    if (matches.length === 0) {
      void this.nothingFound(name, elfs.length);
      return undefined;
    }
    const chosen = matches.length === 1 && matches[0].exact ? matches[0] : await this.pick(name, matches);
    if (chosen === undefined) return undefined;
    return {
      type: DEBUG_TYPE,
      request: 'launch',
      name: `HyperStep: ${basename(chosen.elf)}`,
      program: chosen.elf,
      stopOnEntry: false,
    };
  }

  private async pick(name: string, matches: ElfMatch[]): Promise<ElfMatch | undefined> {
    const items = matches.map((m) => ({
      label: vscode.workspace.asRelativePath(m.elf, true),
      description: ago(m.mtimeMs),
      detail: m.exact ? `built from ${m.dwarfPath}` : `names ${m.dwarfPath}, which may not be this ${name}`,
      m,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: `HyperStep: ${matches.length > 1 ? 'several ELFs were' : 'an ELF was'} built from ${name}`,
      placeHolder: 'The ELF to debug (most recently modified first)',
      matchOnDescription: true,
    });
    return picked?.m;
  }

  private async nothingFound(name: string, searched: number): Promise<void> {
    const what = searched === 0 ? 'no .elf file found' : `${searched} .elf file${searched > 1 ? 's' : ''} searched`;
    const pick = await vscode.window.showWarningMessage(
      `HyperStep: no ELF in the workspace was built from ${name} with -g (${what}). Build it, or choose the program.`,
      'Debug ELF…', 'Add Configuration…');
    if (pick === 'Debug ELF…') await vscode.commands.executeCommand('hyperstep.debugElf');
    else if (pick === 'Add Configuration…') await vscode.commands.executeCommand('debug.addConfiguration');
  }
}

/** `.elf` files in the source's directory and its `build` subdirectory (no folder open). */
function elfsBeside(source: string): string[] {
  const out: string[] = [];
  for (const d of [dirname(source), join(dirname(source), 'build')]) {
    try {
      for (const e of readdirSync(d)) if (e.endsWith('.elf')) out.push(join(d, e));
    } catch { /* no such directory */ }
  }
  return out;
}
