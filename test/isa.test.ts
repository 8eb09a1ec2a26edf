/**
 * HyperStep ISA suite: every program in guests/isa/manifest.json must exit
 * through HTIF with code 0. A non-zero code is the number of the failing case
 * inside that program (see guests/common/htif_test.h).
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { runElf } from '../emulator/runElf';

interface IsaProgram { name: string; elf: string; cases: number }

const root = join(__dirname, '..');
const programs: IsaProgram[] = JSON.parse(
  readFileSync(join(root, 'guests', 'isa', 'manifest.json'), 'utf8'),
);
const totalCases = programs.reduce((sum, p) => sum + p.cases, 0);

/** Programs that are also run on the virt board (HTIF works there when the ELF has tohost). */
const ON_VIRT = new Set(['rv64ui_arith', 'rv64um', 'rv64ua', 'rv64uc', 'rv64ud_arith', 'zicsr', 'mtrap']);

function runProgram(p: IsaProgram, machine: 'spike' | 'virt'): void {
  const bytes = new Uint8Array(readFileSync(join(root, p.elf)));
  const r = runElf(bytes, { machine, maxInsns: 50_000_000 });
  assert.equal(r.reason, 'exit',
    `${p.name} on ${machine}: did not exit (reason '${r.reason}' after ${r.instret} instructions)`);
  assert.equal(r.exitCode, 0,
    `${p.name} on ${machine}: failed at case ${r.exitCode} (of ${p.cases}); see guests/isa/${p.name}.S`);
}

describe('ISA suite (guests/isa)', () => {
  before(() => {
    console.log(`ISA suite: ${programs.length} programs, ${totalCases} cases`);
  });

  it('manifest lists programs', () => {
    assert.ok(programs.length > 0 && totalCases > 0, 'guests/isa/manifest.json is empty');
  });

  for (const p of programs) {
    it(`${p.name} (${p.cases} cases) on spike`, () => runProgram(p, 'spike'));
  }

  for (const p of programs.filter((q) => ON_VIRT.has(q.name))) {
    it(`${p.name} on virt`, () => runProgram(p, 'virt'));
  }
});
