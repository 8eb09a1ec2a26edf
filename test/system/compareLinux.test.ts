/**
 * System test: the three virtualization-mode comparison stacks that run on Debian's
 * Linux (emulator/host/compareLinux.ts; guests/compare/README.md, "The modes"):
 * `linux` (the workload as a process), `container` (the workload in new PID, mount,
 * UTS and network namespaces) and `type2` (kvm.ko, the VMM guests/kvm/build/vmm and
 * the small kernel guests/compare/build/kernel.bin in a KVM virtual machine, the disk
 * passed to its virtio-mmio block device). Each boots on HyperStep through
 * linuxModeBoot with the comparison disk image as /dev/vda; the workload's
 * `compare: checksum` line must appear on the console, the run must power off with
 * status 0, and the modes that ran must agree on the checksum.
 *
 * Needs opensbi, the Linux cache (fetched on first use, as linuxBoot.test.ts), dist/
 * (npm run build) and guests/compare/build/workload; type2 also needs
 * guests/compare/build/kernel.bin. HYPERSTEP_COMPARE_LINUX_MODES=linux,type2 picks
 * modes (default all three).
 */
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  DEFAULT_COMPARE_KERNEL_BIN, DEFAULT_COMPARE_VMM, type LinuxCompareMode, LINUX_COMPARE_MODES, linuxModeBoot,
} from '../../emulator/host/compareLinux';
import { OPENSBI_FW_JUMP } from '../../emulator/host/nodeLinuxBoot';
import { ensureLinuxImages } from '../../emulator/host/nodeLinuxImages';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const WORKLOAD = join(ROOT, 'guests', 'compare', 'build', 'workload');
const KERNEL_BIN = join(ROOT, DEFAULT_COMPARE_KERNEL_BIN);
const VMM = join(ROOT, DEFAULT_COMPARE_VMM);
const CHECKSUM = /^compare: checksum (0x[0-9a-f]{16})$/m;
const MODES = (process.env.HYPERSTEP_COMPARE_LINUX_MODES ?? LINUX_COMPARE_MODES.join(','))
  .split(',').map((m) => m.trim()).filter((m) => m !== '') as LinuxCompareMode[];

/** The comparison disk (guests/compare/README.md): 1 MiB, byte i = (i * 131 + (i >> 9) * 7 + 11) & 0xff. */
function diskImage(): Buffer {
  const b = Buffer.alloc(1 << 20);
  for (let i = 0; i < b.length; i++) b[i] = (i * 131 + (i >> 9) * 7 + 11) & 0xff;
  return b;
}

interface Run { status: number | null; out: string; seconds: number }

function run(args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d: Buffer): void => { out += d.toString('latin1'); };
    p.stdout.on('data', take);
    p.stderr.on('data', take);
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out: out.replace(/\r/g, ''), seconds: (Date.now() - t0) / 1000 });
    });
  });
}

describe('virtualization-mode comparison on Debian Linux (linux, container, type2)', function () {
  this.timeout(30 * 60_000);
  let dir: string;
  let disk: string;
  const checksums = new Map<LinuxCompareMode, string>();

  before(async function () {
    if (!existsSync(OPENSBI_FW_JUMP)) { console.log('      skipped: apt-get install opensbi'); this.skip(); }
    if (!existsSync(CLI)) { console.log(`      skipped: ${CLI} is missing (npm run build)`); this.skip(); }
    if (!existsSync(WORKLOAD)) { console.log(`      skipped: ${WORKLOAD} is missing (make -C guests compare)`); this.skip(); }
    await ensureLinuxImages({ log: (l) => console.log(`      ${l}`) });
    dir = mkdtempSync(join(tmpdir(), 'hyperstep-compare-linux-'));
    disk = join(dir, 'disk.img');
    writeFileSync(disk, diskImage());
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  for (const mode of LINUX_COMPARE_MODES) {
    it(`${mode}: the workload's checksum line, then power-off with status 0`, async function () {
      if (!MODES.includes(mode)) { console.log(`      skipped: not in HYPERSTEP_COMPARE_LINUX_MODES`); this.skip(); }
      if (mode === 'type2') {
        for (const f of [KERNEL_BIN, VMM]) {
          if (!existsSync(f)) { console.log(`      skipped: ${f} is missing (make -C guests compare kvm)`); this.skip(); }
        }
      }
      const boot = await linuxModeBoot(mode, { workload: WORKLOAD, kernelBin: KERNEL_BIN, vmm: VMM, offline: true });
      const r = await run(['run', '--bios', boot.bios, '--kernel', boot.kernel, '--initrd', boot.initrd,
        '--append', boot.append, '--ram', String(boot.ramMiB), '--harts', '1', '--drive', disk, '--stats'], 20 * 60_000);
      const tail = `\n--- ${mode} console tail ---\n${r.out.slice(-3000)}`;
      const stats = r.out.split('\n').reverse().find((l) => l.startsWith('{"instructions"'));
      if (stats !== undefined) {
        const st = JSON.parse(stats) as { instructions: number; instructionsByMode: unknown; vmExits?: number };
        console.log(`      ${mode}: ${r.seconds.toFixed(1)} s, ${(st.instructions / 1e6).toFixed(1)} M instructions, `
          + `by mode ${JSON.stringify(st.instructionsByMode)}, VM exits ${st.vmExits ?? 0}`);
      }
      assert.doesNotMatch(r.out, /compare: FAILED/, `the workload reports no failure${tail}`);
      assert.doesNotMatch(r.out, new RegExp(`compare-${mode}: .* exited with status`), `the mode's command succeeded${tail}`);
      const m = CHECKSUM.exec(r.out);
      assert.ok(m, `the checksum line${tail}`);
      checksums.set(mode, m[1]);
      assert.equal(r.status, 0, `exit status (power-off)${tail}`);
      if (mode === 'type2') assert.match(r.out, /vmm: guest system event: shutdown\n/, `the small kernel shut down${tail}`);
    });
  }

  it('the modes agree on the checksum', function () {
    if (checksums.size < 2) { console.log('      skipped: fewer than two modes ran'); this.skip(); }
    assert.equal(new Set(checksums.values()).size, 1, JSON.stringify(Object.fromEntries(checksums)));
  });
});
