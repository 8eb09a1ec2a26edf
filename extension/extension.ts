/**
 * VS Code extension entry point (bundled to dist/extension.js). Registers the `hyperstep`
 * debug type: a configuration provider (defaults, validation, Workspace Trust check), an
 * inline debug adapter running HyperStepSession inside the extension host, and the UART
 * terminals (uartTerminal.ts), the "HyperStep: Translate Address" command and its view
 * (translationView.ts), "HyperStep: Show Memory" and the memory view (memoryView.ts);
 * time travel: the timeline (timelineView.ts) and the reverse-step, snapshot save and
 * snapshot diff commands (timeTravelCommands.ts); "Compare Virtualization Modes" and its
 * view (compareView.ts);
 * the workbench: Machines view (machinesView.ts), status bar item (statusBar.ts),
 * commands (commands.ts), settings and the output channel (settings.ts); starts the
 * assembly language client (languageClient.ts).
 * This directory is the only place allowed to import `vscode`.
 */
import * as vscode from 'vscode';
import { statSync } from 'fs';
import { HyperStepSession } from '../debug-adapter/session';
import { DEBUG_TYPE, forActiveFile, resolveLaunch, withDefaults, type LaunchConfig } from './launchConfig';
import { startLanguageClient, stopLanguageClient } from './languageClient';
import { UartTerminals } from './uartTerminal';
import { TranslationView } from './translationView';
import { MemoryView } from './memoryView';
import { TimelineView } from './timelineView';
import { registerTimeTravelCommands } from './timeTravelCommands';
import { MachinesView } from './machinesView';
import { DevicesView } from './devicesView';
import { ElfViewerProvider } from './elfViewer';
import { MachineStatusBar } from './statusBar';
import { registerCommands } from './commands';
import { disposeLogger, logger, readLaunchDefaults } from './settings';
import { isCSourceFile } from './elfForSource';
import { SourceElfFinder, elfConfigurations, initialConfigurations } from './elfPicker';
import { registerExamples } from './examples';
import { CompareView, loadCompareRunner } from './compareView';

const UNTRUSTED_MESSAGE =
  'HyperStep does not run guest programs in an untrusted workspace. Trust the workspace to debug.';

export function activate(context: vscode.ExtensionContext): void {
  const provider = new HyperStepConfigurationProvider();
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ElfConfigurationProvider(),
      vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory()),
    new UartTerminals(),
    new TranslationView(context.extensionUri),
    new MemoryView(context.extensionUri),
    new TimelineView(context.extensionUri),
    ...registerTimeTravelCommands(context.extensionUri),
    new CompareView(context.extensionUri, loadCompareRunner), // "Compare Virtualization Modes" (compareView.ts)
  );
  // The workbench: Machines view, status bar item, commands, output channel (docs/debugging.md "Workbench").
  const machines = new MachinesView();
  // The Devices view, "Show Device Tree" (devicesView.ts) and the ELF viewer (elfViewer.ts).
  context.subscriptions.push(new DevicesView(), ElfViewerProvider.register(context.extensionUri));
  context.subscriptions.push(machines, new MachineStatusBar(machines), ...registerCommands(machines), { dispose: disposeLogger });
  context.subscriptions.push(registerExamples(context)); // "Open Example…" (the Get Started walkthrough)
  logger().info('HyperStep activated');
  startLanguageClient(context);
}

export function deactivate(): Promise<void> {
  // Sessions are disposed by VS Code; the language client must be stopped.
  return stopLanguageClient();
}

/** Fills defaults, refuses untrusted workspaces, validates the configuration after
 *  substitution (debug-adapter/launchArgs.ts) and pins `cwd` to the workspace folder.
 *  F5 without a launch.json in a C source debugs the ELF built from it (elfPicker.ts);
 *  "create a launch.json" lists the workspace's ELFs. */
class HyperStepConfigurationProvider implements vscode.DebugConfigurationProvider {
  private readonly finder = new SourceElfFinder();

  provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    return initialConfigurations(folder);
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(UNTRUSTED_MESSAGE);
      return undefined; // abort the launch
    }
    const active = vscode.window.activeTextEditor?.document;
    const activePath = active?.uri.scheme === 'file' ? active.uri.fsPath : undefined;
    let resolved = forActiveFile(config, activePath);
    const empty = !config.type && !config.request && !config.name && config.program === undefined && config.kernel === undefined;
    if (empty && resolved === config && active !== undefined && activePath !== undefined
      && (isCSourceFile(activePath) || active.languageId === 'c' || active.languageId === 'cpp')) {
      const sourceFolder = vscode.workspace.getWorkspaceFolder(active.uri) ?? folder;
      const found = await this.finder.configFor(activePath, sourceFolder);
      if (found === undefined) return undefined; // a message or the quick pick was shown
      resolved = found;
      folder = sourceFolder;
    }
    return withDefaults(resolved, readLaunchDefaults(folder));
  }

  resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    const dir = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
    const r = resolveLaunch(config as LaunchConfig, { isFile }, dir);
    if ('error' in r) {
      void vscode.window.showErrorMessage(r.error);
      return undefined;
    }
    return r.config as vscode.DebugConfiguration;
  }
}

/** Offers one launch entry per ELF file and assembly source in the workspace (Run and Debug dropdown). */
class ElfConfigurationProvider implements vscode.DebugConfigurationProvider {
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    // VS Code asks once per folder and once without one ("user settings"): answer only per folder.
    if (folder === undefined && (vscode.workspace.workspaceFolders ?? []).length > 0) return [];
    const glob = '**/*.{s,S,asm}';
    const include = folder ? new vscode.RelativePattern(folder, glob) : glob;
    const sources = await vscode.workspace.findFiles(include, '**/node_modules/**', 50);
    return [
      ...(await elfConfigurations(folder, 100)).map((c) => withDefaults(c)),
      ...sources.map((uri) => withDefaults({ name: `HyperStep: ${vscode.workspace.asRelativePath(uri)}`, program: uri.fsPath })),
    ];
  }
}

/** Runs the debug adapter in-process (no child process, no port). */
class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    if (!vscode.workspace.isTrusted) throw new Error(UNTRUSTED_MESSAGE);
    return new vscode.DebugAdapterInlineImplementation(new HyperStepSession());
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
