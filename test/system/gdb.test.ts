/**
 * System test: gdb-multiarch attached to `hyperstep run --gdb` (gdb-stub/), as it
 * attaches to QEMU's `-s -S`: a breakpoint on a function, backtrace, locals, a struct
 * global, memory at $sp, stepi/next, registers with CSRs, monitor commands, detach
 * and re-attach; a write watchpoint and two harts as two threads; attaching to a running
 * guest; reverse execution (reverse-continue, reverse-stepi) and `monitor snapshot`;
 * and gdb beside a VS Code debug session (`"gdbServer"`), on the same machine.
 * The expected values come from guests/debug/prog.c.
 * Needs: apt-get install gdb-multiarch (skipped with a message without it).
 */
import { strict as assert } from 'assert';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Session } from '../dap/helpers';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const PROG = join(ROOT, 'guests', 'debug', 'build', 'prog_o0.elf');
const SPIN = join(ROOT, 'guests', 'debug', 'build', 'spin.elf');
const SRC = readFileSync(join(ROOT, 'guests', 'debug', 'prog.c'), 'utf8').split('\n');

/** Line number of the source line with marker BP:name. */
function marker(name: string): number {
  const i = SRC.findIndex((l) => l.includes(`BP:${name} `));
  assert.ok(i >= 0, `marker ${name}`);
  return i + 1;
}

const hasGdb = spawnSync('gdb-multiarch', ['--version']).status === 0;

