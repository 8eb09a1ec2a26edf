/**
 * HyperStep hypervisor-extension suite: every program in guests/hyp/build/ runs on
 * the virt board and must exit through the SiFive test finisher with code 0. A
 * non-zero code is the number of the failing case inside that program (255: the
 * hart has no H in misa); see guests/hyp/hyp_test.h and the program's source.
 * The programs check the H 1.0 spec (priv 20211203, chapter 8); they were
 * verified on QEMU 7.2 in their -DQEMU72_QUIRKS variants (test/system/hypQemu.test.ts).
 */
import { strict as assert } from 'assert';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { runElf } from '../emulator/runElf';

interface HypProgram { name: string; elf: string; src: string; cases: number }

const root = join(__dirname, '..');
const hypDir = join(root, 'guests', 'hyp');

/** Programs are the committed ELFs; cases are the distinct numbers n of CASE(n) / TEST_*(n, ...) in the source. */
const programs: HypProgram[] = readdirSync(join(hypDir, 'build'))
  .filter((f) => f.endsWith('.elf'))
  .sort()
  .map((f) => {
    const name = f.slice(0, -4);
    const src = join(hypDir, `${name}.S`);
    const nums = [...readFileSync(src, 'utf8').matchAll(/^\s*(?:CASE|TEST_[A-Z0-9_]+)\(\s*(\d+)/gm)].map((m) => m[1]);
    const cases = new Set(nums).size;
    return { name, elf: join(hypDir, 'build', f), src, cases };
  });
const totalCases = programs.reduce((sum, p) => sum + p.cases, 0);

describe('hypervisor-extension suite (guests/hyp)', () => {
  before(() => {
    console.log(`hypervisor suite: ${programs.length} programs, ${totalCases} cases`);
  });

  it('has programs', () => {
    assert.ok(programs.length > 0 && totalCases > 0, 'guests/hyp/build has no ELFs');
  });

  for (const p of programs) {
    it(`${p.name} (${p.cases} cases) on virt`, () => {
      const r = runElf(new Uint8Array(readFileSync(p.elf)), { machine: 'virt', maxInsns: 50_000_000 });
      assert.equal(r.reason, 'exit',
        `${p.name}: did not exit (reason '${r.reason}' after ${r.instret} instructions)`);
      assert.equal(r.exitCode, 0, r.exitCode === 255
        ? `${p.name}: misa.H is clear (or case 0 failed); see guests/hyp/hyp_test.h`
        : `${p.name}: failed at case ${r.exitCode} (of ${p.cases}); see guests/hyp/${p.name}.S`);
    });
  }
});
