/**
 * Snapshot files through the CLI (dist/cli.js): `snapshot save` then `run --restore`
 * continues exactly as the uninterrupted run (console output, instruction counts, exit
 * status), on one hart and on four; `snapshot info` and `snapshot diff`;
 * and a corpus of corrupted files (test/snapshot/corpus.ts) each refused by
 * `run --restore` with a one-line message and exit status 2, with no crash and no hang.
 */
import { strict as assert } from 'assert';
import { spawn, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { corruptSnapshotCorpus } from './corpus';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DEMO = join(ROOT, 'guests/demo/build/demo.elf');

function cli(args: string[], input = ''): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function cliAsync(args: string[]): Promise<{ code: number; err: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, err, ms: Date.now() - t0 }); });
  });
}

function stats(err: string): { instructions: number } {
  const line = err.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, `no --stats line in ${err}`);
  return JSON.parse(line) as { instructions: number };
}

describe('snapshot files through the CLI', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'hysnap-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('save at N, restore: the run continues exactly (output, instructions, exit status)', () => {
    const whole = cli(['run', '--stats', DEMO]);
    const file = join(dir, 'demo.hysnap');
    const first = cli(['snapshot', 'save', '--at', '123457', '-o', file, DEMO]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.err, /saved the machine at instruction 123457/);
    const rest = cli(['run', '--restore', file, '--stats']);
    assert.equal(rest.code, whole.code);
    assert.equal(first.out + rest.out, whole.out);
    assert.equal(stats(rest.err).instructions, stats(whole.err).instructions);
    const info = cli(['snapshot', 'info', file]);
    assert.match(info.out, /clock: +123457/);
    assert.match(info.out, /virt, 1 hart, 128 MiB RAM/);
  });

  for (const prog of ['lrsc4', 'timer4']) {
    it(`four harts (smp/${prog}): restore continues with the same counts and exit status`, () => {
      const elf = join(ROOT, `guests/smp/build/${prog}.elf`);
      const whole = cli(['run', '--harts', '4', '--stats', elf]);
      const file = join(dir, `${prog}.hysnap`);
      const first = cli(['snapshot', 'save', '--at', '77777', '-o', file, '--harts', '4', elf]);
      assert.equal(first.code, 0, first.err);
      const rest = cli(['run', '--restore', file, '--stats']);
      assert.equal(rest.code, whole.code, rest.err);
      const a = stats(whole.err) as unknown as Record<string, unknown>, b = stats(rest.err) as unknown as Record<string, unknown>;
      for (const k of ['instructions', 'instructionsByMode', 'trapsByCause', 'trapsByTransition', 'harts']) assert.deepEqual(b[k], a[k], k);
      assert.equal(first.out + rest.out, whole.out);
    });
  }

  it('snapshot diff names the registers and memory that changed', () => {
    const a = join(dir, 'a.hysnap'), b = join(dir, 'b.hysnap');
    assert.equal(cli(['snapshot', 'save', '--at', '100000', '-o', a, DEMO]).code, 0);
    assert.equal(cli(['snapshot', 'save', '--at', '100100', '-o', b, DEMO]).code, 0);
    const d = cli(['snapshot', 'diff', a, b, '--symbols', DEMO]);
    assert.equal(d.code, 0, d.err);
    assert.match(d.out, /^--- .*a\.hysnap \(clock 100000\)\n\+\+\+ .*b\.hysnap \(clock 100100\)/);
    assert.match(d.out, /hart 0 pc +0x8[0-9a-f]+ -> 0x8/);
    const same = cli(['snapshot', 'diff', a, a]);
    assert.match(same.out, /no differences/);
    const json = JSON.parse(cli(['snapshot', 'diff', a, b, '--json']).out) as { a: { clock: number }; registers: unknown[] };
    assert.equal(json.a.clock, 100000);
    assert.ok(json.registers.length > 0);
  });

  it('refuses 104 corrupted snapshot files with one line and exit status 2', async () => {
    const valid = join(dir, 'valid.hysnap');
    assert.equal(cli(['snapshot', 'save', '--at', '1000', '-o', valid, DEMO]).code, 0);
    const all = corruptSnapshotCorpus(new Uint8Array(readFileSync(valid)));
    const step = Math.max(1, Math.floor(all.length / 104));
    const picked = all.filter((_, i) => i % step === 0).slice(0, 104);
    assert.ok(picked.length >= 100, `${picked.length} cases`);
    const results: { name: string; code: number; err: string; ms: number }[] = [];
    for (let i = 0; i < picked.length; i += 4) {
      const batch = picked.slice(i, i + 4).map(async (c, k) => {
        const f = join(dir, `bad${i + k}.hysnap`);
        writeFileSync(f, c.bytes);
        return { name: c.name, ...(await cliAsync(['run', '--restore', f])) };
      });
      results.push(...await Promise.all(batch));
    }
    for (const r of results) {
      assert.equal(r.code, 2, `${r.name}: exit ${r.code}: ${r.err}`);
      const lines = r.err.trimEnd().split('\n');
      assert.equal(lines.length, 1, `${r.name}: one line, got ${r.err}`);
      assert.match(lines[0], /^hyperstep: .*bad\d+\.hysnap: /, r.name);
      assert.doesNotMatch(r.err, /internal error| {4}at /, r.name);
    }
    console.log(`      ${results.length} corrupted files refused, slowest ${Math.max(...results.map((r) => r.ms))} ms`);
  });
});