/** Start the CLI with --gdb on a free port; resolves with the port once it listens. */
function startCli(args: string[]): Promise<{ cli: ChildProcess; port: number; stdout: () => string }> {
  const cli = spawn('node', [CLI, 'run', '--gdb', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  cli.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the stub did not start: ${err}`)), 20_000);
    cli.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /gdb stub listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) { clearTimeout(t); resolve({ cli, port: Number(m[1]), stdout: () => out }); }
    });
    cli.on('exit', (code) => { clearTimeout(t); reject(new Error(`hyperstep exited (${code}): ${err}`)); });
  });
}

/** gdb's output: its stdout and its stderr, line by line. gdb writes `monitor` replies
 *  (the stub's console output) to stderr and everything else to stdout; the two pipes
 *  interleave in no fixed order, so order is only checked within each stream. */
interface GdbOut { out: string[]; err: string[] }

/** Run gdb-multiarch in batch mode with these commands; its output lines. */
async function gdb(port: number, elf: string, cmds: string[]): Promise<GdbOut> {
  const args = ['-batch', '-nx', '-ex', 'set architecture riscv:rv64', '-ex', 'directory guests',
    '-ex', `target remote 127.0.0.1:${port}`, ...cmds.flatMap((c) => ['-ex', c]), elf];
  const p = spawn('gdb-multiarch', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  // Decoded once at the end: a chunk may end inside a UTF-8 sequence (the → of monitor
  // translate).
  const outB: Buffer[] = [], errB: Buffer[] = [];
  p.stdout.on('data', (b: Buffer) => { outB.push(b); });
  p.stderr.on('data', (b: Buffer) => { errB.push(b); });
  const text = (bs: Buffer[]): string => Buffer.concat(bs).toString('utf8');
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => { p.kill(); reject(new Error(`gdb timed out:\n${text(outB)}\n${text(errB)}`)); }, 120_000);
    p.on('close', () => { clearTimeout(t); resolve(); });
  });
  return { out: text(outB).split('\n'), err: text(errB).split('\n') };
}

/** Patterns of lines gdb prints on stderr (monitor replies). */
const STDERR = new Set<RegExp>();
const mon = (r: RegExp): RegExp => { STDERR.add(r); return r; };

/** gdb's closing line. */
const DETACHED = /^\[Inferior 1 \(Remote target\) detached\]$/;

/** Assert that gdb's output has matches of `patterns` in this order, each in its own
 *  stream (mon() patterns on stderr, the others on stdout). */
function inOrder(o: GdbOut, patterns: RegExp[]): void {
  const at = { out: 0, err: 0 };
  const dump = `stdout:\n${o.out.join('\n')}\nstderr:\n${o.err.join('\n')}`;
  for (const p of patterns) {
    const k = STDERR.has(p) ? 'err' : 'out';
    const lines = o[k];
    const j = lines.findIndex((l, n) => n >= at[k] && p.test(l));
    assert.ok(j >= 0, `expected ${p} on ${k === 'err' ? 'stderr' : 'stdout'} after line ${at[k]} in:\n${dump}`);
    at[k] = j + 1;
  }
}

describe('gdb-multiarch against run --gdb', function () {
  this.timeout(300_000);
  const clis: ChildProcess[] = [];
  before(function () {
    if (!hasGdb) { console.log('      gdb-multiarch is missing (apt-get install gdb-multiarch): skipped'); this.skip(); }
  });
  afterEach(() => { for (const c of clis.splice(0)) c.kill(); });

  it('breaks on add, shows the stack, locals, globals, memory, steps, reads CSRs, detaches and re-attaches', async () => {
    const { cli, port } = await startCli(['--wait', PROG]);
    clis.push(cli);
    const lines = await gdb(port, PROG, ['break add', 'continue', 'bt', 'info locals', 'p g_shape', 'x/8xw $sp',
      'stepi', 'next', 'info registers pc mstatus', 'monitor info mode', 'monitor translate 0x80000000', 'detach']);
    const add = marker('add'), call = marker('callAdd');
    inOrder(lines, [
      /^0x0000000000001000 in \?\? \(\)$/, // stopped at reset (--wait)
      new RegExp(`^Breakpoint 1 at 0x[0-9a-f]+: file debug/prog\\.c, line ${add}\\.$`),
      new RegExp(`^Breakpoint 1, add \\(a=2, b=3\\) at debug/prog\\.c:${add}$`),
      new RegExp(`^${add}\\s+int sum = a \\+ b; /\\* BP:add \\*/$`),
      new RegExp(`^#0  add \\(a=2, b=3\\) at debug/prog\\.c:${add}$`),
      new RegExp(`^#1  0x[0-9a-f]+ in main \\(\\) at debug/prog\\.c:${call}$`),
      /^sum = -?\d+$/,
      /^\$1 = \{name = 0x[0-9a-f]+ "triangle", color = COLOR_BLUE, npts = 3, pts = \{\{x = 0, y = 0\}, \{x = 4, y = 0\}, \{x = 0, y = 3\}\}\}$/,
      /^0x[0-9a-f]+:\t0x[0-9a-f]{8}\t0x[0-9a-f]{8}\t0x00000003\t0x00000002$/, // b and a spilled by the prologue
      /^0x[0-9a-f]+:\t(0x[0-9a-f]{8}\t?){4}$/,
      new RegExp(`^0x[0-9a-f]+\\s+${add}\\s+int sum = a \\+ b;`), // stepi: inside line 40
      new RegExp(`^${add + 1}\\s+g_last_sum = sum;$`), // next
      /^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <add\+\d+>$/,
      /^mstatus\s+0x[0-9a-f]+\s/,
      mon(/^hart 0 \[M\]: pc 0x8[0-9a-f]{7}$/),
      mon(/^hart 0: VA 0x80000000 → PA 0x80000000 \(no translation\)$/),
      mon(/^S stage \(Bare\): 0x80000000 → 0x80000000$/),
      DETACHED,
    ]);
    assert.equal(cli.exitCode, null, 'after detach the machine waits for another client');
    // Re-attach: the machine is where the first session left it (line add + 1), without
    // its breakpoint; continue runs to the guest's exit.
    const again = await gdb(port, PROG, ['bt', 'info breakpoints', 'continue']);
    inOrder(again, [
      new RegExp(`^add \\(a=2, b=3\\) at debug/prog\\.c:${add + 1}$`),
      new RegExp(`^#0  add \\(a=2, b=3\\) at debug/prog\\.c:${add + 1}$`),
      new RegExp(`^#1  0x[0-9a-f]+ in main \\(\\) at debug/prog\\.c:${call}$`),
      /^No breakpoints or watchpoints\.$/,
      /^\[Inferior 1 \(Remote target\) exited with code 07\]$/,
    ]);
  });

  it('reverse-continue back to earlier breakpoint hits, reverse-stepi, the start of history, monitor snapshot', async () => {
    const { cli, port } = await startCli(['--wait', PROG]);
    clis.push(cli);
    const lines = await gdb(port, PROG, ['break add', 'continue', 'continue', 'continue', 'reverse-continue', 'p b',
      'reverse-stepi', 'bt 1', 'reverse-continue', 'reverse-continue', 'p $pc', 'monitor snapshot list', 'continue', 'p a', 'detach']);
    const add = marker('add');
    const hit = (a: number, b: number): RegExp => new RegExp(`^Breakpoint 1, add \\(a=${a}, b=${b}\\) at debug/prog\\.c:${add}$`);
    inOrder(lines, [
      hit(2, 3), hit(5, 0), hit(5, 1), // forward
      hit(5, 0), /^\$1 = 0$/, // reverse-continue: the previous hit
      new RegExp(`^#0  0x[0-9a-f]+ in add \\(.*\\) at debug/prog\\.c:${marker('addOpen')}$`), // reverse-stepi: in the prologue
      hit(2, 3), // reverse-continue: the first hit
      /^No more reverse-execution history\.$/,
      /^\$2 = \(void \(\*\)\(\)\) 0x1000$/,
      mon(/^\d+ snapshots \([\d.]+ KiB\); now at instruction 0, history up to \d+$/),
      hit(2, 3), /^\$3 = 2$/, // forward again: the recorded run
      DETACHED,
    ]);
  });

  it('stops on a write watchpoint with old and new values; two harts are two threads', async () => {
    const { cli, port } = await startCli(['--wait', '--harts', '2', PROG]);
    clis.push(cli);
    const lines = await gdb(port, PROG, ['break main', 'continue', 'watch g_counter', 'continue', 'continue', 'info threads', 'kill']);
    const counterFor = marker('counterFor');
    inOrder(lines, [
      /^Thread 1 hit Breakpoint 1, main \(\) at debug\/prog\.c:\d+$/,
      /^Hardware watchpoint 2: g_counter$/,
      /^Thread 1 hit Hardware watchpoint 2: g_counter$/, /^Old value = 0$/, /^New value = 1$/,
      new RegExp(`^0x[0-9a-f]+ in main \\(\\) at debug/prog\\.c:${counterFor}$`),
      /^Thread 1 hit Hardware watchpoint 2: g_counter$/, /^Old value = 1$/, /^New value = 3$/,
      /^\* 1\s+Thread 1 \(hart 0 \[M\]\) 0x[0-9a-f]+ in main \(\) at debug\/prog\.c:\d+$/,
      /^ {2}2\s+Thread 2 \(hart 1 \[M\]\) 0x[0-9a-f]+ in /,
      /^\[Inferior 1 \(Remote target\) killed\]$/,
    ]);
    const code = await new Promise<number | null>((r) => { if (cli.exitCode !== null) r(cli.exitCode); else cli.on('exit', r); });
    assert.equal(code, 0, 'kill ends hyperstep');
  });

  it('attaches to a running guest (no --wait), which it interrupts where it spins', async () => {
    const { cli, port, stdout } = await startCli([SPIN]);
    clis.push(cli);
    await new Promise((r) => setTimeout(r, 500));
    const lines = await gdb(port, SPIN, ['p spin_count > 1000', 'monitor stats', 'detach']);
    inOrder(lines, [/^(0x[0-9a-f]+ in )?main \(\) at debug\/spin\.c:\d+$/, /^\$1 = 1$/, mon(/^instructions: \d+ \(M \d+\)$/), mon(/^traps: 0$/), DETACHED]);
    assert.match(stdout(), /spinning/);
  });

  it('drives a DAP session\'s machine ("gdbServer"): its stops and continues reach VS Code', async () => {
    const s = await Session.start();
    try {
      await s.launch({ program: PROG, stopOnEntry: true, gdbServer: 0 });
      let port = 0;
      while (port === 0) {
        const { event } = await s.nextEvent<DebugProtocol.OutputEvent>('output');
        port = Number(/gdb stub listening on 127\.0\.0\.1:(\d+)/.exec(event.body.output)?.[1] ?? 0);
      }
      await s.waitStopped('entry');
      const lines = await gdb(port, PROG, ['break add', 'continue', 'bt 1', 'detach']);
      inOrder(lines, [
        new RegExp(`^Breakpoint 1, add \\(a=2, b=3\\) at debug/prog\\.c:${marker('add')}$`),
        new RegExp(`^#0  add \\(a=2, b=3\\) at debug/prog\\.c:${marker('add')}$`),
        DETACHED,
      ]);
      await s.nextEvent('continued');
      await s.waitStopped('instruction breakpoint');
      assert.equal((await s.topFrame()).name.startsWith('add'), true);
      // gdb is gone (its breakpoint with it): VS Code runs the guest to its exit.
      await s.dc.continueRequest({ threadId: 1 });
      assert.equal(await s.waitExit(30_000), 7);
    } finally {
      await s.dc.stop();
    }
  });
});
