/**
 * Tests for emulator/isa/disasm.ts.
 *  - hand-written expectations with tiny local RV64I definitions (independent of the
 *    real tables), decoder specificity, symbols and negative addresses;
 *  - against GNU objdump (-M no-aliases) when the cross binutils are installed:
 *    every CSR number, random encodings of every definition in `allInsns`, and every
 *    instruction of real ELFs (a C file compiled at -O2 for rv64gc plus any committed
 *    guests/**.elf). Only instructions whose definition exists are compared.
 */
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildDecoder, csrName, disassemble, hexAddress } from '../emulator/isa/disasm';
import { allInsns } from '../emulator/isa/tables';
import { InsnDef } from '../emulator/isa/types';
import { GCC, haveTool, OBJDUMP, ObjdumpLine, objdumpElf, objdumpRaw } from './helpers/objdump';

const def = (name: string, match: number, mask: number, fmt: InsnDef['fmt']): InsnDef =>
  ({ name, ext: 'I', match, mask, fmt, flags: 0, exec: '', wasm: { fallback: 'test definition' } });

const localDefs: InsnDef[] = [
  def('addi', 0x13, 0x707f, 'I'),
  def('add', 0x33, 0xfe00707f, 'R'),
  def('sub', 0x40000033, 0xfe00707f, 'R'),
  def('jalr', 0x67, 0x707f, 'I'),
  def('jal', 0x6f, 0x7f, 'J'),
  def('beq', 0x63, 0x707f, 'B'),
  def('lui', 0x37, 0x7f, 'U'),
  def('ld', 0x3003, 0x707f, 'L'),
  def('sd', 0x3023, 0x707f, 'S'),
  def('slli', 0x1013, 0xfc00707f, 'SH'),
  def('csrrw', 0x1073, 0x707f, 'CSR'),
  def('csrrsi', 0x6073, 0x707f, 'CSRI'),
  def('fence', 0x0f, 0x707f, 'FENCE'),
  def('ecall', 0x73, 0xffffffff, 'NONE'),
  def('amoadd.w', 0x0000202f, 0xf800707f, 'AMO'),
  def('lr.d', 0x1000302f, 0xf9f0707f, 'LR'),
  def('fmv.x.d', 0xe2000053, 0xfff0707f, 'FMV_X_F'), // match literal > 0x7fffffff
  def('fadd.d', 0x02000053, 0xfe00007f, 'FR'),
  def('fcvt.d.w', 0xd2000053, 0xfff0007f, 'FCVT_F_X'),
];

/** objdump writes targets as "<hex> <sym>" (ELF) or "0x<hex>" (raw): make both "0x<hex>". */
function normalizeObjdump(text: string): string {
  return text.replace(/(^|[ ,])(?:0x)?([0-9a-f]+) <[^>]*>$/, '$10x$2');
}

