/**
 * The three virtualization-mode comparison stacks that run on Debian's Linux
 * (guests/compare/README.md, "The modes"): `linux` (the workload as an ordinary
 * process), `container` (the workload in new PID, mount, UTS and network
 * namespaces, entered with busybox `unshare`) and `type2` (kvm.ko, then the
 * fixture VMM guests/kvm/build/vmm running the small kernel in a KVM virtual
 * machine, with the disk passed through to its virtio-mmio block device).
 *
 * linuxModeBoot resolves one such boot to files: Debian's OpenSBI fw_jump, the
 * cached Debian kernel (nodeLinuxImages.ts), and an initramfs built for the mode
 * (buildInitramfs: busybox, only the modules the mode needs, an /init script, the
 * workload and, for type2, the VMM and the small kernel's flat image). The modules
 * are Debian's, without their appended signatures (see unsignedModule). The caller
 * runs it on the virt board with one hart and the comparison disk image as its
 * drive (virtio-blk, /dev/vda). Everything is a pure function of its inputs (the
 * initramfs is deterministic, the command line fixed), so a rerun on HyperStep
 * executes exactly the same instructions.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { LINUX_BOOTARGS, OPENSBI_FW_JUMP } from './nodeLinuxBoot';
import {
  buildInitramfs, defaultCacheDir, ensureLinuxImages, type InitramfsFile, LinuxImageError, type LinuxImages, resolveModules,
} from './nodeLinuxImages';

export type LinuxCompareMode = 'linux' | 'container' | 'type2';

export const LINUX_COMPARE_MODES: readonly LinuxCompareMode[] = ['linux', 'container', 'type2'];

export interface LinuxModeOptions {
  /** The workload: a static riscv64 Linux ELF (guests/compare/build/workload). */
  workload: string;
  /** type2: the small kernel's flat image (default guests/compare/build/kernel.bin under the working directory). */
  kernelBin?: string;
  /** type2: the VMM (default guests/kvm/build/vmm under the working directory). */
  vmm?: string;
  /** Use only the Linux cache (no apt). */
  offline?: boolean;
  cacheDir?: string;
  log?: (line: string) => void;
}

export interface LinuxModeBoot {
  bios: string;
  kernel: string;
  initrd: string;
  append: string;
  ramMiB: number;
}

/** Default paths of the type2 inputs, relative to the repository root (the working directory). */
export const DEFAULT_COMPARE_KERNEL_BIN = 'guests/compare/build/kernel.bin';
export const DEFAULT_COMPARE_VMM = 'guests/kvm/build/vmm';

/**
 * Kernel arguments added to LINUX_BOOTARGS: `quiet loglevel=1` keeps the console
 * to emergency messages (a panic still shows: its banner is KERN_EMERG), since every
 * byte through the polled 16550 costs instructions and the workload's output is what
 * the caller reads.
 */
export const COMPARE_LINUX_APPEND = 'quiet loglevel=1';

/** RAM of the machine, in MiB. */
export const COMPARE_LINUX_RAM_MIB = 256;

/** Modules each mode loads: only what /dev/vda needs (no virtio_rng), plus kvm for type2. */
const MODULES: Record<LinuxCompareMode, string[]> = {
  linux: ['virtio_mmio', 'virtio_blk'],
  container: ['virtio_mmio', 'virtio_blk'],
  type2: ['virtio_mmio', 'virtio_blk', 'kvm'],
};

/** Where the initramfs holds the modules (loaded by path, in dependency order, by the script). */
const MODULE_DIR = '/lib/modules/compare';

/** The trailer of a signed module (include/linux/module_signature.h, MODULE_SIG_STRING). */
const MODULE_SIG_MAGIC = '~Module signature appended~\n';

/**
 * A module without its appended signature (struct module_signature, 12 bytes, whose
 * last field is the big-endian signature length, then the magic string); a module
 * without one is returned as it is. Debian signs its modules but does not enforce
 * signatures (CONFIG_MODULE_SIG_FORCE is off), so an unsigned module loads the same
 * code and only taints the kernel (TAINT_UNSIGNED_MODULE). Verifying the signature
 * hashes the whole file: measured on HyperStep, `insmod kvm.ko` (2.2 MB, 70,000
 * local symbols) takes 3.44 s of guest time signed and 0.30 s unsigned, and the
 * first two virtio modules about 0.9 s more (the first verification sets up the
 * key). Module loading happens before MARK_BEGIN, so the measured run is unchanged.
 */
export function unsignedModule(ko: Uint8Array): Uint8Array {
  const magic = Buffer.from(MODULE_SIG_MAGIC, 'latin1');
  const buf = Buffer.from(ko.buffer, ko.byteOffset, ko.byteLength);
  if (buf.length < magic.length + 12 || !buf.subarray(buf.length - magic.length).equals(magic)) return ko;
  const info = buf.length - magic.length - 12;
  const sigLen = buf.readUInt32BE(info + 8);
  if (sigLen > info) throw new LinuxImageError(`module signature of ${sigLen} bytes is longer than the module`);
  return ko.subarray(0, info - sigLen);
}

