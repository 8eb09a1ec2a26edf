/**
 * Tests for the RISC-V assembly grammar and language configuration in syntaxes/.
 *  - manifest: package.json contributes the grammar and the language configuration; both
 *    files parse; every `#rule` include exists; every regex compiles with Oniguruma;
 *  - the vscode-tmgrammar-test fixtures test/grammar/*.s, in-process (one test per file,
 *    after a lint of their assertion lines) and through the package's CLI, which finds the
 *    grammar through package.json as VS Code does;
 *  - tables: every instruction of the emulator's tables, every RV64GC, compressed and
 *    pseudo mnemonic, every register and every CSR name of the disassembler;
 *  - the harness itself: a wrong assertion must fail, in-process and in the CLI.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { createRequire } from 'module';
import { join } from 'path';
import type { IGrammar, IToken, Registry } from 'vscode-textmate';
import { createRegistry } from 'vscode-tmgrammar-test/dist/common/index';
import { parseGrammarTestCase, runGrammarTestCase } from 'vscode-tmgrammar-test/dist/unit/index';
import type { GrammarTestCase, TestFailure } from 'vscode-tmgrammar-test/dist/unit/index';
import { csrName } from '../../emulator/isa/disasm';
import { allInsns } from '../../emulator/isa/tables';

const root = join(__dirname, '..', '..');
const SCOPE = 'source.riscv-asm';
const GRAMMAR_REL = './syntaxes/riscv-asm.tmLanguage.json';
const CONFIG_REL = './syntaxes/riscv-asm.language-configuration.json';
const GRAMMAR = join(root, GRAMMAR_REL);
const FIXTURES = __dirname;
const CLI = join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');

// vscode-oniguruma ships its types beside package.json, where TypeScript does not look.
const onig = createRequire(__filename)('vscode-oniguruma') as typeof import('vscode-oniguruma/main');

const INSN = 'keyword.other.instruction.riscv-asm';
const PSEUDO = 'keyword.other.instruction.pseudo.riscv-asm';
const REGISTER = 'variable.other.register.riscv-asm';
const CSR = 'support.constant.csr.riscv-asm';

type Json = { [key: string]: unknown };

const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.s')).sort();

/** Every object of a parsed JSON value, depth first. */
function* objects(v: unknown): Generator<Json> {
  if (Array.isArray(v)) for (const x of v) yield* objects(x);
  else if (v !== null && typeof v === 'object') {
    yield v as Json;
    for (const x of Object.values(v)) yield* objects(x);
  }
}

/** Every scope name the grammar can assign (rule and capture names). */
function grammarScopes(grammar: Json): Set<string> {
  const out = new Set<string>([SCOPE]);
  for (const o of objects(grammar)) {
    if (typeof o.name === 'string') for (const s of o.name.split(/\s+/)) out.add(s);
  }
  return out;
}

/** The language configuration is JSONC; it only has whole-line `//` comments. */
function readJsonc(path: string): Json {
  const text = readFileSync(path, 'utf8').split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
  return JSON.parse(text) as Json;
}

/**
 * Problems with a fixture's assertion lines that vscode-tmgrammar-test does not report:
 * a scope the grammar never assigns (a typo, or a negative assertion that can never fail),
 * and a second ' - ' (its parser then backtracks exponentially and never returns).
 */
function lintFixture(text: string, known: Set<string>): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /^#(\s*(?:\^+\s*)+|\s*<~*-+)(.*)$/.exec(line);
    if (!m) return;
    const words = m[2].trim().split(/\s+/).filter((w) => w !== '');
    if (words.filter((w) => w === '-').length > 1) problems.push(`line ${i + 1}: more than one ' - '`);
    if (words.filter((w) => w !== '-').length === 0) problems.push(`line ${i + 1}: no scopes`);
    for (const w of words) {
      if (w !== '-' && !known.has(w)) problems.push(`line ${i + 1}: the grammar never assigns '${w}'`);
    }
  });
  return problems;
}

function describeFailures(file: string, tc: GrammarTestCase, failures: TestFailure[]): string {
  return failures.map((f) => {
    const src = tc.source[f.srcLine] ?? '';
    return `${file}:${f.line + 1}: ${JSON.stringify(src.slice(f.start, f.end))} at columns ${f.start}-${f.end} of ${JSON.stringify(src)}\n` +
      (f.missing.length ? `    missing:    ${f.missing.join(' ')}\n` : '') +
      (f.unexpected.length ? `    unexpected: ${f.unexpected.join(' ')}\n` : '') +
      `    actual:     ${f.actual.join(' ')}`;
  }).join('\n');
}

