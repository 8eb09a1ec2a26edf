/**
 * End-to-end: time travel in a real VS Code (code-server + headless Chromium), issue 13's
 * "In real VS Code" acceptance. Debugs examples/hello with a breakpoint on the loop's
 * printf line: the stops see `total` = 1, 5 and 14 (i = 1, 2, 3). VS Code's own Step
 * Back button (the adapter declares supportsStepBack) is pressed twice: the Call Stack
 * goes back to `total += sq;`, then to `int sq = square(i);`, and the Variables view
 * shows the earlier value of the local, total = 5. The Reverse Step Out/Into buttons of
 * the extension are on the debug toolbar. "HyperStep: Show Timeline" opens the timeline
 * in the panel: its Breakpoints lane has the three hits; a click on the plot at the
 * first one travels there (the adapter's `hyperstep.travel`, then a stop): the Call
 * Stack shows the printf line again and the Variables view i = 1, total = 1. Then the
 * extension's commands: Step Back, Reverse Step Into (the last line of square, which
 * had just returned), Reverse Step Out (the call in main); "Compare Snapshots…" of
 * snapshot #1 and now (a diff page naming pc and stack bytes); "Save Snapshot…" to a
 * scratch file through code-server's save dialog (the size in a notification).
 * Screenshots: test-artifacts/e2e-time-travel.png and e2e-snapshot-diff.png
 * (…-failure.png on failure), with HYPERSTEP_DOCS_SCREENSHOT=1 also
 * docs/images/time-travel.png and snapshot-diff.png (docs/debugging.md).
 */
import { strict as assert } from 'assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { ROOT, log, saveScreenshot, stackRows, useVsCode, waitForText, webviewFrame } from './codeServer';

const EXAMPLE = join(ROOT, 'examples/hello');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'e2e-time-travel.png');
const FAILURE_SCREENSHOT = join(ARTIFACTS, 'e2e-time-travel-failure.png');
const DIFF_SCREENSHOT = join(ARTIFACTS, 'e2e-snapshot-diff.png');
const CONFIG_NAME = 'HyperStep: hello'; // examples/hello/.vscode/launch.json
const BREAKPOINT_TEXT = 'printf("hello %d';

function lineOf(text: string): number {
  const i = readFileSync(join(EXAMPLE, 'hello.c'), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `hello.c has no line containing ${text}`);
  return i + 1;
}

/** Whether the debug adapter declares supportsStepBack (time travel has landed). */
function adapterTravels(): boolean {
  const dir = join(ROOT, 'debug-adapter');
  return readdirSync(dir).some((f) => f.endsWith('.ts') && /supportsStepBack\s*[:=]\s*true|supportsStepBack\b/.test(readFileSync(join(dir, f), 'utf8')));
}

/** Runs a command from the Command Palette (F1) by its title. */
async function runCommand(p: Page, title: string): Promise<void> {
  const quickInput = p.locator('.quick-input-widget input');
  await p.keyboard.press('F1');
  await quickInput.waitFor({ state: 'visible' });
  await quickInput.fill(`>${title}`);
  await p.locator('.quick-input-list [role="option"]', { hasText: title }).first().waitFor();
  await p.keyboard.press('Enter');
}

/** The snapshot diff's page: of the webviews (the timeline is one too), the one with a heading. */
async function diffFrame(p: Page): Promise<FrameLocator> {
  const frames = p.locator('iframe.webview.ready');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (let i = 0; i < await frames.count(); i++) {
      const f = frames.nth(i).contentFrame().frameLocator('#active-frame');
      if (await f.locator('h1').count().catch(() => 0) > 0) return f;
    }
    await p.waitForTimeout(200);
  }
  throw new Error('no snapshot diff page');
}

