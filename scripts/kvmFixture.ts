/**
 * The KVM fixture (guests/kvm: vmm, guest.bin, init) put together for a boot: the
 * nested guest's initramfs, the host's /init script, the expected output of the
 * bare-metal guest, and the QEMU reference command. Used by test/system/kvm.test.ts;
 * run directly it writes the files for a manual run and prints the commands:
 *
 *   npx tsx scripts/kvmFixture.ts [--nested] [--out DIR]    (default DIR /tmp/hyperstep-kvm)
 *
 * The host Linux loads kvm.ko, reports what KVM found, runs `/vmm bare /guest.bin`
 * and, with --nested, `/vmm linux /Image /guest-initrd.cpio CMDLINE` (the nested
 * kernel is the same Debian Image the host boots). See docs/linux.md (KVM).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { writeCpio } from '../emulator/host/cpio';
import { OPENSBI_FW_JUMP, LINUX_BOOTARGS } from '../emulator/host/nodeLinuxBoot';
import {
  buildInitramfs, DEFAULT_MODULES, ensureLinuxImages, type InitramfsFile, type LinuxImages,
} from '../emulator/host/nodeLinuxImages';

export const KVM_BUILD = resolve(__dirname, '..', 'guests', 'kvm', 'build');
export const VMM = join(KVM_BUILD, 'vmm');
export const GUEST_BIN = join(KVM_BUILD, 'guest.bin');
export const GUEST_INIT = join(KVM_BUILD, 'init');

/** Kernel command line of the nested guest (the VMM's UART is at 0x10000000, no IRQ). */
export const NESTED_CMDLINE = 'console=ttyS0 earlycon=uart8250,mmio,0x10000000 panic=-1';
/** The line the nested guest's /init prints. */
export const NESTED_MARKER = 'HYPERSTEP-KVM-GUEST: init reached';
/** Modules of the host initramfs: the usual ones and kvm. */
export const HOST_MODULES = [...DEFAULT_MODULES, 'kvm'];

/**
 * The bare-metal guest's console lines under Debian's kernel (no CONFIG_RISCV_SBI_V01,
 * so KVM answers the legacy putchar itself, with SBI_ERR_NOT_SUPPORTED), and the
 * lines of it that go through the UART (one LSR load and one THR store, two MMIO
 * exits, per byte); the debug-console line is one SBI exit.
 */
export const BARE_GUEST_LINES: readonly { text: string; via: 'uart' | 'sbi' }[] = [
  { text: 'kvm-guest: hello from VS-mode over the 16550 UART', via: 'uart' },
  { text: 'kvm-guest: SBI legacy console not offered by KVM (error -2)', via: 'uart' },
  { text: 'kvm-guest: SBI probe of the debug console: 1', via: 'uart' },
  { text: 'kvm-guest: hello over the SBI debug console', via: 'sbi' },
  { text: 'kvm-guest: VMM echo call: error 0, value 42', via: 'uart' },
  { text: 'kvm-guest: VMM unknown function: error -2', via: 'uart' },
  { text: 'kvm-guest: timer interrupt taken after WFI', via: 'uart' },
  { text: 'kvm-guest: shutting down through SBI SRST', via: 'uart' },
];

/** The VMM's summary line for the bare guest: 2 MMIO exits per UART byte; DBCN write + 2 echo calls; SRST. */
export function bareGuestExitLine(): string {
  const uartBytes = BARE_GUEST_LINES.filter((l) => l.via === 'uart').reduce((n, l) => n + l.text.length + 1, 0);
  return `vmm: exits mmio=${2 * uartBytes} sbi=3 system_event=1`;
}

/** The nested guest's initramfs: /init and the /dev/console node the kernel opens for it. */
export function guestInitrd(): Uint8Array {
  return writeCpio([
    { type: 'chardev', path: 'dev/console', major: 5, minor: 1, mode: 0o600 },
    { type: 'file', path: 'init', data: readFileSync(GUEST_INIT), mode: 0o755 },
  ]);
}

