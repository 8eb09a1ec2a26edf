/**
 * Scaffolding tests: manifest facts, build outputs, the layering rule (no `vscode`
 * imports in emulator/ or cli/), launch-configuration helpers and a DAP transcript
 * (initialize / configurationDone / disconnect) both in-process and over stdio.
 * `npm test` runs the build first, so dist/ is expected to exist.
 */
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { HyperStepSession } from '../debug-adapter/session';
import { validateLaunch, withDefaults } from '../extension/launchConfig';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** All source files under a directory (recursively). */
function sourcesUnder(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesUnder(rel));
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

const VSCODE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](?:vscode|@vscode\/[^'"]*)['"]/m;

describe('scaffold: manifest', () => {
  it('declares the extension identity, entry points and engines', () => {
    assert.equal(pkg.name, 'hyperstep');
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.bin.hyperstep, 'dist/cli.js');
  });

  it('contributes the hyperstep debugger and breakpoints', () => {
    const dbg = pkg.contributes.debuggers.find((d: { type: string }) => d.type === 'hyperstep');
    assert.ok(dbg, 'debugger type hyperstep');
    assert.equal(dbg.program, './dist/debugAdapter.js');
    for (const f of ['program', 'machine', 'bios', 'kernel', 'memory', 'harts', 'stopOnEntry', 'symbols', 'cwd',
      'initrd', 'drive', 'rngSeed', 'debianLinux', 'linuxScript', 'linuxModules', 'linuxFiles', 'gdbServer', 'gdbServerAllowRemote']) {
      assert.ok(dbg.configurationAttributes.launch.properties[f], `launch attribute ${f}`);
      assert.ok(dbg.configurationAttributes.launch.properties[f].description, `launch attribute ${f} has a description`);
    }
    const langs = pkg.contributes.breakpoints.map((b: { language: string }) => b.language);
    assert.deepEqual(langs.sort(), ['c', 'cpp', 'riscv-asm']);
    // Assembly sources need a language id for the editor to allow breakpoints in them.
    const asm = pkg.contributes.languages.find((l: { id: string }) => l.id === 'riscv-asm');
    assert.ok(asm && asm.extensions.includes('.S') && asm.extensions.includes('.s'), 'riscv-asm language for .S/.s');
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, false);
  });

  it('offers the "HyperStep: Debian Linux" configuration snippet, and it validates', () => {
    const dbg = pkg.contributes.debuggers.find((d: { type: string }) => d.type === 'hyperstep');
    const snip = dbg.configurationSnippets.find((x: { label: string }) => x.label === 'HyperStep: Debian Linux');
    assert.ok(snip, 'snippet "HyperStep: Debian Linux"');
    assert.deepEqual(snip.body, {
      type: 'hyperstep', request: 'launch', name: 'HyperStep: Debian Linux',
      debianLinux: true, memory: '512M', harts: 1, stopOnEntry: false, uartTerminal: true,
    });
    // Without a folder too: a Linux launch names no files.
    assert.equal(validateLaunch(snip.body, () => false), undefined);
    for (const k of Object.keys(snip.body)) {
      if (k !== 'type' && k !== 'request' && k !== 'name') assert.ok(dbg.configurationAttributes.launch.properties[k], `snippet field ${k} is declared`);
    }
  });

  it('keeps the agreed npm scripts', () => {
    for (const s of ['build', 'start', 'typecheck', 'lint', 'test', 'test:system', 'bench', 'package', 'guests']) {
      assert.ok(pkg.scripts[s], `script ${s}`);
    }
  });
});

