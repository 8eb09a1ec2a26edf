/**
 * Recorded history (emulator/snapshot/history.ts): a machine brought to a clock by
 * restoring a snapshot and replaying is bit-identical (RAM, every hart's registers and
 * CSRs, counters, time, console output) to a fresh machine run straight to that clock;
 * on the benchmarks, the timer-interrupt test, multi-hart programs and with UART input
 * recorded and replayed. Also: snapshot memory is proportional to the pages written,
 * thinning keeps the schedule dense near the present, and a change in the past branches.
 */
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import type { Machine } from '../../emulator/machine';
import { History } from '../../emulator/snapshot/history';

const guests = join(__dirname, '..', '..', 'guests');
const elf = (dir: string, name: string): string => join(guests, dir, 'build', `${name}.elf`);

interface Run { m: Machine; out: { text: string } }

function boot(path: string, harts: number): Run {
  const out = { text: '' };
  const m = createMachine({ machine: 'virt', ramMiB: 128, harts, console: textConsole((t) => { out.text += t; }) });
  loadFirmwareAndKernel(m, parseElf(new Uint8Array(readFileSync(path))));
  return { m, out };
}

/** Host input: byte values at clocks. */
type Input = [number, number][];

/** Run straight to clock k (no history), feeding input at its clocks, in chunks. */
function runTo(r: Run, k: number, input: Input = [], chunk = 1e9): void {
  const m = r.m;
  let i = 0;
  while (m.halted === null && m.clock < k) {
    while (i < input.length && input[i][0] <= m.clock) m.board.pushInput(input[i++][1]);
    const next = i < input.length ? input[i][0] - m.clock : Infinity;
    if (m.step(Math.min(chunk, k - m.clock, next)) === 0) break;
  }
}

/** Run with history recording to clock k, feeding input through the log. */
function recordTo(r: Run, hist: History, k: number, input: Input = []): void {
  const m = r.m;
  let i = 0;
  while (i < input.length && input[i][0] < m.clock) i++;
  while (m.halted === null && m.clock < k) {
    while (i < input.length && input[i][0] <= m.clock) { m.board.pushInput(input[i][1]); hist.input(input[i++][1]); }
    const next = i < input.length ? input[i][0] - m.clock : Infinity;
    const n = m.step(Math.min(250_000, k - m.clock, next, hist.injectDue()));
    hist.afterStep();
    if (n === 0) break;
  }
}

