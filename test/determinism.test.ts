/**
 * Determinism (docs/architecture.md "Time"): nothing the guest sees depends on the host
 * clock; time and mtime derive from the retired-instruction count, so two runs with the
 * same inputs give bit-identical RAM, registers and console output at the same
 * instruction count. Each case runs a program twice, stops both runs at the same
 * instruction count and compares full-state fingerprints; negative controls show the
 * fingerprint does see small differences (one input byte, input one round later).
 */
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../emulator/runElf';
import { parseElf } from '../emulator/loader/elf';
import { QUANTUM, type Machine } from '../emulator/machine';

const guests = join(__dirname, '..', 'guests');
const DEMO = join(guests, 'demo', 'build', 'demo.elf');
const BENCH = join(guests, 'bench', 'build', 'intmix.elf');
const TIMER = join(guests, 'priv', 'build', 'interrupts.elf');
const ECHO4 = join(guests, 'smp', 'build', 'echo4.elf');
const LRSC4 = join(guests, 'smp', 'build', 'lrsc4.elf');

interface Run { m: Machine; out: { text: string } }

function boot(elf: string, harts: number): Run {
  const out = { text: '' };
  const m = createMachine({ machine: 'virt', ramMiB: 128, harts, console: textConsole((t) => { out.text += t; }) });
  loadFirmwareAndKernel(m, parseElf(new Uint8Array(readFileSync(elf))));
  return { m, out };
}

/**
 * Run until exactly `k` instructions have retired (single hart: step budgets never
 * overshoot, since a budget counts at least every retired instruction), or until the
 * machine halts or idles for good. `chunk` bounds each step (host-side slicing).
 */
function runTo(r: Run, k: number, chunk = 1e9): void {
  const m = r.m;
  while (m.halted === null && m.instret < k) {
    if (m.step(Math.min(chunk, k - m.instret)) === 0) break;
  }
}

/** Multi-hart: run whole rounds of `budget` per hart until at least k instructions retired. */
function runRounds(r: Run, k: number, budget = QUANTUM): void {
  const m = r.m;
  while (m.halted === null && m.instret < k) {
    if (m.step(budget) === 0) break;
  }
}

interface Fingerprint {
  instret: number;
  mtime: number;
  halted: string;
  console: string;
  ram: string;
  harts: string[];
}

