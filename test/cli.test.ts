/**
 * End-to-end tests of the built command line (`node dist/cli.js`, built by `npm test`):
 * exit-status rules for HTIF and the SiFive test finisher, console output, the
 * instruction limit (124), the "can never wake" idle exit (125), --stats JSON, and
 * bad input (usage errors, unreadable files, every file of the corrupt ELF corpus in
 * test/fixtures/elf/corpus.json) → exit status 2 with a one-line message and no stack.
 *
 * Guests come from guests/exit/build/*.elf (`make -C guests exit`). Standard input is
 * /dev/null, so the CLI sees it closed. Runs go at most two at a time.
 */
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import { availableParallelism, tmpdir } from 'os';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');
/** HYPERSTEP_CLI=path runs these tests against another build of the CLI. */
const CLI = process.env.HYPERSTEP_CLI ?? join(root, 'dist/cli.js');
const EXIT = join(root, 'guests/exit/build');
const ELF_DIR = join(root, 'test/fixtures/elf');
const guest = (name: string): string => join(EXIT, `${name}.elf`);

interface Result { status: number | null; signal: string | null; stdout: string; stderr: string; ms: number }

/** Simple concurrency limiter: at most `n` child processes at a time. */
const PARALLEL = Math.max(1, Math.min(2, availableParallelism()));
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Run the CLI with stdin = /dev/null; killed after `timeoutMs`. */
function cli(args: string[], timeoutMs = 20_000): Promise<Result> {
  return slot(() => new Promise<Result>((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, ms: performance.now() - t0 }));
  }));
}

const show = (r: Result): string =>
  `status ${r.status}${r.signal ? ` (signal ${r.signal})` : ''}\n--- stdout:\n${r.stdout.slice(0, 500)}\n--- stderr:\n${r.stderr.slice(0, 1500)}`;

function expectStatus(r: Result, status: number): void {
  assert.equal(r.status, status, show(r));
}

const STACK_FRAME = /^\s{4}at /m;
const LIMIT_MSG = /^hyperstep: instruction limit reached \(100000 instructions\)$/m;

/** Exit status 2, no stack trace, first stderr line "hyperstep: ...", usage text follows. */
function expectUsageError(r: Result, message: RegExp): void {
  expectStatus(r, 2);
  assert.equal(r.stdout, '', show(r));
  assert.doesNotMatch(r.stderr, STACK_FRAME, show(r));
  const [first, ...rest] = r.stderr.split('\n');
  assert.match(first, /^hyperstep: /, show(r));
  assert.match(first, message, show(r));
  assert.match(rest.join('\n'), /^usage: hyperstep run/m, show(r));
}

/** Exit status 2 with exactly one stderr line "hyperstep: ..." (no usage, no stack). */
function expectInputError(r: Result, message?: RegExp): string {
  expectStatus(r, 2);
  assert.doesNotMatch(r.stderr, STACK_FRAME, show(r));
  assert.ok(r.stderr.endsWith('\n'), show(r));
  const lines = r.stderr.slice(0, -1).split('\n');
  assert.equal(lines.length, 1, show(r));
  assert.match(lines[0], /^hyperstep: \S/, show(r));
  if (message) assert.match(lines[0], message, show(r));
  return lines[0];
}

/** The --stats JSON: the last stderr line. */
interface Stats { instructions: number; hostSeconds: number; mips: number; trapsByCause: Record<string, number> }
function statsOf(r: Result): Stats {
  const lines = r.stderr.trimEnd().split('\n');
  let s: Stats;
  try {
    s = JSON.parse(lines[lines.length - 1]) as Stats;
  } catch {
    assert.fail(`last stderr line is not JSON\n${show(r)}`);
  }
  assert.ok(Number.isSafeInteger(s.instructions) && s.instructions > 0, `instructions ${s.instructions}`);
  assert.ok(typeof s.hostSeconds === 'number' && s.hostSeconds >= 0 && Number.isFinite(s.hostSeconds), `hostSeconds ${s.hostSeconds}`);
  assert.ok(typeof s.mips === 'number' && s.mips >= 0 && Number.isFinite(s.mips), `mips ${s.mips}`);
  assert.ok(s.trapsByCause !== null && typeof s.trapsByCause === 'object' && !Array.isArray(s.trapsByCause));
  for (const [k, v] of Object.entries(s.trapsByCause)) assert.ok(Number.isSafeInteger(v) && v > 0, `${k}: ${v}`);
  return s;
}

