/**
 * The timeline's webview (dist/webview/timeline.js, with uPlot) in headless Chromium
 * without VS Code: the page of extension/timelinePage.ts under its real CSP, a stand-in
 * for acquireVsCodeApi that records the messages, theme variables from a stylesheet.
 * Checks what the extension relies on: it asks for the whole history with one bucket per
 * pixel, draws 10^5 marks (an adapter that did not aggregate) in well under a second,
 * shows a mark's label on hover, travels to a mark's clock on click and to the clock
 * under the pointer between marks, asks for the visible range after a wheel zoom or a
 * drag, zooms down to a few instructions, and asks for the whole run on double-click.
 * The e2e test timeTravel.test.ts drives the same view in VS Code against the adapter.
 */
import { strict as assert } from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';
import type { Browser, Page } from 'playwright-core';
import { ROOT, findChromium, launchBrowser, log } from './codeServer';
import { timelinePageHtml } from '../../../extension/timelinePage';
import { MIN_SPAN, type TimelineBody, type TimelineMark } from '../../../extension/webview/timelineModel';

type Sent = { type: string; seq?: number; from?: number; to?: number; buckets?: number; clock?: number };
/** The page's window as the tests use it (this file is typechecked without the DOM library). */
type PageWindow = { sent: Sent[]; postMessage(message: unknown, targetOrigin: string): void };

const THEME = `body { --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1e1e1e;
  --vscode-charts-blue: #3794ff; --vscode-charts-red: #f14c4c; --vscode-charts-orange: #d18616; --vscode-charts-purple: #b180d7;
  --vscode-charts-green: #89d185; --vscode-charts-yellow: #cca700; --vscode-charts-foreground: #cccccc;
  --vscode-font-family: sans-serif; --vscode-font-size: 13px; background: #1e1e1e; }`;

/** 10^5 marks over 10^7 instructions: traps every 100, a breakpoint hit every 10^6, UART lines. */
function bigBody(): TimelineBody {
  const marks: TimelineMark[] = [];
  for (let i = 0; i < 99_970; i++) marks.push({ kind: 'trap', clock: 50 + i * 100, label: `trap ${i}: ecall from U` });
  for (let i = 0; i < 10; i++) marks.push({ kind: 'breakpoint', clock: 500_000 + i * 1_000_000, label: `breakpoint ${i}` });
  for (let i = 0; i < 20; i++) marks.push({ kind: 'uart', clock: 250_000 + i * 500_000, label: `UART line ${i}` });
  return {
    start: 0, end: 10_000_000, now: 6_500_000, marks,
    snapshots: [0, 2_500_000, 5_000_000, 7_500_000].map((clock, i) => ({ id: i + 1, clock, bytes: 65_536 * (i + 1), pinned: i === 0 })),
  };
}

