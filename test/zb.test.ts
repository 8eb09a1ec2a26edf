/**
 * Zba, Zbb, Zbc, Zbs, Zicond and Zihintpause (emulator/isa/zb.ts, zicond.ts):
 *  - every description: encode -> decode -> disassemble -> assemble round trip, and
 *    hand-checked encodings from the spec's opcode tables (Zicond and pause included,
 *    which binutils 2.40 cannot check), pause preferred over fence for exactly 0x0100000f;
 *  - every instruction executed by the emulator in a loop of 100 iterations (tier 0 for the
 *    first executions, then compiled blocks and loop regions) on pseudo-random operands,
 *    each iteration's results folded into a checksum that the program compares with the
 *    checksums of an independent BigInt model (unprivileged spec ch. 28 and 12).
 */
import { TIER1_THRESHOLD } from '../emulator/engine';
import { strict as assert } from 'assert';
import { assemble } from '../emulator/asm';
import { compiledFunctionCount } from '../emulator/isa/codegen';
import { disassemble } from '../emulator/isa/disasm';
import { encode } from '../emulator/isa/encode';
import { allInsns, decode } from '../emulator/isa/tables';
import { zb } from '../emulator/isa/zb';
import { zicond, zihintpause } from '../emulator/isa/zicond';
import { runElf } from '../emulator/runElf';

const NEW = [...zb, ...zicond, ...zihintpause];
const M = (1n << 64n) - 1n;
const W = 0xffffffffn;

/** Assembles one instruction (no compression) and returns its 32-bit word. */
function asmWord(text: string): number {
  const r = assemble(`.option norvc\n${text}\n`, { file: 't.s' });
  const errs = r.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(r.ok, `${text}: ${errs.map((d) => d.message).join('; ')}`);
  const t = r.sections.find((s) => s.name === '.text');
  assert.ok(t && t.data.length === 4, `${text}: expected 4 bytes`);
  return new DataView(t.data.buffer, t.data.byteOffset).getUint32(0, true);
}

