/**
 * Byte-for-byte comparison of the assembler (emulator/asm) with GNU `as -march=rv64gc
 * -mno-relax` + `ld -Ttext=… [-Tdata=…]` on the corpus in test/asm/corpus.
 *  - Expected bytes come from the GNU tools when riscv64-unknown-elf-as/-ld/-objdump are
 *    installed (via scripts/asmReference.mjs --json), else from the committed
 *    <name>.ref.json; with the tools, the committed refs must equal the live output.
 *    HS_ASM_REFS_ONLY=1 forces the committed references even when the tools exist.
 *  - .text and .data must match in address and contents; .rodata/.sdata/.sbss/.bss are
 *    checked separately (address, size, contents).
 *  - Coverage: the corpus must use every mnemonic of emulator/isa/tables.ts (AMOs with
 *    every ordering suffix, FP instructions with and without each rounding mode), every
 *    RV64C mnemonic, every pseudo-instruction, register and CSR names and the listed
 *    directives, and have at least 300 code lines, so coverage cannot silently drop.
 */
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { assemble } from '../../emulator/asm';
import type { LinkedSection } from '../../emulator/asm';
import { allInsns } from '../../emulator/isa/tables';
import { haveTool } from '../helpers/objdump';
import {
  codeLineCount, CorpusFile, corpusFiles, describeMismatch, GENERATOR_SCRIPT, hex, hexBytes,
  Reference, REFERENCE_SCRIPT, refPath, SourceInsn, statements,
} from './corpusHelpers';

const LIVE = !process.env.HS_ASM_REFS_ONLY && ['riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld', 'riscv64-unknown-elf-objdump'].every(haveTool);
const files = corpusFiles();

function committedRef(f: CorpusFile): Reference | undefined {
  const p = refPath(f);
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) as Reference : undefined;
}

