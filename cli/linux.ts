/**
 * `hyperstep linux`: boot Debian's riscv64 kernel to a busybox shell in one command.
 *
 * prepareLinux turns the linux command's options into an ordinary run through
 * emulator/host/nodeLinuxBoot.ts: the cached Debian kernel (fetched with apt on first
 * use), a busybox initramfs, Debian's OpenSBI fw_jump, on the virt board, with the
 * console on the UART. PanicWatch ends a run whose kernel panicked, with the panic line
 * and a non-zero status, instead of spinning in the kernel's panic loop.
 */
import type { RunArgs } from './options';
import { LinuxImageError } from '../emulator/host/nodeLinuxImages';
import { resolveLinuxBoot } from '../emulator/host/nodeLinuxBoot';

export { LINUX_BOOTARGS, OPENSBI_FW_JUMP } from '../emulator/host/nodeLinuxBoot';

/** Fill in bios/kernel/initrd/append for the linux command, fetching what is missing. */
export async function prepareLinux(a: RunArgs, fail: (msg: string) => never): Promise<RunArgs> {
  try {
    const boot = await resolveLinuxBoot({
      script: a.exec, modules: a.modules, append: a.append, offline: a.offline === true,
      log: (line) => { process.stderr.write(`hyperstep: ${line}\n`); },
    });
    return { ...a, bios: boot.bios, kernel: boot.kernel, initrd: boot.initrd, append: boot.append };
  } catch (e) {
    if (e instanceof LinuxImageError) fail(e.message);
    throw e;
  }
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