function sha(...parts: ArrayBufferView[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest('hex');
}

/** What the guest can observe (console output excluded: see each test). */
function state(m: Machine): Record<string, unknown> {
  return {
    clock: m.clock, mtime: m.mtime(), halted: JSON.stringify(m.halted), ram: sha(m.bus.ram),
    harts: m.harts.map((h) => {
      const scalars = Float64Array.from([h.pc, h.priv, h.virt, h.mstatus, h.fflags, h.frm, h.mie, h.mipSw, h.mipHw,
        h.medeleg, h.mideleg, h.satpMode, h.satpPpn, h.instret, h.traps, h.cycles, h.reservation, h.wfi ? 1 : 0, h.stimecmp]);
      return `pc=${h.pc.toString(16)} instret=${h.instret} ${sha(h.xl.subarray(0, 32), h.xh.subarray(0, 32), h.f, h.csrLo, h.csrHi, scalars, h.pmp.cfg, h.pmp.addrLo)}`;
    }),
  };
}

/** Record to `end`, then travel to several clocks (back and forth) and compare each
 *  with a fresh machine run straight there. */
function checkTravel(path: string, harts: number, end: number, points: number[], input: Input = []): History {
  const r = boot(path, harts);
  const hist = new History(r.m);
  hist.interval = Math.max(100, Math.floor(end / 12));
  hist.snapshot(true);
  recordTo(r, hist, end, input);
  const atEnd = state(r.m);
  assert.ok(hist.snapshots.length >= 3, `only ${hist.snapshots.length} snapshots`);
  for (const p of points) {
    hist.seek(p);
    const fresh = boot(path, harts);
    runTo(fresh, p, input, 7_777);
    assert.deepEqual(state(r.m), state(fresh.m), `${path}: state at clock ${p} after travel`);
  }
  hist.seek(end);
  assert.deepEqual(state(r.m), atEnd, `${path}: back at the end`);
  return hist;
}

describe('snapshot history: travel is bit-identical to a straight run', function () {
  this.timeout(180_000);

  it('bench intmix: back and forth over 3 x 10^6 instructions', () => {
    checkTravel(elf('bench', 'intmix'), 1, 3_000_000, [1_234_567, 17, 2_999_999, 600_001, 2_000_000]);
  });

  it('bench sv39 (paging, A/D updates, TLB): back and forth', () => {
    checkTravel(elf('bench', 'sv39'), 1, 4_000_000, [3_999_000, 1_000_003, 2_500_000]);
  });

  it('timer interrupts (priv/interrupts): exact across interrupt boundaries', () => {
    const r = boot(elf('priv', 'interrupts'), 1);
    runTo(r, Infinity);
    const total = r.m.clock;
    checkTravel(elf('priv', 'interrupts'), 1, total, [Math.floor(total / 3), total - 1, Math.floor(total / 2) + 1]);
  });

  it('4 harts (smp/lrsc4: LR/SC contention): exact interleaving after travel', () => {
    checkTravel(elf('smp', 'lrsc4'), 4, 200_000, [50_001, 199_999, 123_457]);
  });

  it('UART input recorded and replayed (smp/echo4, 4 harts): same output after travel', () => {
    const input: Input = [[150_000, 0x61], [400_000, 0x62], [650_000, 0x71]];
    const end = 900_000;
    const r = boot(elf('smp', 'echo4'), 4);
    const hist = new History(r.m);
    hist.interval = 100_000;
    hist.snapshot(true);
    recordTo(r, hist, end, input);
    const outAll = r.out.text;
    assert.match(outAll, /rx 71/, 'the guest saw all input');
    for (const p of [500_000, 120_000]) {
      hist.seek(p); // replays the logged input, no live input fed
      const fresh = boot(elf('smp', 'echo4'), 4);
      runTo(fresh, p, input);
      assert.deepEqual(state(r.m), state(fresh.m), `echo4 at ${p}`);
    }
    const before = r.out.text.length;
    hist.runTo(end); // replay (no snapshot restored on the way): the output comes again
    const replayed = r.out.text.slice(before);
    assert.ok(outAll.endsWith(replayed) && replayed.includes('rx 71'), `replay printed ${JSON.stringify(replayed)}`);
  });

  it('restored machine continues to the guest exit exactly as the uninterrupted run', () => {
    const path = elf('demo', 'demo');
    const whole = boot(path, 1);
    runTo(whole, Infinity);
    const r = boot(path, 1);
    const hist = new History(r.m);
    hist.interval = 50_000;
    hist.snapshot(true);
    recordTo(r, hist, 200_000);
    hist.seek(77_777);
    runTo(r, Infinity);
    assert.deepEqual(state(r.m), state(whole.m));
    assert.ok(whole.out.text.length > 0 && r.out.text.endsWith(whole.out.text.slice(-20)));
  });
});

describe('snapshot history: memory and schedule', function () {
  this.timeout(120_000);

  it('a snapshot holds the pages written since the previous one (every changed page, few others)', () => {
    const r = boot(elf('bench', 'sv39'), 1);
    const hist = new History(r.m);
    hist.interval = 1e12; // manual snapshots only
    const first = hist.snapshot(true);
    assert.ok(first.pages.size > 0 && first.pages.size < 128, `first snapshot: ${first.pages.size} pages (the program, not 128 MiB of zeros)`);
    recordTo(r, hist, 5_000_000); // past the start-up (clearing .bss writes zeros over zeros)
    hist.snapshot(true); // pinned: not thinned (merged) into the next one
    const before = r.m.bus.ram.slice();
    recordTo(r, hist, 6_000_000);
    const s = hist.snapshot();
    const changed: number[] = [];
    const ram = r.m.bus.ram;
    for (let p = 0; p < ram.length / 4096; p++) {
      for (let i = p * 4096; i < p * 4096 + 4096; i++) if (ram[i] !== before[i]) { changed.push(p); break; }
    }
    assert.ok(changed.length > 10, `changed pages: ${changed.length}, copied ${s.pages.size}`);
    assert.deepEqual([...s.pages.keys()].sort((a, b) => a - b), changed);
  });

  it('thinning keeps snapshots dense near the present and sparse far back', () => {
    const r = boot(elf('bench', 'intmix'), 1);
    const hist = new History(r.m);
    hist.interval = 20_000;
    hist.snapshot(true);
    recordTo(r, hist, 4_000_000);
    const clocks = hist.snapshots.map((s) => s.clock);
    assert.ok(clocks.length < 120, `${clocks.length} snapshots kept of 200 taken`);
    const gaps = clocks.slice(1).map((c, i) => c - clocks[i]);
    assert.ok(gaps[gaps.length - 1] <= 40_000, `last gap ${gaps[gaps.length - 1]}`);
    assert.ok(Math.max(...gaps.slice(0, 5)) > 200_000, `early gaps ${gaps.slice(0, 5).join(', ')}`);
  });

  it('the memory budget drops old snapshots, never the first', () => {
    const r = boot(elf('bench', 'sv39'), 1);
    const hist = new History(r.m);
    hist.interval = 10_000;
    hist.budgetBytes = 2 * 1024 * 1024;
    hist.snapshot(true);
    recordTo(r, hist, 2_000_000);
    // What no budget can drop: each distinct page once (restoring any kept snapshot needs it).
    const distinct = new Set<number>();
    for (const s of hist.snapshots) for (const p of s.pages.keys()) distinct.add(p);
    const floor = distinct.size * 4096 + hist.snapshots.length * 64 * 1024;
    assert.ok(hist.taken >= 190 && hist.snapshots.length < hist.taken / 4, `${hist.snapshots.length} of ${hist.taken} kept`);
    assert.ok(hist.bytes <= hist.budgetBytes + floor, `bytes ${hist.bytes}, budget ${hist.budgetBytes}, floor ${floor}`);
    assert.equal(hist.snapshots[0].clock, 0);
  });

  it('a change in the past starts a new branch: the recorded future is dropped', () => {
    const r = boot(elf('bench', 'intmix'), 1);
    const hist = new History(r.m);
    hist.interval = 100_000;
    hist.snapshot(true);
    recordTo(r, hist, 1_000_000);
    hist.seek(400_000);
    hist.debuggerWrite('x5 written');
    r.m.harts[0].xl[5] ^= 1;
    hist.snapshot(true);
    assert.equal(hist.frontier, 400_000);
    assert.ok(hist.snapshots.every((s) => s.clock <= 400_000));
    const kinds = hist.marks.query(0, 1e9, 1000).map((x) => x.kind);
    assert.ok(kinds.includes('branch') && kinds.includes('write'));
    recordTo(r, hist, 600_000);
    hist.seek(450_000);
    const fresh = boot(elf('bench', 'intmix'), 1);
    runTo(fresh, 400_000);
    fresh.m.harts[0].xl[5] ^= 1;
    runTo(fresh, 450_000);
    assert.deepEqual(state(r.m), state(fresh.m), 'the new branch replays with the write');
  });
});
