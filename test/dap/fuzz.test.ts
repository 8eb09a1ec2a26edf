/**
 * DAP fuzz test (issue 15, finding 13): a seeded stream of malformed and random
 * requests against the standalone adapter (dist/debugAdapter.js) with a guest loaded.
 * Requests with bad types, huge counts, unknown commands and bad frame, thread and
 * variable references go through normal framing; malformed bodies (`null`, `{`,
 * arrays, garbage) are written raw to stdin with correct and incorrect Content-Length
 * headers. Every framed request must be answered within 5 s, the adapter must stay
 * alive, and afterwards a normal session (restart, break, step) must work.
 *
 * HYPERSTEP_FUZZ_SEED and HYPERSTEP_FUZZ_COUNT change the seed and the number of requests.
 */
import { strict as assert } from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ADAPTER, ELF, GUESTS, ROOT, SRC, ensureAdapterBuilt, markerLine } from './helpers';

const SEED = Number(process.env.HYPERSTEP_FUZZ_SEED ?? 15);
const COUNT = Number(process.env.HYPERSTEP_FUZZ_COUNT ?? 1200);
const ANSWER_WITHIN = 5000;

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A raw DAP client over the adapter's stdio. */
class RawClient {
  readonly proc: ChildProcess;
  private buf = Buffer.alloc(0);
  private seq = 1;
  private readonly pending = new Map<number, (r: DebugProtocol.Response) => void>();
  readonly events: DebugProtocol.Event[] = [];
  private readonly eventWaiters: { name: string; resolve: (e: DebugProtocol.Event) => void }[] = [];
  exited: number | null | undefined;
  stderr = '';

  constructor() {
    this.proc = spawn(process.execPath, [ADAPTER], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr!.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-4000); });
    this.proc.on('exit', (code) => { this.exited = code; });
    this.proc.stdin!.on('error', () => { /* reported through `exited` */ });
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const n = Number(/Content-Length: (\d+)/.exec(this.buf.subarray(0, end).toString())?.[1]);
      if (this.buf.length < end + 4 + n) return;
      const msg = JSON.parse(this.buf.subarray(end + 4, end + 4 + n).toString('utf8')) as DebugProtocol.ProtocolMessage;
      this.buf = this.buf.subarray(end + 4 + n);
      if (msg.type === 'response') {
        const r = msg as DebugProtocol.Response;
        this.pending.get(r.request_seq)?.(r);
        this.pending.delete(r.request_seq);
      } else if (msg.type === 'event') {
        const e = msg as DebugProtocol.Event;
        const w = this.eventWaiters.findIndex((x) => x.name === e.event);
        if (w >= 0) this.eventWaiters.splice(w, 1)[0].resolve(e);
        else this.events.push(e);
      }
    }
  }

  writeRaw(bytes: string | Buffer): void {
    this.proc.stdin!.write(bytes);
  }

  /** Send a request (any shape); resolves with the response or rejects after `timeout`. */
  request(command: unknown, args?: unknown, timeout = ANSWER_WITHIN): Promise<DebugProtocol.Response> {
    const seq = this.seq++;
    const body = JSON.stringify({ seq, type: 'request', command, arguments: args });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new Error(`no answer to ${JSON.stringify(command)} ${JSON.stringify(args)?.slice(0, 200)} within ${timeout} ms`));
      }, timeout);
      this.pending.set(seq, (r) => { clearTimeout(timer); resolve(r); });
      this.writeRaw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  /** The next event named `name` (an unconsumed one, or one still to come). */
  event(name: string, timeout = ANSWER_WITHIN): Promise<DebugProtocol.Event> {
    const i = this.events.findIndex((e) => e.event === name);
    if (i >= 0) return Promise.resolve(this.events.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const entry = { name, resolve: (e: DebugProtocol.Event): void => { clearTimeout(timer); resolve(e); } };
      const timer = setTimeout(() => {
        const k = this.eventWaiters.indexOf(entry);
        if (k >= 0) this.eventWaiters.splice(k, 1);
        reject(new Error(`no '${name}' event within ${timeout} ms`));
      }, timeout);
      this.eventWaiters.push(entry);
    });
  }

  dropEvents(): void {
    this.events.length = 0;
  }

  kill(): void {
    if (this.exited === undefined) this.proc.kill();
  }
}

