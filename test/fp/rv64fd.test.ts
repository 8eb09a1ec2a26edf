/**
 * The RV64F/D instruction table (emulator/isa/rv64fd.ts): encodings checked against
 * the GNU assembler's output (riscv64-unknown-elf-as, -march=rv64gc), no overlapping
 * match/mask pairs, flags, and every exec template instantiated the way the block
 * compiler does (vocabulary substitution, rv64fdLib bound by name) and run on a fake hart.
 */
import { instantiate as instantiateTemplate, type BlockInsn } from '../../emulator/isa/codegen';
import { strict as assert } from 'assert';
import { rv64fd, rv64fdLib } from '../../emulator/isa/rv64fd';
import { InsnDef, InsnFlag } from '../../emulator/isa/types';
import { FakeHart, IllegalInsn } from './fpHarness';

/** Encodings produced by the GNU assembler for one instance of each instruction. */
const GAS: [number, string][] = [
  [0xff412087, 'flw'], [0x00322a27, 'fsw'], [0x00833287, 'fld'], [0xfe743827, 'fsd'],
  [0x203110c3, 'fmadd.s'], [0x203170c7, 'fmsub.s'], [0x203100cb, 'fnmsub.s'], [0x203140cf, 'fnmadd.s'],
  [0x00b524d3, 'fadd.s'], [0x08b534d3, 'fsub.s'], [0x10b574d3, 'fmul.s'], [0x18b514d3, 'fdiv.s'],
  [0x580504d3, 'fsqrt.s'], [0x203100d3, 'fsgnj.s'], [0x203110d3, 'fsgnjn.s'], [0x203120d3, 'fsgnjx.s'],
  [0x283100d3, 'fmin.s'], [0x283110d3, 'fmax.s'], [0xc00312d3, 'fcvt.w.s'], [0xc01312d3, 'fcvt.wu.s'],
  [0xc02312d3, 'fcvt.l.s'], [0xc03312d3, 'fcvt.lu.s'], [0xe00302d3, 'fmv.x.w'], [0xa07322d3, 'feq.s'],
  [0xa07312d3, 'flt.s'], [0xa07302d3, 'fle.s'], [0xe00312d3, 'fclass.s'], [0xd00332d3, 'fcvt.s.w'],
  [0xd01332d3, 'fcvt.s.wu'], [0xd02332d3, 'fcvt.s.l'], [0xd03332d3, 'fcvt.s.lu'], [0xf00302d3, 'fmv.w.x'],
  [0x223110c3, 'fmadd.d'], [0x223170c7, 'fmsub.d'], [0x223100cb, 'fnmsub.d'], [0x223140cf, 'fnmadd.d'],
  [0x02b524d3, 'fadd.d'], [0x0ab534d3, 'fsub.d'], [0x12b574d3, 'fmul.d'], [0x1ab514d3, 'fdiv.d'],
  [0x5a0504d3, 'fsqrt.d'], [0x223100d3, 'fsgnj.d'], [0x223110d3, 'fsgnjn.d'], [0x223120d3, 'fsgnjx.d'],
  [0x2a3100d3, 'fmin.d'], [0x2a3110d3, 'fmax.d'], [0x401120d3, 'fcvt.s.d'], [0x420100d3, 'fcvt.d.s'],
  [0xa27322d3, 'feq.d'], [0xa27312d3, 'flt.d'], [0xa27302d3, 'fle.d'], [0xe20312d3, 'fclass.d'],
  [0xc20312d3, 'fcvt.w.d'], [0xc21312d3, 'fcvt.wu.d'], [0xc22312d3, 'fcvt.l.d'], [0xc23312d3, 'fcvt.lu.d'],
  [0xd20302d3, 'fcvt.d.w'], [0xd21302d3, 'fcvt.d.wu'], [0xd22332d3, 'fcvt.d.l'], [0xd23332d3, 'fcvt.d.lu'],
  [0xe20302d3, 'fmv.x.d'], [0xf20302d3, 'fmv.d.x'],
];

function decode(insn: number): InsnDef[] {
  return rv64fd.filter((d) => (insn & d.mask) === d.match);
}

const LIB_NAMES = Object.keys(rv64fdLib);
const LIB_FNS = Object.values(rv64fdLib);

