/**
 * System test: modes `hw-assisted` and `dom0` of the virtualization-mode comparison
 * (guests/compare/dom0/README.md). OpenSBI's fw_jump boots the reference hypervisor's
 * compare builds with the comparison disk (guests/compare/README.md) on the virt
 * board's virtio-blk:
 *
 *   - hv-compare.elf runs the small kernel (kernel.bin) alone and emulates its UART and
 *     virtio-blk (the shared vblk_model over the real disk through vblk_drv);
 *   - hv-dom0.elf runs the small kernel (VMID 1) with dom0 (VMID 2), which emulates both
 *     devices: each of the kernel's device accesses is forwarded to dom0 and answered
 *     with a hypercall, two world switches.
 *
 * Both must print the workload's checksum of the `native` run (kernel-native.elf on the
 * same board), power off with status 0, and their summaries must agree with the
 * machine's counters. On QEMU 7.2 (-cpu rv64,h=true, its default legacy virtio-mmio
 * transport under the hypervisors' backend driver) the checksum must be the same.
 *
 * Needs: apt-get install opensbi; the committed ELFs (make -C guests compare).
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createMachine, exitCodeOf, loadFirmwareAndKernel, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import { machineStats, type MachineStats } from '../../emulator/stats';
import { CompareProbe, type ProbeResult } from '../../emulator/compare/probe';

const FW_JUMP = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const BUILD = join(__dirname, '..', '..', 'guests', 'compare', 'build');
const NATIVE = join(BUILD, 'kernel-native.elf');
const HV_COMPARE = join(BUILD, 'hv-compare.elf');
const HV_DOM0 = join(BUILD, 'hv-dom0.elf');
const QEMU = 'qemu-system-riscv64';
const CHECKSUM = /^compare: checksum (0x[0-9a-f]{16})$/m;

function diskImage(): Buffer {
  const b = Buffer.alloc(1 << 20);
  for (let i = 0; i < b.length; i++) b[i] = (i * 131 + (i >> 9) * 7 + 11) & 0xff;
  return b;
}

interface Run { out: string; exitCode: number; stats: MachineStats; probe: ProbeResult }

/** Context keys of the probe (emulator/compare/probe.ts): mode index + 8 * VMID. */
const VS = 5, VU = 4;
const ctx = (mode: number, vmid: number): number => mode + 8 * vmid;

function runOnHyperStep(elf: string): Run {
  let out = '';
  const m = createMachine({
    machine: 'virt', ramMiB: 256, harts: 1, disk: diskImage(), console: textConsole((t) => { out += t; }),
  });
  loadFirmwareAndKernel(m, parseElf(readFileSync(FW_JUMP)), { elf: parseElf(readFileSync(elf)) });
  const probe = new CompareProbe(m, () => false);
  while (m.halted === null && m.instret < 500_000_000) {
    if (m.step(10_000_000) === 0) break;
  }
  return { out: out.replace(/\r/g, ''), exitCode: exitCodeOf(m), stats: machineStats(m), probe: probe.result };
}

function num(out: string, re: RegExp): number[] {
  const m = re.exec(out);
  assert.ok(m !== null, `${re} in:\n${out}`);
  return m.slice(1).map(Number);
}

function checksumOf(out: string): string {
  const m = CHECKSUM.exec(out);
  assert.ok(m !== null, `checksum line in:\n${out}`);
  return m[1];
}

const TOTAL = /^hv: total: (\d+) exits = (\d+) hypercalls \+ (\d+) load guest-page faults \+ (\d+) store guest-page faults \+ (\d+) timer interrupts \+ (\d+) other$/m;

