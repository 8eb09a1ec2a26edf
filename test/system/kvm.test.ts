/**
 * System test: Linux KVM on the hypervisor (H) extension. Debian's kernel boots with
 * kvm.ko in its initramfs, which must report "kvm [N]: hypervisor extension available"
 * and create /dev/kvm; then the fixture VMM (guests/kvm/build/vmm) runs the bare-metal
 * guest (guest.bin: UART MMIO, SBI calls, a timer interrupt, SRST), whose console lines
 * and the VMM's exit counts must match exactly. With HYPERSTEP_KVM_NESTED=1 the VMM
 * also boots the same Debian kernel as a KVM guest, to its /init marker (minutes).
 *
 * Each scenario runs on HyperStep (`hyperstep linux --modules kvm --file ...`) and, when
 * qemu-system-riscv64 is installed, on QEMU 7.2 with `-cpu rv64,h=true`, the reference
 * proving the fixture itself. Fixture and manual commands: scripts/kvmFixture.ts.
 * Needs opensbi and the Linux cache (fetched on first use, as linuxBoot.test.ts).
 */
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { OPENSBI_FW_JUMP } from '../../emulator/host/nodeLinuxBoot';
import { ensureLinuxImages, type LinuxImages } from '../../emulator/host/nodeLinuxImages';
import {
  BARE_GUEST_LINES, bareGuestExitLine, GUEST_BIN, guestInitrd, hostInitramfs, hyperstepArgs, NESTED_MARKER,
  qemuArgs, VMM,
} from '../../scripts/kvmFixture';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const QEMU = 'qemu-system-riscv64';
const NESTED = process.env.HYPERSTEP_KVM_NESTED === '1';
/** Kernel-log lines that must never appear, in the host or the nested guest. */
const BAD = /(WARNING:|\bBUG[: ]|Oops|soft lockup|rcu_sched self-detected stall|Kernel panic|Call Trace)/;

/** Console lines whose arrival time (host seconds from the start) a run records. */
const NESTED_START = 'vmm: starting the vCPU at 0x80200000';
const MARKS = [NESTED_START, NESTED_MARKER];

interface Run { status: number | null; out: string; seconds: number; at: Map<string, number> }

function run(cmd: string, args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const at = new Map<string, number>();
    let out = '';
    const take = (d: Buffer): void => {
      out += d.toString('latin1');
      for (const m of MARKS) if (!at.has(m) && out.includes(m)) at.set(m, (Date.now() - t0) / 1000);
    };
    p.stdout.on('data', take);
    p.stderr.on('data', take);
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out: out.replace(/\r/g, ''), seconds: (Date.now() - t0) / 1000, at });
    });
  });
}

function haveQemu(): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, QEMU)));
}

/** What every run must show: KVM found the H extension, /dev/kvm, the bare guest's exact output and exits. */
function checkKvmAndBareGuest(r: Run, who: string): void {
  const tail = `\n--- ${who} console tail ---\n${r.out.slice(-4000)}`;
  assert.match(r.out, /kvm \[\d+\]: hypervisor extension available/, `kvm.ko reports the H extension${tail}`);
  assert.ok(r.out.includes('HS-KVM-DEV present'), `/dev/kvm exists${tail}`);
  const guestLines = r.out.split('\n').filter((l) => l.startsWith('kvm-guest:'));
  assert.deepEqual(guestLines, BARE_GUEST_LINES.map((l) => l.text), `bare guest output${tail}`);
  assert.ok(r.out.includes('vmm: guest system event: shutdown\n'), `SRST shutdown reached the VMM${tail}`);
  assert.ok(r.out.includes(`${bareGuestExitLine()}\n`), `VMM exit counts (${bareGuestExitLine()})${tail}`);
  assert.ok(r.out.includes('HS-KVM-BARE-STATUS 0'), `vmm bare exits with status 0${tail}`);
  assert.deepEqual(r.out.split('\n').filter((l) => BAD.test(l)), [], `no WARNING/BUG/Oops/stall/panic${tail}`);
}

function checkNested(r: Run, who: string): void {
  const tail = `\n--- ${who} console tail ---\n${r.out.slice(-4000)}`;
  assert.ok(r.out.includes('Machine model: HyperStep KVM VMM'), `the nested kernel read the VMM's device tree${tail}`);
  assert.ok(r.out.includes(NESTED_MARKER), `nested guest reached /init${tail}`);
  assert.match(r.out, /HYPERSTEP-KVM-GUEST: Linux \S+ riscv64/, `nested guest uname${tail}`);
  assert.match(r.out, /vmm: exits mmio=\d+ sbi=\d+ system_event=1\n/, `VMM exit counts of the nested run${tail}`);
  assert.ok(r.out.includes('HS-KVM-LINUX-STATUS 0'), `vmm linux exits with status 0${tail}`);
}

