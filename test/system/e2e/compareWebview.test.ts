/**
 * The comparison view's webview (dist/webview/compare.js, with uPlot) in headless
 * Chromium without VS Code: the page of extension/comparePage.ts under its real CSP, a
 * stand-in for acquireVsCodeApi that records the messages, theme variables from a
 * stylesheet. Checks what the extension relies on: no script errors or CSP violations,
 * the page says it is ready, a report (eight modes, one failed) fills the table, four
 * charts with bars, eight cards with layer diagrams and the microbenchmarks; pointing at
 * a chart reads the mode's numbers out; progress lines per mode while a run goes on;
 * and the buttons send run, cancel, open, export and debug. compare.test.ts drives the
 * same view in VS Code.
 */
import { strict as assert } from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';
import type { Browser, Page } from 'playwright-core';
import { ROOT, findChromium, launchBrowser, log } from './codeServer';
import { comparePageHtml } from '../../../extension/comparePage';
import { COMPARE_MODES, type CompareReport, type ModeResult } from '../../../emulator/compare/result';

type Sent = { type: string; format?: string; mode?: string };
type PageWindow = { sent: Sent[]; postMessage(message: unknown, targetOrigin: string): void };

const THEME = `body { --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1e1e1e;
  --vscode-charts-blue: #3794ff; --vscode-charts-red: #f14c4c; --vscode-charts-orange: #d18616; --vscode-charts-purple: #b180d7;
  --vscode-charts-green: #89d185; --vscode-charts-yellow: #cca700; --vscode-errorForeground: #f48771;
  --vscode-font-family: sans-serif; --vscode-font-size: 13px; background: #1e1e1e; }`;

/** Eight modes with counts that grow from mode to mode (type2 failed). */
function report(): CompareReport {
  const modes = COMPARE_MODES.map((mode, i): ModeResult => {
    const failed = mode === 'type2';
    const k = i + 1;
    return {
      mode, title: `${mode} title`, checksum: failed ? null : '0x0123456789abcdef', status: failed ? 'failed' : 'ok',
      ...(failed ? { error: 'no checksum line' } : {}),
      instructions: 1_000_000 * k, instructionsByMode: { M: 1_000 * k, HS: 200_000 * k, U: 799_000 * k, VS: 0, VU: 0 },
      trapsByCause: { 'ecall from U-mode': 1_000, 'illegal instruction': 10 ** i }, trapsByTransition: { 'U->HS': 1_000 + 10 ** i },
      vmExits: i >= 4 ? { 'ecall from VS-mode': 100 * k } : {}, hypercalls: 10 * i, worldSwitches: mode === 'dom0' ? 300 : 0,
      pageWalkAccesses: 5_000 * k, tlbMisses: 1_000 * k, ioLatencyInstructions: { requests: 18, mean: 1_000 * k, min: 900 * k, max: 2_000 * k },
      memoryPages: 200 + k, hostSeconds: 3 * k, measuredHostSeconds: k, bootInstructions: 10_000_000 * k,
      layers: failed ? [] : [
        { name: 'OpenSBI', kind: 'firmware', runsIn: 'M', instructions: 1_000 * k },
        { name: 'kernel', kind: 'guest-kernel', runsIn: 'S', instructions: 200_000 * k },
        { name: 'workload', kind: 'process', runsIn: 'U', instructions: 799_000 * k },
      ],
      micro: [{ event: 'system call', count: 1_000, instructionsPerEvent: 180 * k, trapsPerEvent: 1 }],
      console: '',
    };
  });
  return { schema: 'hyperstep-compare/1', date: '2026-12-07T18:00:00.000Z', workload: { path: 'w', sha256: '0' }, host: { cpus: 2, node: 'v20' }, totalSeconds: 99, modes };
}

