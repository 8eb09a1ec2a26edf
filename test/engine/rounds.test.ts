/**
 * Scheduling rounds resume across Machine.step() calls (emulator/machine.ts): where a
 * run stops, what it computed and when a halt is seen do not depend on how the caller
 * cuts the run into steps — single instructions, odd chunks or one call — on one hart
 * and on four. Time travel replays rely on it.
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';

const guests = join(__dirname, '..', '..', 'guests');

function runSliced(elf: string, harts: number, chunk: number, limit = 5_000_000): { clock: number; instret: number[]; halted: string; out: string } {
  let out = '';
  const m = createMachine({ machine: 'virt', ramMiB: 64, harts, console: textConsole((t) => { out += t; }) });
  loadFirmwareAndKernel(m, parseElf(new Uint8Array(readFileSync(elf))));
  while (m.halted === null && m.clock < limit) if (m.step(Math.min(chunk, limit - m.clock)) === 0) break;
  return { clock: m.clock, instret: m.harts.map((h) => h.instret), halted: JSON.stringify(m.halted), out };
}

describe('machine: rounds resume across step() calls', function () {
  this.timeout(120_000);
  for (const [dir, name, harts] of [['exit', 'finisher_exit5', 1], ['exit', 'uart_hello', 1], ['smp', 'lrsc2', 2], ['smp', 'timer4', 4]] as [string, string, number][]) {
    it(`${name} (${harts} hart${harts > 1 ? 's' : ''}): same halt point and output with steps of 1, 7, 1000 and 10^9`, () => {
      const elf = join(guests, dir, 'build', `${name}.elf`);
      const whole = runSliced(elf, harts, 1e9);
      assert.notEqual(whole.halted, 'null', 'the guest halts');
      for (const chunk of [1, 7, 1000]) assert.deepEqual(runSliced(elf, harts, chunk), whole, `steps of ${chunk}`);
    });
  }
});