function liveRef(f: CorpusFile): Reference {
  const out = execFileSync(process.execPath, [REFERENCE_SCRIPT, '--json', f.path], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return JSON.parse(out) as Reference;
}

/** The parts of a reference that must not change between the committed and the live one. */
const comparable = (r: Reference): unknown => ({ source: r.source, ttext: r.ttext, tdata: r.tdata, sections: r.sections, lines: r.lines });

describe(`assembler vs GNU as + ld (${LIVE ? 'live GNU tools' : 'committed reference bytes'})`, function () {
  this.timeout(120000);

  it('has a corpus with a reference for every file', function () {
    assert.ok(files.length >= 5, 'corpus files missing');
    for (const f of files) {
      const ref = committedRef(f);
      assert.ok(ref, `${f.name}: no ${f.name.replace(/\.s$/, '.ref.json')} (run node scripts/asmReference.mjs)`);
      assert.equal(ref.source, f.name);
      assert.equal(ref.ttext, hex(f.ttext), `${f.name}: header -Ttext differs from the reference`);
      assert.equal(ref.tdata, f.tdata === null ? null : hex(f.tdata), `${f.name}: header -Tdata differs from the reference`);
      assert.ok(ref.sections['.text'], `${f.name}: reference has no .text`);
    }
    assert.ok(files.some((f) => f.tdata === null), 'some file must use ld\'s default .data placement (no -Tdata)');
    assert.ok(files.some((f) => f.ttext !== 0x80000000n), 'some file must use a non-default -Ttext');
  });

  it('has the generated corpus files up to date (scripts/asmRvcCorpus.mjs --check)', function () {
    execFileSync(process.execPath, [GENERATOR_SCRIPT, '--check'], { encoding: 'utf8' });
  });

  for (const f of files) {
    describe(f.name, function () {
      let expected: Reference | undefined;
      let result: ReturnType<typeof assemble> | undefined;
      let crash: unknown;
      const assembled = (): ReturnType<typeof assemble> => {
        if (crash !== undefined) throw crash;
        assert.ok(result);
        return result;
      };

      before(function () {
        expected = LIVE ? liveRef(f) : committedRef(f);
        try {
          result = assemble(f.source, {
            file: f.name,
            textBase: f.ttext,
            ...(f.tdata === null ? {} : { dataBase: f.tdata }),
          });
        } catch (e) {
          crash = e;
        }
      });

      if (LIVE) {
        it('committed reference equals the live GNU output', function () {
          const committed = committedRef(f);
          assert.ok(committed && expected);
          assert.deepEqual(comparable(committed), comparable(expected),
            `${f.name}.ref.json is stale for ${expected.binutils}: run node scripts/asmReference.mjs`);
        });
      }

      it('assembles without errors', function () {
        const result = assembled();
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        const shown = errors.slice(0, 10).map((d) => `  ${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n');
        assert.ok(result.ok && errors.length === 0, `${f.name}: assembly failed with ${errors.length} error(s)\n${shown}`);
      });

      for (const name of ['.text', '.data']) {
        it(`${name} matches (address and bytes)`, function () {
          assert.ok(expected);
          checkSection(f, expected, assembled().sections, name);
        });
      }

      it('.rodata/.sdata/.sbss/.bss placement and contents match', function () {
        assert.ok(expected);
        for (const name of ['.rodata', '.sdata', '.sbss', '.bss']) checkSection(f, expected, assembled().sections, name);
      });
    });
  }
});

function checkSection(f: CorpusFile, ref: Reference, sections: LinkedSection[], name: string): void {
  const want = ref.sections[name];
  const got = sections.find((s) => s.name === name);
  if (!want) {
    assert.ok(!got || got.size === 0, `${f.name}: GNU has no ${name} section, the assembler has ${got?.size} bytes at ${hex(got?.addr ?? 0n)}`);
    return;
  }
  assert.ok(got, `${f.name}: no ${name} section in the result (GNU: ${want.size} bytes at ${want.addr})`);
  assert.equal(hex(got.addr), want.addr, `${f.name}: ${name} address`);
  if (want.hex === undefined) {
    assert.equal(got.size, want.size, `${f.name}: ${name} size`);
    return;
  }
  const exp = hexBytes(want.hex);
  const act = got.data;
  const same = exp.length === act.length && exp.every((b, i) => b === act[i]);
  if (!same) {
    assert.fail(describeMismatch({ file: f, section: name, base: got.addr, expected: exp, actual: act, ref, code: name === '.text' }));
  }
}

// ---------------------------------------------------------------------------------
// Coverage of the corpus
// ---------------------------------------------------------------------------------

const C_MNEMONICS = [
  'c.addi4spn', 'c.fld', 'c.lw', 'c.ld', 'c.fsd', 'c.sw', 'c.sd', 'c.nop', 'c.addi', 'c.addiw', 'c.li',
  'c.addi16sp', 'c.lui', 'c.srli', 'c.srai', 'c.andi', 'c.sub', 'c.xor', 'c.or', 'c.and', 'c.subw', 'c.addw',
  'c.j', 'c.beqz', 'c.bnez', 'c.slli', 'c.fldsp', 'c.lwsp', 'c.ldsp', 'c.jr', 'c.mv', 'c.ebreak', 'c.jalr',
  'c.add', 'c.fsdsp', 'c.swsp', 'c.sdsp',
];

const PSEUDOS = [
  'li', 'la', 'lla', 'call', 'tail', 'mv', 'not', 'neg', 'negw', 'sext.w', 'seqz', 'snez', 'sltz', 'sgtz',
  'beqz', 'bnez', 'blez', 'bgez', 'bltz', 'bgtz', 'bgt', 'ble', 'bgtu', 'bleu', 'j', 'jr', 'ret', 'nop',
  'csrr', 'csrw', 'csrs', 'csrc', 'csrwi', 'csrsi', 'csrci', 'fmv.s', 'fabs.s', 'fneg.s', 'fmv.d', 'fabs.d',
  'fneg.d', 'frcsr', 'fscsr', 'frrm', 'fsrm', 'frflags', 'fsflags', 'rdcycle', 'rdtime', 'rdinstret', 'unimp',
  'fence.tso', 'zext.b', 'zext.w',
];

const DIRECTIVES = [
  '.text', '.data', '.bss', '.section', '.globl', '.global', '.local', '.align', '.p2align', '.balign',
  '.byte', '.half', '.short', '.word', '.long', '.dword', '.quad', '.string', '.asciz', '.ascii', '.zero',
  '.space', '.option', '.macro', '.endm', '.equ', '.set',
];

const CSR_NAMES = [
  'mstatus', 'misa', 'medeleg', 'mideleg', 'mie', 'mtvec', 'mcounteren', 'mscratch', 'mepc', 'mcause', 'mtval',
  'mip', 'mhartid', 'mvendorid', 'marchid', 'mimpid', 'mcycle', 'minstret', 'sstatus', 'sie', 'stvec',
  'scounteren', 'sscratch', 'sepc', 'scause', 'stval', 'sip', 'satp', 'fflags', 'frm', 'fcsr', 'cycle', 'time',
  'instret', 'pmpcfg0', 'pmpaddr0',
];

const ROUNDING = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'dyn'];
/** Formats whose instructions take an optional rounding-mode operand. */
const RM_FORMATS = new Set(['FR', 'FR4', 'FR1', 'FCVT_X_F', 'FCVT_F_X']);
/** Exact conversions: GNU as 2.40 rejects an explicit rounding mode on these. */
const NO_RM = new Set(['fcvt.d.w', 'fcvt.d.wu', 'fcvt.d.s']);
const OPERAND_COUNT: Record<string, number> = { FR: 3, FR4: 4, FR1: 2, FCVT_X_F: 2, FCVT_F_X: 2 };

const X_ABI = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6', 'fp'];
const F_ABI = ['ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3',
  'fa4', 'fa5', 'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8',
  'ft9', 'ft10', 'ft11'];

describe('assembler corpus coverage', function () {
  const all = statements(files);
  const handWritten = files.filter((f) => !f.generated);
  const used = (m: string): SourceInsn[] => all.filter((s) => s.mnemonic === m);
  const missing = (names: string[]): string[] => names.filter((n) => used(n).length === 0);

  it('has at least 300 code lines (hand-written files alone), 600 lines in all hand-written files', function () {
    const n = codeLineCount(handWritten);
    assert.ok(n >= 300, `only ${n} non-blank non-comment lines in the hand-written corpus`);
    const total = handWritten.reduce((k, f) => k + f.source.split('\n').length, 0);
    assert.ok(total >= 600, `only ${total} lines in the hand-written corpus`);
  });

  it('uses every instruction of emulator/isa/tables.ts (AMOs with every ordering)', function () {
    const names: string[] = [];
    for (const d of allInsns) {
      // binutils 2.40 does not know Zicond: test/zb.test.ts checks its encodings by hand.
      if (d.ext === 'Zicond') continue;
      if (d.fmt === 'AMO' || d.fmt === 'LR') for (const s of ['', '.aq', '.rl', '.aqrl']) names.push(d.name + s);
      else names.push(d.name);
    }
    assert.deepEqual(missing(names), []);
  });

  it('uses every RV64C mnemonic', function () {
    assert.deepEqual(missing(C_MNEMONICS), []);
  });

  it('uses every pseudo-instruction', function () {
    assert.deepEqual(missing(PSEUDOS), []);
  });

  it('uses pseudo-instruction operand forms', function () {
    const has = (m: string, pred: (ops: string[]) => boolean): boolean => used(m).some((s) => pred(s.operands));
    const isSym = (o: string): boolean => /^[A-Za-z_.][\w.]*(\s*[+-]\s*\d+)?$/.test(o) && !X_ABI.includes(o) && !/^x\d+$/.test(o);
    const forms: [string, boolean][] = [
      ['sfence.vma (0 operands)', has('sfence.vma', (o) => o.length === 0)],
      ['sfence.vma rs1', has('sfence.vma', (o) => o.length === 1)],
      ['sfence.vma rs1, rs2', has('sfence.vma', (o) => o.length === 2)],
      ['fscsr rs', has('fscsr', (o) => o.length === 1)],
      ['fscsr rd, rs', has('fscsr', (o) => o.length === 2)],
      ['fsrm rs', has('fsrm', (o) => o.length === 1)],
      ['fsrm rd, rs', has('fsrm', (o) => o.length === 2)],
      ['fsflags rs', has('fsflags', (o) => o.length === 1)],
      ['fsflags rd, rs', has('fsflags', (o) => o.length === 2)],
      ['jal label', has('jal', (o) => o.length === 1)],
      ['jalr rs', has('jalr', (o) => o.length === 1 && !o[0].includes('('))],
      ['call rd, label', has('call', (o) => o.length === 2)],
      ['fence (no operands)', has('fence', (o) => o.length === 0)],
      ['fence pred, succ', has('fence', (o) => o.length === 2)],
      ['lw rd, symbol', has('lw', (o) => o.length === 2 && isSym(o[1]))],
      ['ld rd, symbol', has('ld', (o) => o.length === 2 && isSym(o[1]))],
      ['sw rs, symbol, rt', has('sw', (o) => o.length === 3)],
      ['sd rs, symbol, rt', has('sd', (o) => o.length === 3)],
      ['fld fd, symbol, rt', has('fld', (o) => o.length === 3)],
      ['fsd fs, symbol, rt', has('fsd', (o) => o.length === 3)],
      ['la to .text/.data/.rodata/.bss', used('la').length >= 4 && used('lla').length >= 4],
      ['lui %hi(sym)', has('lui', (o) => /%hi\(/.test(o[1] ?? ''))],
      ['addi %lo(sym)', has('addi', (o) => /%lo\(/.test(o[2] ?? ''))],
      ['load %lo(sym)(reg)', has('lw', (o) => /%lo\(.*\)\(/.test(o[1] ?? ''))],
      ['auipc %pcrel_hi', has('auipc', (o) => /%pcrel_hi\(/.test(o[1] ?? ''))],
      ['%pcrel_lo(1b)', all.some((s) => s.operands.some((o) => /%pcrel_lo\(1b\)/.test(o)))],
      ['csr number operand', has('csrrw', (o) => /^(0x[0-9a-f]+|\d+)$/i.test(o[1] ?? ''))],
    ];
    assert.deepEqual(forms.filter(([, ok]) => !ok).map(([n]) => n), []);
  });

  it('uses every rounding mode on every FP instruction that has one, and the dynamic default', function () {
    const problems: string[] = [];
    for (const d of allInsns) {
      if (!RM_FORMATS.has(d.fmt)) continue;
      const uses = used(d.name);
      const base = OPERAND_COUNT[d.fmt];
      if (!uses.some((s) => s.operands.length === base)) problems.push(`${d.name} without a rounding mode`);
      if (NO_RM.has(d.name)) continue;
      for (const rm of ROUNDING) {
        if (!uses.some((s) => s.operands.length === base + 1 && s.operands[base] === rm)) problems.push(`${d.name} ${rm}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('uses every register name (xN, ABI, fp, fN, FP ABI) and the CSR names', function () {
    const tokens = new Set<string>();
    for (const s of all) for (const o of s.operands) for (const t of o.split(/[^\w.]+/)) if (t) tokens.add(t);
    const want = [
      ...Array.from({ length: 32 }, (_, i) => `x${i}`), ...X_ABI,
      ...Array.from({ length: 32 }, (_, i) => `f${i}`), ...F_ABI, ...CSR_NAMES,
    ];
    assert.deepEqual(want.filter((t) => !tokens.has(t)), []);
  });

  it('uses the directives and .option forms', function () {
    assert.deepEqual(missing(DIRECTIVES), []);
    const opts = new Set(used('.option').map((s) => s.operands[0]));
    assert.deepEqual(['rvc', 'norvc', 'push', 'pop'].filter((o) => !opts.has(o)), []);
    const sections = used('.section').map((s) => s.operands[0]);
    for (const want of [/^\.text\./, /^\.rodata$/, /^\.data\./, /^\.bss\./]) {
      assert.ok(sections.some((s) => want.test(s)), `no .section matching ${want}`);
    }
  });
});