function sha(...parts: ArrayBufferView[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest('hex');
}

/** Everything the guest can observe: RAM, every hart's registers/CSRs/counters, time, console. */
function fingerprint(r: Run): Fingerprint {
  const m = r.m;
  return {
    instret: m.instret,
    mtime: m.mtime(),
    halted: JSON.stringify(m.halted),
    console: r.out.text,
    ram: sha(m.bus.ram),
    harts: m.harts.map((h) => {
      const scalars = Float64Array.from([
        h.pc, h.priv, h.mstatus, h.fflags, h.frm, h.mie, h.mipSw, h.mipHw, h.medeleg, h.mideleg,
        h.satpMode, h.satpPpn, h.instret, h.cycles, h.reservation, h.wfi ? 1 : 0,
      ]);
      return `pc=${h.pc.toString(16)} instret=${h.instret} ` + sha(h.xl.subarray(0, 32), h.xh.subarray(0, 32), h.f, h.csrLo, h.csrHi, scalars);
    }),
  };
}

function assertSame(a: Fingerprint, b: Fingerprint, what: string): void {
  assert.equal(a.instret, b.instret, `${what}: instruction counts differ`);
  assert.equal(a.console, b.console, `${what}: console output differs`);
  assert.deepEqual(a.harts, b.harts, `${what}: hart state differs`);
  assert.equal(a.ram, b.ram, `${what}: RAM differs`);
  assert.deepEqual(a, b, what);
}

/** Run `fn` with the host clocks (Date.now, performance.now) jumping wildly. */
function withChaoticHostClock<T>(fn: () => T): T {
  const perf = performance.now.bind(performance);
  const date = Date.now;
  let skew = 0;
  const jump = (): number => (skew += 1e6 + ((skew * 7919) % 1e5));
  performance.now = () => perf() + jump();
  Date.now = () => date() + jump();
  try { return fn(); } finally { performance.now = perf; Date.now = date; }
}

describe('determinism', function () {
  this.timeout(120_000);

  describe('single hart', () => {
    it('demo.elf: identical state at the halfway point and at exit', () => {
      const whole = boot(DEMO, 1);
      runTo(whole, Infinity);
      assert.deepEqual(whole.m.halted, { kind: 'exit', code: 0 });
      const total = whole.m.instret;
      const half = Math.floor(total / 2);
      const a = boot(DEMO, 1), b = boot(DEMO, 1);
      runTo(a, half);
      runTo(b, half, 1000); // different host-side slicing, same instruction count
      assert.equal(a.m.instret, half);
      assertSame(fingerprint(a), fingerprint(b), 'demo at half');
      runTo(a, Infinity); runTo(b, Infinity);
      assertSame(fingerprint(a), fingerprint(b), 'demo at exit');
      assertSame(fingerprint(a), fingerprint(whole), 'demo at exit vs. uninterrupted run');
      console.log(`      demo: ${total} instructions, mtime ${a.m.mtime()} at exit`);
    });

    it('bench intmix (reduced budget): identical state at 3,000,000 instructions', () => {
      const K = 3_000_000;
      const a = boot(BENCH, 1), b = boot(BENCH, 1);
      runTo(a, K);
      withChaoticHostClock(() => runTo(b, K));
      assert.equal(a.m.instret, K);
      assertSame(fingerprint(a), fingerprint(b), 'intmix');
    });

    it('bench intmix: the state does not depend on how the host slices the run into steps', () => {
      // Host-side slicing (step budgets) varies with the front end (CLI, debugger,
      // input arrival); mtime at a given instruction count must not.
      const K = 3_000_000;
      const a = boot(BENCH, 1), b = boot(BENCH, 1);
      runTo(a, K);
      runTo(b, K, 77_777);
      assert.equal(a.m.mtime(), K / 10, 'mtime = retired cycles / 10 with no WFI');
      assertSame(fingerprint(a), fingerprint(b), 'intmix, different step budgets');
    });

    it('timer interrupts and WFI (priv/interrupts.elf): same traps at the same counts', () => {
      const a = boot(TIMER, 1), b = boot(TIMER, 1);
      runTo(a, Infinity);
      withChaoticHostClock(() => runTo(b, Infinity, 5_000));
      assert.deepEqual(a.m.halted, { kind: 'exit', code: 0 });
      assertSame(fingerprint(a), fingerprint(b), 'interrupts.elf');
      assert.deepEqual(a.m.trapsByCause(), b.m.trapsByCause());
      assert.ok(a.m.harts[0].idleCycles === b.m.harts[0].idleCycles);
    });
  });

  describe('four harts', () => {
    it('lrsc4: identical state at the same instruction count mid-run and at exit', () => {
      const a = boot(LRSC4, 4), b = boot(LRSC4, 4);
      runRounds(a, 150_000);
      withChaoticHostClock(() => runRounds(b, 150_000));
      assert.equal(a.m.halted, null);
      assertSame(fingerprint(a), fingerprint(b), 'lrsc4 mid-run');
      runRounds(a, Infinity);
      runRounds(b, Infinity, 1_000_000); // budgets above the quantum: same rounds
      assert.deepEqual(a.m.halted, { kind: 'exit', code: 0 });
      assertSame(fingerprint(a), fingerprint(b), 'lrsc4 at exit');
      console.log(`      lrsc4: ${a.m.instret} instructions (per hart ${a.m.harts.map((h) => h.instret).join(', ')})`);
    });

    /** echo4: bytes pushed to the UART at fixed instruction counts; returns the run. */
    function echoRun(inputs: [number, string][], chaotic = false): Run {
      const r = boot(ECHO4, 4);
      const go = (): void => {
        for (const [at, ch] of inputs) {
          runRounds(r, at);
          assert.ok(r.m.board.pushInput(ch.charCodeAt(0)));
        }
        runRounds(r, 30_000_000);
      };
      if (chaotic) withChaoticHostClock(go); else go();
      return r;
    }
    const INPUT: [number, string][] = [[2_000_000, 'a'], [5_000_000, 'b'], [8_000_000, 'q']];

    it('echo4: UART input at fixed instruction counts gives identical output and state', () => {
      const a = echoRun(INPUT), b = echoRun(INPUT, true);
      assert.deepEqual(a.m.halted, { kind: 'exit', code: 0 }, a.out.text);
      assert.match(a.out.text, /^echo: ready\nrx 61 mtime [0-9a-f]{16} work [0-9a-f]{16}\nrx 62 .*\nrx 71 .*\n$/);
      assertSame(fingerprint(a), fingerprint(b), 'echo4');
      console.log(`      echo4 output:\n${a.out.text.replace(/^/gm, '        ')}`);
    });

    it('negative controls: a different byte, or the same byte a few rounds later, changes the fingerprint', () => {
      const base = fingerprint(echoRun(INPUT));
      const otherByte = fingerprint(echoRun([[2_000_000, 'a'], [5_000_000, 'c'], [8_000_000, 'q']]));
      assert.notEqual(otherByte.console, base.console);
      assert.notEqual(otherByte.ram, base.ram);
      const later = fingerprint(echoRun([[2_000_000, 'a'], [5_000_000 + 4 * QUANTUM, 'b'], [8_000_000, 'q']]));
      // The byte is logged when it arrives, so only its printed mtime/work differ at exit.
      assert.notEqual(later.console, base.console);
      assert.notDeepEqual(later, base);
    });
  });
});
