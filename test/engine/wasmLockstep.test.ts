/**
 * Lockstep of the wasm tier against the JavaScript tiers (issue 14): each benchmark
 * ELF (guests/bench/build) runs on two machines, one with the wasm tier forced on for
 * all code and one with the JS tiers only, in slices of the machine clock; after every
 * slice the integer registers, pc, instret (per mode) and the traps must agree. The same
 * for the first 100 million clock units of Debian's Linux boot under OpenSBI (M-mode
 * firmware, S-mode kernel with paging, traps and interrupts), when it is cached.
 */
import { strict as assert } from 'assert';
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { createMachine, loadProgram, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import { Tier } from '../../emulator/wasm/tier';
import type { Machine } from '../../emulator/machine';
import { createMachine as create2, loadFirmwareAndKernel } from '../../emulator/runElf';
import { resolveLinuxBoot, LINUX_RAM_MIB } from '../../emulator/host/nodeLinuxBoot';

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

describe('wasm tier lockstep with the JS tiers (OpenSBI + Linux boot)', () => {
  it('same registers, pc and counts every 2 million clock units over 100 million', async function () {
    this.timeout(600_000);
    let boot;
    try {
      boot = await resolveLinuxBoot({ offline: true });
    } catch {
      this.skip();
      return;
    }
    const kernel = new Uint8Array(readFileSync(boot.kernel));
    const initrd = new Uint8Array(readFileSync(boot.initrd));
    const fw = parseElf(new Uint8Array(readFileSync(boot.bios)));
    const make = (tier: number): Machine => {
      const m = create2({ machine: 'virt', ramMiB: LINUX_RAM_MIB, harts: 1, console: textConsole(() => undefined), bootargs: boot.append, initrd });
      m.cache.setTier(tier);
      loadFirmwareAndKernel(m, fw, { raw: kernel });
      return m;
    };
    const js = make(Tier.Js), wa = make(Tier.Auto);
    const runTo = (m: Machine, clock: number): void => {
      while (m.clock < clock && m.halted === null) if (m.step(clock - m.clock) === 0) break;
    };
    for (let k = 1; k <= 50; k++) {
      runTo(js, k * 2_000_000);
      runTo(wa, k * 2_000_000);
      assert.equal(state(wa), state(js), `linux: slice ${k}`);
    }
    assert.ok(js.harts[0].instret > 30_000_000 && js.harts[0].insnsByMode[1] > 1_000_000, `the kernel ran in S-mode: ${state(js)}`);
    assert.ok(wa.cache.wasmBlocks + wa.cache.wasmRegions > 0, 'the wasm tier compiled something');
  });
});