describe('Zb*/Zicond/Zihintpause: decode, disassemble, assemble', () => {
  it('has the 46 instructions, each once in allInsns', () => {
    assert.equal(NEW.length, 8 + 24 + 3 + 8 + 2 + 1);
    for (const d of NEW) assert.equal(allInsns.filter((x) => x.name === d.name).length, 1, d.name);
  });

  it('round-trips every description with several operand choices', () => {
    const regs: Array<[number, number, number]> = [[10, 11, 12], [0, 31, 1], [5, 5, 5], [31, 0, 0]];
    for (const d of NEW) {
      for (const [rd, rs1, rs2] of regs) {
        for (const imm of d.fmt === 'SH' ? [0, 1, 31, 32, 63] : d.fmt === 'SHW' ? [0, 1, 31] : [0]) {
          const fmtRegs = d.fmt === 'NONE' ? {} : d.fmt === 'R1' ? { rd, rs1 } : { rd, rs1, rs2 };
          const w = encode(d, { ...fmtRegs, imm });
          assert.equal(decode(w | 0), d, `${d.name} ${w.toString(16)} decodes to ${decode(w | 0)?.name}`);
          const text = disassemble(w, 0x80000000, allInsns).text;
          assert.equal(asmWord(text), w, `${d.name}: "${text}" does not assemble back to ${w.toString(16)}`);
        }
      }
    }
  });

  it('matches the spec encodings (incl. Zicond and pause) and the GNU disassembly', () => {
    const cases: Array<[string, number, string]> = [
      ['add.uw a0, a1, a2', 0x08c5853b, 'add.uw a0,a1,a2'],
      ['zext.w a0, a1', 0x0805853b, 'add.uw a0,a1,zero'],
      ['slli.uw a0, a1, 63', 0x0bf5951b, 'slli.uw a0,a1,0x3f'],
      ['sh3add.uw t0, t1, t2', 0x207362bb, 'sh3add.uw t0,t1,t2'],
      ['zext.h a0, a1', 0x0805c53b, 'zext.h a0,a1'],
      ['rev8 a0, a1', 0x6b85d513, 'rev8 a0,a1'],
      ['orc.b a0, a1', 0x2875d513, 'orc.b a0,a1'],
      ['clzw a0, a1', 0x6005951b, 'clzw a0,a1'],
      ['sext.h a0, a1', 0x60559513, 'sext.h a0,a1'],
      ['rori a0, a1, 63', 0x63f5d513, 'rori a0,a1,0x3f'],
      ['ror a0, a1, 5', 0x6055d513, 'rori a0,a1,0x5'],
      ['roriw a0, a1, 31', 0x61f5d51b, 'roriw a0,a1,0x1f'],
      ['rorw a0, a1, 5', 0x6055d51b, 'roriw a0,a1,0x5'],
      ['clmulr a0, a1, a2', 0x0ac5a533, 'clmulr a0,a1,a2'],
      ['bexti a0, a1, 63', 0x4bf5d513, 'bexti a0,a1,0x3f'],
      ['bset a0, a1, 7', 0x28759513, 'bseti a0,a1,0x7'],
      // Zicond 1.0: OP, funct7 0000111, funct3 101 (eqz) / 111 (nez).
      ['czero.eqz a0, a1, a2', 0x0ec5d533, 'czero.eqz a0,a1,a2'],
      ['czero.nez a0, a1, a2', 0x0ec5f533, 'czero.nez a0,a1,a2'],
      // Zihintpause: FENCE with pred = W, succ = 0, fm = 0, rs1 = rd = x0.
      ['pause', 0x0100000f, 'pause'],
    ];
    for (const [src, word, text] of cases) {
      assert.equal(asmWord(src).toString(16), word.toString(16), src);
      assert.equal(disassemble(word, 0, allInsns).text, text, src);
    }
  });

  it('decodes pause only for 0x0100000f; other FENCE words stay fences', () => {
    assert.equal(decode(0x0100000f)?.name, 'pause');
    for (const w of [0x0ff0000f, 0x0110000f, 0x0100008f, 0x0105000f, 0x8330000f, 0x0000000f, 0x0200000f]) {
      assert.equal(decode(w | 0)?.name, 'fence', w.toString(16));
    }
    assert.equal(disassemble(0x0100008f, 0, allInsns).text, 'fence w,unknown');
  });

  it('keeps the existing RV64GC spellings and rejects bad Zb operands', () => {
    assert.equal(asmWord('add a0, a1, 5'), 0x00558513); // still addi
    assert.equal(asmWord('sext.w a0, a1'), 0x0005851b);
    assert.equal(asmWord('zext.b a0, a1'), 0x0ff5f513);
    for (const bad of ['clz a0, a1, a2', 'rori a0, a1, 64', 'roriw a0, a1, 32', 'slli.uw a0, a1, 64', 'rol a0, a1, 3',
      'andn a0, a1, 5', 'pause a0']) {
      assert.equal(assemble(`${bad}\n`, { file: 't.s' }).ok, false, bad);
    }
  });
});

// ---------------------------------------------------------------------------------
// Execution in both tiers against a BigInt model
// ---------------------------------------------------------------------------------

const sx = (v: bigint, bits: number): bigint => BigInt.asUintN(64, BigInt.asIntN(bits, v));
const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const rotl = (v: bigint, s: bigint, n: bigint): bigint => {
  const m = (1n << n) - 1n;
  v &= m; s %= n;
  return s === 0n ? v : ((v << s) | (v >> (n - s))) & m;
};
const ctz = (v: bigint, n: number): bigint => {
  for (let i = 0; i < n; i++) if ((v >> BigInt(i)) & 1n) return BigInt(i);
  return BigInt(n);
};
const clz = (v: bigint, n: number): bigint => {
  for (let i = n - 1; i >= 0; i--) if ((v >> BigInt(i)) & 1n) return BigInt(n - 1 - i);
  return BigInt(n);
};
const pop = (v: bigint): bigint => BigInt([...v.toString(2)].filter((c) => c === '1').length);
const clmul = (a: bigint, b: bigint): bigint => {
  let x = 0n;
  for (let i = 0n; i < 64n; i++) if ((b >> i) & 1n) x ^= a << i;
  return x;
};
const bytes = (v: bigint): bigint[] => Array.from({ length: 8 }, (_, i) => (v >> BigInt(8 * i)) & 0xffn);