describe('isa/disasm', () => {
  it('formats each operand shape like objdump -M no-aliases (local defs)', () => {
    const cases: Array<[number, number, string]> = [
      [0xff010113, 0x1000, 'addi sp,sp,-16'],
      [0x00b50533, 0, 'add a0,a0,a1'],
      [0x40b50533, 0, 'sub a0,a0,a1'],
      [0x000780e7, 0, 'jalr ra,0(a5)'],
      [0xf4dff0ef, 0xb4, 'jal ra,0x0'],
      [0xf4b508e3, 0xb0, 'beq a0,a1,0x0'],
      [0x12345537, 0, 'lui a0,0x12345'],
      [0x00813503, 0, 'ld a0,8(sp)'],
      [0xfea13c23, 0, 'sd a0,-8(sp)'],
      [0x03f51513, 0, 'slli a0,a0,0x3f'],
      [0x30059573, 0, 'csrrw a0,mstatus,a1'],
      [0x7c0fe573, 0, 'csrrsi a0,0x7c0,31'],
      [0x0ff0000f, 0, 'fence iorw,iorw'],
      [0x0210000f, 0, 'fence r,w'],
      [0x8330000f, 0, 'fence.tso'],
      [0x00000073, 0, 'ecall'],
      [0x06b6252f, 0, 'amoadd.w.aqrl a0,a1,(a2)'],
      [0x04b6252f, 0, 'amoadd.w.aq a0,a1,(a2)'],
      [0x1205b52f, 0, 'lr.d.rl a0,(a1)'],
      [0xe2058553, 0, 'fmv.x.d a0,fa1'],
      [0x02c5f553, 0, 'fadd.d fa0,fa1,fa2'],
      [0x02c59553, 0, 'fadd.d fa0,fa1,fa2,rtz'],
      [0xd2050553, 0, 'fcvt.d.w fa0,a0'],
      [0x00000000 | 0x7f, 0, '.4byte 0x7f'],
      [0x1141, 0, 'c.addi sp,-16'],
      [0xe406, 0, 'c.sdsp ra,8(sp)'],
      [0x0000, 0, 'c.unimp'],
      [0x8000, 0, '.2byte 0x8000'],
      [0xa001, 0x100, 'c.j 0x100'],
    ];
    for (const [insn, pc, text] of cases) {
      const d = disassemble(insn, pc, localDefs);
      assert.equal(d.text, text, `0x${(insn >>> 0).toString(16)}`);
      assert.equal(d.length, (insn & 3) === 3 ? 4 : 2);
    }
    assert.equal(disassemble(0x06b6252f, 0, localDefs).name, 'amoadd.w.aqrl');
    assert.equal(disassemble(0x1141, 0, localDefs).name, 'c.addi');
  });

  it('prints symbols and negative (sign-extended) addresses', () => {
    const sym = (a: number): string | undefined => (a === 0x80000000 ? 'main' : undefined);
    assert.equal(disassemble(0x0000006f, 0x80000000, localDefs, sym).text, 'jal zero,0x80000000 <main>');
    assert.equal(hexAddress(-2), '0xfffffffffffffffe');
    assert.equal(hexAddress(-0x80000000), '0xffffffff80000000');
    assert.equal(disassemble(0xffdff06f, -0x7ffffffc, localDefs).text, 'jal zero,0xffffffff80000000');
  });

  it('decoder prefers the most specific mask and handles free funct3 bits', () => {
    const general = def('general', 0x73, 0x7f, 'NONE');
    const exact = def('exact', 0x00100073, 0xffffffff, 'NONE');
    const dec = buildDecoder([general, exact]);
    assert.equal(dec(0x00100073), exact);
    assert.equal(dec(0x00200073), general);
    assert.equal(dec(0x00207073), general);
    assert.equal(dec(0x00000033), undefined);
    const real = buildDecoder(allInsns);
    for (const d of allInsns) assert.equal(real(d.match | 0)?.name, d.name, d.name);
  });

  it('names CSRs (spot checks without objdump)', () => {
    assert.equal(csrName(0x300), 'mstatus');
    assert.equal(csrName(0x180), 'satp');
    assert.equal(csrName(0x3bf), 'pmpaddr15');
    assert.equal(csrName(0x3ef), 'pmpaddr63');
    assert.equal(csrName(0xb1f), 'mhpmcounter31');
    assert.equal(csrName(0x680), 'hgatp');
    assert.equal(csrName(0x7ff), '0x7ff');
  });

  const hasObjdump = haveTool(OBJDUMP);
  const objdumpIt = hasObjdump ? it : it.skip;

  objdumpIt('CSR names match objdump for all 4096 numbers', () => {
    const bytes = new Uint8Array(4096 * 4);
    const dv = new DataView(bytes.buffer);
    for (let n = 0; n < 4096; n++) dv.setUint32(4 * n, (n << 20) | (2 << 12) | (10 << 7) | 0x73, true);
    const lines = objdumpRaw(bytes);
    assert.equal(lines.length, 4096);
    const bad: string[] = [];
    lines.forEach((l, n) => {
      const name = l.text.split(',')[1];
      if (name !== csrName(n)) bad.push(`0x${n.toString(16)}: ours ${csrName(n)} objdump ${name}`);
    });
    assert.deepEqual(bad, []);
  });

  /** Compares our text with objdump's for lines whose 32-bit definition exists. */
  function compare(lines: ObjdumpLine[], label: string): { checked: number; skipped: number } {
    let checked = 0, skipped = 0;
    const bad: string[] = [];
    const dec = buildDecoder(allInsns);
    for (const l of lines) {
      if (l.text.startsWith('.') || (l.hex.length !== 4 && l.hex.length !== 8)) { skipped++; continue; }
      const insn = parseInt(l.hex, 16);
      if (l.hex.length === 8 && !dec(insn | 0)) { skipped++; continue; }
      const ours = disassemble(insn, l.addr, allInsns).text;
      const want = normalizeObjdump(l.text);
      // Without ELF ISA attributes (raw binaries) objdump 2.40 does not enable Zihintpause
      // and prints pause (0x0100000f) as the FENCE encoding it is built on.
      if (insn === 0x0100000f && ours === 'pause' && want === 'fence w,unknown') { skipped++; continue; }
      checked++;
      // objdump names a CSR only when the ELF's ISA attributes enable its extension
      // (binutils 2.40 prints senvcfg as 0x10a in some ELFs); the number is the same CSR.
      const csrNum = `0x${(insn >>> 20).toString(16)}`;
      if (ours !== want && (insn & 0x7f) === 0x73 && ((insn >>> 12) & 3) !== 0 &&
          ours.replace(csrName(insn >>> 20), csrNum) === want) continue;
      if (ours !== want && bad.length < 25) bad.push(`${label} @${BigInt.asUintN(64, BigInt(l.addr)).toString(16)} ${l.hex}: ours "${ours}" objdump "${want}"`);
    }
    assert.deepEqual(bad, []);
    if (process.env.HS_VERBOSE) console.log(`${label}: ${checked} compared, ${skipped} skipped`);
    return { checked, skipped };
  }

  objdumpIt('matches objdump on random encodings of every defined instruction', () => {
    let seed = 0x2545f491;
    const rnd = (): number => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return seed >>> 0; };
    const dec = buildDecoder(allInsns);
    const words: number[] = [];
    for (const d of allInsns) {
      for (let k = 0; k < 64; k++) {
        const w = ((d.match & d.mask) | (rnd() & ~d.mask)) >>> 0;
        if (dec(w | 0) === d) words.push(w);
      }
    }
    const bytes = new Uint8Array(words.length * 4);
    const dv = new DataView(bytes.buffer);
    words.forEach((w, i) => dv.setUint32(4 * i, w, true));
    const lines = objdumpRaw(bytes);
    // Encodings objdump does not know (e.g. reserved fence fm values, fcvt.d.w with a
    // non-zero rm) print as ".4byte" and are skipped by compare().
    const { checked } = compare(lines, 'random');
    assert.ok(checked > allInsns.length * 32, `only ${checked} compared`);
  });

  objdumpIt('matches objdump on compiled C code and committed guest ELFs', function () {
    this.timeout(120000);
    const elfs: string[] = [];
    const walk = (dir: string): void => {
      if (!existsSync(dir)) return;
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.elf')) elfs.push(p);
      }
    };
    walk(join(__dirname, '..', 'guests'));
    const tmp = mkdtempSync(join(tmpdir(), 'hs-disasm-'));
    try {
      if (haveTool(GCC)) {
        const src = join(tmp, 't.c');
        writeFileSync(src, `
          #include <stdint.h>
          typedef struct { long a; double b; float c; } S;
          long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
          double poly(double x, const double *c, int n) { double r = 0; for (int i = n - 1; i >= 0; i--) r = r * x + c[i]; return r; }
          uint64_t mix(uint64_t a, uint64_t b) { return (a * 0x9e3779b97f4a7c15ull) ^ (b >> 7) ^ (a / (b | 1)) ^ (a % 10); }
          int64_t sdiv(int64_t a, int64_t b) { return a / b + a % b; }
          int cmpf(float a, float b) { return a < b ? -1 : a > b; }
          long conv(double d) { return (long)d + (unsigned)d + (int)(float)d; }
          void sum(S *s, int n, long *out) { long t = 0; for (int i = 0; i < n; i++) t += s[i].a + (long)s[i].b + (long)s[i].c; *out = t; }
          long atomic(long *p) { __atomic_fetch_add(p, 1, __ATOMIC_SEQ_CST); return __atomic_exchange_n(p, 5, __ATOMIC_ACQUIRE); }
          int cas(int *p, int o, int n) { return __atomic_compare_exchange_n(p, &o, n, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); }
          unsigned long rdcycle(void) { unsigned long c; __asm__ volatile ("csrr %0, cycle" : "=r"(c)); return c; }
          void _start(void) { long o; static S s[4]; sum(s, 4, &o); for (;;) ; }
        `);
        const out = join(tmp, 't.elf');
        execFileSync(GCC, ['-O2', '-march=rv64gc', '-mabi=lp64d', '-nostdlib', '-ffreestanding', '-o', out, src]);
        elfs.unshift(out);
      }
      let total = 0;
      for (const e of elfs) total += compare(objdumpElf(e), e).checked;
      if (elfs.length > 0) assert.ok(total > 100, `only ${total} instructions compared`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
