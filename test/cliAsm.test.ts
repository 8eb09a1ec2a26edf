/**
 * The `hyperstep asm` command and `hyperstep run FILE.s` (built CLI, dist/cli.js):
 * option parsing (-o, -Ttext=/-Ttext ADDR, -Tdata, default output name), the written
 * ELF (loads, entry at _start, .data where -Tdata says), compiler-style diagnostics on
 * stderr with exit status 2 and no output file, and running an assembly source directly.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseArgs, UsageError } from '../cli/options';
import { parseElf } from '../emulator/loader/elf';

const root = join(__dirname, '..');
const CLI = process.env.HYPERSTEP_CLI ?? join(root, 'dist/cli.js');
const HELLO = join(root, 'examples/asm-hello/hello.s');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: hyperstep asm', () => {
  it('parses -o, -Ttext/-Tdata in both ld spellings and defaults the output name', () => {
    const a = parseArgs(['asm', 'x.s', '-o', 'y.elf', '-Ttext=0x80200000', '-Tdata', '0x80300000']);
    assert.equal(a.command, 'asm');
    assert.deepEqual([a.program, a.output, a.textBase, a.dataBase], ['x.s', 'y.elf', 0x80200000n, 0x80300000n]);
    assert.equal(parseArgs(['asm', 'dir/prog.S']).output, 'dir/prog.elf');
    assert.throws(() => parseArgs(['asm']), UsageError);
    assert.throws(() => parseArgs(['asm', 'x.s', '-Ttext=zz']), /not an address/);
    assert.throws(() => parseArgs(['asm', 'x.s', '--bogus']), /unknown asm option/);
    assert.throws(() => parseArgs(['asm', 'a.s', 'b.s']), /one source file/);
  });

  it('writes a loadable ELF with the requested layout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-asm-'));
    const out = join(dir, 'hello.elf');
    const r = cli(['asm', HELLO, '-o', out, '-Ttext=0x80200000', '-Tdata=0x80400000']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const elf = parseElf(new Uint8Array(readFileSync(out)));
    assert.equal(elf.entry, 0x80200000);
    assert.equal(elf.symbolByName('_start')?.value, 0x80200000);
    assert.equal(elf.symbolByName('result')?.value, 0x80400000);
    assert.ok(elf.symbolByName('puts'), 'global label in the symbol table');
  });

  it('reports errors as file:line:column and writes nothing (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-asm-'));
    const src = join(dir, 'bad.s');
    writeFileSync(src, '_start:\n  addi a0, a0, 5000\n  lw a1, 0(a9)\n');
    const r = cli(['asm', src, '-o', join(dir, 'bad.elf')]);
    assert.equal(r.status, 2);
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0], /bad\.s:2:16: error: immediate 5000 is out of range for 'addi'/);
    assert.match(lines[1], /bad\.s:3:12: error: expected an integer register \(x0-x31 or an ABI name like a0\), found .a9./);
    assert.match(lines[2], /^hyperstep: .*bad\.s: 2 errors; nothing was written$/);
    assert.ok(!existsSync(join(dir, 'bad.elf')));
  });

  it('runs an assembly source directly', () => {
    const r = cli(['run', HELLO]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'Hello from RISC-V assembly!\n');
  });
});