/** Reference semantics over unsigned 64-bit values (b = rs2 or the immediate). */
const MODEL: Record<string, (a: bigint, b: bigint) => bigint> = {
  'add.uw': (a, b) => (b + (a & W)) & M,
  sh1add: (a, b) => (b + (a << 1n)) & M,
  sh2add: (a, b) => (b + (a << 2n)) & M,
  sh3add: (a, b) => (b + (a << 3n)) & M,
  'sh1add.uw': (a, b) => (b + ((a & W) << 1n)) & M,
  'sh2add.uw': (a, b) => (b + ((a & W) << 2n)) & M,
  'sh3add.uw': (a, b) => (b + ((a & W) << 3n)) & M,
  'slli.uw': (a, s) => ((a & W) << s) & M,
  andn: (a, b) => a & ~b & M,
  orn: (a, b) => (a | ~b) & M,
  xnor: (a, b) => ~(a ^ b) & M,
  clz: (a) => clz(a, 64),
  clzw: (a) => clz(a & W, 32),
  ctz: (a) => ctz(a, 64),
  ctzw: (a) => ctz(a & W, 32),
  cpop: (a) => pop(a),
  cpopw: (a) => pop(a & W),
  max: (a, b) => (s64(a) >= s64(b) ? a : b),
  maxu: (a, b) => (a >= b ? a : b),
  min: (a, b) => (s64(a) <= s64(b) ? a : b),
  minu: (a, b) => (a <= b ? a : b),
  'sext.b': (a) => sx(a, 8),
  'sext.h': (a) => sx(a, 16),
  'zext.h': (a) => a & 0xffffn,
  rol: (a, b) => rotl(a, b & 63n, 64n),
  ror: (a, b) => rotl(a, (64n - (b & 63n)) % 64n, 64n),
  rolw: (a, b) => sx(rotl(a, b & 31n, 32n), 32),
  rorw: (a, b) => sx(rotl(a, (32n - (b & 31n)) % 32n, 32n), 32),
  rori: (a, s) => rotl(a, (64n - s) % 64n, 64n),
  roriw: (a, s) => sx(rotl(a, (32n - s) % 32n, 32n), 32),
  'orc.b': (a) => bytes(a).reduce((r, x, i) => r | (x !== 0n ? 0xffn << BigInt(8 * i) : 0n), 0n),
  rev8: (a) => bytes(a).reduce((r, x) => (r << 8n) | x, 0n),
  clmul: (a, b) => clmul(a, b) & M,
  clmulh: (a, b) => clmul(a, b) >> 64n,
  clmulr: (a, b) => (clmul(a, b) >> 63n) & M,
  bclr: (a, b) => a & ~(1n << (b & 63n)) & M,
  bclri: (a, s) => a & ~(1n << s) & M,
  bext: (a, b) => (a >> (b & 63n)) & 1n,
  bexti: (a, s) => (a >> s) & 1n,
  binv: (a, b) => a ^ (1n << (b & 63n)),
  binvi: (a, s) => a ^ (1n << s),
  bset: (a, b) => a | (1n << (b & 63n)),
  bseti: (a, s) => a | (1n << s),
  'czero.eqz': (a, b) => (b === 0n ? 0n : a),
  'czero.nez': (a, b) => (b !== 0n ? 0n : a),
};

/** Enough iterations for each block to run in tier 0 and then compiled (engine.ts). */
const ITER = TIER1_THRESHOLD + 100;
const xorshift = (x: bigint): bigint => {
  x ^= (x << 13n) & M; x ^= x >> 7n; x ^= (x << 17n) & M;
  return x;
};

/** One operation of the loop body: instruction text (a in s1, b in s2) and model inputs. */
interface Op { text: string; name: string; imm?: bigint; b?: 'low2' | 'sext' }

function ops(): Op[] {
  const out: Op[] = [];
  for (const d of NEW) {
    if (d.fmt === 'NONE') continue;
    if (d.fmt === 'R1') out.push({ text: `${d.name} t0, s1`, name: d.name });
    else if (d.fmt === 'SH') for (const s of [0n, 1n, 31n, 32n, 63n]) out.push({ text: `${d.name} t0, s1, ${s}`, name: d.name, imm: s });
    else if (d.fmt === 'SHW') for (const s of [0n, 1n, 31n]) out.push({ text: `${d.name} t0, s1, ${s}`, name: d.name, imm: s });
    else if (d.ext === 'Zicond') out.push({ text: `${d.name} t0, s1, s3`, name: d.name, b: 'low2' });
    else {
      out.push({ text: `${d.name} t0, s1, s2`, name: d.name });
      out.push({ text: `${d.name} t0, s1, s4`, name: d.name, b: 'sext' }); // rs2 = sext(low word of b)
    }
  }
  return out;
}