/** The timings of a run, from its console (the kernel's own clock) and the host. */
function report(who: string, r: Run): void {
  const exits = [...r.out.matchAll(/^vmm: exits .*$/gm)].map((m) => m[0].slice(5));
  console.log(`      ${who}: ${r.seconds.toFixed(1)} s wall, status ${r.status}; ${exits.join('; ')}`);
  const start = r.at.get(NESTED_START), marker = r.at.get(NESTED_MARKER);
  if (start !== undefined && marker !== undefined) {
    console.log(`      nested Linux: ${(marker - start).toFixed(1)} s from the vCPU's start to its /init marker (${marker.toFixed(1)} s into the run)`);
  }
}

describe('Linux KVM on the hypervisor extension (guests/kvm)', function () {
  this.timeout(90 * 60_000);
  let images: LinuxImages;
  let dir: string;
  let guestInitrdPath: string;

  before(async function () {
    if (!existsSync(OPENSBI_FW_JUMP)) { console.log('      skipped: apt-get install opensbi'); this.skip(); }
    for (const f of [VMM, GUEST_BIN]) {
      if (!existsSync(f)) { console.log(`      skipped: ${f} is missing (make -C guests kvm)`); this.skip(); }
    }
    images = await ensureLinuxImages({ log: (l) => console.log(`      ${l}`) });
    dir = mkdtempSync(join(tmpdir(), 'hyperstep-kvm-'));
    guestInitrdPath = join(dir, 'guest-initrd.cpio');
    writeFileSync(guestInitrdPath, guestInitrd());
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  describe('on QEMU 7.2 (-cpu rv64,h=true), the reference', function () {
    before(function () {
      if (!haveQemu()) { console.log(`      skipped: ${QEMU} is not installed (apt-get install qemu-system-misc)`); this.skip(); }
    });

    async function qemu(nested: boolean): Promise<Run> {
      const initrd = join(dir, `host-${nested ? 'nested' : 'bare'}.cpio`);
      writeFileSync(initrd, hostInitramfs(images, nested));
      const r = await run(QEMU, qemuArgs(images.kernel, initrd), 10 * 60_000);
      report(`QEMU${nested ? ' (nested Linux)' : ''}`, r);
      assert.match(r.out, /reboot: Power down/, `host powered off\n${r.out.slice(-3000)}`);
      assert.equal(r.status, 0, 'QEMU exit status');
      return r;
    }

    it('kvm.ko finds the H extension; the VMM runs the bare-metal guest', async () => {
      checkKvmAndBareGuest(await qemu(false), 'QEMU');
    });

    it('the VMM boots Debian Linux as a KVM guest to its /init', async () => {
      const r = await qemu(true);
      checkKvmAndBareGuest(r, 'QEMU');
      checkNested(r, 'QEMU');
    });
  });

  describe('on HyperStep (hyperstep linux)', function () {
    before(function () {
      if (!existsSync(CLI)) { console.log(`      skipped: ${CLI} is missing (npm run build)`); this.skip(); }
    });

    async function hyperstep(nested: boolean): Promise<Run> {
      const r = await run(process.execPath, [CLI, ...hyperstepArgs(nested, images.kernel, guestInitrdPath), '--stats'],
        (nested ? 80 : 20) * 60_000);
      report(`HyperStep${nested ? ' (nested Linux)' : ''}`, r);
      const line = r.out.split('\n').reverse().find((l) => l.startsWith('{"instructions"'));
      if (line) {
        const st = JSON.parse(line) as Record<string, unknown>;
        console.log(`      ${(Number(st.instructions) / 1e9).toFixed(3)} x 10^9 instructions, ${String(st.mips)} MIPS, `
          + `by mode ${JSON.stringify(st.instructionsByMode)}, VM exits ${JSON.stringify(st.vmExitsByCause ?? st.vmExits ?? null)}`);
      }
      return r;
    }

    it('kvm.ko finds the H extension; the VMM runs the bare-metal guest', async () => {
      const r = await hyperstep(false);
      checkKvmAndBareGuest(r, 'HyperStep');
      assert.equal(r.status, 0, `exit status\n${r.out.slice(-2000)}`);
    });

    it('the VMM boots Debian Linux as a KVM guest to its /init (HYPERSTEP_KVM_NESTED=1)', async function () {
      if (!NESTED) { console.log('      skipped: set HYPERSTEP_KVM_NESTED=1 (takes minutes)'); this.skip(); }
      const r = await hyperstep(true);
      checkKvmAndBareGuest(r, 'HyperStep');
      checkNested(r, 'HyperStep');
      assert.equal(r.status, 0, `exit status\n${r.out.slice(-2000)}`);
    });
  });
});