/** Instantiates a template with the real block compiler's substitution. */
function instantiate(def: InsnDef, insn: number): (h: FakeHart) => void {
  const bi: BlockInsn = { off: 0, len: 4, raw: insn >>> 0, insn: insn >>> 0, def };
  const body = instantiateTemplate(def.exec, bi, 0);
  assert.ok(!body.includes('$'), `unsubstituted token in ${def.name}: ${body}`);
  const fn = new Function('h', 'xl', 'xh', 'f', 'fd', 'fs', 'pg', 'tV', 'tO', 'dv', 'ram', ...LIB_NAMES, body) as (...args: unknown[]) => void;
  return (h) => fn(h, h.xl, h.xh, h.f, h.fd, h.fs, 0, h.tlbVpn, h.tlbOff, h.view, h.ram, ...LIB_FNS);
}

describe('isa/rv64fd: F and D instruction table', () => {
  it('has the 30 RV64F and 32 RV64D instructions, each once', () => {
    assert.equal(rv64fd.filter((d) => d.ext === 'F').length, 30);
    assert.equal(rv64fd.filter((d) => d.ext === 'D').length, 32);
    assert.equal(new Set(rv64fd.map((d) => d.name)).size, rv64fd.length);
  });

  it('decodes every assembler encoding to exactly the right description', () => {
    assert.equal(GAS.length, rv64fd.length);
    for (const [insn, name] of GAS) {
      const hits = decode(insn | 0);
      assert.deepEqual(hits.map((d) => d.name), [name], `0x${insn.toString(16)}`);
    }
  });

  it('has consistent match/mask pairs that never overlap', () => {
    for (const d of rv64fd) assert.equal(d.match & ~d.mask, 0, d.name);
    for (let i = 0; i < rv64fd.length; i++) {
      for (let j = i + 1; j < rv64fd.length; j++) {
        const a = rv64fd[i];
        const b = rv64fd[j];
        assert.notEqual((a.match ^ b.match) & a.mask & b.mask, 0, `${a.name} overlaps ${b.name}`);
      }
    }
  });

  it('marks everything MayTrap, loads/stores Memory, nothing EndsBlock', () => {
    for (const d of rv64fd) {
      assert.ok(d.flags & InsnFlag.MayTrap, d.name);
      assert.equal(!!(d.flags & InsnFlag.Memory), /^f(l|s)[wd]$/.test(d.name), d.name);
      assert.equal(d.flags & InsnFlag.EndsBlock, 0, d.name);
    }
  });

  it('templates only call rv64fdLib functions and run on a fake hart (fpOn first)', () => {
    for (const [insn, name] of GAS) {
      const def = decode(insn | 0)[0];
      for (const m of def.exec.matchAll(/\b(f[A-Z]\w*)\(/g)) assert.ok(LIB_NAMES.includes(m[1]), `${name}: ${m[1]}`);
      const h = new FakeHart();
      h.xl[2] = 0x100; h.xl[4] = 0x100; h.xl[6] = 0x100; h.xl[8] = 0x100;
      const run = instantiate(def, insn | 0);
      run(h);
      assert.equal(h.fpOnCalls, 1, name);
    }
  });

  it('fadd.d template computes, dynamic rm uses frm, reserved rm is illegal', () => {
    const def = decode(0x02b574d3)[0]; // fadd.d f9, f10, f11, dyn
    const h = new FakeHart();
    h.fd[10] = 1;
    h.fd[11] = 2 ** -60;
    h.frm = 3; // RUP
    instantiate(def, 0x02b574d3)(h);
    assert.equal(h.fd[9], 1 + 2 ** -52);
    assert.equal(h.fflags, 1);
    h.frm = 5;
    assert.throws(() => instantiate(def, 0x02b574d3)(h), IllegalInsn);
    const rm6 = (0x02b574d3 & ~0x7000) | (6 << 12);
    assert.throws(() => instantiate(def, rm6)(h), IllegalInsn);
  });

  it('integer destinations x0 go to the sink', () => {
    const def = decode(0xa2732053)[0]; // feq.d x0, f6, f7
    assert.equal(def.name, 'feq.d');
    const h = new FakeHart();
    instantiate(def, 0xa2732053)(h);
    assert.equal(h.xl[0], 0);
    assert.equal(h.xl[32], 1);
  });
});
