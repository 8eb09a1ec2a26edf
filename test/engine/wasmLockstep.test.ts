/**
 * Lockstep of the wasm tier against the JavaScript tiers (issue 14): each benchmark
 * ELF (guests/bench/build) runs on two machines, one with the wasm tier forced on for
 * all code and one with the JS tiers only, in slices of the machine clock; after every
 * slice the integer registers, pc, instret (per mode) and the traps must agree.
 */
import { strict as assert } from 'assert';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { createMachine, loadProgram, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import { Tier } from '../../emulator/wasm/tier';
import type { Machine } from '../../emulator/machine';

const DIR = join(__dirname, '../../guests/bench/build');
const SLICE = 100_003;
const MAX_SLICES = 40;

function boot(elf: Uint8Array, tier: number): Machine {
  const m = createMachine({ machine: 'virt', ramMiB: 64, harts: 1, console: textConsole(() => undefined) });
  m.cache.setTier(tier);
  loadProgram(m, parseElf(elf));
  return m;
}

function state(m: Machine): string {
  const h = m.harts[0];
  return `pc=${h.pc.toString(16)} instret=${h.instret} traps=${h.traps} modes=${[...h.insnsByMode].join(',')} ` +
    `x=${[...h.xl.subarray(0, 32)].map((v, i) => `${h.xh[i]}:${v}`).join(' ')}`;
}

describe('wasm tier lockstep with the JS tiers (benchmark ELFs)', () => {
  const elfs = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.elf')) : [];
  for (const name of elfs) {
    it(`${name}: same registers, pc and counts at every slice`, () => {
      const elf = readFileSync(join(DIR, name));
      const js = boot(elf, Tier.Js);
      const wa = boot(elf, Tier.Wasm);
      for (let k = 0; k < MAX_SLICES; k++) {
        js.step(SLICE);
        wa.step(SLICE);
        assert.equal(state(wa), state(js), `${name}: slice ${k}`);
        if (js.halted !== null || wa.halted !== null) break;
      }
      assert.ok(wa.cache.wasmBlocks + wa.cache.wasmRegions > 0, 'the wasm tier compiled something');
    });
  }
});
