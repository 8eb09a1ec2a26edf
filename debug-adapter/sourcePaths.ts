/**
 * Maps source paths recorded in DWARF (often relative: guests are built with
 * -ffile-prefix-map so ELFs do not depend on the build directory) to files on this
 * host. A relative path is tried against the launch `cwd`, the ELF's directory and
 * the ELF directory's ancestors; the first existing file wins and is remembered.
 */
import { existsSync } from 'fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'path';

export class SourcePaths {
  private readonly cache = new Map<string, string | undefined>();

  constructor(private readonly cwd: string) {}

  /** Absolute host path for a DWARF path of the given ELF, or undefined if not found. */
  toHost(dwarfPath: string, elfPath: string): string | undefined {
    const key = `${elfPath}\0${dwarfPath}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const found = this.search(dwarfPath, elfPath);
    this.cache.set(key, found);
    return found;
  }

  private search(p: string, elfPath: string): string | undefined {
    if (isAbsolute(p)) return existsSync(p) ? normalize(p) : undefined;
    const bases = [this.cwd];
    for (let d = dirname(resolve(elfPath)), i = 0; i < 6; i++) {
      bases.push(d);
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
    for (const b of bases) {
      const candidate = join(b, p);
      if (existsSync(candidate)) return candidate;
    }
    return undefined;
  }
}
