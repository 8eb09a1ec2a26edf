/**
 * Opening one comparison mode in the debugger: the HyperStep launch configuration of a
 * mode's stack (firmware, payload, disk, and the symbol files and debug contexts of
 * each layer), used by the comparison view's "Debug this mode".
 */
import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { CompareModeName } from '../compare/result';
import { MODE_DEFS } from '../compare/modes';
import { OPENSBI_FW_JUMP } from './nodeLinuxBoot';
import { findCompareRoot } from './compareRunner';

/** A HyperStep debug launch configuration that opens one mode's stack in the debugger. */
export function modeLaunchConfig(mode: CompareModeName, root = findCompareRoot()): Record<string, unknown> {
  const def = MODE_DEFS[mode];
  const disk = join(root, 'guests/compare/build/compare-disk.img');
  if (def.boot.kind === 'linux') {
    return {
      type: 'hyperstep', request: 'launch', name: `HyperStep compare: ${mode}`, debianLinux: true,
      linuxScript: mode === 'container' ? 'unshare -p -m -u -n -f /workload' : '/workload', drive: disk,
    };
  }
  return {
    type: 'hyperstep', request: 'launch', name: `HyperStep compare: ${mode}`,
    program: join(root, def.boot.elf), firmware: OPENSBI_FW_JUMP, memoryMiB: 256, drive: disk,
    symbols: def.symbols.map((s) => join(root, s)),
    stopOnEntry: false,
  };
}

/** Write the comparison disk image where launch configurations expect it. */
export function ensureCompareDisk(root: string, disk: Uint8Array): string {
  const p = join(root, 'guests/compare/build/compare-disk.img');
  if (!existsSync(p)) writeFileSync(p, disk);
  return p;
}