/** The host's /init script: KVM's report, /dev/kvm, the bare guest, and the nested Linux when asked. */
export function hostScript(nested: boolean): string {
  const lines = [
    'echo "HS-KVM-UNAME $(uname -r)"',
    'dmesg | grep "kvm \\[" | sed "s/^/HS-KVM-DMESG /"',
    'if [ -c /dev/kvm ]; then echo "HS-KVM-DEV present"; else echo "HS-KVM-DEV missing"; fi',
    '/vmm bare /guest.bin; echo "HS-KVM-BARE-STATUS $?"',
  ];
  if (nested) lines.push(`/vmm linux /Image /guest-initrd.cpio "${NESTED_CMDLINE}"; echo "HS-KVM-LINUX-STATUS $?"`);
  return lines.join('\n');
}

/** The files the host initramfs needs: the VMM and bare guest, and for the nested run the Image and guest initramfs. */
export function hostFiles(images: LinuxImages, nested: boolean): InitramfsFile[] {
  const files: InitramfsFile[] = [
    { path: '/vmm', data: readFileSync(VMM), mode: 0o755 },
    { path: '/guest.bin', data: readFileSync(GUEST_BIN), mode: 0o644 },
  ];
  if (nested) {
    files.push({ path: '/Image', data: readFileSync(images.kernel), mode: 0o644 });
    files.push({ path: '/guest-initrd.cpio', data: guestInitrd(), mode: 0o644 });
  }
  return files;
}

/** The host initramfs for a QEMU run (hyperstep linux builds its own from --modules/--file/--exec). */
export function hostInitramfs(images: LinuxImages, nested: boolean): Uint8Array {
  return buildInitramfs({ images, modules: HOST_MODULES, script: hostScript(nested), extraFiles: hostFiles(images, nested) });
}

/** QEMU 7.2 with the hypervisor extension, the reference for the fixture. */
export function qemuArgs(kernel: string, initrd: string): string[] {
  return [
    '-M', 'virt', '-cpu', 'rv64,h=true', '-m', '1G', '-nographic', '-no-reboot',
    '-bios', OPENSBI_FW_JUMP.replace(/\.elf$/, '.bin'), '-kernel', kernel, '-initrd', initrd,
    '-append', LINUX_BOOTARGS,
  ];
}

/** `hyperstep linux` arguments for the same run (paths of the extra files as given). */
export function hyperstepArgs(nested: boolean, kernel: string, guestInitrdPath: string): string[] {
  const args = ['linux', '--offline', '--modules', 'kvm', '--file', `${VMM}:/vmm`, '--file', `${GUEST_BIN}:/guest.bin`];
  if (nested) args.push('--ram', '1024', '--file', `${kernel}:/Image`, '--file', `${guestInitrdPath}:/guest-initrd.cpio`);
  return [...args, '--exec', hostScript(nested)];
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const nested = argv.includes('--nested');
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1] : '/tmp/hyperstep-kvm';
  if (outAt >= 0 && !out) throw new Error('--out needs a directory');
  const images = await ensureLinuxImages({ log: (l) => console.error(l) });
  mkdirSync(out, { recursive: true });
  const guest = join(out, 'guest-initrd.cpio');
  const host = join(out, 'host-initramfs.cpio');
  writeFileSync(guest, guestInitrd());
  writeFileSync(host, hostInitramfs(images, nested));
  console.log(`wrote ${guest} and ${host}\n\nQEMU 7.2 reference:\n  qemu-system-riscv64 ${qemuArgs(images.kernel, host).map(shellQuote).join(' ')}`);
  console.log(`\nHyperStep:\n  node dist/cli.js ${hyperstepArgs(nested, images.kernel, guest).map(shellQuote).join(' ')}`);
}

if (require.main === module) {
  main().catch((e: Error) => { console.error(`kvmFixture: ${e.message}`); process.exit(1); });
}
