/**
 * End-to-end: the workbench's live machine status in a real VS Code (code-server +
 * headless Chromium). A scratch folder with one launch configuration (guests/debug's
 * spin.elf, a guest that runs forever) is opened; the HyperStep activity-bar container's
 * Machines view lists the configuration; its inline Start action starts it; while the
 * guest runs the view's session row counts instructions and MIPS that grow between two
 * readings, and the status bar item (`HyperStep ▶ N MIPS · N insns · hart0 [M]`) changes
 * too; the session row's Pause action pauses it (the row and the status bar item say
 * paused, with the hart's symbol), and Stop ends it.
 * Screenshots: test-artifacts/e2e-machines-view.png (…-failure.png on failure) and with
 * HYPERSTEP_DOCS_SCREENSHOT=1 docs/images/machines-view.png.
 */
import { strict as assert } from 'assert';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Locator } from 'playwright-core';
import { ROOT, log, useVsCode, waitForText } from './codeServer';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'e2e-machines-view.png');
const FAILURE_SCREENSHOT = join(ARTIFACTS, 'e2e-machines-view-failure.png');
const SPIN = join(ROOT, 'guests/debug/build/spin.elf');
const CONFIG_NAME = 'HyperStep: spin';

/** The number in "1.23 G  (1,234,567,890)". */
function exactCount(text: string): number {
  const m = /\(([\d,]+)\)/.exec(text);
  assert.ok(m, `an exact count in ${JSON.stringify(text)}`);
  return Number(m[1].replace(/,/g, ''));
}

/** A row of the Machines view whose text contains `text`. */
function row(view: Locator, text: string | RegExp): Locator {
  return view.locator('.monaco-list-row', { hasText: text }).first();
}

async function rowAction(r: Locator, label: RegExp): Promise<void> {
  await r.hover();
  await r.getByRole('button', { name: label }).first().click();
}

describe('e2e: the Machines view and the status bar item in VS Code', function () {
  this.timeout(180_000);
  const vs = useVsCode(FAILURE_SCREENSHOT);
  let folder: string | undefined;
  after(() => { if (folder !== undefined) rmSync(folder, { recursive: true, force: true }); });

  it('lists the launch configuration, starts it, shows live counters, pauses and stops it', async () => {
    folder = mkdtempSync(join(tmpdir(), 'hyperstep-machines-'));
    mkdirSync(join(folder, '.vscode'));
    copyFileSync(SPIN, join(folder, 'spin.elf'));
    writeFileSync(join(folder, '.vscode/launch.json'), JSON.stringify({
      version: '0.2.0',
      configurations: [{ type: 'hyperstep', request: 'launch', name: CONFIG_NAME, program: '${workspaceFolder}/spin.elf', stopOnEntry: false }],
    }, null, 2));

    const p = vs.page();
    log(`opening ${folder}`);
    await p.goto(`${vs.url()}/?folder=${encodeURIComponent(folder)}`);
    await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await p.getByRole('treeitem', { name: 'spin.elf' }).waitFor({ timeout: 60_000 });

    log('HyperStep activity-bar container: the Machines view lists the configuration');
    await p.locator('.activitybar [aria-label^="HyperStep"]').first().click();
    const view = p.locator('.pane', { has: p.locator('.pane-header[aria-label^="Machines"]') });
    await view.waitFor();
    const config = row(view, CONFIG_NAME);
    await config.waitFor({ timeout: 30_000 });
    assert.match(await config.textContent() ?? '', /spin\.elf/);

    log('Start Machine (the row\'s inline action)');
    await rowAction(config, /^Start Machine/);
    await p.locator('.debug-toolbar').waitFor({ timeout: 30_000 });
    log('VS Code switched to Run and Debug: back to the HyperStep container');
    await p.locator('.activitybar [aria-label^="HyperStep"]').first().click();
    const session = view.locator('.monaco-list-row', { hasText: /running · [\d.]+ MIPS/ }).first();
    await session.waitFor({ timeout: 30_000 });
    const instructions = row(view, /^Instructions/);
    const first = exactCount(await waitForText('instructions', async () => (await instructions.textContent()) ?? '', /\([\d,]+\)/, 15_000));
    const statusItem = p.locator('.statusbar-item', { hasText: /^HyperStep/ }).first();
    const bar1 = await waitForText('status bar item', async () => (await statusItem.textContent()) ?? '', /^HyperStep\s+[\d.]+ MIPS · [\d.]+( [kMGT])? insns · hart0 \[M\]$/, 15_000);
    log(`status bar: ${bar1}; instructions ${first}`);
    await p.waitForTimeout(2500);
    const second = exactCount((await instructions.textContent()) ?? '');
    const bar2 = (await statusItem.textContent()) ?? '';
    log(`2.5 s later: ${second} instructions; status bar: ${bar2}`);
    assert.ok(second > first + 1_000_000, `the view's instruction count grows while the guest runs (${first} → ${second})`);
    assert.notEqual(bar2, bar1, 'the status bar item updates');
    assert.match(await row(view, /^Speed/).textContent() ?? '', /[\d.]+ MIPS/);
    assert.match(await row(view, /^hart 0 \[M\]/).textContent() ?? '', /main|0x8/);
    await p.mouse.move(800, 600);
    await p.keyboard.press('Escape'); // the activity bar's hover
    await p.waitForTimeout(600);
    await p.screenshot({ path: SCREENSHOT });
    if (process.env.HYPERSTEP_DOCS_SCREENSHOT === '1') {
      mkdirSync(join(ROOT, 'docs/images'), { recursive: true });
      copyFileSync(SCREENSHOT, join(ROOT, 'docs/images/machines-view.png'));
      log('copied to docs/images/machines-view.png');
    }

    log('Pause Machine (the session row\'s inline action)');
    await rowAction(session, /^Pause Machine/);
    await view.locator('.monaco-list-row', { hasText: /paused/ }).first().waitFor({ timeout: 15_000 });
    const paused = await waitForText('status bar item', async () => (await statusItem.textContent()) ?? '', /^HyperStep\s+[\d.]+( [kMGT])? insns · hart0 \[M\] main/, 15_000);
    log(`paused: ${paused}`);
    const a = exactCount((await instructions.textContent()) ?? '');
    await p.waitForTimeout(1500);
    assert.equal(exactCount((await instructions.textContent()) ?? ''), a, 'a paused machine retires nothing');

    log('Stop Machine');
    await rowAction(view.locator('.monaco-list-row', { hasText: /paused/ }).first(), /^Stop Machine/);
    await view.locator('.monaco-list-row', { hasText: /ended|exited/ }).first().waitFor({ timeout: 15_000 });
    await statusItem.waitFor({ state: 'hidden', timeout: 15_000 });
    log('done');
  });
});
