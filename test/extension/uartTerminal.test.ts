/**
 * extension/uartTerminal.ts against a fake `vscode` module: one pseudoterminal per
 * HyperStep session, output buffered until the terminal opens, '\n' -> '\r\n',
 * keystrokes forwarded as `hyperstep.uartInput`, "[session ended]" at the end and
 * replacement of an ended terminal by the next run of the same configuration, and the
 * separator line written on restart.
 */
import { strict as assert } from 'assert';

type Listener<T> = (e: T) => void;

class FakeEmitter<T> {
  listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => { this.listeners.push(l); return { dispose: () => { this.listeners = this.listeners.filter((x) => x !== l); } }; };
  fire(e: T): void { for (const l of [...this.listeners]) l(e); }
  dispose(): void { this.listeners = []; }
}

interface FakePty { onDidWrite: (l: Listener<string>) => unknown; open(): void; close(): void; handleInput(d: string): void }
interface FakeTerminal { name: string; pty: FakePty; shown: boolean; disposed: boolean; written: string; show(): void; dispose(): void }

function fakeVscode() {
  const start = new FakeEmitter<unknown>();
  const custom = new FakeEmitter<unknown>();
  const terminate = new FakeEmitter<unknown>();
  const closeTerminal = new FakeEmitter<unknown>();
  const terminals: FakeTerminal[] = [];
  return {
    start, custom, terminate, closeTerminal, terminals,
    EventEmitter: FakeEmitter,
    debug: {
      onDidStartDebugSession: start.event,
      onDidReceiveDebugSessionCustomEvent: custom.event,
      onDidTerminateDebugSession: terminate.event,
    },
    window: {
      onDidCloseTerminal: closeTerminal.event,
      createTerminal(opts: { name: string; pty: FakePty }): FakeTerminal {
        const t: FakeTerminal = {
          name: opts.name, pty: opts.pty, shown: false, disposed: false, written: '',
          show() { t.shown = true; },
          dispose() { t.disposed = true; closeTerminal.fire(t); },
        };
        opts.pty.onDidWrite((s: string) => { t.written += s; });
        terminals.push(t);
        return t;
      },
    },
  };
}

function session(id: string, name = 'HyperStep: hello', uartTerminal: unknown = true) {
  const requests: [string, unknown][] = [];
  return {
    id, name, type: 'hyperstep', configuration: { uartTerminal }, requests,
    customRequest(command: string, args: unknown) { requests.push([command, args]); return Promise.resolve(undefined); },
  };
}

describe('extension: UART terminal', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('module') as { _load: (req: string, ...rest: unknown[]) => unknown };
  let vscode: ReturnType<typeof fakeVscode>;
  let mod: typeof import('../../extension/uartTerminal');
  let owner: { dispose(): void };

  beforeEach(() => {
    vscode = fakeVscode();
    const original = Module._load;
    Module._load = function (req: string, ...rest: unknown[]) {
      return req === 'vscode' ? vscode : original.call(this, req, ...rest);
    };
    try {
      delete require.cache[require.resolve('../../extension/uartTerminal')]; // bind to this fake
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require('../../extension/uartTerminal');
    } finally {
      Module._load = original;
    }
    owner = new mod.UartTerminals();
  });

  afterEach(() => owner.dispose());

  it('converts line feeds for the terminal', () => {
    assert.equal(mod.toTerminalText('a\nb\r\nc'), 'a\r\nb\r\nc');
  });

  it('opens a terminal on session start and writes UART events once it is open', () => {
    const s = session('1');
    vscode.start.fire(s);
    assert.equal(vscode.terminals.length, 1);
    const t = vscode.terminals[0];
    assert.equal(t.name, 'HyperStep UART (HyperStep: hello)');
    assert.ok(t.shown);
    vscode.custom.fire({ session: s, event: 'hyperstep.uart', body: { text: 'hello\n' } });
    assert.equal(t.written, ''); // not open yet: buffered
    t.pty.open();
    assert.equal(t.written, 'hello\r\n');
    vscode.custom.fire({ session: s, event: 'hyperstep.uart', body: { text: 'world' } });
    vscode.custom.fire({ session: s, event: 'output', body: { text: 'ignored' } });
    assert.equal(t.written, 'hello\r\nworld');
  });

  it('forwards keystrokes to the session until it ends', () => {
    const s = session('1');
    vscode.start.fire(s);
    const t = vscode.terminals[0];
    t.pty.open();
    t.pty.handleInput('ls\r');
    assert.deepEqual(s.requests, [['hyperstep.uartInput', { text: 'ls\r' }]]);
    vscode.terminate.fire(s);
    assert.match(t.written, /\r\n\[session ended\]\r\n$/);
    assert.equal(t.disposed, false); // stays open
    t.pty.handleInput('x');
    assert.equal(s.requests.length, 1);
  });

  it('writes a dim separator line on restart, keeping the previous run\'s text', () => {
    const s = session('1');
    vscode.start.fire(s);
    const t = vscode.terminals[0];
    t.pty.open();
    vscode.custom.fire({ session: s, event: 'hyperstep.uart', body: { text: 'run 1\nprompt> ' } });
    vscode.custom.fire({ session: s, event: 'hyperstep.restarted', body: {} });
    vscode.custom.fire({ session: s, event: 'hyperstep.uart', body: { text: 'run 2\n' } });
    // The separator starts on a new line when the output did not end one.
    assert.equal(t.written, 'run 1\r\nprompt> \r\n\x1b[2m──── restarted ────\x1b[0m\r\nrun 2\r\n');
    vscode.custom.fire({ session: s, event: 'hyperstep.restarted', body: {} });
    assert.ok(t.written.endsWith('run 2\r\n\x1b[2m──── restarted ────\x1b[0m\r\n'), JSON.stringify(t.written));
    assert.equal(vscode.terminals.length, 1, 'same terminal');
    // Another session's restart does not touch this terminal.
    const before = t.written;
    vscode.custom.fire({ session: session('2'), event: 'hyperstep.restarted', body: {} });
    assert.equal(t.written, before);
    assert.equal(mod.restartSeparator(false), '\r\n\x1b[2m──── restarted ────\x1b[0m\r\n');
  });

  it('creates no terminal for sessions without uartTerminal or of other types', () => {
    vscode.start.fire(session('1', 'x', false));
    vscode.start.fire({ ...session('2'), type: 'node' });
    vscode.custom.fire({ session: { ...session('3'), type: 'node' }, event: 'hyperstep.uart', body: { text: 'x' } });
    assert.equal(vscode.terminals.length, 0);
  });

  it('replaces the ended terminal of the same configuration, keeps live ones', () => {
    const a = session('1');
    const other = session('2', 'other');
    vscode.start.fire(a);
    vscode.start.fire(other);
    vscode.terminate.fire(a);
    vscode.start.fire(session('3'));
    assert.deepEqual(vscode.terminals.map((t) => [t.name, t.disposed]), [
      ['HyperStep UART (HyperStep: hello)', true],
      ['HyperStep UART (other)', false],
      ['HyperStep UART (HyperStep: hello)', false],
    ]);
  });

  it('disposes its terminals with the extension', () => {
    vscode.start.fire(session('1'));
    owner.dispose();
    assert.ok(vscode.terminals[0].disposed);
  });
});