describe('e2e: time travel in VS Code (code-server + headless Chromium)', function () {
  this.timeout(240_000);
  before(function () {
    if (!adapterTravels()) {
      log('SKIP: the debug adapter does not declare supportsStepBack yet (debug-adapter/timeTravel.ts has not landed)');
      this.skip();
    }
  });
  const vs = useVsCode(FAILURE_SCREENSHOT);

  it('steps back twice to earlier values of a local, then travels by clicking a mark of the timeline', async () => {
    const p = vs.page();
    const bpLine = lineOf(BREAKPOINT_TEXT);
    const addLine = lineOf('total += sq;');
    const callLine = lineOf('int sq = square(i);');
    const top = async () => (await stackRows(p))[0] ?? '';
    const atLine = (line: number) => new RegExp(`^Stack Frame main \\[M\\], line ${line}, hello\\.c$`);

    log(`opening ${EXAMPLE}`);
    await p.goto(`${vs.url()}/?folder=${encodeURIComponent(EXAMPLE)}`);
    await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await p.getByRole('treeitem', { name: 'hello.c' }).waitFor({ timeout: 60_000 });

    log(`hello.c: breakpoint on line ${bpLine}`);
    const quickInput = p.locator('.quick-input-widget input');
    await p.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill('hello.c');
    await p.locator('.quick-input-list [role="option"]', { hasText: 'hello.c' }).first().waitFor();
    await p.keyboard.press('Enter');
    await p.locator('.monaco-editor .view-lines', { hasText: 'total += sq;' }).waitFor();
    await p.keyboard.press('Control+G');
    await quickInput.waitFor({ state: 'visible' });
    await p.keyboard.type(String(bpLine));
    await p.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });
    await waitForText('status bar', async () => (await p.locator('.statusbar').textContent()) ?? '', new RegExp(`Ln ${bpLine},`), 10_000);
    await p.keyboard.press('F9');
    await p.locator('.monaco-editor .codicon-debug-breakpoint').first().waitFor();

    log('start debugging');
    await p.locator('.activitybar [aria-label^="Run and Debug"]').first().click();
    const configSelect = p.locator('select[aria-label="Debug Launch Configurations"]');
    await configSelect.waitFor();
    type Select = { options: { text: string }[]; selectedIndex: number };
    assert.equal(await configSelect.evaluate((s) => { const sel = s as unknown as Select; return sel.options[sel.selectedIndex]?.text; }), CONFIG_NAME);
    await p.locator('.part.sidebar').getByRole('button', { name: /^Start Debugging/ }).click();
    await p.mouse.move(800, 900);
    await p.locator('.call-stack-state-message', { hasText: 'Paused on breakpoint' }).waitFor({ timeout: 60_000 });
    await waitForText('top stack frame', top, atLine(bpLine), 30_000);

    const variables = p.locator('.debug-variables');
    const local = (name: string): Locator => variables.locator(`[role="treeitem"][aria-label^="${name}, value "]`);
    const scope = variables.locator('[role="treeitem"][aria-label="Scope Locals"]');
    await scope.waitFor();
    if (!(await local('total').waitFor({ timeout: 5_000 }).then(() => true, () => false))
      && (await scope.getAttribute('aria-expanded')) === 'false') {
      await scope.click();
    }
    const value = (name: string, re: RegExp) => waitForText(`${name} in the Variables view`,
      async () => (await local(name).getAttribute('aria-label').catch(() => null)) ?? '', re, 30_000);
    await value('total', /^total, value 1$/);
    await value('i', /^i, value 1$/);

    const toolbar = p.locator('.debug-toolbar');
    const button = (label: RegExp) => toolbar.getByRole('button', { name: label });
    for (const [i, total] of [[2, 5], [3, 14]]) {
      log(`Continue: i = ${i}, total = ${total}`);
      await button(/^Continue/).click();
      await value('i', new RegExp(`^i, value ${i}$`));
      await value('total', new RegExp(`^total, value ${total}$`));
      await waitForText('top stack frame', top, atLine(bpLine), 30_000);
    }

    log('the debug toolbar has Step Back, Reverse and the extension\'s Reverse Step Out/Into');
    await button(/^Step Back/).waitFor();
    await button(/^Reverse$|^Reverse \(/).waitFor();
    await button(/^Reverse Step Out/).waitFor();
    await button(/^Reverse Step Into/).waitFor();

    log('Step Back: line total += sq; with total = 5 (before the add)');
    await button(/^Step Back/).click();
    await waitForText('top stack frame', top, atLine(addLine), 30_000);
    await value('total', /^total, value 5$/);
    await value('i', /^i, value 3$/);
    log('Step Back again: line int sq = square(i); total still 5');
    await button(/^Step Back/).click();
    await waitForText('top stack frame', top, atLine(callLine), 30_000);
    await value('total', /^total, value 5$/);
    await value('i', /^i, value 3$/);

    log('HyperStep: Show Timeline');
    await runCommand(p, 'HyperStep: Show Timeline');
    const view = webviewFrame(p);
    await view.locator('.u-over').waitFor({ timeout: 30_000 });
    const status = await waitForText('timeline status', async () => (await view.locator('#status').textContent()) ?? '', /^History \d/, 30_000);
    log(`timeline: ${status}`);
    const stops = view.locator('#markList button.mark[data-lane="stops"]');
    await waitForText('the three breakpoint hits in the Breakpoints lane', async () => String(await stops.count()), /^[3-9]$|^\d\d+$/, 30_000);
    const marks = await stops.evaluateAll((els) => els.map((e) => ({
      clock: Number(e.getAttribute('data-clock')), px: Number(e.getAttribute('data-px')), py: Number(e.getAttribute('data-py')),
      kind: e.getAttribute('data-kind'), text: e.textContent ?? '',
    })));
    log(`stops lane: ${marks.map((m) => `${m.kind}@${m.clock}`).join(', ')}`);
    const hits = marks.filter((m) => m.kind === 'breakpoint').sort((a, b) => a.clock - b.clock);
    assert.ok(hits.length >= 3, 'a mark per breakpoint hit');
    const nowText = /now ([\d,]+)/.exec(status)?.[1] ?? '';
    assert.ok(hits[0].clock < Number(nowText.replace(/,/g, '')), 'the first hit is in the past');

    log(`hover, then click the first hit at (${hits[0].px}, ${hits[0].py}) of the plot`);
    const over = view.locator('.u-over');
    await over.hover({ position: { x: hits[0].px, y: hits[0].py } });
    await waitForText('the mark\'s tooltip', async () => (await view.locator('#tip').textContent()) ?? '', /· at [\d,]+$/, 10_000);
    await over.click({ position: { x: hits[0].px, y: hits[0].py } });
    await waitForText('top stack frame', top, atLine(bpLine), 30_000);
    await value('i', /^i, value 1$/);
    await value('total', /^total, value 1$/);
    await waitForText('timeline status', async () => (await view.locator('#status').textContent()) ?? '',
      new RegExp(`now ${hits[0].clock.toLocaleString('en-US')} `), 30_000);

    await p.mouse.move(1500, 990);
    await saveScreenshot(p, SCREENSHOT, 'time-travel.png');

    log('wheel over the first hit: the panel zooms around it and shows the marks of that range');
    const box = (await over.boundingBox())!;
    await p.mouse.move(box.x + hits[0].px, box.y + hits[0].py);
    for (let k = 0; k < 12; k++) await p.mouse.wheel(0, -100);
    const zoomed = await waitForText('a zoomed timeline', async () => (await view.locator('#status').textContent()) ?? '',
      /showing [\d,]+ – [\d,]+ ·/, 10_000);
    const [from, to] = [...zoomed.matchAll(/showing ([\d,]+) – ([\d,]+)/g)][0].slice(1).map((x) => Number(x.replace(/,/g, '')));
    log(`zoomed: ${from} – ${to}`);
    assert.ok(to - from < 600 && from <= hits[0].clock && hits[0].clock <= to, `${from}..${to} around ${hits[0].clock}`);
    const listed = async () => (await stops.evaluateAll((els) => els.map((e) => e.getAttribute('data-clock')))).join();
    await waitForText('the marks in view', listed, new RegExp(`^${hits[0].clock}$`), 10_000);
    await over.dblclick({ position: { x: 20, y: 10 } });
    await waitForText('the whole run again', async () => (await view.locator('#status').textContent()) ?? '', /showing 0 – /, 10_000);
    await waitForText('the top frame (a double-click does not travel)', top, atLine(bpLine), 5_000);

    log('Step Back to total += sq; then Reverse Step Into: the last line of square, which returned just before');
    await button(/^Step Back/).click();
    await waitForText('top stack frame', top, atLine(addLine), 30_000);
    await value('total', /^total, value 0$/);
    await button(/^Reverse Step Into/).click();
    await waitForText('top stack frame', top, /^Stack Frame square \[M\], line (12|13), hello\.c$/, 30_000);
    log(`in square: ${(await stackRows(p)).join(' | ')}`);
    await value('result', /^result, value 1$/);
    log('Reverse Step Out: back to the call in main');
    await button(/^Reverse Step Out/).click();
    await waitForText('top stack frame', top, atLine(callLine), 30_000);
    await value('i', /^i, value 1$/);

    log('HyperStep: Compare Snapshots… #1 with now');
    await runCommand(p, 'HyperStep: Compare Snapshots');
    await p.locator('.quick-input-widget', { hasText: 'Compare Snapshots (1/2)' }).waitFor();
    await p.locator('.quick-input-list [role="option"]', { hasText: '#1' }).first().click();
    await p.locator('.quick-input-widget', { hasText: 'Compare Snapshots (2/2)' }).waitFor();
    await p.locator('.quick-input-list [role="option"]', { hasText: 'now' }).first().click();
    await p.locator('.tab', { hasText: /^Diff #1 → now/ }).first().waitFor();
    const diff = await diffFrame(p);
    const heading = (await diff.locator('h1').textContent()) ?? '';
    log(`diff: ${heading}; ${(await diff.locator('summary').allTextContents()).join('; ')}`);
    assert.match(heading, /^snapshot #1 \(instruction 0\) → now \(instruction [\d,]+\)$/);
    assert.ok(await diff.locator('td.register', { hasText: /^pc$/ }).count() === 1, 'pc changed');
    assert.ok(await diff.locator('td.range').count() > 0, 'memory changed (the stack, at least)');
    await saveScreenshot(p, DIFF_SCREENSHOT, 'snapshot-diff.png');

    log('HyperStep: Save Snapshot… to a scratch file');
    const scratch = mkdtempSync(join(tmpdir(), 'hyperstep-snap-'));
    try {
      const file = join(scratch, 'here.hysnap');
      await runCommand(p, 'HyperStep: Save Snapshot');
      // code-server's own save dialog: a quick input holding the default path.
      await waitForText('the save dialog\'s default path', () => quickInput.inputValue(), /snapshot-\d+\.hysnap$/, 15_000);
      await quickInput.fill(file);
      await p.waitForTimeout(1_000); // the dialog checks the typed path
      await p.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).click();
      const note = p.locator('.notifications-toasts .notification-list-item-message', { hasText: /saved the machine/ });
      await note.waitFor({ timeout: 30_000 });
      log(`${await note.textContent()}`);
      assert.match((await note.textContent()) ?? '', /^HyperStep: saved the machine at instruction [\d,]+ to .*here\.hysnap \([\d.]+ (B|KiB|MiB)\)\.$/);
      assert.ok(statSync(file).size > 0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }

    log('Stop');
    await button(/^Stop/).click();
    await toolbar.waitFor({ state: 'hidden', timeout: 30_000 });
  });
});
