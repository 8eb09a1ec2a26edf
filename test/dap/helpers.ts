/**
 * Helpers for the DAP scenario tests: start the standalone adapter
 * (`node dist/debugAdapter.js`, built by `npm test`) through
 * @vscode/debugadapter-testsupport, run the launch/configuration sequence,
 * wait for events, read variables, and find source lines by marker.
 *
 * Events are recorded from the moment the adapter starts, so an event that
 * arrives before the test waits for it (e.g. `initialized` right after the
 * initialize response, or `stopped` right after a `continue` response) is
 * never lost. Each `wait*` call consumes the oldest unconsumed event of that
 * type.
 *
 * Guests come from guests/debug/build/ (`make -C guests debug`); their line
 * numbers are found by scanning the sources for `BP:<name>` markers (a
 * comment ending right after the name).
 */
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { parseElf, type ElfImage } from '../../emulator/loader/elf';

export const ROOT = join(__dirname, '..', '..');
/** HYPERSTEP_ADAPTER=path runs these tests against another build of the adapter. */
export const ADAPTER = process.env.HYPERSTEP_ADAPTER ?? join(ROOT, 'dist/debugAdapter.js');
export const GUESTS = join(ROOT, 'guests');
export const DEBUG_DIR = join(GUESTS, 'debug');

/** Host paths of the debug guests' sources. */
export const SRC = {
  prog: join(DEBUG_DIR, 'prog.c'),
  shapes: join(DEBUG_DIR, 'shapes.c'),
  spin: join(DEBUG_DIR, 'spin.c'),
  asm: join(DEBUG_DIR, 'asm.S'),
  traps: join(DEBUG_DIR, 'traps.S'),
  inline: join(DEBUG_DIR, 'inline.c'),
} as const;

/** The committed debug guests (guests/debug/debug.mk). */
export const ELF = {
  o0: join(DEBUG_DIR, 'build/prog_o0.elf'),
  og: join(DEBUG_DIR, 'build/prog_og.elf'),
  dw4: join(DEBUG_DIR, 'build/prog_dw4.elf'),
  spin: join(DEBUG_DIR, 'build/spin.elf'),
  asm: join(DEBUG_DIR, 'build/asm.elf'),
  traps: join(DEBUG_DIR, 'build/traps.elf'),
  inline: join(DEBUG_DIR, 'build/inline_o2.elf'),
} as const;

/** prog.c powers off with exit(7): SiFive test finisher FAIL | 7 << 16. */
export const PROG_EXIT_CODE = 7;

/** Default wait for one event (ms); tests themselves stay below 5 s. */
export const EVENT_TIMEOUT = 3000;

/** Build dist/ when it is missing (normally `npm test` has just built it). */
export function ensureAdapterBuilt(): void {
  if (existsSync(ADAPTER)) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  assert.ok(existsSync(ADAPTER), `${ADAPTER} was not built`);
}

// ---- source markers ----

const markerCache = new Map<string, Map<string, number>>();

/** 1-based line of the unique `BP:<name>` marker (comment end right after it) in `file`. */
export function markerLine(file: string, name: string): number {
  let markers = markerCache.get(file);
  if (!markers) {
    markers = new Map();
    const counts = new Map<string, number>();
    readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
      for (const m of text.matchAll(/\bBP:(\w+)\s*\*\//g)) {
        markers!.set(m[1], i + 1);
        counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
      }
    });
    for (const [k, n] of counts) assert.equal(n, 1, `marker BP:${k} occurs ${n} times in ${file}`);
    markerCache.set(file, markers);
  }
  const line = markers.get(name);
  assert.ok(line !== undefined, `no marker BP:${name} in ${file}`);
  return line;
}

// ---- ELF facts for comparisons ----

const elfCache = new Map<string, ElfImage>();

export function elfImage(path: string): ElfImage {
  let img = elfCache.get(path);
  if (!img) {
    img = parseElf(new Uint8Array(readFileSync(path)));
    elfCache.set(path, img);
  }
  return img;
}

