/**
 * System test: boot Debian's OpenSBI v1.1 (fw_jump.elf) and U-Boot 2023.01
 * (qemu-riscv64_smode/uboot.elf) on the virt board to the U-Boot prompt, answer
 * `version`, and list an attached virtio disk with `virtio scan` / `virtio info`.
 * Needs: apt-get install opensbi u-boot-qemu (skipped with a message otherwise).
 * Also drives the real CLI over a pipe to prove standard input reaches the UART.
 */
import { strict as assert } from 'assert';
import { existsSync, readFileSync } from 'fs';
import { spawn } from 'child_process';
import { join } from 'path';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import type { Machine } from '../../emulator/machine';

export const FW_JUMP = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
export const UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf';
const have = existsSync(FW_JUMP) && existsSync(UBOOT);

interface Console { text: string }

function bootMachine(disk?: Uint8Array): { m: Machine; con: Console } {
  const con: Console = { text: '' };
  const m = createMachine({ machine: 'virt', ramMiB: 128, harts: 1, console: textConsole((t) => { con.text += t; }), disk });
  loadFirmwareAndKernel(m, parseElf(readFileSync(FW_JUMP)), { elf: parseElf(readFileSync(UBOOT)) });
  return { m, con };
}

/** Run until `pattern` appears in the console after position `from`; returns its index. */
function runUntil(m: Machine, con: Console, pattern: string, from: number, maxInsns = 2_000_000_000): number {
  const start = m.instret;
  for (;;) {
    const i = con.text.indexOf(pattern, from);
    if (i >= 0) return i;
    if (m.instret - start > maxInsns || m.halted !== null) {
      throw new Error(`"${pattern}" did not appear; console tail:\n${con.text.slice(-2000)}`);
    }
    m.step(100_000);
  }
}

function type(m: Machine, text: string): void {
  for (const ch of text) {
    while (!m.board.pushInput(ch.charCodeAt(0))) m.step(10_000);
  }
}

(have ? describe : describe.skip)('system: OpenSBI + U-Boot on virt', function () {
  this.timeout(600_000);

  it('boots to the U-Boot prompt and answers version, virtio scan and virtio info', () => {
    const disk = new Uint8Array(4 * 1024 * 1024);
    disk.set(new TextEncoder().encode('HYPERSTEP-DISK'), 0);
    const { m, con } = bootMachine(disk);
    const t0 = performance.now();
    let at = runUntil(m, con, 'Hit any key to stop autoboot', 0);
    type(m, ' ');
    at = runUntil(m, con, '=> ', at);
    const promptInsns = m.instret;
    const promptSeconds = (performance.now() - t0) / 1000;
    console.log(`      U-Boot prompt after ${promptInsns} instructions, ${promptSeconds.toFixed(2)} s host time ` +
      `(${(promptInsns / promptSeconds / 1e6).toFixed(1)} MIPS)`);
    assert.match(con.text, /OpenSBI v1\.1/);
    // OpenSBI reports the hypervisor extension (misa.H) and delegates the VS-level
    // interrupts and guest-page faults (mideleg bits 2/6/10, medeleg bits 20/21/23).
    assert.match(con.text, /Boot HART Base ISA\s*: rv64imafdch\b/);
    assert.match(con.text, /Boot HART MIDELEG\s*: 0x0*666\b/);
    assert.match(con.text, /Boot HART MEDELEG\s*: 0x0*f0b509\b/);
    assert.match(con.text, /Boot HART PMP Count\s*: 16/);

    type(m, 'version\r');
    at = runUntil(m, con, '=> ', at + 3);
    assert.match(con.text.slice(at - 400), /U-Boot 2023\.01/);

    type(m, 'virtio scan\r');
    at = runUntil(m, con, '=> ', at + 3);
    type(m, 'virtio info\r');
    const before = at;
    at = runUntil(m, con, '=> ', at + 3);
    const info = con.text.slice(before, at);
    assert.match(info, /Device 0: QEMU VirtIO Block Device/);
    assert.match(info, /Capacity: 4\.0 MB/);
  });

  it('CLI: standard input reaches the UART (version over a pipe)', async () => {
    const cli = join(__dirname, '../../dist/cli.js');
    const child = spawn(process.execPath, [cli, 'run', '--bios', FW_JUMP, '--kernel', UBOOT, '--max-insns', '3000000000']);
    let out = '';
    let sent = 0;
    const done = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (sent === 0 && out.includes('Hit any key')) { child.stdin.write(' '); sent = 1; }
      if (sent === 1 && out.includes('=> ')) { child.stdin.write('version\r'); sent = 2; }
      if (sent === 2 && /GNU ld[^\n]*\n=> /.test(out)) { child.stdin.write('poweroff\r'); sent = 3; }
    });
    const code = await done;
    assert.equal(sent, 3, `CLI conversation stalled; output tail:\n${out.slice(-1500)}`);
    assert.equal(code, 0);
  });
});