describe('cli (dist/cli.js)', function () {
  this.timeout(60_000);

  before(function () {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does)');
    if (!existsSync(guest('htif_pass'))) throw new Error('guests/exit/build is missing: run `make -C guests exit`');
  });

  describe('guest exit status', () => {
    for (const machine of ['virt', 'spike']) {
      it(`HTIF tohost = 1 → 0 (${machine})`, async () => {
        const r = await cli(['run', '--machine', machine, guest('htif_pass')]);
        expectStatus(r, 0);
        assert.equal(r.stdout, '');
        assert.equal(r.stderr, '');
      });

      it(`HTIF tohost = (7 << 1) | 1 → 7 (${machine})`, async () => {
        expectStatus(await cli(['run', '--machine', machine, guest('htif_exit7')]), 7);
        // 256 would wrap to 0 (a false pass) as an 8-bit status: the CLI exits 1 and says why.
        const wrapped = await cli(['run', '--machine', machine, guest('htif_exit256')]);
        expectStatus(wrapped, 1);
        assert.match(wrapped.stderr, /exited with code 256/);
      });

      it(`HTIF console putchar goes to stdout (${machine})`, async () => {
        const r = await cli(['run', '--machine', machine, guest('htif_putchar')]);
        expectStatus(r, 0);
        assert.equal(r.stdout, 'hi\n');
        assert.equal(r.stderr, '');
      });
    }

    it('SiFive test finisher 0x5555 → 0 (virt)', async () => {
      const r = await cli(['run', '--machine', 'virt', guest('finisher_pass')]);
      expectStatus(r, 0);
      assert.equal(r.stderr, '');
    });

    it('SiFive test finisher 0x3333 | 5 << 16 → 5 (virt, the default board)', async () => {
      expectStatus(await cli(['run', guest('finisher_exit5')]), 5);
    });

    it('16550 UART output goes to stdout (virt)', async () => {
      const r = await cli(['run', '--machine', 'virt', guest('uart_hello')]);
      expectStatus(r, 0);
      assert.equal(r.stdout, 'hello, uart\n');
      assert.equal(r.stderr, '');
    });

    it('spike has neither the finisher nor the UART (the guest loops on the fault)', async () => {
      for (const name of ['finisher_exit5', 'uart_hello']) {
        const r = await cli(['run', '--machine', 'spike', '--max-insns', '100000', guest(name)]);
        expectStatus(r, 124);
        assert.equal(r.stdout, '');
      }
    });

    it('HTIF exit on a two-hart machine', async () => {
      expectStatus(await cli(['run', '--harts', '2', guest('htif_exit7')]), 7);
    });

    it('--bios none --kernel ELF runs the kernel in M-mode', async () => {
      expectStatus(await cli(['run', '--bios', 'none', '--kernel', guest('htif_exit7')]), 7);
    });

    it('--ram and --smp are accepted for a normal run', async () => {
      expectStatus(await cli(['run', '--ram=16', '--smp', '1', '--machine=spike', guest('htif_exit7')]), 7);
    });
  });

  describe('instruction limit and idle exit', () => {
    for (const machine of ['virt', 'spike']) {
      it(`spin: --max-insns 100000 → 124 with a message (${machine})`, async () => {
        const r = await cli(['run', '--machine', machine, '--max-insns', '100000', guest('spin')]);
        expectStatus(r, 124);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, LIMIT_MSG);
        assert.equal(r.stderr.trimEnd().split('\n').length, 1, show(r));
      });

      it(`trapstorm: endless illegal-instruction traps still stop → 124 (${machine})`, async () => {
        const r = await cli(['run', '--machine', machine, '--max-insns', '100000', guest('trapstorm')]);
        expectStatus(r, 124);
        assert.match(r.stderr, LIMIT_MSG);
        assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
      });

      it(`wfi_forever: nothing can wake the hart, stdin closed → 125 (${machine})`, async () => {
        const r = await cli(['run', '--machine', machine, guest('wfi_forever')]);
        expectStatus(r, 125);
        assert.match(r.stderr, /^hyperstep: .*interrupt that can never come/m);
        assert.doesNotMatch(r.stderr, STACK_FRAME);
      });
    }

    it('wfi_forever: the idle exit wins over a large --max-insns', async () => {
      expectStatus(await cli(['run', '--max-insns', '1e12', guest('wfi_forever')]), 125);
    });

    it('--max-insns larger than the run does not change the exit status', async () => {
      expectStatus(await cli(['run', '--max-insns', '1_000_000', guest('htif_exit7')]), 7);
    });
  });

  describe('--signature', () => {
    it('writes begin_signature..end_signature as one hex word per line', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hs-sig-'));
      const path = join(dir, 'sig.txt');
      try {
        expectStatus(await cli(['run', '--machine', 'spike', '--signature', path, guest('signature')]), 0);
        assert.equal(readFileSync(path, 'utf8'), '12345678\nffffffff\n0000cafe\ndeadbeef\n');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('is an error (2) for a program without signature symbols', async () => {
      const r = await cli(['run', '--signature', join(tmpdir(), 'never-written.sig'), guest('finisher_pass')]);
      expectStatus(r, 2);
      assert.match(r.stderr, /begin_signature/);
    });
  });

  describe('--stats', () => {
    it('prints one JSON line on stderr after a normal exit', async () => {
      const r = await cli(['run', '--stats', guest('htif_exit7')]);
      expectStatus(r, 7);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, show(r));
      const s = statsOf(r);
      assert.ok(s.instructions < 100, `instructions ${s.instructions}`);
      assert.deepEqual(s.trapsByCause, {});
    });

    it('counts exactly --max-insns instructions for spin', async () => {
      const r = await cli(['run', '--stats', '--max-insns', '100000', guest('spin')]);
      expectStatus(r, 124);
      assert.match(r.stderr, LIMIT_MSG);
      const s = statsOf(r);
      assert.equal(s.instructions, 100000);
      assert.deepEqual(s.trapsByCause, {});
    });

    it('counts the illegal-instruction traps of trapstorm', async () => {
      const r = await cli(['run', '--machine', 'spike', '--stats', '--max-insns', '100000', guest('trapstorm')]);
      expectStatus(r, 124);
      const s = statsOf(r);
      assert.deepEqual(Object.keys(s.trapsByCause), ['illegal instruction']);
      assert.ok(s.trapsByCause['illegal instruction'] >= 1000, JSON.stringify(s));
      assert.ok(s.instructions < 100, `instructions retired: ${s.instructions}`);
    });

    it('counts VM exits, VM entries and instructions per mode (vmstorm_virt)', async () => {
      const r = await cli(['run', '--stats', '--max-insns', '30000', guest('vmstorm_virt')]);
      expectStatus(r, 124);
      const s = statsOf(r) as unknown as {
        instructions: number; vmExits: number; vmEntries: number; vmExitsByCause: Record<string, number>;
        instructionsByMode: Record<string, number>; trapsByTransition: Record<string, number>;
      };
      // Each round trip: csrr (virtual instruction, a trap that retires nothing), then the
      // HS handler's 5 instructions ending in SRET back into the guest.
      assert.deepEqual(Object.keys(s.vmExitsByCause), ['virtual instruction']);
      assert.ok(s.vmExits > 1000, JSON.stringify(s));
      assert.ok(Math.abs(s.vmEntries - s.vmExits) <= 1, `entries ${s.vmEntries}, exits ${s.vmExits}`);
      assert.equal(s.trapsByTransition['VS->HS'], s.vmExits);
      assert.ok(s.instructionsByMode.HS >= 5 * s.vmExits, JSON.stringify(s.instructionsByMode));
      // The guest's first instruction traps every time, so VS-mode retires nothing.
      assert.ok(s.instructionsByMode.M > 0 && !s.instructionsByMode.VS, JSON.stringify(s.instructionsByMode));
    });

    it('is also printed for the idle exit', async () => {
      const r = await cli(['run', '--stats', guest('wfi_forever')]);
      expectStatus(r, 125);
      statsOf(r);
    });

    it('is not printed without --stats', async () => {
      const r = await cli(['run', '--max-insns', '100000', guest('spin')]);
      assert.doesNotMatch(r.stderr, /\{/);
    });
  });

  describe('bad input files → 2', () => {
    it('a nonexistent file', async () => {
      expectInputError(await cli(['run', join(EXIT, 'no-such-file.elf')]), /no-such-file\.elf: cannot read program \(ENOENT\)$/);
    });

    it('a directory', async () => {
      expectInputError(await cli(['run', EXIT]), /cannot read program \(EISDIR\)$/);
    });

    it('a text file', async () => {
      expectInputError(await cli(['run', join(root, 'package.json')]), /package\.json: not an ELF file \(bad magic\)$/);
    });

    it('segments outside a small RAM (--ram 1)', async () => {
      const file = join(ELF_DIR, 'unusual/163-data-at-ram-end.elf');
      expectInputError(await cli(['run', '--ram', '1', file]), /lies outside RAM \[0x80000000-0x80100000\)$/);
    });

    it('a nonexistent --kernel, --drive or --dtb', async () => {
      expectInputError(await cli(['run', '--bios', 'none', '--kernel', '/nonexistent/k.elf']), /cannot read/);
      expectInputError(await cli(['run', '--drive', '/nonexistent/disk.img', guest('htif_pass')]), /cannot read disk image/);
      expectInputError(await cli(['run', '--dtb', '/nonexistent/x.dtb', guest('htif_pass')]), /cannot read device tree/);
    });

    it('a corrupt ELF given as --kernel (with and without --bios)', async () => {
      const bad = join(ELF_DIR, 'corrupt/014-elf32.elf');
      expectInputError(await cli(['run', '--bios', 'none', '--kernel', bad]), /ELF32 is not supported/);
      expectInputError(await cli(['run', '--bios', guest('htif_pass'), '--kernel', bad]), /014-elf32\.elf: ELF32 is not supported/);
    });

    it('--write-through without --drive', async () => {
      expectInputError(await cli(['run', '--write-through', guest('htif_pass')]), /--write-through needs --drive/);
    });
  });

  describe('corrupt ELF corpus', function () {
    interface Entry { file: string; kind: string; expect: 'ok' | 'error'; stage?: string; match?: string }
    const corpus = JSON.parse(readFileSync(join(ELF_DIR, 'corpus.json'), 'utf8')) as { files: Entry[] };
    const results = new Map<string, Result>();

    before(async function () {
      this.timeout(180_000);
      await Promise.all(corpus.files.map(async (e) => {
        results.set(e.file, await cli(['run', '--max-insns', '10000', join(ELF_DIR, e.file)]));
      }));
    });

    it('has both kinds of entries', () => {
      assert.ok(corpus.files.filter((e) => e.expect === 'error').length >= 60);
      assert.ok(corpus.files.some((e) => e.expect === 'ok'));
    });

    for (const e of corpus.files) {
      if (e.expect === 'error') {
        it(`rejects ${e.file} (${e.kind})`, () => {
          const r = results.get(e.file)!;
          const line = expectInputError(r);
          const prefix = `hyperstep: ${join(ELF_DIR, e.file)}: `;
          assert.ok(line.startsWith(prefix), `message does not name the file: ${line}`);
          if (e.match) assert.match(line.slice(prefix.length), new RegExp(e.match));
          assert.equal(r.stdout, '');
        });
      } else {
        it(`runs ${e.file} (${e.kind})`, () => {
          const r = results.get(e.file)!;
          assert.notEqual(r.status, 2, show(r));
          assert.ok(r.status !== null && r.status !== 70, show(r));
          assert.doesNotMatch(r.stderr, STACK_FRAME, show(r));
        });
      }
    }
  });

  describe('usage', () => {
    const usageCases: [string, string[], RegExp][] = [
      ['--ram 0', ['run', '--ram', '0', 'x.elf'], /--ram must be between 1 and 4095/],
      ['--ram abc', ['run', '--ram', 'abc', 'x.elf'], /--ram: not a number: abc/],
      ['--ram=4096', ['run', '--ram=4096', 'x.elf'], /--ram must be between/],
      ['--ram without a value', ['run', 'x.elf', '--ram'], /--ram needs a value/],
      ['--machine foo', ['run', '--machine', 'foo', 'x.elf'], /--machine must be virt or spike \(got foo\)/],
      ['--max-insns 0', ['run', '--max-insns', '0', 'x.elf'], /--max-insns must be between 1/],
      ['--max-insns -5', ['run', '--max-insns', '-5', 'x.elf'], /not a number/],
      ['--harts 9', ['run', '--harts', '9', 'x.elf'], /--harts must be between 1 and 8/],
      ['an unknown option', ['run', '--frobnicate', 'x.elf'], /unknown option: --frobnicate/],
      ['an unknown short option', ['run', '-x', 'x.elf'], /unknown option: -x/],
      ['two programs', ['run', 'a.elf', 'b.elf'], /unexpected argument: b\.elf/],
      ['a program and --kernel', ['run', '--kernel', 'k', 'a.elf'], /either a program or --kernel/],
      ['nothing to run', ['run'], /nothing to run/],
      ['only --bios none', ['run', '--bios', 'none'], /nothing to run/],
      ['no command', [], /missing command/],
      ['an unknown command', ['frobnicate'], /unknown command: frobnicate/],
    ];
    for (const [what, args, msg] of usageCases) {
      it(`${what} → 2 with usage`, async () => expectUsageError(await cli(args), msg));
    }

    for (const args of [['--help'], ['-h'], ['help'], ['run', '--help'], ['run', '--machine', 'spike', '-h']]) {
      it(`${args.join(' ')} → 0 with usage on stdout`, async () => {
        const r = await cli(args);
        expectStatus(r, 0);
        assert.match(r.stdout, /^usage: hyperstep run \[options\] \[ELF\]/);
        for (const opt of ['--machine', '--ram', '--max-insns', '--stats', '--bios', '--kernel', '--append', '--drive', '--write-through', '--dtb', '--harts']) {
          assert.ok(r.stdout.includes(opt), `usage mentions ${opt}`);
        }
        assert.equal(r.stderr, '');
      });
    }

    it('--version prints the package version', async () => {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
      const r = await cli(['--version']);
      expectStatus(r, 0);
      assert.equal(r.stdout, `hyperstep ${pkg.version}\n`);
    });

    it('demo → 0 and prints the banner', async () => {
      const r = await cli(['demo']);
      expectStatus(r, 0);
      assert.match(r.stdout, /^HyperStep demo: bare-metal RISC-V \(RV64GC\) on the virt board$/m);
      assert.match(r.stdout, /Bye!\n$/);
      assert.doesNotMatch(r.stderr, STACK_FRAME);
    });
  });

  describe('host stdout', () => {
    // cli/main.ts passes the UART's reused 1-byte transmit buffer straight to
    // process.stdout.write, which queues it when the pipe/socket is full, and then calls
    // process.exit without waiting for the queue: with a slow reader the console output
    // is corrupted (queued bytes all become the last byte) and truncated. It also has no
    // 'error' handler on stdout, so EPIPE (`hyperstep demo | head -1`) dies with a stack.
    const LINE = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.\n';

    /** Spawn the CLI; `reader` gets the child's stdout stream to slow down or close. */
    function withReader(args: string[], reader: (out: NodeJS.ReadableStream) => void): Promise<Result & { bytes: Buffer }> {
      return slot(() => new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
        const chunks: Buffer[] = [];
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => chunks.push(d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
        reader(child.stdout);
        child.on('error', reject);
        child.on('close', (status, signal) => {
          const bytes = Buffer.concat(chunks);
          resolve({ status, signal, stdout: bytes.toString('latin1').slice(0, 200), stderr, ms: 0, bytes });
        });
      }));
    }

    it('a fast reader gets all 64 KiB of uart_flood intact', async () => {
      const r = await withReader(['run', guest('uart_flood')], () => undefined);
      expectStatus(r, 0);
      assert.ok(r.bytes.equals(Buffer.from(LINE.repeat(1024))), `got ${r.bytes.length} bytes`);
    });

    it('a slow reader still gets all of uart_flood, uncorrupted', async () => {
      const r = await withReader(['run', guest('uart_flood')], (out) => {
        out.pause();
        setTimeout(() => out.resume(), 1000);
      });
      expectStatus(r, 0);
      const want = Buffer.from(LINE.repeat(1024));
      if (!r.bytes.equals(want)) {
        let i = 0;
        while (i < r.bytes.length && r.bytes[i] === want[i]) i++;
        assert.fail(`got ${r.bytes.length} of ${want.length} bytes, first difference at ${i}`);
      }
    });

    it('a closed stdout pipe ends the run quietly (no stack trace)', async () => {
      const r = await withReader(['demo'], (out) => out.once('data', () => (out as NodeJS.ReadableStream & { destroy(): void }).destroy()));
      assert.doesNotMatch(r.stderr, STACK_FRAME, show(r));
      assert.equal(r.stderr, '', show(r));
      assert.notEqual(r.status, null, show(r));
    });
  });
});
