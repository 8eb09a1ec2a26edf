/**
 * extension/launchConfig.ts forActiveFile: F5 with no launch.json in a `.s` (or ELF)
 * editor debugs that file; any configuration the user wrote is left alone.
 */
import { strict as assert } from 'assert';
import { forActiveFile, isAssemblyFile, withDefaults } from '../../extension/launchConfig';

describe('extension: launch configuration for the active file', () => {
  it('an empty configuration in a .s editor debugs that file', () => {
    const c = withDefaults(forActiveFile({}, '/w/prog.s'));
    assert.equal(c.type, 'hyperstep');
    assert.equal(c.request, 'launch');
    assert.equal(c.program, '/w/prog.s');
    assert.equal(c.stopOnEntry, false);
    assert.equal(c.name, 'HyperStep: prog.s');
    assert.equal(forActiveFile({}, '/w/a.out.elf').program, '/w/a.out.elf');
  });

  it('leaves user configurations and other editors alone', () => {
    assert.deepEqual(forActiveFile({ name: 'x', program: '/p.elf' }, '/w/prog.s'), { name: 'x', program: '/p.elf' });
    assert.deepEqual(forActiveFile({}, '/w/main.c'), {});
    assert.deepEqual(forActiveFile({}, undefined), {});
  });

  it('recognises assembly file names', () => {
    for (const f of ['a.s', 'b.S', 'c.asm']) assert.ok(isAssemblyFile(f), f);
    for (const f of ['a.c', 'b.elf', 'sources']) assert.ok(!isAssemblyFile(f), f);
  });
});