/** The mode's modules, dependencies first, as initramfs files (unsigned) and their names. */
function moduleFiles(images: LinuxImages, mode: LinuxCompareMode): { files: InitramfsFile[]; names: string[] } {
  const mods = resolveModules(images, MODULES[mode]);
  const files = mods.map((m) => {
    const ko = join(images.modulesDir, m.path.replace(/\.ko\.(xz|zst|gz)$/, '.ko'));
    return { path: `${MODULE_DIR}/${m.name}.ko`, data: unsignedModule(readInput(ko, `module ${m.name}`)), mode: 0o644 };
  });
  return { files, names: mods.map((m) => m.name) };
}

/** /init's lines after the common setup: load the modules, then the mode's commands; `poweroff -f` follows. */
export function compareScript(mode: LinuxCompareMode, modules: readonly string[] = []): string {
  const loads = modules.map((n) => `insmod ${MODULE_DIR}/${n}.ko || echo "compare-${mode}: insmod ${n} failed"`);
  return [...loads, modeCommands(mode)].join('\n');
}

/** The commands that run the workload in each mode. */
function modeCommands(mode: LinuxCompareMode): string {
  const status = (what: string): string =>
    `st=$?; [ "$st" = 0 ] || echo "compare-${mode}: ${what} exited with status $st"`;
  switch (mode) {
    case 'linux':
      return ['/workload', status('/workload')].join('\n');
    case 'container':
      // A new PID namespace needs a fork (-f) for its init; --mount-proc mounts a
      // fresh /proc in the new mount namespace, so the workload sees only its own PIDs.
      return ['unshare -p -m -u -n -f --mount-proc /workload', status('unshare /workload')].join('\n');
    case 'type2':
      return [
        '[ -c /dev/kvm ] || echo "compare-type2: no /dev/kvm (kvm.ko found no hypervisor extension)"',
        '/vmm --disk /dev/vda bare /kernel.bin',
        status('/vmm'),
      ].join('\n');
  }
}

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new LinuxImageError(`${path}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * Resolve (fetching the Debian images once, unless offline) the boot of one mode.
 * The initramfs is written into the Linux cache, named by its content.
 * Throws LinuxImageError with a one-line message.
 */
export async function linuxModeBoot(mode: LinuxCompareMode, o: LinuxModeOptions): Promise<LinuxModeBoot> {
  if (!LINUX_COMPARE_MODES.includes(mode)) throw new LinuxImageError(`unknown Linux comparison mode "${String(mode)}"`);
  if (!existsSync(OPENSBI_FW_JUMP)) {
    throw new LinuxImageError(`${OPENSBI_FW_JUMP}: OpenSBI firmware not found; install it with: apt-get install opensbi (or set HYPERSTEP_OPENSBI)`);
  }
  const files: InitramfsFile[] = [{ path: '/workload', data: readInput(o.workload, 'the workload'), mode: 0o755 }];
  if (mode === 'type2') {
    const vmm = resolve(o.vmm ?? DEFAULT_COMPARE_VMM);
    const kernelBin = resolve(o.kernelBin ?? DEFAULT_COMPARE_KERNEL_BIN);
    files.push({ path: '/vmm', data: readInput(vmm, 'the VMM (make -C guests kvm)'), mode: 0o755 });
    files.push({ path: '/kernel.bin', data: readInput(kernelBin, "the small kernel's flat image"), mode: 0o644 });
  }
  const cacheDir = o.cacheDir ?? defaultCacheDir();
  const images = await ensureLinuxImages({ cacheDir, log: o.log, offline: o.offline === true });
  const mods = moduleFiles(images, mode);
  const cpio = buildInitramfs({ images, modules: [], script: compareScript(mode, mods.names), extraFiles: [...mods.files, ...files] });
  const dir = join(cacheDir, 'initramfs');
  mkdirSync(dir, { recursive: true });
  const initrd = join(dir, `compare-${mode}-${createHash('sha256').update(cpio).digest('hex').slice(0, 16)}.cpio`);
  if (!existsSync(initrd)) writeFileSync(initrd, cpio);
  o.log?.(`compare ${mode}: initramfs ${initrd} (${cpio.length} bytes; modules ${mods.names.join(', ')})`);
  return {
    bios: OPENSBI_FW_JUMP,
    kernel: images.kernel,
    initrd,
    append: `${LINUX_BOOTARGS} ${COMPARE_LINUX_APPEND}`,
    ramMiB: COMPARE_LINUX_RAM_MIB,
  };
}