describe('system: modes hw-assisted and dom0 (reference hypervisor, compare builds)', function () {
  this.timeout(600_000);
  let nativeChecksum = '';

  before(function () {
    if (!existsSync(FW_JUMP)) { console.log('      skipped: apt-get install opensbi'); this.skip(); }
    for (const f of [NATIVE, HV_COMPARE, HV_DOM0]) {
      if (!existsSync(f)) { console.log(`      skipped: ${f} is missing (make -C guests compare)`); this.skip(); }
    }
    const r = runOnHyperStep(NATIVE);
    assert.equal(r.exitCode, 0, r.out);
    nativeChecksum = checksumOf(r.out);
  });

  describe('hw-assisted (hv-compare.elf) on HyperStep', function () {
    let r: Run;
    before(() => { r = runOnHyperStep(HV_COMPARE); });

    it('prints the native run\'s checksum and powers off with status 0', () => {
      assert.equal(checksumOf(r.out), nativeChecksum, r.out);
      assert.match(r.out, /^hv: kernel: virtio-blk at guest-physical 0x10008000 emulated \(vblk_model\), 2048 sectors/m);
      assert.match(r.out, /^hv: powering off$/m);
      assert.equal(r.exitCode, 0);
    });

    it('serves the workload\'s disk requests through the model and the backend, without errors', () => {
      const [, , notifies, requests, reads, , writes, , flushes, , errors] = num(r.out,
        /^hv: virtio-blk \(emulated\): (\d+) register loads \+ (\d+) stores, (\d+) notifies, (\d+) requests = (\d+) reads \((\d+) sectors\) \+ (\d+) writes \((\d+) sectors\) \+ (\d+) flushes \+ (\d+) other; (\d+) errors$/m);
      assert.equal(errors, 0);
      assert.equal(requests, notifies);
      assert.ok(reads > 0 && writes > 0 && flushes > 0, r.out);
      const [backend] = num(r.out, /^hv: virtio-blk \(backend at 0x10008000\): (\d+) requests$/m);
      assert.ok(backend >= requests, `backend ${backend} >= guest requests ${requests}`);
    });

    it('agrees with the machine\'s counters (one VM, no world switch after the first entry)', () => {
      const [exits, hypercalls, loadGpf, storeGpf] = num(r.out, TOTAL);
      const s = r.stats;
      assert.equal(s.vmExits, exits);
      assert.equal(s.hypercalls, hypercalls);
      assert.equal(s.vmExitsByCause['load guest-page fault'], loadGpf);
      assert.equal(s.vmExitsByCause['store/AMO guest-page fault'], storeGpf);
      assert.equal(s.vmEntries, s.vmExits);
      assert.match(r.out, /^hv: all guests stopped after 1 world switches$/m);
      assert.ok(s.instructionsByMode.VU > 0, 'the workload runs in VU');
    });

    it('measured run (markers): the workload in VU and the kernel in VS of VMID 1, no world switch', () => {
      const p = r.probe;
      assert.ok(p.begun && p.ended, 'MARK_BEGIN and MARK_END seen');
      assert.equal(p.worldSwitches, 0);
      assert.ok((p.contexts.get(ctx(VU, 1)) ?? 0) > 0 && (p.contexts.get(ctx(VS, 1)) ?? 0) > 0);
      assert.equal(p.contexts.get(ctx(VS, 2)), undefined);
      assert.ok(p.ioLatencies.length > 0, 'I/O markers');
    });
  });

  describe('dom0 (hv-dom0.elf) on HyperStep', function () {
    let r: Run;
    before(() => { r = runOnHyperStep(HV_DOM0); });

    it('prints the native run\'s checksum (through dom0) and powers off with status 0', () => {
      assert.equal(checksumOf(r.out), nativeChecksum, r.out);
      assert.match(r.out, /^dom0: hart 0; serving vmid 1: UART at 0x10000000, virtio-blk at 0x10008000 \(2048 sectors;/m);
      assert.match(r.out, /^hv: powering off$/m);
      assert.equal(r.exitCode, 0);
    });

    it('forwards every device access of the kernel to dom0: two world switches each', () => {
      const [forwarded, uart, vblk, replies, stale, switches] = num(r.out,
        /^hv: dom0: (\d+) device accesses forwarded \((\d+) UART \+ (\d+) virtio-blk\), (\d+) dom0 replies \((\d+) with a wrong seq\), (\d+) world switches$/m);
      const [kExits, , kLoad, kStore] = num(r.out,
        /^hv: kernel \(vmid 1\): (\d+) exits = (\d+) hypercalls \+ (\d+) load guest-page faults \+ (\d+) store guest-page faults/m);
      assert.ok(kExits > 0);
      assert.equal(forwarded, kLoad + kStore, 'every guest-page fault of the kernel is a device access');
      assert.equal(uart + vblk, forwarded);
      assert.ok(vblk > 0, 'virtio-blk accesses');
      assert.equal(replies, forwarded + 1, 'one reply per request, plus dom0\'s first wait');
      assert.equal(stale, 0);
      assert.equal(switches, 2 * forwarded + 2, 'to dom0 and back per access, plus the start (dom0, then the kernel)');
      const [uartBytes, requests, reads, , writes, , flushes, backend] = num(r.out,
        /^hv: dom0 \(its counters\): (\d+) UART bytes; virtio-blk (\d+) requests = (\d+) reads \((\d+) sectors\) \+ (\d+) writes \((\d+) sectors\) \+ (\d+) flushes; (\d+) backend requests$/m);
      assert.ok(uartBytes > 0, 'the kernel\'s console went through dom0');
      assert.equal(requests, reads + writes + flushes);
      assert.ok(reads > 0 && writes > 0 && flushes > 0 && backend >= requests, r.out);
    });

    it('agrees with the machine\'s counters: dom0\'s replies are hypercalls, all exits are entries', () => {
      const [exits, hypercalls] = num(r.out, TOTAL);
      const s = r.stats;
      assert.equal(s.vmExits, exits);
      assert.equal(s.hypercalls, hypercalls);
      assert.equal(s.vmEntries, s.vmExits);
    });

    it('measured run (markers): dom0 runs in VS of VMID 2, world switches come in pairs', () => {
      const p = r.probe;
      assert.ok(p.begun && p.ended, 'MARK_BEGIN and MARK_END seen');
      assert.ok(p.worldSwitches > 0 && p.worldSwitches % 2 === 0, `world switches ${p.worldSwitches}`);
      assert.ok((p.contexts.get(ctx(VS, 2)) ?? 0) > 0, 'dom0 instructions');
      assert.ok(p.ioLatencies.length > 0, 'I/O markers');
    });
  });

  describe('on QEMU 7.2 (-cpu rv64,h=true), the reference', function () {
    let dir = '';
    before(function () {
      const probe = spawnSync(QEMU, ['--version'], { encoding: 'utf8' });
      if (probe.error !== undefined || probe.status !== 0) {
        console.log(`      skipped: ${QEMU} is not installed`);
        this.skip();
      }
      dir = mkdtempSync(join(tmpdir(), 'hyperstep-compare-hv-'));
    });
    after(() => { if (dir !== '') rmSync(dir, { recursive: true, force: true }); });

    for (const [name, elf] of [['hw-assisted', HV_COMPARE], ['dom0', HV_DOM0]] as const) {
      it(`${name}: the native run's checksum, status 0`, () => {
        const disk = join(dir, `${name}.img`);
        writeFileSync(disk, diskImage());
        const q = spawnSync(QEMU, ['-M', 'virt', '-cpu', 'rv64,h=true', '-m', '256M', '-nographic',
          '-bios', FW_JUMP, '-kernel', elf,
          '-drive', `file=${disk},format=raw,if=none,id=d0`, '-device', 'virtio-blk-device,drive=d0'],
        { encoding: 'latin1', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
        const out = (q.stdout + q.stderr).replace(/\r/g, '');
        assert.equal(checksumOf(out), nativeChecksum, out);
        assert.match(out, /^hv: powering off$/m);
        assert.equal(q.status, 0, out);
      });
    }
  });
});
