/**
 * The assembler's RVC encoders (emulator/asm/compress.ts C_ENCODERS) against the decoder
 * (emulator/isa/rvc.ts): for every encoder and every valid operand value (all registers,
 * all immediates of the field's range and scale), the decoder must expand the halfword
 * to the 32-bit instruction of the same meaning (built with emulator/isa/encode.ts) and
 * name it as the encoder's mnemonic.
 */
import { strict as assert } from 'assert';
import { C_ENCODERS, type COps } from '../../emulator/asm/compress';
import { encodeNamed, type Fields } from '../../emulator/isa/encode';
import { compressedName, expandCompressed } from '../../emulator/isa/rvc';

const range = (lo: number, hi: number, step = 1): number[] => {
  const out: number[] = [];
  for (let v = lo; v <= hi; v += step) out.push(v);
  return out;
};
const CREGS = range(8, 15);
const NONZERO = range(1, 31);
const ALL = range(0, 31);
const SP = 2;

/** One case: compressed operands and the equivalent 32-bit instruction. */
interface Case { ops: COps; name: string; fields: Fields }
type Spec = () => Case[];

const each = <A, B>(as: A[], bs: B[], f: (a: A, b: B) => Case): Case[] => as.flatMap((a) => bs.map((b) => f(a, b)));
const sext6 = (v: number): number => ((v & 0x3f) << 26) >> 26;

/** Loads/stores relative to a register of x8..x15 (c.lw, c.sd, ...). */
const memReg = (name: string, store: boolean, scale: number, max: number): Spec => () =>
  CREGS.flatMap((r) => CREGS.flatMap((base) => range(0, max, scale).map((imm) => (store
    ? { ops: { rs1: base, rs2: r, imm }, name, fields: { rs1: base, rs2: r, imm } }
    : { ops: { rd: r, rs1: base, imm }, name, fields: { rd: r, rs1: base, imm } }))));

/** Loads/stores relative to sp (c.lwsp, c.sdsp, ...). */
const memSp = (name: string, store: boolean, regs: number[], scale: number, max: number): Spec => () =>
  each(regs, range(0, max, scale), (r, imm) => (store
    ? { ops: { rs2: r, imm }, name, fields: { rs1: SP, rs2: r, imm } }
    : { ops: { rd: r, imm }, name, fields: { rd: r, rs1: SP, imm } }));

const alu = (name: string): Spec => () => each(CREGS, CREGS, (rd, rs2) => ({ ops: { rd, rs2 }, name, fields: { rd, rs1: rd, rs2 } }));

