/**
 * `hyperstep linux`: boot Debian's riscv64 kernel to a busybox shell in one command.
 *
 * prepareLinux turns the linux command's options into an ordinary run: it makes sure
 * the Debian kernel, modules and busybox are in the cache (cli/linuxImages.ts, fetched
 * with apt on first use), builds the initramfs (written into the cache, keyed by its
 * content) and boots it through Debian's OpenSBI fw_jump on the virt board, with the
 * console on the UART. PanicWatch ends a run whose kernel panicked, with the panic line
 * and a non-zero status, instead of spinning in the kernel's panic loop.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { RunArgs } from './options';
import { buildInitramfs, DEFAULT_MODULES, defaultCacheDir, ensureLinuxImages, LinuxImageError } from './linuxImages';

/** Debian's OpenSBI (package opensbi), as QEMU's virt machine uses it. */
export const OPENSBI_FW_JUMP = process.env.HYPERSTEP_OPENSBI ?? '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';

/** Kernel command line of `hyperstep linux`; panic=-1 reboots at once after a panic. */
export const LINUX_BOOTARGS = 'console=ttyS0 panic=-1';

/** Fill in bios/kernel/initrd/append for the linux command, fetching what is missing. */
export async function prepareLinux(a: RunArgs, fail: (msg: string) => never): Promise<RunArgs> {
  if (!existsSync(OPENSBI_FW_JUMP)) {
    fail(`${OPENSBI_FW_JUMP}: OpenSBI firmware not found; install it with: apt-get install opensbi (or set HYPERSTEP_OPENSBI)`);
  }
  const cacheDir = process.env.HYPERSTEP_LINUX_CACHE ?? defaultCacheDir();
  const log = (line: string): void => { process.stderr.write(`hyperstep: ${line}\n`); };
  let images;
  try {
    images = await ensureLinuxImages({ cacheDir, log, offline: a.offline === true });
  } catch (e) {
    if (e instanceof LinuxImageError) fail(e.message);
    throw e;
  }
  let cpio: Uint8Array;
  try {
    cpio = buildInitramfs({
      images,
      modules: [...DEFAULT_MODULES, ...(a.modules ?? [])],
      script: a.exec,
    });
  } catch (e) {
    if (e instanceof LinuxImageError) fail(e.message);
    throw e;
  }
  const dir = join(cacheDir, 'initramfs');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `initramfs-${createHash('sha256').update(cpio).digest('hex').slice(0, 16)}.cpio`);
  if (!existsSync(path)) writeFileSync(path, cpio);
  return {
    ...a,
    bios: OPENSBI_FW_JUMP,
    kernel: images.kernel,
    initrd: path,
    append: a.append !== undefined ? `${LINUX_BOOTARGS} ${a.append}` : LINUX_BOOTARGS,
  };
}

/** The kernel's panic banner (kernel/panic.c). */
const PANIC_RE = /Kernel panic - not syncing:[^\r\n]*/;
/** Instructions a panicking kernel may still run (to print its backtrace) before the run ends. */
const PANIC_GRACE = 50_000_000;

/** Watches console output for a kernel panic. */
export class PanicWatch {
  seen = false;
  line = '';
  private tail = '';
  private at = -1;
  private readonly dec = new TextDecoder('utf-8');

  /** A console that forwards to `out` and scans what passes. */
  tee<T extends { write(b: Uint8Array): void }>(out: T): { write(b: Uint8Array): void } {
    return {
      write: (b: Uint8Array): void => {
        out.write(b);
        if (this.seen) return;
        this.tail = (this.tail + this.dec.decode(b, { stream: true })).slice(-512);
        const m = PANIC_RE.exec(this.tail);
        if (m !== null && /[\r\n]/.test(this.tail.slice(m.index + m[0].length))) {
          this.seen = true;
          this.line = m[0].trim();
        }
      },
    };
  }

  /** True once a panic was seen and its grace period is over (`consumed` instructions so far). */
  over(consumed: number): boolean {
    if (!this.seen) return false;
    if (this.at < 0) this.at = consumed;
    return consumed - this.at >= PANIC_GRACE;
  }
}
