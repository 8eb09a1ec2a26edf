/**
 * Helpers for the end-to-end tests (vscode.test.ts, asm.test.ts): find Chromium,
 * install/start code-server (a real VS Code 1.100 server with its web UI) with the
 * HyperStep VSIX installed, launch the browser, read the workbench, and clean up.
 * code-server is installed outside the repository by scripts/e2eSetup.sh (see there for
 * why it needs the environment it sets up).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import type { Browser, FrameLocator, Page } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..', '..');

/** Prints a timestamped progress line (mocha shows it between the test titles). */
const T0 = Date.now();
export function log(message: string): void {
  console.log(`    [e2e ${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s] ${message}`);
}

/** Chromium: $HYPERSTEP_CHROMIUM, else Debian's /usr/bin/chromium (apt package chromium). */
export function findChromium(): string | undefined {
  const candidates = [process.env.HYPERSTEP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/**
 * code-server's entry script: $HYPERSTEP_CODE_SERVER (an entry.js, or a `code-server`
 * launcher), else the copy scripts/e2eSetup.sh installs (installing it if missing, about
 * a minute). Returns an error message when it cannot be found or installed.
 */
export function findCodeServer(): { entry: string } | { error: string } {
  const env = process.env.HYPERSTEP_CODE_SERVER;
  if (env !== undefined && env !== '') {
    return existsSync(env) ? { entry: env } : { error: `HYPERSTEP_CODE_SERVER=${env} does not exist` };
  }
  const r = spawnSync('bash', [join(ROOT, 'scripts/e2eSetup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  for (const line of r.stderr.trim().split('\n')) if (line !== '') log(line);
  const entry = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !existsSync(entry)) {
    return { error: `code-server could not be installed (scripts/e2eSetup.sh: ${r.stderr.trim().split('\n').pop() ?? r.error?.message})` };
  }
  return { entry };
}

/** The command that runs code-server: node for a .js entry, else the launcher itself. */
function command(entry: string, args: string[]): [string, string[]] {
  return entry.endsWith('.js') ? [process.execPath, [entry, ...args]] : [entry, args];
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Builds the VSIX from the current dist/ (npm run build must have run) into `dir`, as `npm run package` does. */
export function buildVsix(dir: string): string {
  for (const f of ['dist/extension.js', 'dist/debugAdapter.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run npm run build first`);
  }
  const out = join(dir, 'hyperstep.vsix');
  const vsce = join(ROOT, 'node_modules/@vscode/vsce/vsce');
  // The extension page with its pictures inlined (scripts/marketplaceReadme.mjs writes dist/README.md).
  const page = spawnSync(process.execPath, [join(ROOT, 'scripts/marketplaceReadme.mjs')], { encoding: 'utf8' });
  if (page.status !== 0) throw new Error(`marketplaceReadme.mjs failed: ${page.stderr}`);
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--readme-path', 'dist/README.md', '-o', out],
    { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed: ${r.stderr || r.stdout}`);
  return out;
}

export interface CodeServer {
  url: string;
  /** User-data directory (settings, logs). */
  userDataDir: string;
  /** Everything code-server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** User settings for a quiet, trusted, deterministic workbench. */
const SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'debug.openDebug': 'openOnDebugBreak',
  'debug.internalConsoleOptions': 'neverOpen',
  'files.hotExit': 'off',
  'files.autoSave': 'off', // the assembly test edits an example without saving, then reverts it
  'terminal.integrated.gpuAcceleration': 'off',
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
};

/**
 * Installs `vsix` into a fresh extensions directory and starts code-server on a free
 * port with a fresh user-data directory (workspace trust off). Resolves once it serves
 * HTTP.
 */
export async function startCodeServer(entry: string, vsix: string, scratch: string): Promise<CodeServer> {
  const userDataDir = join(scratch, 'user-data');
  const extensionsDir = join(scratch, 'extensions');
  const xdg = join(scratch, 'xdg');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(xdg, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  // code-server writes its config.yaml under XDG_CONFIG_HOME: keep it in the scratch dir.
  const env = { ...process.env, XDG_CONFIG_HOME: join(xdg, 'config'), XDG_DATA_HOME: join(xdg, 'data'), XDG_CACHE_HOME: join(xdg, 'cache') };

  const [cmd, installArgs] = command(entry, [...common, '--install-extension', vsix]);
  const inst = spawnSync(cmd, installArgs, { encoding: 'utf8', env, timeout: 120_000 });
  if (inst.status !== 0 || !/successfully installed/i.test(inst.stdout + inst.stderr)) {
    throw new Error(`code-server --install-extension failed (status ${inst.status}): ${inst.stdout}${inst.stderr}`);
  }

  const port = await freePort();
  const [cmd2, args] = command(entry, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened']);
  const child: ChildProcess = spawn(cmd2, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => { text += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { text += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}): ${text}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`code-server did not start within 60 s: ${text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url, userDataDir,
    output: () => text,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!killed) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    },
  };
}

/** A fresh scratch directory; remove with removeScratch. */
export function makeScratch(): string {
  return mkdtempSync(join(tmpdir(), 'hyperstep-e2e-'));
}

export function removeScratch(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

/** Launches headless Chromium at `executablePath` and opens a 1600x1000 page. */
export async function launchBrowser(executablePath: string): Promise<{ browser: Browser; page: Page }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath, headless: true, timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(30_000);
  return { browser, page };
}

/** The call stack rows' aria-labels, e.g. "Stack Frame main [M], line 20, hello.c". */
export async function stackRows(page: Page): Promise<string[]> {
  return page.locator('.debug-call-stack [role="row"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

/** Text of the visible terminal (xterm's DOM renderer: gpuAcceleration is off). */
export async function terminalText(page: Page): Promise<string> {
  return (await page.locator('.terminal-wrapper.active .xterm-rows').allTextContents()).join('\n');
}

/** Polls `get` until its result matches `re`; throws with the last result after `timeout` ms. */
export async function waitForText(what: string, get: () => Promise<string>, re: RegExp, timeout: number): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await get();
    if (re.test(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what} to match ${re} (got ${JSON.stringify(last)})`);
}

/** The newest extension host log under the user-data dir (for failure reports). */
export function exthostLog(userDataDir: string): string {
  const found: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try { entries = readdirSync(d); } catch { return; }
    for (const e of entries) {
      const f = join(d, e);
      if (statSync(f).isDirectory()) walk(f);
      else if (/exthost\.log$|remoteexthost\.log$/i.test(e)) found.push(f);
    }
  };
  walk(join(userDataDir, 'logs'));
  found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return found.length > 0 ? readFileSync(found[0], 'utf8') : '(no extension host log)';
}

/**
 * Registers the mocha hooks of one e2e suite: build the VSIX, start code-server with it
 * installed and a headless Chromium page (skipping the suite when either is missing);
 * on a failed test save `failureScreenshot` and log the call stack and server logs;
 * tear everything down at the end. Call inside `describe`.
 */
export function useVsCode(failureScreenshot: string): { page(): Page; url(): string } {
  let scratch: string | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  before(async function () {
    this.timeout(240_000); // includes a first-time code-server install (about a minute)
    const chromiumPath = findChromium();
    if (chromiumPath === undefined) {
      log('SKIP: Chromium not found (apt-get install chromium, or set HYPERSTEP_CHROMIUM)');
      this.skip();
    }
    log('finding or installing code-server (scripts/e2eSetup.sh)');
    const cs = findCodeServer();
    if ('error' in cs) {
      log(`SKIP: ${cs.error}`);
      this.skip();
    }
    scratch = makeScratch();
    const vsix = buildVsix(scratch);
    log(`built ${vsix}`);
    server = await startCodeServer(cs.entry, vsix, scratch);
    log(`code-server listening on ${server.url} (extension installed)`);
    ({ browser, page } = await launchBrowser(chromiumPath));
    log(`Chromium ${browser.version()} started`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page !== undefined) {
      mkdirSync(dirname(failureScreenshot), { recursive: true });
      await page.screenshot({ path: failureScreenshot }).catch(() => undefined);
      log(`failure screenshot: ${failureScreenshot}`);
      log(`call stack: ${JSON.stringify(await stackRows(page).catch(() => []))}`);
      log(`code-server output (tail):\n${server?.output().slice(-2000)}`);
      if (server !== undefined) log(`extension host log (tail):\n${exthostLog(server.userDataDir).slice(-3000)}`);
    }
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    removeScratch(scratch);
  });

  return { page: () => page as Page, url: () => (server as CodeServer).url };
}

/**
 * Saves a screenshot of the page to `path` (under test-artifacts/); with
 * HYPERSTEP_DOCS_SCREENSHOT=1 also copies it to docs/images/`docsName` (the pictures the
 * README and docs show).
 */
export async function saveScreenshot(p: Page, path: string, docsName: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await p.screenshot({ path });
  log(`screenshot: ${path}`);
  if (process.env.HYPERSTEP_DOCS_SCREENSHOT === '1') {
    const docs = join(ROOT, 'docs/images');
    mkdirSync(docs, { recursive: true });
    copyFileSync(path, join(docs, docsName));
    log(`copied to ${join(docs, docsName)}`);
  }
}

/** The document of the active webview (an iframe holding the page's iframe). */
export function webviewFrame(p: Page): FrameLocator {
  return p.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}