/** Address of a symbol of `elf`. */
export function symbolAddr(elf: string, name: string): bigint {
  const sym = elfImage(elf).symbolByName(name);
  assert.ok(sym, `no symbol ${name} in ${elf}`);
  return BigInt.asUintN(64, BigInt(sym.value));
}

/** `count` bytes of the loaded image at `addr` (zero-filled beyond file data). */
export function elfBytes(elf: string, addr: bigint, count: number): Uint8Array {
  for (const seg of elfImage(elf).segments) {
    const base = BigInt(seg.paddr);
    if (addr >= base && addr + BigInt(count) <= base + BigInt(seg.memSize)) {
      const out = new Uint8Array(count);
      const off = Number(addr - base);
      out.set(seg.data.subarray(off, Math.min(off + count, seg.data.length)));
      return out;
    }
  }
  throw new Error(`0x${addr.toString(16)} is not loaded by ${elf}`);
}

/** Length in bytes of the instruction at `addr` in `elf` (2 for RVC, else 4). */
export function insnLength(elf: string, addr: bigint): number {
  return (elfBytes(elf, addr, 2)[0] & 3) === 3 ? 4 : 2;
}

/** Parse a DAP memory reference / hex value ("0x8000_0000" style without '_'). */
export function parseAddr(ref: string | undefined): bigint {
  assert.ok(ref !== undefined, 'missing memory reference');
  const m = /^\s*(0x[0-9a-f]+|\d+)/i.exec(ref);
  assert.ok(m, `not an address: ${ref}`);
  return BigInt(m[1]);
}

/** The first hex number (0x...) in a formatted value. */
export function hexIn(value: string): bigint {
  const m = /0x[0-9a-f]+/i.exec(value);
  assert.ok(m, `no hex number in ${JSON.stringify(value)}`);
  return BigInt(m[0]);
}

export const hex = (v: bigint): string => `0x${v.toString(16)}`;

// ---- the session wrapper ----

/** Events the recorder keeps (everything the adapter is expected to send). */
const EVENT_NAMES = [
  'initialized', 'stopped', 'continued', 'exited', 'terminated', 'output', 'breakpoint',
  'thread', 'module', 'loadedSource', 'process', 'capabilities', 'invalidated', 'memory',
  'hyperstep.uart', 'hyperstep.restarted',
] as const;

export interface Recorded<E extends DebugProtocol.Event = DebugProtocol.Event> {
  event: E;
  /** Date.now() when the client received it. */
  at: number;
}

export type LaunchConfig = Record<string, unknown> & { program?: string };

export class Session {
  readonly dc: DebugClient;
  readonly capabilities: DebugProtocol.Capabilities = {};
  /** Every recorded event in arrival order. */
  readonly log: Recorded[] = [];
  private readonly queues = new Map<string, Recorded[]>();
  private readonly waiters = new Map<string, ((r: Recorded) => void)[]>();
  private stopped = false;

  private constructor() {
    this.dc = new DebugClient(process.execPath, ADAPTER, 'hyperstep', { cwd: ROOT }, !!process.env.HYPERSTEP_DAP_STDERR);
    this.dc.defaultTimeout = EVENT_TIMEOUT;
    for (const name of EVENT_NAMES) {
      this.dc.on(name, (event: DebugProtocol.Event) => this.record(name, event));
    }
  }

  /** Spawn the adapter and send `initialize`. */
  static async start(): Promise<Session> {
    ensureAdapterBuilt();
    const s = new Session();
    await s.dc.start();
    const resp = await s.dc.initializeRequest({
      adapterID: 'hyperstep', clientID: 'hyperstep-tests', linesStartAt1: true, columnsStartAt1: true,
      pathFormat: 'path', supportsVariableType: true, supportsMemoryReferences: true,
      supportsRunInTerminalRequest: false, supportsStartDebuggingRequest: false,
    });
    Object.assign(s.capabilities, resp.body ?? {});
    return s;
  }

  private record(name: string, event: DebugProtocol.Event): void {
    const r: Recorded = { event, at: Date.now() };
    this.log.push(r);
    const w = this.waiters.get(name);
    if (w && w.length > 0) {
      w.shift()!(r);
      return;
    }
    let q = this.queues.get(name);
    if (!q) this.queues.set(name, (q = []));
    q.push(r);
  }