function runCli(args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('RISC-V assembly grammar (syntaxes/riscv-asm.tmLanguage.json)', () => {
  let registry: Registry;
  let grammar: IGrammar;
  let rawGrammar: Json;

  before(async () => {
    rawGrammar = JSON.parse(readFileSync(GRAMMAR, 'utf8')) as Json;
    registry = createRegistry([{ path: GRAMMAR, scopeName: SCOPE }]);
    const g = await registry.loadGrammar(SCOPE);
    assert.ok(g, 'the grammar loads');
    grammar = g;
  });

  /** The token of `line` that starts at `text`'s first occurrence; it must end where `text` ends. */
  function tokenAt(line: string, text: string): IToken {
    const start = line.indexOf(text);
    assert.ok(start >= 0, `${text} in ${line}`);
    const { tokens } = grammar.tokenizeLine(line, null);
    const tok = tokens.find((t) => t.startIndex <= start && start < t.endIndex);
    assert.ok(tok, `a token at ${start} in ${JSON.stringify(line)}`);
    assert.deepEqual([tok.startIndex, tok.endIndex], [start, start + text.length],
      `${JSON.stringify(text)} is one token in ${JSON.stringify(line)} (scopes ${tok.scopes.join(' ')})`);
    return tok;
  }

  describe('manifest and files', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

    it('package.json contributes the grammar and the language configuration', () => {
      const entry = (pkg.contributes.grammars ?? []).find((g: { language?: string }) => g.language === 'riscv-asm');
      assert.deepEqual(entry, { language: 'riscv-asm', scopeName: SCOPE, path: GRAMMAR_REL });
      assert.ok(existsSync(join(root, entry.path)));
      const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'riscv-asm');
      assert.equal(lang.configuration, CONFIG_REL);
      assert.ok(existsSync(join(root, lang.configuration)));
    });

    it('the grammar is JSON with the right scope, and every #include names a repository rule', () => {
      assert.equal(rawGrammar.scopeName, SCOPE);
      const repo = rawGrammar.repository as Json;
      const missing = new Set<string>();
      for (const o of objects(rawGrammar)) {
        const inc = o.include;
        if (typeof inc !== 'string') continue;
        if (inc.startsWith('#') ? !(inc.slice(1) in repo) : inc !== '$self' && inc !== '$base') missing.add(inc);
      }
      assert.deepEqual([...missing], []);
    });

    it('every regex of the grammar compiles with Oniguruma', async () => {
      // vscode-textmate compiles rules lazily, so a bad regex in a rule that the fixtures
      // never reach would go unnoticed; compile each one on its own. vscode-oniguruma does
      // not throw for an invalid pattern: the scanner then matches the empty string wherever
      // the search starts, which none of our patterns does in the middle of \x01\x01\x01.
      const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
      await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
      const probe = new onig.OnigString('\x01\x01\x01');
      const bad: string[] = [];
      let count = 0;
      for (const o of objects(rawGrammar)) {
        for (const key of ['match', 'begin', 'end', 'while']) {
          const re = o[key];
          if (typeof re !== 'string') continue;
          count++;
          try {
            const scanner = new onig.OnigScanner([re]);
            const m = scanner.findNextMatchSync(probe, 1);
            scanner.dispose();
            if (m && m.captureIndices[0].start === 1 && m.captureIndices[0].length === 0) bad.push(re);
          } catch (e) {
            bad.push(`${re}: ${String(e)}`);
          }
        }
      }
      assert.ok(count > 50, `found ${count} regexes`);
      assert.deepEqual(bad, []);
      const broken = new onig.OnigScanner(['(?:rne|(rtz']);
      assert.equal(broken.findNextMatchSync(probe, 1)?.captureIndices[0].start, 1, 'the invalid-pattern probe still works');
      broken.dispose();
    });

    it('the language configuration parses: comments, brackets, word pattern', () => {
      const conf = readJsonc(join(root, CONFIG_REL));
      assert.deepEqual(conf.comments, { lineComment: '#', blockComment: ['/*', '*/'] });
      assert.deepEqual(conf.brackets, [['(', ')'], ['[', ']'], ['{', '}']]);
      const closes = (conf.autoClosingPairs as { open: string }[]).map((p) => p.open);
      assert.deepEqual(closes, ['(', '[', '{', '"']);
      const folding = (conf.folding as { markers: { start: string; end: string } }).markers;
      assert.ok(new RegExp(folding.start).test('  .macro SAVE reg') && new RegExp(folding.end).test('  .endm'));
      assert.ok(new RegExp(folding.start).test('#ifdef X') && !new RegExp(folding.start).test('# if a0 is zero'));
      // VS Code applies wordPattern with the 'g' flag and takes each match as a word.
      const words = (s: string) => s.match(new RegExp(conf.wordPattern as string, 'g'));
      assert.deepEqual(words('fcvt.d.w fa0, a0'), ['fcvt.d.w', 'fa0', 'a0']);
      assert.deepEqual(words('auipc t0, %pcrel_hi(.Lmsg)'), ['auipc', 't0', '%pcrel_hi', '.Lmsg']);
      assert.deepEqual(words('ld a0, -8(sp); j 1f'), ['ld', 'a0', '-8', 'sp', 'j', '1f']);
      assert.deepEqual(words('sd \\reg, \\off(sp)'), ['sd', 'reg', 'off', 'sp']);
    });
  });

  describe('fixtures (vscode-tmgrammar-test, test/grammar/*.s)', () => {
    it('there are fixtures', () => assert.ok(fixtureFiles.length >= 5, fixtureFiles.join(' ')));

    for (const file of fixtureFiles) {
      it(file, async () => {
        const text = readFileSync(join(FIXTURES, file), 'utf8');
        assert.deepEqual(lintFixture(text, grammarScopes(rawGrammar)), [], `assertion lines of ${file}`);
        const tc = parseGrammarTestCase(text);
        assert.equal(tc.metadata.scope, SCOPE);
        const count = tc.assertions.reduce((n, a) => n + a.scopeAssertions.length, 0);
        assert.ok(count >= 20, `${file} has only ${count} assertions`);
        const failures = await runGrammarTestCase(registry, tc);
        assert.ok(failures.length === 0, `${failures.length} failed assertions:\n${describeFailures(`test/grammar/${file}`, tc, failures)}`);
      });
    }

    it('a wrong assertion fails (the harness is not vacuous)', async () => {
      const run = (body: string) => runGrammarTestCase(registry, parseGrammarTestCase(`# SYNTAX TEST "${SCOPE}"\n${body}\n`));
      const right = await run(`    addi a0, a0, 1\n#   ^^^^ ${INSN}\n#        ^^ ${REGISTER}`);
      assert.deepEqual(right, []);
      const wrong = await run(`    addi a0, a0, 1\n#   ^^^^ comment.line.number-sign.riscv-asm`);
      assert.equal(wrong.length, 1);
      assert.deepEqual(wrong[0].missing, ['comment.line.number-sign.riscv-asm']);
      const excluded = await run(`    addi a0, a0, 1\n#   ^^^^ - ${INSN}`);
      assert.equal(excluded.length, 1);
      assert.deepEqual(excluded[0].unexpected, [INSN]);
      // ...and the lint catches what the runner cannot: a scope the grammar never assigns.
      assert.equal(lintFixture(`x\n#   ^^^^ - comment`, grammarScopes(rawGrammar)).length, 1);
      assert.equal(lintFixture(`x\n# <-- a.riscv-asm - b.riscv-asm - c.riscv-asm`, new Set(['a.riscv-asm', 'b.riscv-asm', 'c.riscv-asm'])).length, 1);
    });

    it('the vscode-tmgrammar-test CLI passes them, finding the grammar through package.json', () => {
      const r = runCli(['test/grammar/*.s']);
      assert.equal(r.status, 0, r.output);
      for (const f of fixtureFiles) assert.ok(r.output.includes(`test/grammar/${f} run successfuly`), r.output);
    });

    it('the CLI fails on a fixture with a wrong assertion', () => {
      const dir = mkdtempSync(join(tmpdir(), 'hyperstep-grammar-'));
      try {
        const bad = join(dir, 'wrong.s');
        writeFileSync(bad, `# SYNTAX TEST "${SCOPE}" "deliberately wrong"\n    ret\n#   ^^^ ${REGISTER}\n`);
        const r = runCli(['-g', GRAMMAR, bad]);
        assert.notEqual(r.status, 0, r.output);
        assert.match(r.output, /missing required scopes: variable\.other\.register\.riscv-asm/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('tables', () => {
    /** Mnemonic `m` in statement position (and after a label) has exactly `scope`. */
    function checkMnemonics(names: Iterable<string>, scope: string): void {
      const wrong: string[] = [];
      for (const m of names) {
        for (const line of [`    ${m} a0, a1`, `x: ${m}`]) {
          const tok = tokenAt(line, m);
          if (tok.scopes[tok.scopes.length - 1] !== scope) wrong.push(`${m}: ${tok.scopes.join(' ')}`);
        }
      }
      assert.deepEqual(wrong, [], `expected ${scope} (add missing mnemonics to the grammar)`);
    }

    it('every instruction of the emulator (emulator/isa/tables.ts) is a known mnemonic', () => {
      assert.ok(allInsns.length > 100);
      checkMnemonics(allInsns.map((d) => d.name), INSN);
    });

    it('every RV64GC mnemonic is a known instruction', () => {
      const names = [
        ...'lui auipc jal jalr beq bne blt bge bltu bgeu lb lh lw ld lbu lhu lwu sb sh sw sd'.split(' '),
        ...'addi slti sltiu xori ori andi slli srli srai add sub sll slt sltu xor srl sra or and'.split(' '),
        ...'addiw slliw srliw sraiw addw subw sllw srlw sraw fence fence.i fence.tso ecall ebreak'.split(' '),
        ...'mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw'.split(' '),
        ...'csrrw csrrs csrrc csrrwi csrrsi csrrci mret sret wfi sfence.vma'.split(' '),
        'flw', 'fsw', 'fld', 'fsd', 'fmv.x.w', 'fmv.w.x', 'fmv.x.d', 'fmv.d.x', 'fcvt.s.d', 'fcvt.d.s',
      ];
      for (const w of ['w', 'd']) {
        for (const op of ['lr', 'sc', 'amoswap', 'amoadd', 'amoxor', 'amoand', 'amoor', 'amomin', 'amomax', 'amominu', 'amomaxu']) {
          for (const order of ['', '.aq', '.rl', '.aqrl']) names.push(`${op}.${w}${order}`);
        }
      }
      for (const f of ['s', 'd']) {
        for (const op of 'fmadd fmsub fnmsub fnmadd fadd fsub fmul fdiv fsqrt fsgnj fsgnjn fsgnjx fmin fmax feq flt fle fclass'.split(' ')) {
          names.push(`${op}.${f}`);
        }
        for (const i of ['w', 'wu', 'l', 'lu']) names.push(`fcvt.${i}.${f}`, `fcvt.${f}.${i}`);
      }
      const compressed = ('addi4spn fld lw ld fsd sw sd nop addi addiw li addi16sp lui srli srai andi sub xor or and ' +
        'subw addw j beqz bnez slli fldsp lwsp ldsp jr mv ebreak jalr add fsdsp swsp sdsp unimp').split(' ');
      names.push(...compressed.map((c) => `c.${c}`));
      checkMnemonics(names, INSN);
    });

    it('every pseudo-instruction is a known pseudo-instruction', () => {
      checkMnemonics(('li la lla call tail mv not neg negw sext.w seqz snez sltz sgtz beqz bnez blez bgez bltz bgtz ' +
        'bgt ble bgtu bleu j jr ret nop csrr csrw csrs csrc csrwi csrsi csrci fmv.s fmv.d fabs.s fabs.d fneg.s fneg.d ' +
        'frcsr fscsr frrm fsrm frflags fsflags rdcycle rdtime rdinstret unimp').split(' '), PSEUDO);
    });

    it('every register name, and no register name inside a longer symbol', () => {
      const names = ['zero', 'ra', 'sp', 'gp', 'tp', 'fp'];
      for (let i = 0; i < 32; i++) names.push(`x${i}`, `f${i}`);
      for (let i = 0; i < 7; i++) names.push(`t${i}`);
      for (let i = 0; i < 12; i++) names.push(`s${i}`, `ft${i}`, `fs${i}`);
      for (let i = 0; i < 8; i++) names.push(`a${i}`, `fa${i}`);
      const wrong: string[] = [];
      for (const r of names) {
        for (const [line, text, want] of [
          [`    mv ${r}, ${r}`, r, true], [`    la a0, my_${r}`, `my_${r}`, false], [`    la a0, ${r}x`, `${r}x`, false],
          [`    la a0, .L${r}`, `.L${r}`, false], [`    la a0, sym.${r}`, `sym.${r}`, false], [`    la a0, ${r}$`, `${r}$`, false],
        ] as const) {
          if (tokenAt(line, text).scopes.includes(REGISTER) !== want) wrong.push(line);
        }
      }
      for (const n of ['x32', 'f32', 't7', 's12', 'a8', 'ft12', 'fa8']) {
        if (tokenAt(`    mv a0, ${n}`, n).scopes.includes(REGISTER)) wrong.push(n);
      }
      assert.deepEqual(wrong, []);
    });

    it('every CSR name of the disassembler is a CSR operand of the csr* instructions', () => {
      const names = new Set<string>();
      for (let n = 0; n < 4096; n++) {
        const name = csrName(n);
        if (!name.startsWith('0x')) names.add(name);
      }
      assert.ok(names.size > 300, `${names.size} CSR names`);
      const wrong: string[] = [];
      for (const c of names) {
        for (const line of [`    csrr a0, ${c}`, `    csrrwi a0, ${c}, 1`, `    csrw ${c}, a0`]) {
          if (!tokenAt(line, c).scopes.includes(CSR)) wrong.push(line);
        }
        // ...and an ordinary symbol elsewhere.
        if (tokenAt(`    la a0, ${c}`, c).scopes.includes(CSR)) wrong.push(`la a0, ${c}`);
      }
      assert.deepEqual(wrong, []);
    });
  });
});
