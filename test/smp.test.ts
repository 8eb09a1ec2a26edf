/**
 * Multi-hart programs (guests/smp) on the virt board: IPIs through the CLINT, LR/SC
 * and AMO atomicity across harts, reservations broken by other harts' stores, and the
 * hart count seen by the guest. Each program exits through the SiFive test finisher;
 * a non-zero code is the failing case number (see the program's header comment).
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../emulator/runElf';
import { parseElf, type ElfImage } from '../emulator/loader/elf';
import type { Machine } from '../emulator/machine';

const buildDir = join(__dirname, '..', 'guests', 'smp', 'build');

export function loadSmp(name: string): ElfImage {
  return parseElf(new Uint8Array(readFileSync(join(buildDir, `${name}.elf`))));
}

export interface SmpRun { m: Machine; out: string; image: ElfImage }

/** Build a virt machine with `harts` harts, load the program, run to exit or budget. */
export function runSmp(name: string, harts: number, maxInsns = 100_000_000): SmpRun {
  const res: SmpRun = { m: undefined as unknown as Machine, out: '', image: loadSmp(name) };
  const m = createMachine({ machine: 'virt', ramMiB: 128, harts, console: textConsole((t) => { res.out += t; }) });
  res.m = m;
  loadFirmwareAndKernel(m, res.image);
  while (m.halted === null && m.instret < maxInsns) {
    if (m.step(1_000_000) === 0) break; // every hart idle, no timer: nothing can wake them
  }
  return res;
}

function readDword(r: SmpRun, sym: string, index = 0): bigint {
  const s = r.image.symbolByName(sym);
  assert.ok(s !== undefined, `symbol ${sym} missing`);
  const off = s.value - r.m.bus.ramBase + 8 * index;
  return new DataView(r.m.bus.ram.buffer, r.m.bus.ram.byteOffset).getBigInt64(off, true);
}

function expectPass(r: SmpRun, label: string): void {
  assert.ok(r.m.halted !== null, `${label}: did not exit after ${r.m.instret} instructions`);
  assert.equal(r.m.halted.kind, 'exit');
  assert.equal(r.m.halted.code, 0, `${label}: failed at case ${r.m.halted.code}`);
  r.m.harts.forEach((h, i) => assert.ok(h.instret > 0, `${label}: hart ${i} retired no instructions`));
}

describe('SMP programs (guests/smp)', () => {
  for (const n of [2, 4]) {
    it(`ipi${n}: CLINT IPIs to ${n - 1} secondaries (WFI with MIE=1 and MIE=0) and a self-IPI`, () => {
      const r = runSmp(`ipi${n}`, n);
      expectPass(r, `ipi${n}`);
      // One MSI trap per secondary (phase 1) plus hart 0's self-IPI; phase 2 wakes WFI without a trap.
      assert.deepEqual(r.m.trapsByCause(), { 'machine software interrupt': n });
      r.m.harts.forEach((h, i) => assert.equal(h.trapCounts[64 + 3], 1, `hart ${i} MSI traps`));
    });

    it(`lrsc${n}: LR/SC and AMOADD counters are exact with ${n} harts; stores break reservations`, () => {
      const r = runSmp(`lrsc${n}`, n);
      expectPass(r, `lrsc${n}`);
      const total = BigInt(n * 3000);
      assert.equal(readDword(r, 'cnt_lr'), total);
      assert.equal(readDword(r, 'cnt_amo'), total);
      assert.equal(readDword(r, 'cnt_w') & 0xffffffffn, total);
      // Step 4: hart 0 stored the same value to X: on HyperStep any store by another
      // hart breaks the reservation (QEMU's value-compare SC cannot see it).
      assert.equal(readDword(r, 'sc_result', 4), 1n, 'SC after a same-value store by another hart');
      // Steps 1..3 failed (checked by the program), step 5 succeeded.
      assert.deepEqual([1, 2, 3, 5].map((k) => readDword(r, 'sc_result', k)), [1n, 1n, 1n, 0n]);
    });
  }

  it('lrsc4: SC failures happen under contention (quantum boundary between LR and SC)', () => {
    const r = runSmp('lrsc4', 4);
    expectPass(r, 'lrsc4');
    const fails = r.m.harts.map((_, i) => readDword(r, 'smp_rec', 8 * i));
    console.log(`      SC failures per hart: ${fails.join(', ')}; instructions per hart: ${r.m.harts.map((h) => h.instret).join(', ')}`);
    assert.ok(fails.every((f) => f >= 0n && f < 3000n));
    // Each hart's loops span several quanta, so some slice ends between an LR and its
    // SC while other harts update the counter: the retry path really runs.
    assert.ok(fails.reduce((a, b) => a + b) > 0n, 'no SC ever failed: the test did not exercise contention');
  });

  for (const n of [1, 4]) {
    it(`timer${n}: MTIP never fires before mtime >= mtimecmp (${n} hart${n > 1 ? 's' : ''}, trap and WFI)`, () => {
      const r = runSmp(`timer${n}`, n);
      // Exit code 10+h / 20+h: hart h saw its timer interrupt while mtime < mtimecmp[h].
      expectPass(r, `timer${n}`);
      assert.equal(r.m.trapsByCause()['machine timer interrupt'], 4 * n);
    });
  }

  it('the hart-count check fails when the machine has too few or too many harts', () => {
    // Too few: hart 0 waits for the missing hart and gives up (case 1).
    const few = runSmp('ipi4', 3, 50_000_000);
    assert.deepEqual(few.m.halted, { kind: 'exit', code: 1 });
    // Too many: the extra hart parks, but hart 0 counts it at the end (case 2).
    const many = runSmp('lrsc2', 3);
    assert.deepEqual(many.m.halted, { kind: 'exit', code: 2 });
  });

  it('is deterministic: same ELF and harts give the same instruction counts per hart', () => {
    const a = runSmp('lrsc4', 4), b = runSmp('lrsc4', 4);
    assert.deepEqual(a.m.harts.map((h) => h.instret), b.m.harts.map((h) => h.instret));
    assert.deepEqual(a.m.harts.map((_, i) => readDword(a, 'smp_rec', 8 * i)),
      b.m.harts.map((_, i) => readDword(b, 'smp_rec', 8 * i)));
  });
});
