/**
 * Everything a Debian Linux boot needs, resolved to files: Debian's OpenSBI fw_jump,
 * the cached Debian kernel (fetched on first use by nodeLinuxImages.ts) and a busybox
 * initramfs built for the request and written into the cache, keyed by its content.
 * Shared by `hyperstep linux` (cli/linux.ts) and the debugger's `"linux": true` launch
 * configurations (debug-adapter/launchArgs.ts), so both boot the same way.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { buildInitramfs, DEFAULT_MODULES, defaultCacheDir, ensureLinuxImages, LinuxImageError } from './nodeLinuxImages';

/** Debian's OpenSBI (package opensbi), as QEMU's virt machine uses it. */
export const OPENSBI_FW_JUMP = process.env.HYPERSTEP_OPENSBI ?? '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';

/**
 * Kernel command line of a Linux boot. panic=-1 reboots at once after a panic (the
 * run then ends with the panic line and status 1). cryptomgr.notests skips the crypto
 * API's self-tests (RSA private-key vectors and the like): they are half of Debian's
 * boot, 0.70 x 10^9 of 1.39 x 10^9 instructions measured on 1 hart, and test the
 * kernel's C code rather than the machine.
 */
export const LINUX_BOOTARGS = 'console=ttyS0 panic=-1 cryptomgr.notests';

/** Default RAM of a Linux boot, in MiB. */
export const LINUX_RAM_MIB = 512;

export interface LinuxBootRequest {
  /** Shell commands /init runs instead of the interactive shell (then it powers off). */
  script?: string;
  /** Modules beyond DEFAULT_MODULES. */
  modules?: string[];
  /** Extra initramfs files: guest path -> host file (read here; mode 0755 for ELF
   *  executables and "#!" scripts, else 0644). */
  files?: readonly { guest: string; host: string }[];
  /** Extra kernel command-line arguments. */
  append?: string;
  offline?: boolean;
  cacheDir?: string;
  log?: (line: string) => void;
}

export interface LinuxBoot {
  version: string;
  bios: string;
  kernel: string;
  /** Symbols of the kernel (System.map), when the package has one. */
  systemMap?: string;
  initrd: string;
  append: string;
}

/** Resolve (fetching once) the files of a Linux boot. Throws LinuxImageError with a one-line message. */
export async function resolveLinuxBoot(req: LinuxBootRequest = {}): Promise<LinuxBoot> {
  if (!existsSync(OPENSBI_FW_JUMP)) {
    throw new LinuxImageError(`${OPENSBI_FW_JUMP}: OpenSBI firmware not found; install it with: apt-get install opensbi (or set HYPERSTEP_OPENSBI)`);
  }
  const cacheDir = req.cacheDir ?? defaultCacheDir();
  const images = await ensureLinuxImages({ cacheDir, log: req.log, offline: req.offline === true });
  const extraFiles = (req.files ?? []).map(({ guest, host }) => ({ path: guest, data: readHostFile(host) }));
  const cpio = buildInitramfs({ images, modules: [...DEFAULT_MODULES, ...(req.modules ?? [])], script: req.script, extraFiles });
  const dir = join(cacheDir, 'initramfs');
  mkdirSync(dir, { recursive: true });
  const initrd = join(dir, `initramfs-${createHash('sha256').update(cpio).digest('hex').slice(0, 16)}.cpio`);
  if (!existsSync(initrd)) writeFileSync(initrd, cpio);
  const map = images.kernel.replace(/vmlinu[xz]-/, 'System.map-');
  return {
    version: images.version, bios: OPENSBI_FW_JUMP, kernel: images.kernel, initrd,
    systemMap: map !== images.kernel && existsSync(map) ? map : undefined,
    append: req.append !== undefined && req.append !== '' ? `${LINUX_BOOTARGS} ${req.append}` : LINUX_BOOTARGS,
  };
}

function readHostFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new LinuxImageError(`${path}: cannot read initramfs file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