  /** Next unconsumed event named `name` (with its arrival time). */
  nextEvent<E extends DebugProtocol.Event = DebugProtocol.Event>(name: string, timeout = EVENT_TIMEOUT): Promise<Recorded<E>> {
    const q = this.queues.get(name);
    if (q && q.length > 0) return Promise.resolve(q.shift()! as Recorded<E>);
    return new Promise((resolve, reject) => {
      let list = this.waiters.get(name);
      if (!list) this.waiters.set(name, (list = []));
      const waiter = (r: Recorded): void => { clearTimeout(timer); resolve(r as Recorded<E>); };
      const timer = setTimeout(() => {
        const l = this.waiters.get(name);
        const i = l ? l.indexOf(waiter) : -1;
        if (i >= 0) l!.splice(i, 1);
        reject(new Error(`no '${name}' event within ${timeout} ms; events so far: ${this.summary()}`));
      }, timeout);
      list.push(waiter);
    });
  }

  /** Has an event of this name arrived and not been consumed? */
  pending(name: string): number {
    return this.queues.get(name)?.length ?? 0;
  }

  /** Short description of the recorded events, for failure messages. */
  summary(): string {
    return this.log.map(({ event: e }) => {
      const b = (e.body ?? {}) as Record<string, unknown>;
      if (e.event === 'stopped') return `stopped(${String(b.reason)})`;
      if (e.event === 'output') return `output(${String(b.category)}:${JSON.stringify(String(b.output).slice(0, 40))})`;
      if (e.event === 'exited') return `exited(${String(b.exitCode)})`;
      return e.event;
    }).join(', ') || '(none)';
  }

  /**
   * The VS Code launch sequence: send `launch`; once `initialized` has arrived,
   * run `configure` (set breakpoints etc.) and send `configurationDone`; resolve
   * with the launch response. Rejects with the adapter's message if launch fails.
   */
  async launch(config: LaunchConfig, configure?: (s: Session) => Promise<void>): Promise<DebugProtocol.LaunchResponse> {
    // Scenarios check C values in decimal; the default ("hex") is covered by formatting.test.ts.
    const args = { type: 'hyperstep', request: 'launch', name: 'test', cwd: GUESTS, numberFormat: 'decimal', ...config };
    const launchP = this.dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
    const initP = this.nextEvent('initialized', EVENT_TIMEOUT);
    initP.catch(() => { /* reported below, or the launch failed first */ });
    // A failed launch may never send `initialized`: race the two. An adapter may
    // also answer `launch` before sending `initialized`; then wait for it.
    await Promise.race([initP, launchP]);
    await initP;
    if (configure) await configure(this);
    await this.dc.configurationDoneRequest();
    return launchP;
  }

  // ---- stopping ----

  /** Wait for the next `stopped` event; checks the reason when given. */
  async waitStopped(reason?: string, timeout = EVENT_TIMEOUT): Promise<DebugProtocol.StoppedEvent> {
    const { event } = await this.nextEvent<DebugProtocol.StoppedEvent>('stopped', timeout);
    if (reason !== undefined) {
      assert.equal(event.body.reason, reason, `stopped reason (${JSON.stringify(event.body)})`);
    }
    return event;
  }

  /** `continue` hart 0 and wait for the next stop. */
  async continueTo(reason?: string, threadId = 1): Promise<DebugProtocol.StoppedEvent> {
    await this.dc.continueRequest({ threadId });
    return this.waitStopped(reason);
  }

  /** Wait for `exited` then `terminated`; returns the exit code. */
  async waitExit(timeout = EVENT_TIMEOUT): Promise<number> {
    const { event } = await this.nextEvent<DebugProtocol.ExitedEvent>('exited', timeout);
    await this.nextEvent('terminated', timeout);
    return event.body.exitCode;
  }

  // ---- breakpoints ----

  async setBreakpoints(path: string, bps: DebugProtocol.SourceBreakpoint[]): Promise<DebugProtocol.Breakpoint[]> {
    const resp = await this.dc.setBreakpointsRequest({ source: { path }, breakpoints: bps, lines: bps.map((b) => b.line) });
    assert.equal(resp.body.breakpoints.length, bps.length, 'one result per requested breakpoint');
    return resp.body.breakpoints;
  }

