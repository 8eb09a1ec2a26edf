/**
 * System test: snapshots of a real firmware stack. OpenSBI (fw_jump) + U-Boot boot on
 * virt with a disk; the machine is recorded, travelled back to points in the boot and
 * forward again, and saved to a snapshot file and restored into a fresh machine: every
 * path reaches the same state (RAM, registers, counters, console output) as the
 * uninterrupted boot at the same clock. Needs: apt-get install opensbi u-boot-qemu.
 */
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { createMachine, loadFirmwareAndKernel, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import type { Machine } from '../../emulator/machine';
import { History } from '../../emulator/snapshot/history';
import { loadMachineFile, restoreMachineFile, saveMachineFile } from '../../emulator/snapshot/machineFile';

const FW_JUMP = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf';
const have = existsSync(FW_JUMP) && existsSync(UBOOT);
const DISK = new Uint8Array(1024 * 1024).fill(0x5a);

function boot(): { m: Machine; out: { text: string } } {
  const out = { text: '' };
  const m = createMachine({ machine: 'virt', ramMiB: 128, harts: 1, console: textConsole((t) => { out.text += t; }), disk: DISK.slice() });
  loadFirmwareAndKernel(m, parseElf(readFileSync(FW_JUMP)), { elf: parseElf(readFileSync(UBOOT)) });
  return { m, out };
}

function runTo(m: Machine, k: number): void {
  while (m.clock < k && m.halted === null) if (m.step(Math.min(1_000_000, k - m.clock)) === 0) break;
}

function fingerprint(m: Machine): string {
  const h = createHash('sha256');
  h.update(m.bus.ram);
  for (const x of m.harts) {
    // x0..x31 (slot 32 is the code generator's scratch, not architectural).
    for (const a of [x.xl.subarray(0, 32), x.xh.subarray(0, 32), x.f, x.csrLo, x.csrHi]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    h.update(JSON.stringify([x.pc, x.priv, x.mstatus, x.instret, x.traps, x.cycles, x.satpPpn, x.mie, x.mipHw, x.mipSw, x.stimecmp]));
  }
  h.update(JSON.stringify([m.clock, m.mtime(), m.halted]));
  return h.digest('hex');
}

(have ? describe : describe.skip)('system: snapshots of OpenSBI + U-Boot', function () {
  this.timeout(600_000);

  it('travel and restore give the uninterrupted boot state at the same clock', () => {
    const END = 60_000_000;
    const ref = boot();
    const marks = [7_000_001, 31_234_567, END];
    const want = new Map<number, { fp: string; out: string }>();
    for (const k of marks) { runTo(ref.m, k); want.set(k, { fp: fingerprint(ref.m), out: ref.out.text }); }
    assert.match(ref.out.text, /U-Boot/, 'U-Boot started within the run');

    const r = boot();
    const hist = new History(r.m);
    hist.snapshot(true);
    while (r.m.clock < END) { r.m.step(Math.min(END - r.m.clock, hist.injectDue(), 1_000_000)); hist.afterStep(); }
    assert.equal(fingerprint(r.m), want.get(END)!.fp, 'recording changes nothing');
    for (const k of [31_234_567, 7_000_001, END]) {
      hist.seek(k);
      assert.equal(fingerprint(r.m), want.get(k)!.fp, `travel to ${k}`);
    }
    // Saved at 7 000 001, restored into a fresh machine, run on to the end.
    hist.seek(7_000_001);
    const file = saveMachineFile(r.m, { machine: 'virt', ramMiB: 128, harts: 1, diskBytes: DISK.length });
    const out = { text: '' };
    const fresh = createMachine({ machine: 'virt', ramMiB: 128, harts: 1, console: textConsole((t) => { out.text += t; }), disk: DISK.slice() });
    restoreMachineFile(fresh, loadMachineFile(file));
    assert.equal(fingerprint(fresh), want.get(7_000_001)!.fp, 'restored from the file');
    runTo(fresh, END);
    assert.equal(fingerprint(fresh), want.get(END)!.fp, 'restored machine at the end');
    assert.equal(want.get(7_000_001)!.out + out.text, want.get(END)!.out, 'console output continues exactly');
    console.log(`      ${hist.taken} snapshots taken, ${hist.snapshots.length} kept, ${(hist.bytes / 1048576).toFixed(1)} MiB; file ${(file.length / 1024).toFixed(0)} KiB`);
  });
});
