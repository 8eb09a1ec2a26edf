/**
 * `hyperstep run --gdb [HOST:]PORT [--wait]` parsing (cli/options.ts): the default
 * host is loopback, the port is checked, and the combinations the stub cannot serve
 * are refused with a one-line UsageError.
 */
import { strict as assert } from 'assert';
import { parseArgs, parseGdbArg, UsageError } from '../../cli/options';
import { isLoopback } from '../../gdb-stub/server';

describe('cli --gdb', () => {
  it('takes PORT or HOST:PORT, loopback by default', () => {
    assert.deepEqual(parseGdbArg('1234'), { host: '127.0.0.1', port: 1234 });
    assert.deepEqual(parseGdbArg('0.0.0.0:1234'), { host: '0.0.0.0', port: 1234 });
    assert.deepEqual(parseGdbArg('[::1]:9'), { host: '::1', port: 9 });
    const a = parseArgs(['run', '--gdb', '1234', '--wait', 'p.elf']);
    assert.deepEqual(a.gdb, { host: '127.0.0.1', port: 1234 });
    assert.equal(a.gdbWait, true);
    assert.equal(isLoopback('127.0.0.1'), true);
    assert.equal(isLoopback('0.0.0.0'), false);
    assert.deepEqual(parseArgs(['run', '--gdb', '0.0.0.0:1234', '--gdb-allow-remote', 'p.elf']).gdb, { host: '0.0.0.0', port: 1234 });
    assert.deepEqual(parseArgs(['run', '--gdb', '[::1]:1234', 'p.elf']).gdb, { host: '::1', port: 1234 });
  });

  it('refuses bad ports, --wait alone and unsupported combinations', () => {
    for (const [argv, msg] of [
      [['run', '--gdb', 'x', 'p.elf'], /\[HOST:\]PORT/],
      [['run', '--gdb', '70000', 'p.elf'], /between 0/],
      [['run', '--wait', 'p.elf'], /--wait needs --gdb/],
      [['run', '--gdb', '1', '--stats', 'p.elf'], /does not support/],
      [['linux', '--gdb', '1'], /belongs to the run command/],
      [['run', '--gdb', '0.0.0.0:1234', 'p.elf'], /not a loopback address.*--gdb-allow-remote/],
      [['run', '--gdb-allow-remote', 'p.elf'], /needs --gdb/],
    ] as [string[], RegExp][]) {
      assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && msg.test(e.message), argv.join(' '));
    }
  });
});
