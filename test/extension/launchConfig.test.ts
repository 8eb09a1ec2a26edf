/**
 * extension/launchConfig.ts forActiveFile: F5 with no launch.json in a `.s` (or ELF)
 * editor debugs that file; any configuration the user wrote is left alone.
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { forActiveFile, isAssemblyFile, withDefaults } from '../../extension/launchConfig';
import { parseLaunchArgs } from '../../debug-adapter/launchArgs';

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

  it("the settings' defaults are the launch attributes' own (an unset setting changes nothing)", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
    const launch = pkg.contributes.debuggers[0].configurationAttributes.launch.properties as Record<string, { default?: unknown }>;
    const parsed = parseLaunchArgs({ program: '/w/p.elf' }, { isFile: () => true }, '/w');
    assert.ok(!('error' in parsed));
    const spec = parsed.spec;
    assert.equal(props['hyperstep.uartTerminal'].default, withDefaults({ program: '/w/p.elf' }).uartTerminal, 'the extension sends the UART to a terminal by default');
    assert.equal(props['hyperstep.uartTerminal'].default, launch.uartTerminal.default);
    assert.equal(props['hyperstep.numberFormat'].default, spec.numberFormat);
    assert.equal(props['hyperstep.numberFormat'].default, launch.numberFormat.default);
    assert.equal(props['hyperstep.defaultMachine'].default, spec.machine);
    assert.equal(props['hyperstep.defaultHarts'].default, spec.harts);
    const withMem = parseLaunchArgs({ program: '/w/p.elf', memory: props['hyperstep.defaultMemory'].default }, { isFile: () => true }, '/w');
    assert.ok(!('error' in withMem));
    assert.equal(withMem.spec.memoryMiB, spec.memoryMiB);
  });
});
