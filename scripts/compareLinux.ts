/**
 * Print the `hyperstep run` command of one Linux comparison mode (emulator/host/compareLinux.ts):
 *
 *   npx tsx scripts/compareLinux.ts linux|container|type2 [--workload F] [--kernel-bin F] [--vmm F] [--disk F] [--run]
 *
 * With --run it runs the command (dist/cli.js, from the repository root) and prints
 * one line: the mode, host seconds, instructions (by privilege mode), VM exits and
 * the workload's checksum line; the exit status is the run's.
 *
 * Defaults: guests/compare/build/workload, guests/compare/build/kernel.bin,
 * guests/kvm/build/vmm, disk /tmp/compare-disk.img (written when missing: the
 * comparison disk image of guests/compare/README.md). Run the printed command
 * from the repository root (after npm run build).
 */
import { spawnSync } from 'child_process';
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
  const args = ['run', '--bios', b.bios, '--kernel', b.kernel, '--initrd', b.initrd, '--append', b.append,
    '--ram', String(b.ramMiB), '--harts', '1', '--drive', disk, '--stats'];
  if (!argv.includes('--run')) {
    const q = (s: string): string => /^[\w./=,:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
    console.log(['node', 'dist/cli.js', ...args].map(q).join(' '));
    return;
  }
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'latin1', maxBuffer: 64 << 20 });
  const seconds = (Date.now() - t0) / 1000;
  const out = `${r.stdout}${r.stderr}`.replace(/\r/g, '');
  const stats = out.split('\n').reverse().find((l) => l.startsWith('{"instructions"'));
  const st = stats ? JSON.parse(stats) as { instructions: number; instructionsByMode: Record<string, number>; vmExits: number } : undefined;
  const sum = /^compare: checksum .*$/m.exec(out)?.[0] ?? 'no checksum line';
  console.log(`${mode}: ${seconds.toFixed(1)} s, ${st ? `${st.instructions} instructions ${JSON.stringify(st.instructionsByMode)}, ${st.vmExits} VM exits` : 'no stats'}, status ${r.status}; ${sum}`);
  if (r.status !== 0) process.stderr.write(out.slice(-3000));
  process.exitCode = r.status ?? 1;
}

if (require.main === module) {
  main().catch((e: Error) => { process.stderr.write(`${e.message}\n`); process.exit(1); });
}
