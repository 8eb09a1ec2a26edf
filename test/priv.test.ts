/**
 * HyperStep privileged-architecture suite: every program in guests/priv/build/
 * runs on the virt board and must exit through the SiFive test finisher with
 * code 0. A non-zero code is the number of the failing case inside that
 * program (see guests/priv/priv_test.h and the program's source).
 */
import { strict as assert } from 'assert';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { runElf } from '../emulator/runElf';

interface PrivProgram { name: string; elf: string; src: string; cases: number }

const root = join(__dirname, '..');
const privDir = join(root, 'guests', 'priv');

/** Programs are the committed ELFs; cases are the distinct numbers n of CASE(n) / TEST_*(n, ...) in the source. */
const programs: PrivProgram[] = readdirSync(join(privDir, 'build'))
  .filter((f) => f.endsWith('.elf'))
  .sort()
  .map((f) => {
    const name = f.slice(0, -4);
    const src = join(privDir, `${name}.S`);
    const nums = [...readFileSync(src, 'utf8').matchAll(/\b(?:CASE|TEST_[A-Z0-9_]+)\(\s*(\d+)/g)].map((m) => m[1]);
    const cases = new Set(nums).size;
    return { name, elf: join(privDir, 'build', f), src, cases };
  });
const totalCases = programs.reduce((sum, p) => sum + p.cases, 0);

describe('privileged suite (guests/priv)', () => {
  before(() => {
    console.log(`privileged suite: ${programs.length} programs, ${totalCases} cases`);
  });

  it('has programs', () => {
    assert.ok(programs.length > 0 && totalCases > 0, 'guests/priv/build has no ELFs');
  });

  for (const p of programs) {
    it(`${p.name} (${p.cases} cases) on virt`, () => {
      const r = runElf(new Uint8Array(readFileSync(p.elf)), { machine: 'virt', maxInsns: 50_000_000, sv57: p.name.includes('sv57') });
      assert.equal(r.reason, 'exit',
        `${p.name}: did not exit (reason '${r.reason}' after ${r.instret} instructions)`);
      assert.equal(r.exitCode, 0,
        `${p.name}: failed at case ${r.exitCode} (of ${p.cases}); see guests/priv/${p.name}.S`);
    });
  }
});