  // ---- inspection ----

  async stack(threadId = 1): Promise<DebugProtocol.StackFrame[]> {
    const resp = await this.dc.stackTraceRequest({ threadId, startFrame: 0, levels: 20 });
    assert.ok(resp.body.stackFrames.length > 0, 'stack trace has frames');
    return resp.body.stackFrames;
  }

  async topFrame(threadId = 1): Promise<DebugProtocol.StackFrame> {
    return (await this.stack(threadId))[0];
  }

  /** pc of the top frame (from instructionPointerReference). */
  async pc(threadId = 1): Promise<bigint> {
    return parseAddr((await this.topFrame(threadId)).instructionPointerReference);
  }

  async scopes(frameId: number): Promise<Map<string, DebugProtocol.Scope>> {
    const resp = await this.dc.scopesRequest({ frameId });
    return new Map(resp.body.scopes.map((s) => [s.name, s]));
  }

  /** variablesReference of a named scope of `frameId`. */
  async scopeRef(frameId: number, name: string): Promise<number> {
    const scopes = await this.scopes(frameId);
    const s = scopes.get(name);
    assert.ok(s, `no scope '${name}' (have ${[...scopes.keys()].join(', ')})`);
    assert.ok(s.variablesReference > 0, `scope '${name}' is expandable`);
    return s.variablesReference;
  }

  async variables(ref: number): Promise<DebugProtocol.Variable[]> {
    return (await this.dc.variablesRequest({ variablesReference: ref })).body.variables;
  }

  /** One named child of a container (asserts it exists). */
  async variable(ref: number, name: string): Promise<DebugProtocol.Variable> {
    const vars = await this.variables(ref);
    const v = vars.find((x) => x.name === name);
    assert.ok(v, `no variable '${name}' (have ${vars.map((x) => x.name).join(', ')})`);
    return v;
  }

  /** Name → value of the children of a container. */
  async values(ref: number): Promise<Map<string, string>> {
    return new Map((await this.variables(ref)).map((v) => [v.name, v.value]));
  }

  async evaluate(expression: string, frameId?: number, context = 'watch'): Promise<DebugProtocol.EvaluateResponse['body']> {
    return (await this.dc.evaluateRequest({ expression, frameId, context })).body;
  }

  /** Shut the adapter down (disconnect, then kill). Never throws. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.race([this.dc.stop(), new Promise((r) => setTimeout(r, 1000))]);
    try { (this.dc as unknown as { stopAdapter(): void }).stopAdapter(); } catch { /* already gone */ }
  }
}

/**
 * Per-test session management for a mocha `describe`: `session()` starts a
 * fresh adapter for the current test; it is stopped after each test.
 */
export function useSessions(): () => Promise<Session> {
  let current: Session[] = [];
  afterEach(async () => {
    const all = current;
    current = [];
    await Promise.all(all.map((s) => s.stop()));
  });
  return async () => {
    const s = await Session.start();
    current.push(s);
    return s;
  };
}

/** Start a session on `program` stopped at the source line of `marker`. */
export async function runToMarker(
  s: Session, program: string, file: string, marker: string, extra: LaunchConfig = {},
): Promise<DebugProtocol.StackFrame> {
  const line = markerLine(file, marker);
  await s.launch({ program, stopOnEntry: false, ...extra }, async () => {
    const [bp] = await s.setBreakpoints(file, [{ line }]);
    assert.ok(bp.verified, `breakpoint at ${file}:${line} verified (${JSON.stringify(bp)})`);
  });
  await s.waitStopped('breakpoint');
  const top = await s.topFrame();
  assert.equal(top.line, line, `stopped at BP:${marker}`);
  return top;
}

/** Read a variable's children as name → value (expands `variablesReference`). */
export async function childValues(s: Session, v: DebugProtocol.Variable): Promise<Map<string, string>> {
  assert.ok(v.variablesReference > 0, `${v.name} is expandable`);
  return s.values(v.variablesReference);
}