const COMMANDS = [
  'threads', 'stackTrace', 'scopes', 'variables', 'evaluate', 'setVariable', 'readMemory', 'writeMemory',
  'disassemble', 'setBreakpoints', 'setFunctionBreakpoints', 'setInstructionBreakpoints', 'setDataBreakpoints',
  'dataBreakpointInfo', 'setExceptionBreakpoints', 'exceptionInfo', 'continue', 'pause', 'next', 'stepIn',
  'stepOut', 'gotoTargets', 'goto', 'completions', 'source', 'loadedSources', 'modules', 'configurationDone',
  'hyperstep.status', 'hyperstep.translate', 'hyperstep.uartInput', 'launch', 'initialize',
  'noSuchCommand', 'stepBack', 'reverseContinue', '', 'restart',
];

/** Random values of every JSON type, biased to edge cases. */
function junk(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * 14);
  switch (k) {
    case 0: return null;
    case 1: return undefined;
    case 2: return r() < 0.5;
    case 3: return Math.floor(r() * 2 ** 31) * (r() < 0.5 ? -1 : 1);
    case 4: return [0, -1, 1e6, 2 ** 53, 1e308, -1e308, 0.5, 255, 256, 65535][Math.floor(r() * 10)];
    case 5: return ['', 'x', '0x80000000', '0xffffffffffffffff', '-1', 'NaN', '$pc', 'main', '((', '\u0000', 'a'.repeat(5000)][Math.floor(r() * 11)];
    case 6: return depth < 2 ? [junk(r, depth + 1), junk(r, depth + 1)] : [];
    case 7: return depth < 2 ? { a: junk(r, depth + 1) } : {};
    case 8: return 1_000_000;
    case 9: return 0xffffffff;
    case 10: return Number.NaN; // serialised as null
    default: return Math.floor(r() * 1000);
  }
}

