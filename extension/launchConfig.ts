/**
 * Pure helpers for HyperStep launch configurations: default filling and validation.
 * Kept free of `vscode` imports so tests can exercise them directly; extension.ts
 * wires them into the DebugConfigurationProvider. Validation itself is
 * debug-adapter/launchArgs.ts (shared with the session's launch request).
 */
import { dirname, isAbsolute } from 'path';
import { parseLaunchArgs, type LaunchFs } from '../debug-adapter/launchArgs';

export const DEBUG_TYPE = 'hyperstep';

/** The fields of a launch configuration that HyperStep reads (see package.json). */
export interface LaunchConfig {
  type: string;
  request: string;
  name: string;
  program?: unknown;
  machine?: unknown;
  bios?: unknown;
  kernel?: unknown;
  memory?: unknown;
  /** Deprecated spelling of `memory` (an integer number of MiB). */
  ramMiB?: unknown;
  harts?: unknown;
  stopOnEntry?: unknown;
  symbols?: unknown;
  cwd?: unknown;
  uartTerminal?: unknown;
  maxInsns?: unknown;
  initrd?: unknown;
  rngSeed?: unknown;
  debianLinux?: unknown;
  linuxScript?: unknown;
  linuxModules?: unknown;
  /** "hex" | "decimal": how the adapter shows addresses (setting hyperstep.numberFormat). */
  numberFormat?: unknown;
  [key: string]: unknown;
}

/**
 * The user's defaults from the `hyperstep.*` settings (extension/settings.ts reads them):
 * they fill the fields a configuration leaves out.
 */
export interface LaunchDefaults {
  machine?: 'virt' | 'spike';
  /** A memory size as `memory` takes it ("128M", 256). */
  memory?: string | number;
  harts?: number;
  uartTerminal?: boolean;
  /** Addresses in hex or decimal (the adapter's `numberFormat`). */
  numberFormat?: 'hex' | 'decimal';
}

/**
 * Fills what the editor needs before variable substitution: type, request, name, and
 * `uartTerminal: true` (the UART goes to a VS Code terminal) unless the user set it.
 * With `defaults` (the settings), also machine, memory, harts, uartTerminal and
 * numberFormat where the configuration has none; a Debian Linux launch keeps its own
 * machine and memory defaults, and `ramMiB` counts as a memory size.
 * Everything else defaults in parseLaunchArgs (machine virt, memory 128 MiB, ...).
 */
export function withDefaults<T extends Partial<LaunchConfig>>(config: T, defaults: LaunchDefaults = {}): T & LaunchConfig {
  const c = { ...config } as T & LaunchConfig;
  c.type ||= DEBUG_TYPE;
  c.request ||= 'launch';
  c.name ||= 'HyperStep: run ELF';
  const linux = c.debianLinux === true;
  if (defaults.machine !== undefined && !linux) c.machine ??= defaults.machine;
  if (defaults.memory !== undefined && !linux && c.ramMiB === undefined) c.memory ??= defaults.memory;
  if (defaults.harts !== undefined) c.harts ??= defaults.harts;
  if (defaults.numberFormat !== undefined) c.numberFormat ??= defaults.numberFormat;
  c.uartTerminal ??= defaults.uartTerminal ?? true;
  return c;
}

/** True for assembly sources the adapter assembles on launch. */
export function isAssemblyFile(path: string): boolean {
  return /\.(s|S|asm)$/.test(path);
}

/**
 * F5 without a launch.json: VS Code passes an empty configuration. When the active
 * editor shows an assembly source or an ELF, debug that file (stopping only at
 * breakpoints); otherwise return the configuration unchanged.
 */
export function forActiveFile(config: Partial<LaunchConfig>, activePath: string | undefined): Partial<LaunchConfig> {
  const empty = !config.type && !config.request && !config.name && config.program === undefined && config.kernel === undefined;
  if (!empty || activePath === undefined || !(isAssemblyFile(activePath) || activePath.endsWith('.elf'))) return config;
  const base = activePath.split(/[\\/]/).pop() ?? activePath;
  return { ...config, type: DEBUG_TYPE, request: 'launch', name: `HyperStep: ${base}`, program: activePath, stopOnEntry: false };
}

/**
 * Validates a variable-substituted configuration. Returns the configuration to launch
 * (with `cwd` made absolute so the session resolves paths the same way) or a one-line
 * error message. `folder` is the workspace folder's path, if any; without one, relative
 * paths resolve against the program's directory.
 */
export function resolveLaunch(config: LaunchConfig, fs: LaunchFs, folder: string | undefined):
  { config: LaunchConfig } | { error: string } {
  const program = typeof config.program === 'string' ? config.program : config.kernel;
  const defaultCwd = folder ?? (typeof program === 'string' && isAbsolute(program) ? dirname(program)
    : config.debianLinux === true ? '/' : undefined); // a Linux launch names no files of its own
  if (defaultCwd === undefined && (typeof config.cwd !== 'string' || !isAbsolute(config.cwd))) {
    return { error: 'HyperStep: open a folder, or use absolute paths (e.g. an absolute "cwd") in the launch configuration' };
  }
  const r = parseLaunchArgs(config, fs, defaultCwd ?? '/');
  if ('error' in r) return r;
  return { config: { ...config, cwd: r.spec.cwd } };
}

/** Returns a user-facing error message, or undefined when the configuration is usable. */
export function validateLaunch(config: LaunchConfig, isFile: (path: string) => boolean, folder?: string): string | undefined {
  const r = resolveLaunch(config, { isFile }, folder);
  return 'error' in r ? r.error : undefined;
}
