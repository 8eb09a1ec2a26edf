/**
 * What the hart implements, as software discovers it: the ISA extensions named in the
 * device tree (the legacy `riscv,isa` string and the `riscv,isa-base` /
 * `riscv,isa-extensions` pair of Linux's riscv/extensions.yaml binding), the MMU type
 * and the cache-block size of the CMO extensions. One list, used by every board.
 */

/** Single-letter and multi-letter extensions, in the canonical order of the unprivileged
 *  spec's naming chapter (single letters IMAFDQLCBKJTPVH, then Z* by the category letter,
 *  then S* extensions, each group alphabetical). */
export const HART_EXTENSIONS: readonly string[] = [
  'i', 'm', 'a', 'f', 'd', 'c', 'h',
  'zicbom', 'zicboz', 'zicntr', 'zicond', 'zicsr', 'zifencei', 'zihintpause',
  'zba', 'zbb', 'zbc', 'zbs',
  'sstc', 'svinval', 'svnapot', 'svpbmt',
];

/** `riscv,isa` string: rv64 + single letters + _multi_letter names. */
export function isaString(exts: readonly string[] = HART_EXTENSIONS): string {
  const single = exts.filter((e) => e.length === 1).join('');
  const multi = exts.filter((e) => e.length > 1);
  return ['rv64' + single, ...multi].join('_');
}

/** Widest virtual-memory scheme (the device tree's `mmu-type`). */
export const HART_MMU_TYPE = 'riscv,sv48' as const;

/** Cache-block size in bytes for Zicbom/Zicboz (riscv,cbom-block-size / cboz). */
export const CBO_BLOCK_SIZE = 64;