/** Plausible-but-wrong arguments for a command. */
function argsFor(command: string, r: () => number): unknown {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  if (r() < 0.1) return junk(r);
  switch (command) {
    case 'stackTrace': return { threadId: pick([1, 0, -1, 99, 'x', null]), startFrame: pick([0, 5, -3, 1e9]), levels: pick([1, 20, 1e9, -1, 'x']) };
    case 'scopes': return { frameId: pick([0, 1, 255, 256, 99999, -1, 'x', null]) };
    case 'variables': return { variablesReference: pick([0, 1, 2, 3, 1000, 2 ** 31, -1, 'x']), start: pick([undefined, 0, -5, 1e9]), count: pick([undefined, 0, 1e9, -1]) };
    case 'evaluate': return { expression: pick(['$pc', 'mstatus', '*(int*)0', 'spin_count', '((', '$a0 = ', 'x/1000000xg 0x80000000', '1/0', 'p/x $sp', 'info registers', 12, null]), frameId: pick([undefined, 0, 77, -1]), context: pick(['watch', 'repl', 'hover', 'nope', 3]) };
    case 'setVariable': return { variablesReference: pick([1, 3, 4, 999, 'x']), name: pick(['pc', 'a0', 'zz', 7]), value: pick(['1', 'bogus', '0x80000000', null]) };
    case 'readMemory': return { memoryReference: pick(['0x80000000', '0', 'zz', '0xffffffffffffffff', 5]), offset: pick([undefined, 0, -1e12, 1e12]), count: pick([16, 1e9, 2 ** 53, -5, 'x', 0]) };
    case 'writeMemory': return { memoryReference: pick(['0x0', '0x10000000', 'zz']), data: pick(['AAAA', '!!!', '', 5]), offset: pick([0, 1e15]) };
    case 'disassemble': return { memoryReference: pick(['0x80000000', '0x0', 'zz', '0xfffffffffffffffe']), offset: pick([0, -1e9, 3]), instructionOffset: pick([0, -1_000_000, 1_000_000, -50]), instructionCount: pick([1, 50, 1_000_000, 1e12, -1, 'x']) };
    case 'setBreakpoints': return { source: pick([{ path: SRC.spin }, { path: '/no/such.c' }, {}, null]), breakpoints: pick([[{ line: 1 }], [{ line: -5 }], [{ line: 1e9 }], 'x', null, [{ line: 11, condition: '((' }]]) };
    case 'setFunctionBreakpoints': return { breakpoints: pick([[{ name: 'main' }], [{ name: '' }], [{ name: 5 }], null, 'x']) };
    case 'setInstructionBreakpoints': return { breakpoints: pick([[{ instructionReference: 'zz' }], [{ instructionReference: '0x0' }], [], null, [{ instructionReference: 5 }]]) };
    case 'setDataBreakpoints': return { breakpoints: pick([[{ dataId: 'x' }], [], null, [{ dataId: '0x80001000/8' }]]) };
    case 'dataBreakpointInfo': return { name: pick(['spin_count', '0x0', 5, null]), variablesReference: pick([undefined, 0, 99]), frameId: pick([undefined, 0, 123]) };
    case 'setExceptionBreakpoints': return { filters: pick([[], ['nope'], null, 'x', [5]]) };
    case 'continue': case 'next': case 'stepIn': case 'stepOut': case 'pause': case 'exceptionInfo':
      return { threadId: pick([1, 0, -1, 99, 'x', null]), granularity: pick([undefined, 'instruction', 'bogus']) };
    case 'gotoTargets': return { source: pick([{ path: SRC.spin }, {}, null]), line: pick([1, 11, -1, 1e9, 'x']) };
    case 'goto': return { threadId: pick([1, 99, 'x']), targetId: pick([0, 1, 1e9, -1, 'x']) };
    case 'completions': return { text: pick(['x/', 'info ', '', 'ms', 5, null]), column: pick([1, 3, -1, 1e9]), frameId: pick([undefined, 0, 99]) };
    case 'hyperstep.translate': return { address: pick(['0x80000000', 'zz', 5, null]) };
    case 'hyperstep.uartInput': return { text: pick(['', 'a', 5, null]) };
    case 'launch': return { program: pick(['/no/such.elf', 5, null, '']), memory: pick(['lots', -1]) };
    default: return junk(r);
  }
}

/** A malformed message written raw: bad bodies and bad Content-Length headers. */
function rawGarbage(r: () => number): string {
  const bodies = ['null', '{', '[]', '"x"', '42', '{"type":"request"}', '{"seq":"a","type":"request","command":"threads"}',
    '{"seq":1e400,"type":"request","command":"threads"}', '{"seq":5,"type":"nope"}', '\u00ff\u00fe', 'true',
    '{"seq":9,"type":"request","command":"evaluate","arguments":null}', '{"seq":9,"type":"request","command":"variables","arguments":[1]}'];
  const body = bodies[Math.floor(r() * bodies.length)];
  const len = Buffer.byteLength(body);
  switch (Math.floor(r() * 6)) {
    case 0: return `Content-Length: ${len + 1 + Math.floor(r() * 40)}\r\n\r\n${body}`; // too long
    case 1: return `Content-Length: ${Math.max(0, len - 1)}\r\n\r\n${body}`; // too short
    case 2: return `Content-Length: abc\r\n\r\n${body}`;
    case 3: return `Content-Length: -7\r\n\r\n${body}`;
    case 4: return `garbage without a header ${body}\r\n\r\n`;
    default: return `Content-Length: ${len}\r\n\r\n${body}`;
  }
}