describe('timeline webview in headless Chromium (no VS Code)', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let page: Page;
  let dir: string | undefined;

  before(async function () {
    const chromium = findChromium();
    if (chromium === undefined) {
      log('SKIP: Chromium not found (apt-get install chromium, or set HYPERSTEP_CHROMIUM)');
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'hyperstep-timeline-'));
    const dist = pathToFileURL(join(ROOT, 'dist/webview')).href;
    writeFileSync(join(dir, 'theme.css'), THEME);
    const nonce = 'dGVzdG5vbmNl';
    const html = timelinePageHtml({
      cspSource: 'file:', nonce, scriptUri: `${dist}/timeline.js`, styleUri: `${dist}/timeline.css`, codiconUri: `${dist}/codicon.css`,
    }).replace('<title>', `<link rel="stylesheet" href="theme.css"><script nonce="${nonce}">window.sent = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.sent.push(m) });</script><title>`);
    writeFileSync(join(dir, 'timeline.html'), html);
    ({ browser, page } = await launchBrowser(chromium));
    await page.setViewportSize({ width: 1200, height: 500 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(pathToFileURL(join(dir, 'timeline.html')).href);
    await page.waitForFunction(() => (globalThis as unknown as PageWindow).sent.some((m) => m.type === 'ready'));
    assert.deepEqual(errors, [], 'no script errors and no CSP violations');
  });

  after(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const sent = () => page.evaluate(() => (globalThis as unknown as PageWindow).sent.splice(0));
  const post = (m: unknown) => page.evaluate((msg) => (globalThis as unknown as PageWindow).postMessage(msg, '*'), m);
  /** The next range request the page sends (it debounces them). */
  async function nextRange(): Promise<Sent> {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const r = (await sent()).filter((m) => m.type === 'range').pop();
      if (r !== undefined) return r;
      await page.waitForTimeout(50);
    }
    throw new Error('no range request');
  }
  /** The travel messages the page sends within `ms` (a click waits for a possible second one). */
  async function travels(ms = 600): Promise<Sent[]> {
    await page.waitForTimeout(ms);
    return (await sent()).filter((m) => m.type === 'travel');
  }
  const plotWidth = () => page.locator('.u-over').evaluate((e) => e.getBoundingClientRect().width);

  it('asks for the whole run with one bucket per pixel, and draws 10^5 marks quickly', async () => {
    await post({ type: 'refresh' });
    const first = await nextRange();
    assert.equal(first.from, undefined);
    assert.equal(first.to, undefined);
    assert.ok(first.buckets! >= 16);
    const body = bigBody();
    const ms = await page.evaluate((b) => {
      const t0 = performance.now();
      (globalThis as unknown as PageWindow).postMessage({ type: 'timeline', seq: 1, body: b, whole: true }, '*');
      return new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - t0), 0));
    }, body);
    log(`10^5 marks drawn in ${ms.toFixed(0)} ms`);
    assert.ok(ms < 1_500, `drawn in ${ms} ms`);
    await page.locator('.u-over').waitFor();
    assert.match(await page.locator('#status').textContent() ?? '', /^History 0 – 10,000,000 · now 6,500,000 · showing 0 – 10,000,000 · 4 snapshots, 100,000 marks in view$/);
    // The lane labels, top to bottom.
    const lanes = await page.locator('#markList button.mark').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-lane')))]);
    assert.deepEqual(lanes, ['snapshots', 'stops', 'traps', 'uart']);
    assert.match(await page.locator('#markList .more').textContent() ?? '', /^… and 99,870 more \(zoom in\)$/, 'at most 100 per lane listed');
    // Now the page knows its width: a refresh asks with one bucket per pixel.
    await post({ type: 'refresh' });
    const r = await nextRange();
    assert.ok(Math.abs(r.buckets! - await plotWidth()) <= 1, `buckets ${r.buckets} for a plot ${await plotWidth()} px wide`);
  });

  it('shows a mark\'s label on hover and travels to its clock on click; between marks, to the clock under the pointer', async () => {
    const hit = page.locator('#markList button.mark[data-kind="breakpoint"]').nth(3);
    const px = Number(await hit.getAttribute('data-px'));
    const py = Number(await hit.getAttribute('data-py'));
    assert.equal(await hit.getAttribute('data-clock'), '3500000');
    const over = page.locator('.u-over');
    await over.hover({ position: { x: px + 2, y: py } });
    assert.equal(await page.locator('#tip').textContent(), 'breakpoint 3 · at 3,500,000');
    assert.equal(await page.locator('#tip').isVisible(), true);
    await sent();
    await over.click({ position: { x: px + 2, y: py } });
    assert.deepEqual(await travels(), [{ type: 'travel', clock: 3_500_000 }]);
    assert.match(await page.locator('#status').textContent() ?? '', /^Travelling to 3,500,000…$/);
    // The Mode changes row (two rows above UART output) is empty: a click there travels to the clock under the pointer.
    const uartY = Number(await page.locator('#markList button.mark[data-lane="uart"]').first().getAttribute('data-py'));
    const modeY = py + (uartY - py) * 2 / 3;
    const width = await plotWidth();
    await over.click({ position: { x: width / 4, y: modeY } });
    const travel = await travels();
    assert.equal(travel.length, 1);
    assert.ok(Math.abs(travel[0].clock! - 2_500_000) <= 10_000_000 / width, `travel to ${travel[0].clock}, about 2,500,000`);
  });

  it('zooms with the wheel around the pointer and asks for the visible range', async () => {
    const over = page.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 20);
    await sent();
    await page.mouse.wheel(0, -100);
    const r = await nextRange();
    assert.ok(r.from! > 0 && r.to! < 10_000_000, `zoomed in: ${r.from}..${r.to}`);
    assert.ok(Math.abs((r.from! + r.to!) / 2 - 5_000_000) < 100_000, 'around the pointer');
    assert.ok(Math.abs(r.to! - r.from! - 8_000_000) < 10, 'by 0.8');
    assert.ok(Math.abs(r.buckets! - box.width) <= 1);
    // Down to a few instructions.
    for (let i = 0; i < 90; i++) await page.mouse.wheel(0, -100);
    const tight = await nextRange();
    assert.ok(tight.to! - tight.from! <= MIN_SPAN + 1, `${tight.from}..${tight.to}`);
    // The answer for an older range is ignored, the current one shown.
    await post({ type: 'timeline', seq: 1, body: bigBody(), whole: true });
    assert.match(await page.locator('#status').textContent() ?? '', /showing [45],\d{3},\d{3} – [45],\d{3},\d{3} /);
    await post({ type: 'timeline', seq: tight.seq, body: { ...bigBody(), marks: [{ kind: 'trap', clock: tight.from! + 2, label: 'the only trap' }] }, whole: false });
    assert.deepEqual(await page.locator('#markList button.mark').allTextContents(), ['Traps: the only trap · at ' + (tight.from! + 2).toLocaleString('en-US')]);
  });

  it('zooms into a dragged range, and shows the whole run on double-click', async () => {
    const over = page.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.dblclick(box.x + 100, box.y + 10);
    const whole = await nextRange();
    assert.equal(whole.from, undefined, 'the whole run again');
    assert.deepEqual(await travels(), [], 'a double-click does not travel');
    await post({ type: 'timeline', seq: whole.seq, body: bigBody(), whole: true });
    await sent();
    await page.mouse.move(box.x + box.width * 0.25, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + 30, { steps: 5 });
    await page.mouse.up();
    await page.waitForTimeout(600);
    const msgs = await sent();
    assert.deepEqual(msgs.filter((m) => m.type === 'travel'), [], 'a drag does not travel');
    const r = msgs.filter((m) => m.type === 'range').pop() ?? await nextRange();
    assert.ok(Math.abs(r.from! - 2_500_000) < 30_000 && Math.abs(r.to! - 5_000_000) < 30_000, `${r.from}..${r.to}`);
  });
});