describe('scaffold: build outputs', () => {
  for (const out of ['dist/extension.js', 'dist/debugAdapter.js']) {
    it(`${out} exists`, () => assert.ok(statSync(join(root, out)).size > 0));
  }

  it('dist/cli.js is executable with a node shebang (when cli/main.ts exists)', function () {
    if (!existsSync(join(root, 'cli/main.ts'))) this.skip();
    const cli = join(root, 'dist/cli.js');
    assert.ok(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'));
    assert.ok((statSync(cli).mode & 0o111) !== 0, 'executable bit');
  });

  it('dist/extension.js leaves vscode external', () => {
    const text = readFileSync(join(root, 'dist/extension.js'), 'utf8');
    assert.match(text, /require\("vscode"\)/);
  });
});

describe('scaffold: layering', () => {
  it('no file under emulator/ or cli/ imports vscode or @vscode/*', () => {
    const files = [...sourcesUnder('emulator'), ...sourcesUnder('cli')];
    assert.ok(files.length > 0);
    const offenders = files.filter((f) => VSCODE_IMPORT.test(readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('the import scanner recognises the forms it must reject', () => {
    for (const bad of ["import * as v from 'vscode';", 'const v = require("vscode");',
      "import { x } from '@vscode/debugadapter';", "await import('vscode')", "import 'vscode';"]) {
      assert.ok(VSCODE_IMPORT.test(bad), bad);
    }
    assert.ok(!VSCODE_IMPORT.test("import { x } from './vscodeLike';"));
  });

  it('no file under debug-adapter/ imports vscode', () => {
    const offenders = sourcesUnder('debug-adapter')
      .filter((f) => /['"]vscode['"]/.test(readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});

describe('scaffold: launch configuration', () => {
  it('fills defaults', () => {
    const c = withDefaults({ program: '/x.elf' });
    assert.equal(c.type, 'hyperstep');
    assert.equal(c.request, 'launch');
    assert.equal(c.uartTerminal, true);
    assert.equal(withDefaults({ uartTerminal: false }).uartTerminal, false);
  });

  it('validates program, machine and memory (details: test/debug/launchArgs.test.ts)', () => {
    const exists = (p: string) => p === '/ok.elf';
    assert.equal(validateLaunch(withDefaults({ program: '/ok.elf' }), exists), undefined);
    assert.match(validateLaunch(withDefaults({}), exists, '/w') ?? '', /set "program"/);
    assert.match(validateLaunch(withDefaults({ program: '/missing.elf' }), exists) ?? '', /does not exist/);
    assert.match(validateLaunch(withDefaults({ program: '/ok.elf', machine: 'pc' }), exists) ?? '', /"machine"/);
    assert.match(validateLaunch(withDefaults({ program: '/ok.elf', memory: 0 }), exists) ?? '', /"memory"/);
    assert.match(validateLaunch(withDefaults({ program: '/ok.elf', ramMiB: 0 }), exists) ?? '', /"ramMiB"/);
  });
});

/** Initialize arguments as VS Code sends them (the library insists on pathFormat 'path'). */
const INIT_ARGS = { clientID: 'test', adapterID: 'hyperstep', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' };

type Message = DebugProtocol.ProtocolMessage & Partial<DebugProtocol.Response & DebugProtocol.Event>;

/** Drives a HyperStepSession in-process through its inline adapter interface. */
class InlineClient {
  readonly received: Message[] = [];
  private seq = 1;
  private waiters: (() => void)[] = [];
  readonly session = new HyperStepSession();

  constructor() {
    this.session.onDidSendMessage((m) => {
      this.received.push(m as Message);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  async request(command: string, args?: unknown): Promise<Message> {
    const seq = this.seq++;
    this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    return this.waitFor((m) => m.type === 'response' && m.request_seq === seq);
  }

  async waitFor(pred: (m: Message) => boolean, timeoutMs = 5000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`timeout; got ${JSON.stringify(this.received.map((m) => m.command ?? m.event))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

describe('scaffold: DAP transcript', () => {
  it('initialize, configurationDone, disconnect (in-process)', async () => {
    const c = new InlineClient();
    const init = await c.request('initialize', INIT_ARGS);
    assert.equal(init.success, true);
    assert.equal((init.body as DebugProtocol.Capabilities).supportsConfigurationDoneRequest, true);
    // The adapter is ready for configuration once launch has loaded the program.
    const launched = c.request('launch', { program: join(root, 'guests/debug/build/prog_o0.elf'), stopOnEntry: true });
    await c.waitFor((m) => m.type === 'event' && m.event === 'initialized');
    assert.equal((await c.request('configurationDone')).success, true);
    assert.equal((await launched).success, true);
    await c.waitFor((m) => m.type === 'event' && m.event === 'stopped');
    assert.equal((await c.request('disconnect', {})).success, true);
  });

  it('launch without a program is rejected with a clear message', async () => {
    const c = new InlineClient();
    await c.request('initialize', INIT_ARGS);
    const r = await c.request('launch', {});
    assert.equal(r.success, false);
    assert.match(JSON.stringify(r.body), /program/);
  });

  it('launch of a missing file fails with a one-line message naming it', async () => {
    const c = new InlineClient();
    await c.request('initialize', INIT_ARGS);
    const r = await c.request('launch', { program: join(root, 'no-such-file.elf') });
    assert.equal(r.success, false);
    assert.match(String(r.message ?? JSON.stringify(r.body)), /HyperStep: .*no-such-file\.elf/);
    assert.doesNotMatch(JSON.stringify(r.body), /\bat .*\.js:\d+/);
  });

  it('initialize, disconnect over stdio against dist/debugAdapter.js', async () => {
    const child = spawn(process.execPath, [join(root, 'dist/debugAdapter.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const send = (seq: number, command: string, args: unknown) => {
      const json = JSON.stringify({ seq, type: 'request', command, arguments: args });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    };
    let buf = Buffer.alloc(0);
    const messages: Message[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const sep = buf.indexOf('\r\n\r\n');
        if (sep < 0) return;
        const len = Number(/Content-Length: (\d+)/.exec(buf.subarray(0, sep).toString())?.[1]);
        if (buf.length < sep + 4 + len) return;
        messages.push(JSON.parse(buf.subarray(sep + 4, sep + 4 + len).toString()));
        buf = buf.subarray(sep + 4 + len);
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    send(1, 'initialize', INIT_ARGS);
    send(2, 'disconnect', {});
    const code = await Promise.race([exited, new Promise<never>((_, reject) =>
      setTimeout(() => { child.kill(); reject(new Error('adapter did not exit')); }, 10000))]);
    assert.equal(code, 0);
    const responses = messages.filter((m) => m.type === 'response').map((m) => [m.command, m.success]);
    assert.deepEqual(responses, [['initialize', true], ['disconnect', true]]);
  });
});

/**
 * Anything the extension touches that the fake below does not define (tree views,
 * status bar items, output channels, commands, webviews): a callable, constructible
 * object whose every member is another such object, so activation can wire it up.
 * `then` is absent, so it is never mistaken for a promise.
 */
function stub(): unknown {
  const target = function () { /* stub */ };
  return new Proxy(target, {
    get: (_t, k) => (k === 'then' || typeof k === 'symbol' ? undefined : stub()),
    set: () => true,
    defineProperty: () => true,
    apply: () => stub(),
    construct: () => stub() as object,
  });
}

/** `obj` with stubs for every member it lacks, at every level of plain objects. */
function withStubs<T extends object>(obj: T): T {
  return new Proxy(obj, {
    get: (t, k) => {
      if (!(k in t)) return typeof k === 'symbol' || k === 'then' ? undefined : stub();
      const v = (t as Record<string | symbol, unknown>)[k];
      return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype ? withStubs(v as object) : v;
    },
  });
}

/** A stand-in for the `vscode` module: the parts extension/extension.ts's activation is
 *  checked through are real; the rest are stubs. */
function fakeVscode() {
  const registered: { kind: string; type: string; impl: unknown; trigger?: number }[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  /** What workspace.findFiles answers for the ELF glob (absolute paths). */
  const elfs: string[] = ['/w/guests/demo.elf'];
  const api = {
    registered, errors, warnings, elfs,
    DebugConfigurationProviderTriggerKind: { Initial: 1, Dynamic: 2 },
    DebugAdapterInlineImplementation: class { constructor(readonly implementation: unknown) {} },
    RelativePattern: class { constructor(readonly base: unknown, readonly pattern: string) {} },
    debug: {
      registerDebugConfigurationProvider: (type: string, impl: unknown, trigger?: number) =>
        (registered.push({ kind: 'config', type, impl, trigger }), { dispose() {} }),
      registerDebugAdapterDescriptorFactory: (type: string, impl: unknown) =>
        (registered.push({ kind: 'factory', type, impl }), { dispose() {} }),
      onDidStartDebugSession: () => ({ dispose() {} }),
      onDidReceiveDebugSessionCustomEvent: () => ({ dispose() {} }),
      onDidTerminateDebugSession: () => ({ dispose() {} }),
    },
    workspace: {
      isTrusted: true,
      workspaceFolders: [] as unknown[],
      findFiles: async (include: { pattern?: string } | string) =>
        (typeof include === 'string' ? include : include.pattern ?? '').includes('elf') ? elfs.map((fsPath) => ({ fsPath, scheme: 'file' })) : [],
      asRelativePath: (u: { fsPath: string }) => u.fsPath.replace(/^\/w\//, ''),
      getWorkspaceFolder: () => undefined,
    },
    window: {
      activeTextEditor: undefined as unknown,
      showErrorMessage: async (m: string) => { errors.push(m); return undefined; },
      showWarningMessage: async (m: string) => { warnings.push(m); return undefined; },
      withProgress: (_o: unknown, task: () => unknown) => task(),
      onDidCloseTerminal: () => ({ dispose() {} }),
    },
  };
  // The bundle copies the module's own keys (esbuild's __toESM), so the namespaces and
  // classes the extension uses must exist as keys.
  const more = ['commands', 'languages', 'env', 'extensions', 'Uri', 'EventEmitter', 'TreeItem', 'ThemeIcon', 'ThemeColor',
    'StatusBarAlignment', 'TreeItemCollapsibleState', 'ViewColumn', 'Disposable', 'MarkdownString', 'Range', 'Position',
    'Diagnostic', 'DiagnosticSeverity', 'ProgressLocation', 'LogLevel'];
  return withStubs(Object.assign(Object.fromEntries(more.map((k) => [k, stub()])), api));
}

describe('scaffold: extension activation (bundled, fake vscode)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('module') as { _load: (req: string, ...rest: unknown[]) => unknown };
  const vscode = fakeVscode();
  type Provider = {
    resolveDebugConfiguration(f: unknown, c: object): Promise<object | undefined>;
    resolveDebugConfigurationWithSubstitutedVariables(f: unknown, c: object): object | undefined;
    provideDebugConfigurations(f: unknown): Promise<object[]>;
  };
  let provider: Provider;
  let dynamic: Provider;
  let factory: { createDebugAdapterDescriptor(): { implementation: unknown } };

  before(() => {
    const original = Module._load;
    Module._load = function (req: string, ...rest: unknown[]) {
      return req === 'vscode' ? vscode : original.call(this, req, ...rest);
    };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ext = require(join(root, 'dist/extension.js'));
      ext.activate({ subscriptions: [] });
    } finally {
      Module._load = original;
    }
    const find = (kind: string, trigger?: number) =>
      vscode.registered.find((r) => r.kind === kind && r.type === 'hyperstep' && r.trigger === trigger)?.impl;
    provider = find('config') as Provider;
    dynamic = find('config', 2) as Provider;
    factory = find('factory') as typeof factory;
  });

  it('registers a provider, a dynamic provider and an inline adapter factory', () => {
    assert.ok(provider && dynamic && factory);
    const desc = factory.createDebugAdapterDescriptor();
    assert.ok(desc.implementation instanceof Object);
    assert.equal((desc.implementation as object).constructor.name, 'HyperStepSession');
  });

  it('fills defaults and validates the substituted program path', async () => {
    const filled = await provider.resolveDebugConfiguration(undefined, {}) as Record<string, unknown>;
    assert.equal(filled.type, 'hyperstep');
    assert.equal(filled.uartTerminal, true);
    vscode.errors.length = 0;
    const folder = { uri: { scheme: 'file', fsPath: root } };
    assert.equal(provider.resolveDebugConfigurationWithSubstitutedVariables(folder, filled), undefined);
    assert.match(vscode.errors[0] ?? '', /"program"/);
    const ok = { ...filled, program: 'package.json' };
    assert.deepEqual(provider.resolveDebugConfigurationWithSubstitutedVariables(folder, ok), { ...ok, cwd: root });
  });

  it('refuses to launch in an untrusted workspace', async () => {
    vscode.workspace.isTrusted = false;
    try {
      vscode.errors.length = 0;
      assert.equal(await provider.resolveDebugConfiguration(undefined, { program: '/x.elf' }), undefined);
      assert.match(vscode.errors[0] ?? '', /untrusted/);
      assert.throws(() => factory.createDebugAdapterDescriptor(), /untrusted/);
    } finally {
      vscode.workspace.isTrusted = true;
    }
  });

  const folder = { uri: { scheme: 'file', fsPath: '/w' }, name: 'w', index: 0 };

  it('offers one dynamic configuration per ELF found', async () => {
    const configs = await dynamic.provideDebugConfigurations(folder) as Record<string, unknown>[];
    assert.equal(configs.length, 1);
    assert.equal(configs[0].program, '${workspaceFolder}/guests/demo.elf');
    assert.equal(configs[0].name, 'HyperStep: guests/demo.elf');
    assert.equal(configs[0].request, 'launch');
  });

  it('"create a launch.json" lists the ELFs found, the a.out template only without one', async () => {
    const configs = await provider.provideDebugConfigurations(folder) as Record<string, unknown>[];
    assert.deepEqual(configs.map((c) => c.program), ['${workspaceFolder}/guests/demo.elf']);
    const saved = vscode.elfs.splice(0);
    try {
      const template = await provider.provideDebugConfigurations(folder) as Record<string, unknown>[];
      assert.deepEqual(template.map((c) => c.program), ['${workspaceFolder}/a.out']);
    } finally {
      vscode.elfs.push(...saved);
    }
  });

  it('F5 in a C source without launch.json debugs the ELF built from it, or says there is none', async () => {
    const saved = vscode.elfs.splice(0, vscode.elfs.length,
      join(root, 'guests/debug/build/prog_o0.elf'), join(root, 'examples/hello/hello.elf'), join(root, 'guests/debug/build/traps.elf'));
    const editor = (path: string) => ({ document: { uri: { scheme: 'file', fsPath: path }, languageId: 'c' } });
    const here = { uri: { scheme: 'file', fsPath: root }, name: 'hyperstep', index: 0 };
    vscode.workspace.workspaceFolders = [here];
    try {
      vscode.window.activeTextEditor = editor(join(root, 'examples/hello/hello.c'));
      const c = await provider.resolveDebugConfiguration(here, {}) as Record<string, unknown>;
      assert.equal(c.program, join(root, 'examples/hello/hello.elf'));
      assert.equal(c.stopOnEntry, false);
      assert.equal(c.type, 'hyperstep');
      assert.equal(c.name, 'HyperStep: hello.elf');
      // A configuration the user wrote is left alone.
      const mine = await provider.resolveDebugConfiguration(here, { type: 'hyperstep', request: 'launch', name: 'x', program: '/p.elf' }) as Record<string, unknown>;
      assert.equal(mine.program, '/p.elf');
      // No ELF was built from this source: no launch, a message with the two ways out.
      vscode.warnings.length = 0;
      vscode.window.activeTextEditor = editor(join(root, 'guests/debug/inline.c'));
      assert.equal(await provider.resolveDebugConfiguration(here, {}), undefined);
      assert.match(vscode.warnings[0] ?? '', /no ELF in the workspace was built from inline\.c .*\(3 \.elf files searched\)/);
    } finally {
      vscode.elfs.splice(0, vscode.elfs.length, ...saved);
      vscode.workspace.workspaceFolders = [];
      vscode.window.activeTextEditor = undefined;
    }
  });
});

/** A committed demo/hello guest ELF (benchmarks are too slow for a smoke test). */
function findGuestElf(): string | undefined {
  const dir = join(root, 'guests');
  if (!existsSync(dir)) return undefined;
  const elves: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.elf')) elves.push(join(d, e.name));
    }
  };
  walk(dir);
  return elves.sort().find((p) => /demo|hello/.test(p.slice(dir.length)));
}

describe('scaffold: DAP launch of a guest ELF', () => {
  it('runs a committed guest to completion (when runElf and guests exist)', async function () {
    const elf = findGuestElf();
    if (!elf) this.skip();
    const c = new InlineClient();
    await c.request('initialize', INIT_ARGS);
    await c.request('configurationDone');
    const launch = await c.request('launch', { program: elf, stopOnEntry: false, maxInsns: 50_000_000 });
    assert.equal(launch.success, true);
    await c.waitFor((m) => m.event === 'terminated', 60000);
    const exited = c.received.find((m) => m.event === 'exited');
    assert.ok(exited, 'exited event');
    assert.equal((exited.body as { exitCode: number }).exitCode, 0);
    const stdout = c.received
      .filter((m) => m.event === 'output' && (m.body as { category?: string }).category === 'stdout')
      .map((m) => (m.body as { output: string }).output).join('');
    assert.match(stdout, /HyperStep demo/);
  });
});