describe('DAP: fuzzing the standalone adapter', function () {
  this.timeout(90_000);
  let c: RawClient | undefined;
  afterEach(() => c?.kill());

  it(`answers ${COUNT} seeded malformed and random requests within ${ANSWER_WITHIN} ms each, stays alive, then debugs normally`, async () => {
    ensureAdapterBuilt();
    const client = (c = new RawClient());
    const r = rng(SEED);
    await client.request('initialize', { adapterID: 'hyperstep', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const launched = client.request('launch', { type: 'hyperstep', request: 'launch', name: 'fuzz', program: ELF.spin, cwd: GUESTS, stopOnEntry: true });
    await client.event('initialized');
    await client.request('configurationDone');
    assert.equal((await launched).success, true, 'launch');
    await client.event('stopped');

    let worst = 0, worstWhat = '', answered = 0, raw = 0, lastRaw = '';
    for (let i = 0; i < COUNT; i++) {
      if (r() < 0.15) { // a malformed message written raw, then a request that must still be answered
        lastRaw = rawGarbage(r);
        client.writeRaw(lastRaw);
        raw++;
      }
      const command = r() < 0.03 ? junk(r) : COMMANDS[Math.floor(r() * COMMANDS.length)];
      const args = argsFor(String(command), r);
      const t0 = performance.now();
      const resp = await client.request(command, args).catch((e: Error) => {
        throw new Error(`${e.message} (request ${i}; last raw message ${JSON.stringify(lastRaw)})`);
      });
      const dt = performance.now() - t0;
      if (dt > worst) { worst = dt; worstWhat = `${JSON.stringify(command)} ${JSON.stringify(args)?.slice(0, 120)}`; }
      answered++;
      assert.equal(typeof resp.success, 'boolean');
      if (!resp.success) assert.ok(typeof resp.message === 'string', `error responses carry a message: ${JSON.stringify(resp)}`);
      assert.equal(client.exited, undefined, `adapter exited after request ${i} (${JSON.stringify(command)}): ${client.stderr}`);
    }
    console.log(`      fuzz: seed ${SEED}, ${answered} requests answered (+${raw} raw malformed messages), worst ${worst.toFixed(1)} ms: ${worstWhat}`);
    assert.ok(worst < ANSWER_WITHIN);

    // A normal session afterwards: stop, breakpoint, restart, run to it, step.
    await client.request('pause', { threadId: 1 });
    const line = markerLine(SRC.spin, 'spin');
    const bps = await client.request('setBreakpoints', { source: { path: SRC.spin }, breakpoints: [{ line }] });
    assert.equal(bps.success, true, JSON.stringify(bps));
    await client.request('setExceptionBreakpoints', { filters: [] });
    await client.request('setFunctionBreakpoints', { breakpoints: [] });
    await client.request('setInstructionBreakpoints', { breakpoints: [] });
    await client.request('setDataBreakpoints', { breakpoints: [] });
    client.dropEvents();
    assert.equal((await client.request('restart', {})).success, true, 'restart');
    const entry = await client.event('stopped');
    assert.equal((entry.body as { reason: string }).reason, 'entry');
    await client.request('continue', { threadId: 1 });
    const hit = await client.event('stopped');
    assert.equal((hit.body as { reason: string }).reason, 'breakpoint');
    const st = await client.request('stackTrace', { threadId: 1 });
    assert.equal((st.body as DebugProtocol.StackTraceResponse['body']).stackFrames[0].line, line);
    await client.request('next', { threadId: 1 });
    const step = await client.event('stopped');
    assert.match((step.body as { reason: string }).reason, /step|breakpoint/);
    const ev = await client.request('evaluate', { expression: 'spin_count', frameId: 256 * 0, context: 'watch' });
    assert.equal(ev.success, true, JSON.stringify(ev));
    assert.equal(client.exited, undefined);
  });
});