describe('comparison webview in headless Chromium (no VS Code)', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let page: Page;
  let dir: string | undefined;
  const errors: string[] = [];

  before(async function () {
    const chromium = findChromium();
    if (chromium === undefined) {
      log('SKIP: Chromium not found (apt-get install chromium, or set HYPERSTEP_CHROMIUM)');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'hyperstep-compare-'));
    const dist = pathToFileURL(join(ROOT, 'dist/webview')).href;
    writeFileSync(join(dir, 'theme.css'), THEME);
    const nonce = 'dGVzdG5vbmNl';
    const html = comparePageHtml({
      cspSource: 'file:', nonce, scriptUri: `${dist}/compare.js`, styleUri: `${dist}/compare.css`, codiconUri: `${dist}/codicon.css`,
    }).replace('<title>', `<link rel="stylesheet" href="theme.css"><script nonce="${nonce}">window.sent = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.sent.push(m), setState: () => {}, getState: () => undefined });</script><title>`);
    writeFileSync(join(dir, 'compare.html'), html);
    ({ browser, page } = await launchBrowser(chromium));
    await page.setViewportSize({ width: 1400, height: 900 });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(pathToFileURL(join(dir, 'compare.html')).href);
    await page.waitForFunction(() => (globalThis as unknown as PageWindow).sent.some((m) => m.type === 'ready'));
  });

  after(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const sent = () => page.evaluate(() => (globalThis as unknown as PageWindow).sent.splice(0));
  const post = (m: unknown) => page.evaluate((msg) => (globalThis as unknown as PageWindow).postMessage(msg, '*'), m);

  it('starts empty, then draws a report: table, charts, cards, microbenchmarks', async () => {
    assert.equal(await page.locator('#empty').isVisible(), true);
    assert.equal(await page.locator('#exportJson').getAttribute('disabled'), '', 'nothing to export yet');
    await post({ type: 'report', report: report(), source: 'test.json' });
    await page.locator('#tableSection').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#status').textContent(), '7 of 8 modes ran · 2026-12-07 18:00:00 UTC · 99.0 s on 2 CPUs · test.json');
    assert.deepEqual(await page.locator('#counts thead th.mode').evaluateAll((els) => els.map((e) => e.getAttribute('data-mode'))), [...COMPARE_MODES]);
    assert.equal(await page.locator('#counts tr[data-row="status"] td.failed').count(), 1);
    assert.equal(await page.locator('#counts tr[data-row="status"] td.failed').getAttribute('title'), 'no checksum line');
    assert.deepEqual(await page.locator('figure.chart').evaluateAll((els) => els.map((e) => e.getAttribute('data-chart'))), ['instructions', 'events', 'memory', 'io']);
    assert.match(await page.locator('figure.chart[data-chart="events"] .csub').textContent() ?? '', /log scale$/, 'illegal instructions from 1 to 10^7');
    assert.equal(await page.locator('figure.chart canvas').count(), 4);
    assert.equal(await page.locator('#modes article.card').count(), 8);
    assert.equal(await page.locator('#modes article.card[data-mode="native"] .layer').count(), 3);
    assert.deepEqual(await page.locator('#modes article.card[data-mode="native"] .layer .lname').allTextContents(), ['workload', 'kernel', 'OpenSBI']);
    assert.match(await page.locator('#modes article.card[data-mode="type2"]').textContent() ?? '', /This run failed: no checksum line/);
    assert.equal(await page.locator('#micro tbody tr').count(), 1);
    assert.equal(await page.locator('#exportJson').getAttribute('disabled'), null);
    assert.deepEqual(errors, [], 'no script errors and no CSP violations');
  });

  it('reads a mode\'s numbers out where the pointer is', async () => {
    const over = page.locator('figure.chart[data-chart="instructions"] .u-over');
    await over.scrollIntoViewIfNeeded();
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + 5, box.y + 5);
    await page.mouse.move(box.x + box.width * (2.5 / 8), box.y + box.height / 2, { steps: 4 });
    assert.match(await page.locator('figure.chart[data-chart="instructions"] .readout').textContent() ?? '',
      /^trap-and-emulate: M-mode: 3,000 instructions \(0\.1 %\) · S\/HS-mode: 600,000 instructions \(20 %\) · U-mode: 2,397,000 instructions \(80 %\)$/);
  });

  it('shows the progress of a run and sends the buttons\' requests', async () => {
    await sent();
    await post({ type: 'running', running: true });
    await post({ type: 'progress', mode: 'linux', phase: 'boot', instructions: 120_000_000, seconds: 21 });
    await post({ type: 'progress', mode: 'native', phase: 'cached', instructions: 3_400_000, seconds: 0.1 });
    assert.deepEqual(await page.locator('#progress li').allTextContents(), ['linux: booting · 120 M instr · 21.0 s', 'native: cached · 3.4 M instr · 0.10 s']);
    assert.equal(await page.locator('#run').getAttribute('disabled'), '');
    await page.locator('#cancel').click();
    await post({ type: 'running', running: false });
    await page.locator('#run').click();
    await page.locator('#open').click();
    await page.locator('#exportJson').click();
    await page.locator('#exportCsv').click();
    await page.locator('#modes article.card[data-mode="hw-assisted"] [data-debug]').click();
    assert.deepEqual(await sent(), [
      { type: 'cancel' }, { type: 'run' }, { type: 'open' }, { type: 'export', format: 'json' }, { type: 'export', format: 'csv' },
      { type: 'debug', mode: 'hw-assisted' },
    ]);
    await post({ type: 'error', message: 'Cannot debug hw-assisted: x' });
    assert.equal(await page.locator('#status.error').textContent(), 'Cannot debug hw-assisted: x');
    assert.deepEqual(errors, []);
  });
});
