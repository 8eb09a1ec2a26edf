/**
 * System test: the reference hypervisor (guests/hypervisor). Debian's OpenSBI fw_jump
 * boots guests/hypervisor/build/hypervisor.elf in HS-mode; it runs guest1 and guest2 in
 * VS-mode, round robin on a 50 ms slice, until each has done 5 rounds and powered off,
 * prints its VM-exit summary and shuts the machine down through SBI SRST.
 *
 * On HyperStep (through the API the CLI uses: createMachine + loadFirmwareAndKernel) the
 * run is deterministic: the guests' lines must come out exactly and in order, the exit
 * status is 0, and the machine's own counters (machineStats) must agree with what the
 * hypervisor counted: VM exits by cause (hypercalls, load/store guest-page faults,
 * slice-timer interrupts), VM entries, and instructions in VS-mode. HyperStep writes the
 * transformed instruction to htinst, so every MMIO access is decoded from it.
 *
 * When qemu-system-riscv64 is installed, the same payload runs on QEMU 7.2
 * (-cpu rv64,h=true): the reference. QEMU's timers follow the host clock, so only what
 * does not depend on timing is compared (each guest's lines in order, exits by cause
 * except the timer); QEMU 7.2 leaves htinst 0, so the hypervisor reads every faulting
 * instruction with HLVX.HU instead.
 *
 * Needs: apt-get install opensbi (skipped with a message otherwise).
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { createMachine, exitCodeOf, loadFirmwareAndKernel, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import { machineStats, type MachineStats } from '../../emulator/stats';

const FW_JUMP = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const BUILD = join(__dirname, '..', '..', 'guests', 'hypervisor', 'build');
const HV_ELF = join(BUILD, 'hypervisor.elf');
const QEMU = 'qemu-system-riscv64';

/** Every line the two guests print, in the order the 50 ms round robin produces. */
const HELLO = (g: string): string =>
  `${g}: hello from VS-mode, hart 0, SBI v2.0 (impl 0x4853), Sv39 root at gpa 0x80003000`;
const GUEST1 = [
  HELLO('guest1'),
  'guest1: round 1 sum 14',
  'guest1: round 2 sum 30',
  'guest1: round 3 sum 55',
  'guest1: round 4 sum 91',
  'guest1: round 5 sum 140',
  'guest1: done after 5 rounds, counter 15, 4 timer interrupts',
];
const GUEST2 = [
  HELLO('guest2'),
  'guest2: round 1 fib(5) = 5',
  'guest2: round 2 fib(10) = 55',
  'guest2: round 3 fib(15) = 610',
  'guest2: round 4 fib(20) = 6765',
  'guest2: round 5 fib(25) = 75025',
  'guest2: done after 5 rounds, counter 50, 4 timer interrupts',
];
const INTERLEAVED = [
  GUEST1[0], GUEST1[1], GUEST2[0], GUEST2[1],
  GUEST1[2], GUEST2[2], GUEST1[3], GUEST2[3], GUEST1[4], GUEST2[4],
  GUEST1[5], GUEST1[6], GUEST2[5], GUEST2[6],
];

/** VM exits each guest causes by itself (independent of timing). Per round: the round's
 * line through the emulated UART (an LSR poll and a THR write per character, plus "\r"),
 * SBI set_timer twice (arm, and clear in the interrupt handler); at boot the UART setup
 * (including a compressed 32-bit store and load of MCR), BASE probe/version/impl calls
 * and one DBCN console_write; at the end one legacy
 * putchar per character of the "done" line and SRST. */
const EXITS = {
  guest1: { hypercalls: 73, loadGpf: 122, storeGpf: 128 },
  guest2: { hypercalls: 73, loadGpf: 155, storeGpf: 161 },
};
const TOTAL_HYPERCALLS = EXITS.guest1.hypercalls + EXITS.guest2.hypercalls;
const TOTAL_LOAD_GPF = EXITS.guest1.loadGpf + EXITS.guest2.loadGpf;
const TOTAL_STORE_GPF = EXITS.guest1.storeGpf + EXITS.guest2.storeGpf;

interface GuestSummary {
  exits: number; hypercalls: number; loadGpf: number; storeGpf: number; timer: number; other: number;
  preemptions: number; htinst: number; hlvx: number;
}

