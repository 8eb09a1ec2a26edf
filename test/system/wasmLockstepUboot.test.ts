/**
 * System test, lockstep of the wasm tier against the JS tiers (issue 14) on a real
 * firmware stack: Debian's OpenSBI (fw_jump.elf, M-mode) boots U-Boot (S-mode) on the
 * virt board with a virtio disk, on two machines, one with the wasm tier forced on for
 * all code (BlockCache.setTier(Tier.Wasm)) and one with the JS tiers only. Both run in
 * slices of the machine clock; after every slice pc, privilege mode, V, instret (total
 * and per mode), traps, x1..x31, mstatus, the clock and the console output must agree.
 * The same keys reach both UARTs at the same clock (stop autoboot, `version`, `virtio
 * scan`, `virtio info`); at the end a hash of all RAM must agree too, and the wasm
 * machine must have compiled and run wasm code. Needs: apt-get install opensbi
 * u-boot-qemu (skipped with a message otherwise). The unit test
 * test/engine/wasmLockstep.test.ts does the same for the benchmark ELFs and Linux.
 */
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import type { Machine } from '../../emulator/machine';
import { Tier } from '../../emulator/wasm/tier';
import { tierStats } from '../../emulator/wasm/stats';

const FW_JUMP = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf';
/** Clock units between comparisons (odd: slices end inside blocks and regions). */
const SLICE = 100_003;
/** Give up after this many clock units. */
const LIMIT = 3_000_000_000;

interface Side { m: Machine; out: { text: string } }

function boot(tier: number): Side {
  const out = { text: '' };
  const disk = new Uint8Array(4 * 1024 * 1024);
  disk.set(new TextEncoder().encode('HYPERSTEP-DISK'), 0);
  const m = createMachine({ machine: 'virt', ramMiB: 128, harts: 1, console: textConsole((t) => { out.text += t; }), disk });
  m.cache.setTier(tier);
  loadFirmwareAndKernel(m, parseElf(readFileSync(FW_JUMP)), { elf: parseElf(readFileSync(UBOOT)) });
  return { m, out };
}

function runTo(m: Machine, clock: number): void {
  while (m.clock < clock && m.halted === null) if (m.step(clock - m.clock) === 0) break;
}

function state(s: Side): string {
  const m = s.m, h = m.harts[0];
  return `clock=${m.clock} pc=${h.pc.toString(16)} priv=${h.priv} v=${h.virt} instret=${h.instret} traps=${h.traps} ` +
    `modes=${[...h.insnsByMode].join(',')} mstatus=${h.mstatusH}:${h.mstatus} console=${s.out.text.length} ` +
    `x=${[...h.xl.subarray(0, 32)].map((v, i) => `${h.xh[i]}:${v}`).join(' ')}`;
}

function ramHash(m: Machine): string {
  return createHash('sha256').update(m.bus.ram).digest('hex');
}

const have = existsSync(FW_JUMP) && existsSync(UBOOT);

describe('system: wasm tier lockstep with the JS tiers (OpenSBI + U-Boot)', function () {
  this.timeout(900_000);
  before(function () {
    if (!have) {
      console.log(`    skipped: needs ${FW_JUMP} (opensbi) and ${UBOOT} (u-boot-qemu)`);
      this.skip();
    }
  });

  it('same registers, pc, mode and counts at every slice, same console and RAM at the prompt', () => {
    const t0 = performance.now();
    const js = boot(Tier.Js), wa = boot(Tier.Wasm);
    // What to type once `after` is on the console (after the previous step's position).
    const script: Array<{ after: string; keys: string }> = [
      { after: 'Hit any key to stop autoboot', keys: ' ' },
      { after: '=> ', keys: 'version\r' },
      { after: '=> ', keys: 'virtio scan\r' },
      { after: '=> ', keys: 'virtio info\r' },
      { after: '=> ', keys: '' },
    ];
    let stepAt = 0, from = 0, typing = '', slices = 0;
    while (stepAt < script.length) {
      const target = js.m.clock + SLICE;
      runTo(js.m, target);
      runTo(wa.m, target);
      slices++;
      assert.equal(state(wa), state(js), `slice ${slices}`);
      assert.ok(js.m.halted === null && js.m.clock < LIMIT, `U-Boot stalled at step ${stepAt}; console tail:\n${js.out.text.slice(-1500)}`);
      // Keys enter both UARTs between the same two slices (as many as the FIFO takes).
      while (typing.length > 0) {
        const a = js.m.board.pushInput(typing.charCodeAt(0)), b = wa.m.board.pushInput(typing.charCodeAt(0));
        assert.equal(b, a, `UART input accepted differently at slice ${slices}`);
        if (!a) break;
        typing = typing.slice(1);
      }
      if (typing.length > 0) continue;
      const i = js.out.text.indexOf(script[stepAt].after, from);
      if (i < 0) continue;
      from = i + script[stepAt].after.length;
      typing = script[stepAt].keys;
      stepAt++;
    }
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(wa.out.text, js.out.text);
    assert.match(js.out.text, /U-Boot 2023\.01/);
    assert.match(js.out.text, /Device 0: QEMU VirtIO Block Device/);
    assert.equal(ramHash(wa.m), ramHash(js.m), 'RAM at the end');
    const ts = tierStats(wa.m), tj = tierStats(js.m);
    console.log(`      ${slices} slices of ${SLICE} clock units (${js.m.clock} in all) in ${seconds.toFixed(1)} s; ` +
      `wasm machine: ${ts.wasmBlocks} wasm blocks, ${ts.wasmRegions} wasm regions, ${ts.jsBlocks} JS blocks, ` +
      `${ts.wasmModules} modules in ${ts.wasmCompileMs} ms; JS machine: ${tj.jsBlocks} blocks, ${tj.jsRegions} regions`);
    assert.ok(ts.wasmBlocks + ts.wasmRegions > 1000, 'the wasm tier compiled the boot');
    assert.ok(js.m.harts[0].insnsByMode[1] > 1_000_000, 'U-Boot ran in S-mode');
    assert.equal(tj.wasmBlocks + tj.wasmRegions, 0, 'the JS machine ran no wasm');
  });
});
