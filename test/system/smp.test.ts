/**
 * System test: OpenSBI v1.1 (fw_jump.elf) + U-Boot 2023.01 (qemu-riscv64_smode) on a
 * four-hart virt board. OpenSBI must see all four harts (its banner reports the
 * platform hart count; the secondaries are brought up through its HSM/IPI paths) and
 * U-Boot must reach its prompt. Needs: apt-get install opensbi u-boot-qemu.
 */
import { strict as assert } from 'assert';
import { existsSync, readFileSync } from 'fs';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import type { Machine } from '../../emulator/machine';

const FW_JUMP = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf';
const have = existsSync(FW_JUMP) && existsSync(UBOOT);

interface Console { text: string }

function runUntil(m: Machine, con: Console, pattern: string, from: number, maxInsns = 3_000_000_000): number {
  const start = m.instret;
  for (;;) {
    const i = con.text.indexOf(pattern, from);
    if (i >= 0) return i;
    if (m.instret - start > maxInsns || m.halted !== null) {
      const per = m.harts.map((h) => `${h.id}:${h.instret}@${h.pc.toString(16)}`).join(' ');
      throw new Error(`"${pattern}" did not appear (halted ${JSON.stringify(m.halted)}, harts ${per}); console tail:\n${con.text.slice(-2000)}`);
    }
    m.step(100_000);
  }
}

function type(m: Machine, text: string): void {
  for (const ch of text) {
    while (!m.board.pushInput(ch.charCodeAt(0))) m.step(10_000);
  }
}

(have ? describe : describe.skip)('system: OpenSBI + U-Boot on a 4-hart virt board', function () {
  this.timeout(900_000);

  it('OpenSBI reports 4 harts and U-Boot reaches its prompt', () => {
    const con: Console = { text: '' };
    const m = createMachine({ machine: 'virt', ramMiB: 128, harts: 4, console: textConsole((t) => { con.text += t; }) });
    loadFirmwareAndKernel(m, parseElf(readFileSync(FW_JUMP)), { elf: parseElf(readFileSync(UBOOT)) });
    const t0 = performance.now();
    let at = runUntil(m, con, 'Hit any key to stop autoboot', 0);
    assert.match(con.text, /OpenSBI v1\.1/);
    assert.match(con.text, /Platform HART Count\s*: 4\b/);
    type(m, ' ');
    at = runUntil(m, con, '=> ', at);
    const secs = (performance.now() - t0) / 1000;
    console.log(`      U-Boot prompt after ${m.instret} instructions (per hart ${m.harts.map((h) => h.instret).join(', ')}), ` +
      `${secs.toFixed(2)} s host time`);
    m.harts.forEach((h, i) => assert.ok(h.instret > 0, `hart ${i} never ran`));
    type(m, 'version\r');
    at = runUntil(m, con, '=> ', at + 3);
    assert.match(con.text.slice(at - 400), /U-Boot 2023\.01/);
  });
});
