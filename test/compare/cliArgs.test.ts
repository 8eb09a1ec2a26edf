/**
 * `hyperstep compare` options (cli/compare.ts): garbage gives one clear CompareError,
 * never a crash; valid lists are deduplicated and keep their order.
 */
import { strict as assert } from 'assert';
import { parseCompareArgs } from '../../cli/compare';
import { CompareError, parseModes } from '../../emulator/host/compareRunner';

describe('compare: command-line options', () => {
  it('parses modes, files and numbers', () => {
    assert.deepEqual(parseModes('dom0, native,dom0'), ['dom0', 'native']);
    const a = parseCompareArgs(['--modes', 'native,type2', '--json', 'r.json', '--csv', 'r.csv', '--workers', '2', '--cache']);
    assert.ok(a !== 'help');
    assert.deepEqual(a.modes, ['native', 'type2']);
    assert.equal(a.workers, 2);
    assert.equal(a.cache, true);
    assert.equal(parseCompareArgs(['--help']), 'help');
  });

  for (const [argv, re] of [
    [['--modes', 'native,xen'], /unknown mode "xen"/],
    [['--modes', ' , '], /at least one mode/],
    [['--modes'], /--modes needs a value/],
    [['--workers', '0'], /--workers must be an integer/],
    [['--workers', 'lots'], /--workers must be an integer/],
    [['--workers', '1e9'], /--workers must be an integer/],
    [['--bogus'], /unknown compare option: --bogus/],
    [['\u0000\uffff'], /unknown compare option/],
  ] as [string[], RegExp][]) {
    it(`refuses ${JSON.stringify(argv)}`, () => {
      assert.throws(() => parseCompareArgs(argv), (e: unknown) => e instanceof CompareError && re.test(e.message));
    });
  }
});
