/**
 * Pure helpers for HyperStep launch configurations: default filling and validation.
 * Kept free of `vscode` imports so tests can exercise them directly; extension.ts
 * wires them into the DebugConfigurationProvider.
 */

export const DEBUG_TYPE = 'hyperstep';

/** The fields of a launch configuration that HyperStep reads. */
export interface LaunchConfig {
  type: string;
  request: string;
  name: string;
  program?: unknown;
  machine?: unknown;
  ramMiB?: unknown;
  stopOnEntry?: unknown;
  [key: string]: unknown;
}

/** Fills the documented defaults (machine virt, ramMiB 128, stopOnEntry true). */
export function withDefaults<T extends Partial<LaunchConfig>>(config: T): T & LaunchConfig {
  const c = { ...config } as T & LaunchConfig;
  c.type ||= DEBUG_TYPE;
  c.request ||= 'launch';
  c.name ||= 'HyperStep: run ELF';
  c.machine ??= 'virt';
  c.ramMiB ??= 128;
  c.stopOnEntry ??= true;
  return c;
}

/**
 * Returns a user-facing error message, or undefined when the configuration is usable.
 * `isFile` reports whether a (variable-substituted) path names an existing file.
 */
export function validateLaunch(config: LaunchConfig, isFile: (path: string) => boolean): string | undefined {
  if (config.request !== 'launch') return `HyperStep supports only "request": "launch" (got "${String(config.request)}").`;
  const program = config.program;
  if (typeof program !== 'string' || program.trim() === '') {
    return 'HyperStep: set "program" in launch.json to the path of a RISC-V ELF64 executable.';
  }
  if (!isFile(program)) return `HyperStep: program "${program}" does not exist or is not a file.`;
  if (config.machine !== 'virt' && config.machine !== 'spike') {
    return `HyperStep: "machine" must be "virt" or "spike" (got "${String(config.machine)}").`;
  }
  const ram = config.ramMiB;
  if (typeof ram !== 'number' || !Number.isInteger(ram) || ram < 1 || ram > 4096) {
    return `HyperStep: "ramMiB" must be an integer between 1 and 4096 (got ${String(ram)}).`;
  }
  return undefined;
}
