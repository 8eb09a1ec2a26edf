/**
 * extension/elfForSource.ts: F5 in a C source finds the ELF built from it by the DWARF
 * the ELF carries. Runs over the committed guests/ and examples/ ELFs and their sources
 * (paths in their DWARF are relative, as -ffile-prefix-map leaves them), and over copies
 * in a temporary directory for moved sources, shadowing files and the order by date.
 */
import { strict as assert } from 'assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { dwarfSources, ElfSourceIndex, isCSourceFile, matchScore } from '../../extension/elfForSource';

const ROOT = join(__dirname, '..', '..');

/** Every .elf under guests/ and examples/ (the workspace glob's view of this repository). */
function repoElfs(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith('.elf')) out.push(f);
    }
  };
  walk(join(ROOT, 'guests'));
  walk(join(ROOT, 'examples'));
  return out;
}

const rel = (m: { elf: string }) => relative(ROOT, m.elf);

describe('extension: the ELF built from a source (DWARF compile units and line tables)', function () {
  this.timeout(60_000);
  const elfs = repoElfs();
  let tmp: string;

  before(() => { tmp = mkdtempSync(join(tmpdir(), 'hyperstep-elfsrc-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads the sources named by an ELF\'s DWARF', () => {
    const hello = dwarfSources(readFileSync(join(ROOT, 'examples/hello/hello.elf')));
    assert.equal(hello[0], './hello.c', 'the compile unit comes first');
    assert.ok(hello.includes('./../../guests/lib/virt.c'), hello.join(', '));
    const prog = dwarfSources(readFileSync(join(ROOT, 'guests/debug/build/prog_dw4.elf'))); // DWARF 4
    assert.ok(prog.includes('./debug/prog.c') && prog.includes('./debug/shapes.c') && prog.includes('./debug/shapes.h'), prog.join(', '));
    assert.equal(new Set(prog).size, prog.length, 'no duplicates');
    assert.deepEqual(dwarfSources(readFileSync(join(ROOT, 'examples/hello/hello.c'))), [], 'not an ELF');
    assert.deepEqual(dwarfSources(new Uint8Array(0)), []);
  });

  it('examples/hello/hello.c → examples/hello/hello.elf, and nothing else', async () => {
    const m = await new ElfSourceIndex().find(join(ROOT, 'examples/hello/hello.c'), elfs, ROOT);
    assert.deepEqual(m.map(rel), ['examples/hello/hello.elf']);
    assert.equal(m[0].exact, true);
    assert.equal(m[0].dwarfPath, './hello.c');
    // Opened as its own folder, as a new user does.
    const own = await new ElfSourceIndex().find(join(ROOT, 'examples/hello/hello.c'), elfs, join(ROOT, 'examples/hello'));
    assert.deepEqual(own.map(rel), ['examples/hello/hello.elf']);
  });

  it('guests/debug sources → the ELFs guests/debug/debug.mk builds from them', async () => {
    const index = new ElfSourceIndex();
    const prog = ['guests/debug/build/prog_dw4.elf', 'guests/debug/build/prog_o0.elf', 'guests/debug/build/prog_og.elf'];
    for (const src of ['prog.c', 'shapes.c', 'shapes.h']) {
      const m = await index.find(join(ROOT, 'guests/debug', src), elfs, ROOT);
      assert.deepEqual(m.map(rel).sort(), prog, src);
      assert.ok(m.every((x) => x.exact), src);
    }
    assert.deepEqual((await index.find(join(ROOT, 'guests/debug/inline.c'), elfs, ROOT)).map(rel), ['guests/debug/build/inline_o2.elf']);
    assert.deepEqual((await index.find(join(ROOT, 'guests/debug/spin.c'), elfs, ROOT)).map(rel), ['guests/debug/build/spin.elf']);
    assert.deepEqual((await index.find(join(ROOT, 'guests/debug/traps.S'), elfs, ROOT)).map(rel), ['guests/debug/build/traps.elf']);
    // A library source is in every ELF linked with -g against it, hello.elf included.
    const lib = (await index.find(join(ROOT, 'guests/lib/virt.c'), elfs, ROOT)).map(rel);
    for (const e of [...prog, 'examples/hello/hello.elf', 'guests/debug/build/spin.elf']) assert.ok(lib.includes(e), `${e} in ${lib.join(', ')}`);
    assert.ok(!lib.includes('guests/debug/build/traps.elf'));
  });

  it('finds nothing for a source no ELF was built from', async () => {
    const lonely = join(tmp, 'lonely', 'nothing.c');
    mkdirSync(join(tmp, 'lonely'));
    writeFileSync(lonely, 'int main(void) { return 0; }\n');
    assert.deepEqual(await new ElfSourceIndex().find(lonely, elfs, ROOT), []);
    assert.deepEqual(await new ElfSourceIndex().find(lonely, [], ROOT), []);
    assert.deepEqual(await new ElfSourceIndex().find(lonely, [join(tmp, 'missing.elf'), join(ROOT, 'examples/hello/hello.c')], ROOT), []);
  });

  it('a copy of hello.c and hello.elf elsewhere still match (relative DWARF paths)', async () => {
    const d = join(tmp, 'copy');
    mkdirSync(d);
    copyFileSync(join(ROOT, 'examples/hello/hello.c'), join(d, 'hello.c'));
    copyFileSync(join(ROOT, 'examples/hello/hello.elf'), join(d, 'hello.elf'));
    const m = await new ElfSourceIndex().find(join(d, 'hello.c'), [join(ROOT, 'guests/debug/build/prog_o0.elf'), join(d, 'hello.elf')], d);
    assert.deepEqual(m.map((x) => x.elf), [join(d, 'hello.elf')]);
    assert.equal(m[0].exact, true);
  });

  it('several ELFs from one source: most recently modified first', async () => {
    const d = join(tmp, 'several');
    for (const b of ['build-a', 'build-b', 'build-c']) {
      mkdirSync(join(d, b), { recursive: true });
      copyFileSync(join(ROOT, 'examples/hello/hello.elf'), join(d, b, 'hello.elf'));
    }
    copyFileSync(join(ROOT, 'examples/hello/hello.c'), join(d, 'hello.c'));
    const t = Date.now() / 1000;
    utimesSync(join(d, 'build-a/hello.elf'), t - 300, t - 300);
    utimesSync(join(d, 'build-b/hello.elf'), t - 100, t - 100);
    utimesSync(join(d, 'build-c/hello.elf'), t - 200, t - 200);
    const list = ['build-a', 'build-b', 'build-c'].map((b) => join(d, b, 'hello.elf'));
    const index = new ElfSourceIndex();
    const m = await index.find(join(d, 'hello.c'), list, d);
    assert.deepEqual(m.map((x) => relative(d, x.elf)), ['build-b/hello.elf', 'build-c/hello.elf', 'build-a/hello.elf']);
    assert.ok(m.every((x) => x.exact && x.mtimeMs === statSync(x.elf).mtimeMs));
    // A rebuilt ELF (new date) is read again and moves to the front.
    utimesSync(join(d, 'build-a/hello.elf'), t, t);
    assert.equal((await index.find(join(d, 'hello.c'), list, d))[0].elf, join(d, 'build-a/hello.elf'));
  });

  it('a source whose ELF resolves to another file, or was moved, is only a name match', async () => {
    const d = join(tmp, 'shadow');
    mkdirSync(join(d, 'build'), { recursive: true });
    copyFileSync(join(ROOT, 'examples/hello/hello.elf'), join(d, 'build/hello.elf'));
    copyFileSync(join(ROOT, 'examples/hello/hello.c'), join(d, 'hello.c'));
    // Without a workspace folder ./hello.c resolves from build/ first: with build/hello.c
    // present, d/hello.c is not what the debugger opens.
    writeFileSync(join(d, 'build/hello.c'), '/* another hello.c */\n');
    const m = await new ElfSourceIndex().find(join(d, 'hello.c'), [join(d, 'build/hello.elf')], undefined);
    assert.equal(m.length, 1);
    assert.equal(m[0].exact, false);
    assert.equal(m[0].score, 1);
    // The shadowing file itself is the exact match.
    const own = await new ElfSourceIndex().find(join(d, 'build/hello.c'), [join(d, 'build/hello.elf')], undefined);
    assert.equal(own[0]?.exact, true);
    // An exact match wins over name matches.
    const both = await new ElfSourceIndex().find(join(d, 'build/hello.c'), [join(d, 'build/hello.elf'), join(ROOT, 'examples/hello/hello.elf')], undefined);
    // With the folder as the launch cwd, ./hello.c is d/hello.c again.
    assert.equal((await new ElfSourceIndex().find(join(d, 'hello.c'), [join(d, 'build/hello.elf')], d))[0]?.exact, true);
    assert.deepEqual(both.map((x) => x.elf), [join(d, 'build/hello.elf')]);
  });

  it('scores DWARF paths like the debugger resolves them', () => {
    const none = () => false;
    assert.equal(matchScore('./debug/prog.c', '/w/guests/debug/build/prog.elf', '/w/guests/debug/prog.c', '/w', none), Infinity);
    assert.equal(matchScore('./debug/prog.c', '/w/guests/debug/build/prog.elf', '/x/debug/prog.c', '/w', none), 2);
    assert.equal(matchScore('/abs/src/main.c', '/w/a.elf', '/abs/src/main.c', '/w', none), Infinity);
    assert.equal(matchScore('/abs/src/main.c', '/w/a.elf', '/w/src/main.c', '/w', none), 2);
    assert.equal(matchScore('./main.c', '/w/a.elf', '/w/other.c', '/w', none), 0);
    // Relative to the workspace folder (the launch cwd) first.
    assert.equal(matchScore('src/main.c', '/elsewhere/a.elf', '/w/src/main.c', '/w', none), Infinity);
  });

  it('knows C sources from other files', () => {
    for (const f of ['a.c', 'b.h', 'c.cpp', 'D.C']) assert.ok(isCSourceFile(f), f);
    for (const f of ['a.s', 'b.elf', 'c.txt', 'Makefile']) assert.ok(!isCSourceFile(f), f);
  });
});