/** Every encoder of C_ENCODERS with its operand ranges and the 32-bit meaning. */
const SPECS: Record<string, Spec> = {
  'c.addi4spn': () => each(CREGS, range(4, 1020, 4), (rd, imm) => ({ ops: { rd, imm }, name: 'addi', fields: { rd, rs1: SP, imm } })),
  'c.fld': memReg('fld', false, 8, 248),
  'c.lw': memReg('lw', false, 4, 124),
  'c.ld': memReg('ld', false, 8, 248),
  'c.fsd': memReg('fsd', true, 8, 248),
  'c.sw': memReg('sw', true, 4, 124),
  'c.sd': memReg('sd', true, 8, 248),
  'c.nop': () => [{ ops: {}, name: 'addi', fields: { rd: 0, rs1: 0, imm: 0 } }],
  'c.addi': () => each(NONZERO, range(-32, 31), (rd, imm) => ({ ops: { rd, imm }, name: 'addi', fields: { rd, rs1: rd, imm } })),
  'c.addiw': () => each(NONZERO, range(-32, 31), (rd, imm) => ({ ops: { rd, imm }, name: 'addiw', fields: { rd, rs1: rd, imm } })),
  'c.li': () => each(NONZERO, range(-32, 31), (rd, imm) => ({ ops: { rd, imm }, name: 'addi', fields: { rd, rs1: 0, imm } })),
  'c.addi16sp': () => range(-512, 496, 16).filter((v) => v !== 0).map((imm) => ({ ops: { imm }, name: 'addi', fields: { rd: SP, rs1: SP, imm } })),
  // imm is nzimm[17:12] as a 6-bit field; lui gets its sign extension in 20 bits.
  'c.lui': () => each(NONZERO.filter((r) => r !== SP), range(1, 63), (rd, imm) =>
    ({ ops: { rd, imm }, name: 'lui', fields: { rd, imm: sext6(imm) & 0xfffff } })),
  'c.srli': () => each(CREGS, range(1, 63), (rd, imm) => ({ ops: { rd, imm }, name: 'srli', fields: { rd, rs1: rd, imm } })),
  'c.srai': () => each(CREGS, range(1, 63), (rd, imm) => ({ ops: { rd, imm }, name: 'srai', fields: { rd, rs1: rd, imm } })),
  'c.andi': () => each(CREGS, range(-32, 31), (rd, imm) => ({ ops: { rd, imm }, name: 'andi', fields: { rd, rs1: rd, imm } })),
  'c.sub': alu('sub'), 'c.xor': alu('xor'), 'c.or': alu('or'), 'c.and': alu('and'), 'c.subw': alu('subw'), 'c.addw': alu('addw'),
  'c.j': () => range(-2048, 2046, 2).map((imm) => ({ ops: { imm }, name: 'jal', fields: { rd: 0, imm } })),
  'c.beqz': () => each(CREGS, range(-256, 254, 2), (rs1, imm) => ({ ops: { rs1, imm }, name: 'beq', fields: { rs1, rs2: 0, imm } })),
  'c.bnez': () => each(CREGS, range(-256, 254, 2), (rs1, imm) => ({ ops: { rs1, imm }, name: 'bne', fields: { rs1, rs2: 0, imm } })),
  'c.slli': () => each(NONZERO, range(1, 63), (rd, imm) => ({ ops: { rd, imm }, name: 'slli', fields: { rd, rs1: rd, imm } })),
  'c.fldsp': memSp('fld', false, ALL, 8, 504),
  'c.lwsp': memSp('lw', false, NONZERO, 4, 252),
  'c.ldsp': memSp('ld', false, NONZERO, 8, 504),
  'c.jr': () => NONZERO.map((rs1) => ({ ops: { rs1 }, name: 'jalr', fields: { rd: 0, rs1, imm: 0 } })),
  'c.mv': () => each(NONZERO, NONZERO, (rd, rs2) => ({ ops: { rd, rs2 }, name: 'add', fields: { rd, rs1: 0, rs2 } })),
  'c.ebreak': () => [{ ops: {}, name: 'ebreak', fields: {} }],
  'c.jalr': () => NONZERO.map((rs1) => ({ ops: { rs1 }, name: 'jalr', fields: { rd: 1, rs1, imm: 0 } })),
  'c.add': () => each(NONZERO, NONZERO, (rd, rs2) => ({ ops: { rd, rs2 }, name: 'add', fields: { rd, rs1: rd, rs2 } })),
  'c.fsdsp': memSp('fsd', true, ALL, 8, 504),
  'c.swsp': memSp('sw', true, ALL, 4, 252),
  'c.sdsp': memSp('sd', true, ALL, 8, 504),
  // c.unimp is the all-zero halfword, which the spec defines as illegal: no expansion.
  'c.unimp': () => [],
};

/** Names compressedName gives where they differ from the mnemonic (C.NOP is C.ADDI with rd=x0). */
const DECODED_AS: Record<string, string> = { 'c.nop': 'c.addi' };

const hex = (v: number): string => '0x' + (v >>> 0).toString(16);

describe('assembler RVC encoders (compress.ts) against the decoder (rvc.ts)', () => {
  it('has a test spec for every encoder', () => {
    assert.deepEqual(Object.keys(SPECS).sort(), Object.keys(C_ENCODERS).sort());
  });

  for (const name of Object.keys(C_ENCODERS)) {
    it(name, () => {
      const cases = SPECS[name]();
      if (name === 'c.unimp') {
        const h = C_ENCODERS[name]({}) & 0xffff;
        assert.equal(h, 0);
        assert.equal(compressedName(h), 'c.unimp');
        assert.equal(expandCompressed(h), -1);
        return;
      }
      assert.ok(cases.length > 0);
      for (const c of cases) {
        const h = C_ENCODERS[name](c.ops);
        const what = `${name} ${JSON.stringify(c.ops)} = ${hex(h)}`;
        assert.equal(h & ~0xffff, 0, `${what}: more than 16 bits`);
        assert.notEqual(h & 3, 3, `${what}: not a compressed encoding`);
        assert.equal(expandCompressed(h) >>> 0, encodeNamed(c.name, c.fields), `${what}: expands to ${hex(expandCompressed(h))}, not ${c.name} ${JSON.stringify(c.fields)}`);
        assert.equal(compressedName(h), DECODED_AS[name] ?? name, what);
      }
    });
  }
});