/** The hypervisor's summary lines for one guest ("guest1", "guest2" or "total"). */
function summaryOf(out: string, name: string): GuestSummary {
  const a = new RegExp(`^hv: ${name}(?: \\(vmid \\d+\\))?: (\\d+) exits = (\\d+) hypercalls \\+ (\\d+) load guest-page faults \\+ ` +
    '(\\d+) store guest-page faults \\+ (\\d+) timer interrupts \\+ (\\d+) other$', 'm').exec(out);
  const b = new RegExp(`^hv: ${name}: (\\d+) preemptions; MMIO decoded from htinst (\\d+), from guest memory \\(HLVX\\) (\\d+);`, 'm')
    .exec(out);
  assert.ok(a !== null && b !== null, `summary lines for ${name} in:\n${out}`);
  const n = (s: string): number => Number(s);
  return {
    exits: n(a[1]), hypercalls: n(a[2]), loadGpf: n(a[3]), storeGpf: n(a[4]), timer: n(a[5]), other: n(a[6]),
    preemptions: n(b[1]), htinst: n(b[2]), hlvx: n(b[3]),
  };
}

function guestLines(out: string): string[] {
  return out.split('\n').filter((l) => /^guest[12]: /.test(l));
}

interface HyperStepRun { out: string; exitCode: number; stats: MachineStats; seconds: number }

function runOnHyperStep(): HyperStepRun {
  let out = '';
  const m = createMachine({ machine: 'virt', ramMiB: 256, harts: 1, console: textConsole((t) => { out += t; }) });
  loadFirmwareAndKernel(m, parseElf(readFileSync(FW_JUMP)), { elf: parseElf(readFileSync(HV_ELF)) });
  const t0 = performance.now();
  const limit = 500_000_000;
  while (m.halted === null && m.instret < limit) {
    if (m.step(10_000_000) === 0) break;
  }
  return { out: out.replace(/\r/g, ''), exitCode: exitCodeOf(m), stats: machineStats(m), seconds: (performance.now() - t0) / 1000 };
}

const have = existsSync(FW_JUMP) && existsSync(HV_ELF);

