/**
 * The comparison probe (emulator/compare/probe.ts) against a single-step reference: a
 * bare-metal program enters U-mode between MARK_BEGIN and MARK_END, makes 50 ECALLs that
 * an M-mode handler serves, and brackets one more with MARK_IO_BEGIN/END. The probe's
 * per-context instructions, traps, episodes (ECALL from U: handler instructions and
 * traps), I/O latency and written pages must equal what stepping one instruction at a
 * time and accounting by hand gives, for every slicing of the run, and installing the
 * probe must not change the instruction count or the result.
 */
import { strict as assert } from 'assert';
import { assemble } from '../../emulator/asm';
import { createMachine, loadProgram, textConsole } from '../../emulator/runElf';
import { parseElf } from '../../emulator/loader/elf';
import { CompareProbe } from '../../emulator/compare/probe';
import { allInsns, decode } from '../../emulator/isa/tables';
import { disassemble } from '../../emulator/isa/disasm';

const SRC = `
        .globl _start
_start: la t0, mtrap
        csrw mtvec, t0
        li t0, -1
        csrw pmpaddr0, t0
        li t0, 0x1f
        csrw pmpcfg0, t0
        la t0, user
        csrw mepc, t0
        li t0, 0x1800
        csrc mstatus, t0
        slli t1, t0, 1          # an ordinary slli first: the marker must not share its code
begin:  slli x0, x0, 1
        mret
user:   li s0, 0
        li s1, 50
        la s3, buf
1:      addi s0, s0, 1
        sd s0, 0(s3)
        ecall
        bne s0, s1, 1b
        li t3, 4096
        add s3, s3, t3
        sd s0, 0(s3)
io0:    slli x0, x0, 3
        ecall
io1:    slli x0, x0, 4
end:    slli x0, x0, 2
        li a7, 93
        ecall
        .align 2
mtrap:  csrr t0, mepc
        addi t0, t0, 4
        csrw mepc, t0
        li t1, 93
        beq a7, t1, exit
        li t2, 3
2:      addi s2, s2, 1
        addi t2, t2, -1
        bnez t2, 2b
        mret
exit:   li a0, 1
        la t0, tohost
        sd a0, 0(t0)
3:      j 3b
        .data
        .align 12
buf:    .space 8192
        .section .tohost, "aw"
        .align 3
        .globl tohost
tohost: .dword 0
fromhost: .dword 0
`;

const ELF = ((): Uint8Array => {
  const r = assemble(SRC, { file: 'probe.s' });
  assert.ok(r.ok && r.elf !== undefined, r.diagnostics.map((d) => d.message).join('\n'));
  return r.elf;
})();
const IMAGE = parseElf(ELF);

function machine(): ReturnType<typeof createMachine> {
  const m = createMachine({ machine: 'spike', ramMiB: 16, harts: 1, console: textConsole(() => undefined) });
  loadProgram(m, IMAGE);
  return m;
}

interface Reference { u: number; m: number; ecalls: number; handler: number; io: number }

/** Single steps, accounted by hand. */
function reference(): Reference {
  const m = machine();
  const h = m.harts[0];
  const at = (s: string): number => IMAGE.symbolByName(s)!.value;
  let measuring = false, u = 0, mm = 0, ecalls = 0, handler = 0, inEcall = false, io0 = 0, io = 0;
  for (let k = 0; k < 100_000 && m.halted === null; k++) {
    const pc = h.pc, mode = h.mode, i0 = m.instret, t0 = h.traps;
    m.step(1);
    if (pc === at('io0')) io0 = m.instret;
    if (pc === at('io1')) io = m.instret - io0;
    const retired = m.instret - i0;
    if (measuring && retired === 1) { if (mode === 0) u++; else mm++; if (inEcall) handler++; }
    if (measuring && h.traps > t0 && mode === 0) { ecalls++; inEcall = true; }
    if (inEcall && h.mode === 0) inEcall = false;
    if (pc === at('end')) measuring = false;
    if (pc === at('begin')) measuring = true; // counted from the instruction after MARK_BEGIN
  }
  return { u, m: mm, ecalls, handler, io };
}

describe('compare: the measuring probe', () => {
  const ref = reference();

  it('the markers decode as slli and disassemble as GNU does', () => {
    const d = decode(0x00101013);
    assert.equal(d?.name, 'slli');
    assert.equal(disassemble(0x00101013, 0, allInsns).text.replace(/\s+/, ' '), 'slli zero,zero,0x1');
  });

  for (const slice of [1, 7, 1000, 1e9]) {
    it(`counts exactly what single steps count (steps of ${slice})`, () => {
      const m = machine();
      const probe = new CompareProbe(m, (k) => k === 0);
      for (let k = 0; k < 1_000_000 && m.halted === null; k++) m.step(slice);
      assert.deepEqual(m.halted, { kind: 'exit', code: 0 });
      const plain = machine();
      for (let k = 0; k < 1_000_000 && plain.halted === null; k++) plain.step(slice);
      assert.equal(m.instret, plain.instret, 'the probe changes no count');
      const r = probe.result;
      assert.ok(r.begun && r.ended);
      assert.equal(r.contexts.get(0), ref.u, 'U instructions');
      assert.equal(r.contexts.get(3), ref.m, 'M instructions');
      assert.equal(r.statsEnd!.instructions - r.statsBegin!.instructions, ref.u + ref.m);
      assert.equal(r.trapsByContext.get('8|0|0'), ref.ecalls);
      const ep = r.episodes.get('8|0|0')!;
      assert.equal(ep.count, ref.ecalls);
      assert.equal(ep.instructions, ref.handler, 'handler instructions');
      assert.equal(ep.traps, ref.ecalls, 'one trap per episode');
      assert.deepEqual(r.ioLatencies, [ref.io]);
      assert.deepEqual(r.ioTraps, [1], 'one ECALL inside the I/O markers');
      assert.deepEqual(r.ioOut, [false], 'MARK_IO_BEGIN: an input request');
      assert.equal(r.memoryPages, 2, 'two pages of buf written');
    });
  }

});
