/**
 * The examples shipped in the VSIX for "HyperStep: Open Example…" (examples.ts) and how
 * one is copied into a new folder. No `vscode` import, so tests check that every file
 * exists and that .vscodeignore keeps it in the VSIX.
 */
import { copyFileSync, existsSync, mkdirSync } from 'fs';
import { join } from 'path';

export interface Example {
  id: string;
  label: string;
  detail: string;
  /** [path in the extension, name in the new folder] */
  files: [string, string][];
}

/** The examples in the VSIX (.vscodeignore keeps these files). */
export const EXAMPLES: Example[] = [
  {
    id: 'hello',
    label: 'hello — C',
    detail: 'A bare-metal C program for the virt board, prebuilt with -g: breakpoints, locals, registers, UART output.',
    files: [['examples/hello/hello.c', 'hello.c'], ['examples/hello/hello.elf', 'hello.elf'], ['guests/lib/virt.h', 'virt.h']],
  },
  {
    id: 'asm-hello',
    label: 'asm-hello — RISC-V assembly',
    detail: 'An assembly program run by the built-in assembler (no toolchain): grammar, hovers, diagnostics, F5.',
    files: [['examples/asm-hello/hello.s', 'hello.s']],
  },
];

/** A directory name inside `parent` that does not exist yet: base, base-2, base-3... */
export function freshDirectory(parent: string, base: string, exists: (p: string) => boolean = existsSync): string {
  for (let i = 1; ; i++) {
    const dir = join(parent, i === 1 ? base : `${base}-${i}`);
    if (!exists(dir)) return dir;
  }
}

/** Copies `example` from the extension at `extensionPath` into a new directory of `parent`; returns it. */
export function copyExample(example: Example, extensionPath: string, parent: string): string {
  const dir = freshDirectory(parent, `hyperstep-${example.id}`);
  mkdirSync(dir, { recursive: true });
  for (const [from, to] of example.files) copyFileSync(join(extensionPath, from), join(dir, to));
  return dir;
}