/** The guest program: ITER iterations, every op on (s1, s2), checksum in s0 checked each time. */
function program(list: Op[], sums: bigint[]): string {
  const body = list.map((o) => `  ${o.text}\n  xor s0, s0, t0\n  slli t1, s0, 1\n  srli t2, s0, 63\n  or s0, t1, t2`).join('\n');
  const step = (r: string): string => `  slli t1, ${r}, 13\n  xor ${r}, ${r}, t1\n  srli t1, ${r}, 7\n  xor ${r}, ${r}, t1\n  slli t1, ${r}, 17\n  xor ${r}, ${r}, t1`;
  return `
  .globl _start
  .text
_start:
  li s0, 0
  li s1, 0x0123456789abcdef
  li s2, 0x7fedcba987654321
  la s5, sums
  li s6, ${ITER}
  li s7, 1
loop:
${step('s1')}
${step('s2')}
  andi s3, s2, 3
  addiw s4, s2, 0
${body}
  pause
  ld t0, 0(s5)
  bne t0, s0, fail
  addi s5, s5, 8
  addi s7, s7, 1
  addi s6, s6, -1
  bnez s6, loop
  li t0, 1
  j exit
fail:
  slli t0, s7, 1
  ori t0, t0, 1
exit:
  la t1, tohost
  sd t0, 0(t1)
1: j 1b
  .data
  .balign 8
sums:
${sums.map((v) => `  .dword 0x${v.toString(16)}`).join('\n')}
  .balign 64
  .globl tohost
tohost: .dword 0
  .globl fromhost
fromhost: .dword 0
`;
}

function modelSums(list: Op[]): bigint[] {
  let s0 = 0n, s1 = 0x0123456789abcdefn, s2 = 0x7fedcba987654321n;
  const sums: bigint[] = [];
  for (let i = 0; i < ITER; i++) {
    s1 = xorshift(s1); s2 = xorshift(s2);
    for (const o of list) {
      const b = o.imm ?? (o.b === 'low2' ? s2 & 3n : o.b === 'sext' ? sx(s2, 32) : s2);
      const r = MODEL[o.name](s1, b);
      assert.ok(r >= 0n && r <= M, `${o.name} model out of range`);
      s0 ^= r;
      s0 = ((s0 << 1n) | (s0 >> 63n)) & M;
    }
    sums.push(s0);
  }
  return sums;
}

describe('Zb*/Zicond/pause: execution in tier 0 and compiled code', function () {
  this.timeout(60000);
  const list = ops();

  it('the model covers every instruction that computes a value', () => {
    for (const d of NEW) if (d.fmt !== 'NONE') assert.ok(MODEL[d.name], d.name);
    assert.ok(list.length > 80);
  });

  it(`matches the BigInt model in all ${ITER} iterations (interpreted, then compiled)`, () => {
    const src = program(list, modelSums(list));
    const r = assemble(src, { file: 'zbloop.s' });
    assert.ok(r.ok && r.elf, r.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
    const before = compiledFunctionCount();
    const res = runElf(r.elf, { machine: 'spike', maxInsns: 50_000_000 });
    assert.equal(res.reason, 'exit');
    assert.equal(res.exitCode, 0, `checksum mismatch in iteration ${res.exitCode}`);
    // Each block ran ITER times: the first executions in tier 0, the rest compiled.
    assert.ok(compiledFunctionCount() > before, 'no block was compiled');
  });

  it('detects a wrong expected value (the check can fail)', () => {
    const sums = modelSums(list);
    sums[40] ^= 1n;
    const r = assemble(program(list, sums), { file: 'zbloop.s' });
    assert.ok(r.elf);
    assert.equal(runElf(r.elf, { machine: 'spike', maxInsns: 5_000_000 }).exitCode, 41);
  });
});