describe('system: reference hypervisor (guests/hypervisor) under OpenSBI', function () {
  this.timeout(300_000);

  before(function () {
    if (!existsSync(FW_JUMP)) { console.log('      skipped: apt-get install opensbi'); this.skip(); }
    if (!existsSync(HV_ELF)) { console.log(`      skipped: ${HV_ELF} is missing (make -C guests hypervisor)`); this.skip(); }
  });

  describe('on HyperStep', function () {
    let r: HyperStepRun;
    before(function () {
      if (!have) this.skip();
      r = runOnHyperStep();
      const s = r.stats;
      console.log(`      ${s.instructions} instructions in ${r.seconds.toFixed(2)} s ` +
        `(M ${s.instructionsByMode.M}, HS ${s.instructionsByMode.HS}, VS ${s.instructionsByMode.VS}); ` +
        `${s.vmExits} VM exits, ${s.vmEntries} VM entries`);
    });

    it('prints both guests\' lines exactly, alternating round by round, and powers off with status 0', () => {
      assert.deepEqual(guestLines(r.out), INTERLEAVED, r.out);
      assert.match(r.out, /^hv: Sstc yes \(stimecmp\); guest timers via vstimecmp; slice 500000 ticks$/m);
      assert.match(r.out, /^hv: guest1: vmid 1, \d+-byte image, guest-physical 0x80000000-0x803fffff -> host-physical 0x84000000, hgatp 0x8000100000080[0-9a-f]{3}$/m);
      assert.match(r.out, /^hv: guest2: vmid 2, \d+-byte image, guest-physical 0x80000000-0x803fffff -> host-physical 0x85000000, hgatp 0x8000200000080[0-9a-f]{3}$/m);
      assert.match(r.out, /^hv: all guests stopped after 10 world switches$/m);
      assert.match(r.out, /^hv: powering off$/m);
      assert.equal(r.exitCode, 0);
    });

    it('counts the VM exits the guests cause, and decodes every MMIO access from htinst', () => {
      for (const g of ['guest1', 'guest2'] as const) {
        const s = summaryOf(r.out, g);
        assert.deepEqual({ hypercalls: s.hypercalls, loadGpf: s.loadGpf, storeGpf: s.storeGpf }, EXITS[g], g);
        assert.equal(s.timer, 4, `${g}: one slice-timer exit per slice but its last`);
        assert.equal(s.preemptions, 4, g);
        assert.equal(s.other, 0, g);
        assert.equal(s.exits, s.hypercalls + s.loadGpf + s.storeGpf + s.timer, g);
        assert.equal(s.htinst, s.loadGpf + s.storeGpf, `${g}: htinst holds the transformed load/store`);
        assert.equal(s.hlvx, 0, g);
      }
    });

    it('agrees with the machine\'s counters: VM exits by cause, VM entries, instructions in VS', () => {
      const s = r.stats;
      const total = summaryOf(r.out, 'total');
      assert.deepEqual(s.vmExitsByCause, {
        'ecall from VS-mode': TOTAL_HYPERCALLS,
        'load guest-page fault': TOTAL_LOAD_GPF,
        'store/AMO guest-page fault': TOTAL_STORE_GPF,
        'supervisor timer interrupt': 8,
      });
      assert.equal(s.vmExits, total.exits);
      assert.equal(s.hypercalls, total.hypercalls);
      // Every exit but the last (the final SRST) is followed by an entry, plus the first entry.
      assert.equal(s.vmEntries, s.vmExits);
      assert.equal(s.trapsByTransition['VS->HS'], s.vmExits);
      // The guests' own timer interrupts (vstimecmp, hideleg) go straight to VS: 4 each.
      assert.equal(s.trapsByTransition['VS->VS'], 8);
      assert.equal(s.trapsByCause['virtual supervisor timer interrupt'], 8);
      assert.equal(s.instructionsByMode.VU, 0);
      assert.equal(s.instructionsByMode.U, 0);
      // The guests' work: boot with their own Sv39 tables, 5 rounds each, the console.
      assert.ok(s.instructionsByMode.VS > 200_000 && s.instructionsByMode.VS < 2_000_000,
        `instructions in VS: ${s.instructionsByMode.VS}`);
      assert.ok(s.instructionsByMode.HS > 100_000, `instructions in HS: ${s.instructionsByMode.HS}`);
    });
  });

  describe('on QEMU 7.2 (-cpu rv64,h=true), the reference', function () {
    let out = '';
    let status: number | null = null;
    before(function () {
      if (!have) this.skip();
      const probe = spawnSync(QEMU, ['--version'], { encoding: 'utf8' });
      if (probe.error !== undefined || probe.status !== 0) {
        console.log(`      skipped: ${QEMU} is not installed (apt-get install qemu-system-misc)`);
        this.skip();
      }
      const q = spawnSync(QEMU, ['-M', 'virt', '-cpu', 'rv64,h=true', '-m', '256M', '-nographic',
        '-bios', FW_JUMP, '-kernel', HV_ELF], { encoding: 'latin1', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
      out = (q.stdout + q.stderr).replace(/\r/g, '');
      status = q.status;
    });

    it('prints each guest\'s lines in order and powers off with status 0', () => {
      const lines = guestLines(out);
      assert.deepEqual(lines.filter((l) => l.startsWith('guest1:')), GUEST1, out);
      assert.deepEqual(lines.filter((l) => l.startsWith('guest2:')), GUEST2, out);
      assert.match(out, /^hv: powering off$/m);
      assert.equal(status, 0);
    });

    it('causes the same non-timer exits; with htinst = 0 every MMIO access is read with HLVX', () => {
      for (const g of ['guest1', 'guest2'] as const) {
        const s = summaryOf(out, g);
        assert.deepEqual({ hypercalls: s.hypercalls, loadGpf: s.loadGpf, storeGpf: s.storeGpf }, EXITS[g], g);
        assert.equal(s.other, 0, g);
        assert.equal(s.htinst, 0, `${g}: QEMU 7.2 writes 0 to htinst on guest-page faults`);
        assert.equal(s.hlvx, s.loadGpf + s.storeGpf, g);
      }
    });
  });
});
