/**
 * Tier 0's warm-up (emulator/isa/interp.ts warmRunner) runs every register-only case
 * and both paths of every load and store on the hart it is first given, so that V8
 * optimizes the runner with type feedback for them. It must leave nothing behind:
 * registers (with the sink and the scratch registers it borrows), pc, memory (its
 * stores write back what its loads read, on the first page of RAM), the software TLB
 * (it points two entries at that page for a while) and the slow-path switch. A cache
 * flush must also let go of tier 0's arenas (no block stays reachable from a hart).
 */
import { strict as assert } from 'assert';
import { createMachine, loadProgram, textConsole } from '../../emulator/runElf';
import { assemble } from '../../emulator/asm';
import { parseElf } from '../../emulator/loader/elf';
import { warmRunner } from '../../emulator/isa/interp';

describe('tier 0 warm-up', () => {
  it('leaves registers, pc, memory and the TLB as they were', () => {
    const m = createMachine({ machine: 'spike', ramMiB: 16, harts: 1, console: textConsole(() => undefined) });
    const h = m.harts[0];
    const ram = m.bus.ram;
    let seed = 12345;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
    for (let i = 0; i < 8192; i++) ram[i] = rnd() & 255;
    for (let r = 1; r <= 32; r++) { h.xl[r] = rnd() | 0; h.xh[r] = rnd() | 0; }
    h.pc = 0x80000000 + 0x124;
    // Entries of the current context, including the slots the warm-up borrows.
    for (let i = 0; i < h.tlbVpn.length; i += 7) { h.tlbVpn[i] = rnd() & 0xfffff; h.tlbOff[i] = (rnd() & 0xff) * 4096; }
    const before = {
      ram: ram.slice(0, 8192), xl: h.xl.slice(), xh: h.xh.slice(), pc: h.pc, blockPg: h.blockPg,
      tlbV: new Uint8Array(h.tlbVpn.buffer, h.tlbVpn.byteOffset, h.tlbVpn.byteLength).slice(),
      tlbO: h.tlbOff.slice(),
    };
    warmRunner(h);
    assert.deepEqual(ram.slice(0, 8192), before.ram, 'RAM changed');
    assert.deepEqual(h.xl, before.xl, 'low register words changed');
    assert.deepEqual(h.xh, before.xh, 'high register words changed');
    assert.equal(h.pc, before.pc);
    assert.equal(h.blockPg, before.blockPg);
    assert.deepEqual(new Uint8Array(h.tlbVpn.buffer, h.tlbVpn.byteOffset, h.tlbVpn.byteLength), before.tlbV, 'TLB tags changed');
    assert.deepEqual(h.tlbOff, before.tlbO, 'TLB offsets changed');
    assert.equal(h.warming, false);
    // The slow paths work again: a load outside every TLB entry reads memory.
    assert.equal(h.loadSlow(0x80000000 + 16, 4, h.pc), ram[16] | (ram[17] << 8) | (ram[18] << 16) | (ram[19] << 24));
  });

  it('a cache flush leaves no dropped block reachable from the virtual-pc cache (their arenas can go)', () => {
    const r = assemble(`
        .globl _start
_start: li a1, 20000
loop:   addi a1, a1, -1
        jal ra, f
        bnez a1, loop
1:      j 1b
f:      addi a0, a0, 1
        ret`, { file: 'loop.s' });
    assert.ok(r.ok && r.elf !== undefined);
    const m = createMachine({ machine: 'spike', ramMiB: 16, harts: 1, console: textConsole(() => undefined) });
    loadProgram(m, parseElf(r.elf));
    m.step(200_000);
    const h = m.harts[0];
    assert.ok(h.vcBlock.some((b) => b !== undefined), 'the run filled virtual-pc entries');
    m.cache.flush();
    assert.ok(h.vcBlock.every((b) => b === undefined));
    m.step(200_000); // and the machine runs on
    assert.ok(h.vcBlock.some((b) => b !== undefined));
  });
});
