/**
 * Print the `hyperstep run` command of one Linux comparison mode (emulator/host/compareLinux.ts):
 *
 *   npx tsx scripts/compareLinux.ts linux|container|type2 [--workload F] [--kernel-bin F] [--vmm F] [--disk F]
 *
 * Defaults: guests/compare/build/workload, guests/compare/build/kernel.bin,
 * guests/kvm/build/vmm, disk /tmp/compare-disk.img (written when missing: the
 * comparison disk image of guests/compare/README.md). Run the printed command
 * from the repository root (after npm run build).
 */
import { existsSync, writeFileSync } from 'fs';
import { type LinuxCompareMode, LINUX_COMPARE_MODES, linuxModeBoot } from '../emulator/host/compareLinux';

/** The comparison disk: 1 MiB, byte i = (i * 131 + (i >> 9) * 7 + 11) & 0xff. */
export function compareDiskImage(): Buffer {
  const b = Buffer.alloc(1 << 20);
  for (let i = 0; i < b.length; i++) b[i] = (i * 131 + (i >> 9) * 7 + 11) & 0xff;
  return b;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const mode = argv.shift() as LinuxCompareMode;
  if (!LINUX_COMPARE_MODES.includes(mode)) throw new Error(`usage: compareLinux.ts ${LINUX_COMPARE_MODES.join('|')} [--workload F] [--kernel-bin F] [--vmm F] [--disk F]`);
  const opt = (name: string, def: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : def;
  };
  const disk = opt('--disk', '/tmp/compare-disk.img');
  if (!existsSync(disk)) writeFileSync(disk, compareDiskImage());
  const b = await linuxModeBoot(mode, {
    workload: opt('--workload', 'guests/compare/build/workload'),
    kernelBin: opt('--kernel-bin', 'guests/compare/build/kernel.bin'),
    vmm: opt('--vmm', 'guests/kvm/build/vmm'),
    offline: true,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  console.log(`node dist/cli.js run --bios ${q(b.bios)} --kernel ${q(b.kernel)} --initrd ${q(b.initrd)} --append ${q(b.append)} --ram ${b.ramMiB} --harts 1 --drive ${q(disk)} --stats`);
}

if (require.main === module) {
  main().catch((e: Error) => { process.stderr.write(`${e.message}\n`); process.exit(1); });
}
