/**
 * `hyperstep linux`: boot Debian's riscv64 kernel to a busybox shell in one command.
 *
 * prepareLinux turns the linux command's options into an ordinary run through
 * emulator/host/nodeLinuxBoot.ts: the cached Debian kernel (fetched with apt on first
 * use), a busybox initramfs, Debian's OpenSBI fw_jump, on the virt board, with the
 * console on the UART. PanicWatch ends a run whose kernel panicked, with the panic line
 * and a non-zero status, instead of spinning in the kernel's panic loop. --file
 * HOST[:PATH] files go into a cpio archive appended to the initramfs (the kernel
 * unpacks concatenated archives in order).
 */
import { createHash } from 'crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import type { RunArgs } from './options';
import { type InitramfsFile, initramfsOverlay, LinuxImageError } from '../emulator/host/nodeLinuxImages';
import { resolveLinuxBoot } from '../emulator/host/nodeLinuxBoot';

export { LINUX_BOOTARGS, OPENSBI_FW_JUMP } from '../emulator/host/nodeLinuxBoot';

/** Fill in bios/kernel/initrd/append for the linux command, fetching what is missing. */
export async function prepareLinux(a: RunArgs, fail: (msg: string) => never): Promise<RunArgs> {
  try {
    const boot = await resolveLinuxBoot({
      script: a.exec, modules: a.modules, append: a.append, offline: a.offline === true,
      log: (line) => { process.stderr.write(`hyperstep: ${line}\n`); },
    });
    const initrd = a.files?.length ? withFiles(boot.initrd, readHostFiles(a.files, fail)) : boot.initrd;
    return { ...a, bios: boot.bios, kernel: boot.kernel, initrd, append: boot.append };
  } catch (e) {
    if (e instanceof LinuxImageError) fail(e.message);
    throw e;
  }
}

/** The --file files, read; executables (any x bit on the host) get mode 0755, others 0644. */
function readHostFiles(files: { host: string; guest: string }[], fail: (msg: string) => never): InitramfsFile[] {
  return files.map(({ host, guest }) => {
    try {
      const st = statSync(host);
      if (!st.isFile()) fail(`--file ${host}: not a regular file`);
      return { path: guest, data: readFileSync(host), mode: (st.mode & 0o111) !== 0 ? 0o755 : 0o644 };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === undefined) throw e;
      return fail(`--file ${host}: cannot read (${code})`);
    }
  });
}

/** The initramfs `base` with the files appended, written next to it (named by content, so reused). */
function withFiles(base: string, files: InitramfsFile[]): string {
  const cpio = Buffer.concat([readFileSync(base), initramfsOverlay(files)]);
  const out = join(dirname(base), `initramfs-${createHash('sha256').update(cpio).digest('hex').slice(0, 16)}.cpio`);
  if (!existsSync(out)) writeFileSync(out, cpio);
  return out;
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
