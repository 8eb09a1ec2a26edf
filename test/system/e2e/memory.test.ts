/**
 * End-to-end: the memory view in a real VS Code (code-server + headless Chromium).
 * Debugs examples/hello to the breakpoint on `total += sq;`, right-clicks the local
 * `total` in the Variables view and picks "Show Memory" from its context menu: the
 * webview shows the stack memory around `total` (its address from the DAP
 * memoryReference, its group marked as the target, its bytes those of its value). Step
 * Over changes `total` from 0 to 1: the view refreshes at the stop and highlights exactly
 * that byte (class `chg` on its group and ASCII character). Then the group is edited in
 * place (double-click, type, Enter): the value is written with DAP writeMemory, read
 * back, and the Variables view (after a step) sees it. "HyperStep: Show Memory" from
 * the Command Palette then shows `&i` in the same panel. Screenshot:
 * test-artifacts/e2e-memory-view.png (…-failure.png on failure), with
 * HYPERSTEP_DOCS_SCREENSHOT=1 also docs/images/memory-view.png (docs/debugging.md).
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Locator, Page } from 'playwright-core';
import { ROOT, log, stackRows, useVsCode, waitForText, saveScreenshot, webviewFrame } from './codeServer';

const EXAMPLE = join(ROOT, 'examples/hello');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'e2e-memory-view.png');
const FAILURE_SCREENSHOT = join(ARTIFACTS, 'e2e-memory-view-failure.png');
const CONFIG_NAME = 'HyperStep: hello'; // examples/hello/.vscode/launch.json
const BREAKPOINT_TEXT = 'total += sq;';

function lineOf(text: string): number {
  const i = readFileSync(join(EXAMPLE, 'hello.c'), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `hello.c has no line containing ${text}`);
  return i + 1;
}

const memoryView = webviewFrame;


/** Step Over, then wait for the top frame to be at a line matching `line`. */
async function stepOver(p: Page, line: RegExp): Promise<void> {
  await p.locator('.debug-toolbar [role="button"][aria-label^="Step Over"]').click();
  await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '', new RegExp(`, line ${line.source}, hello\\.c$`), 30_000);
}

/** Runs a command from the Command Palette (F1) by its title; leaves any input it opens. */
async function runCommand(p: Page, title: string): Promise<void> {
  const quickInput = p.locator('.quick-input-widget input');
  await p.keyboard.press('F1');
  await quickInput.waitFor({ state: 'visible' });
  await quickInput.fill(`>${title}`);
  await p.locator('.quick-input-list [role="option"]', { hasText: title }).first().waitFor();
  await p.keyboard.press('Enter');
}

/** Right-click `row` and pick "Show Memory" from its context menu. */
async function showMemoryFrom(p: Page, row: Locator): Promise<void> {
  await row.click({ button: 'right' });
  const item = p.locator('.context-view .action-item', { hasText: /^Show Memory$/ }).first();
  await item.waitFor();
  // The menu ignores a click that comes right after it opened (the right button's release).
  await item.hover();
  await p.waitForTimeout(500);
  await item.click();
  await p.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
}

describe('e2e: the memory view in VS Code (code-server + headless Chromium)', function () {
  this.timeout(180_000);
  const vs = useVsCode(FAILURE_SCREENSHOT);

  it('opens from a local\'s context menu, highlights the bytes a step changed and writes an edited group', async () => {
    const p = vs.page();
    const bpLine = lineOf(BREAKPOINT_TEXT);

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
    await p.locator('.monaco-editor .view-lines', { hasText: BREAKPOINT_TEXT }).waitFor();
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
    await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '', new RegExp(`, line ${bpLine}, hello\\.c$`), 30_000);

    log('hide the panel (room for the views)');
    if (await p.locator('.part.panel').isVisible()) {
      await p.locator('.part.panel .action-label[aria-label^="Hide Panel"]').first().click();
      await p.locator('.part.panel').waitFor({ state: 'hidden' });
    }

    log('Variables view: the local total');
    const variables = p.locator('.debug-variables');
    const local = (name: string): Locator => variables.locator(`[role="treeitem"][aria-label^="${name}, value "]`);
    const scope = variables.locator('[role="treeitem"][aria-label="Scope Locals"]');
    await scope.waitFor();
    if (!(await local('total').waitFor({ timeout: 5_000 }).then(() => true, () => false))
      && (await scope.getAttribute('aria-expanded')) === 'false') {
      await scope.click();
    }
    await local('total').waitFor();
    const before = await local('total').getAttribute('aria-label');
    log(`${before}`);
    assert.match(before ?? '', /^total, value (0x0|0)$/);

    log('right-click total → Show Memory');
    await showMemoryFrom(p, local('total'));

    const view = memoryView(p);
    const table = view.locator('table.mem');
    await table.waitFor({ timeout: 30_000 });
    const status = await waitForText('memory status', async () => (await view.locator('#status').textContent()) ?? '',
      /^total → 0x[0-9a-f]+ · read at /, 10_000);
    log(`status: ${status}`);
    const address = BigInt(/→ (0x[0-9a-f]+)/.exec(status)![1]);
    assert.equal(await p.locator('.tab', { hasText: 'Memory: total' }).count() > 0, true, 'the panel is titled after its target');
    // The target group: the 4-byte group at total's address, holding its value 0.
    const target = view.locator('td.g.target');
    assert.equal(await target.count(), 1);
    assert.equal(await target.getAttribute('data-addr'), `0x${address.toString(16).padStart(8, '0')}`);
    assert.equal(await target.textContent(), '00000000');
    const rows = await view.locator('table.mem tbody tr').count();
    assert.equal(rows, 256 / 16, '256 bytes in rows of 16');
    assert.equal(await view.locator('td.g.chg').count(), 0, 'nothing changed yet');
    // i and sq (both 1) sit below total on the stack: their groups read 00000001.
    const groupsText = await view.locator('td.g').allTextContents();
    log(`groups around total: ${groupsText.slice(0, 12).join(' ')}`);
    assert.ok(groupsText.filter((t) => t === '00000001').length >= 2, 'i and sq are in the window');

    log('Step Over: total becomes 1');
    await stepOver(p, new RegExp(String(bpLine + 1)));
    await waitForText('memory status', async () => (await view.locator('#status').textContent()) ?? '', /refreshed at .* when session .* stopped/, 30_000);
    await view.locator('td.g.chg').first().waitFor();
    const changed = await view.locator('td.g.chg').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-addr')}=${e.textContent}`));
    log(`changed groups: ${changed.join(', ')}`);
    assert.deepEqual(changed, [`0x${address.toString(16).padStart(8, '0')}=00000001`], 'exactly total\'s group changed');
    assert.equal(await view.locator('td.ascii span.chg').count(), 1, 'one changed byte in the ASCII column');
    assert.match((await view.locator('.changes').textContent()) ?? '', /^1 byte changed since the previous stop$/);
    assert.equal(await view.locator('td.g.target').getAttribute('class'), 'g chg target');

    log('widen the memory view (drag the sash between the editor groups)');
    const group = await p.locator('.part.editor .editor-group-container').last().boundingBox();
    if (group !== null) {
      await p.mouse.move(group.x - 1, group.y + group.height / 2);
      await p.mouse.down();
      await p.mouse.move(group.x - 60, group.y + group.height / 2, { steps: 8 });
      await p.mouse.up();
    }
    await p.mouse.move(1500, 990);
    await p.waitForTimeout(500); // the sash's hover highlight fades
    await saveScreenshot(p, SCREENSHOT, 'memory-view.png');

    log('edit total\'s group: double-click, 2a, Enter');
    await view.locator('td.g.target').dblclick();
    const input = view.locator('td.g.target input.edit');
    await input.waitFor();
    assert.equal(await input.inputValue(), '00000001');
    await input.fill('2a');
    await input.press('Enter');
    // Written, then read back: the view re-renders (no `pending` class) with the new value.
    await view.locator('td.g.target:not(.pending)', { hasText: /^0000002a$/ }).waitFor({ timeout: 10_000 });
    await waitForText('memory status', async () => (await view.locator('#status').textContent()) ?? '', /· read at /, 10_000);
    log('Escape cancels an edit');
    await view.locator('td.g.target').dblclick();
    await input.waitFor();
    await input.fill('ffffffff');
    await input.press('Escape');
    await input.waitFor({ state: 'detached' });
    assert.equal(await view.locator('td.g.target').textContent(), '0000002a');

    log('the program sees the written value: the Variables view after stepping over the printf');
    await stepOver(p, new RegExp(`(?!${bpLine + 1}\\b)\\d+`));
    await waitForText('total in the Variables view', async () => (await local('total').getAttribute('aria-label')) ?? '', /^total, value (0x2a|42)$/, 30_000);
    assert.equal(await view.locator('td.g.target').textContent(), '0000002a');

    log('Command Palette: HyperStep: Show Memory, &i');
    await runCommand(p, 'HyperStep: Show Memory');
    await p.locator('.quick-input-widget', { hasText: 'HyperStep: Show Memory' }).waitFor();
    assert.equal(await quickInput.inputValue(), 'total', 'the box offers the last target');
    await quickInput.fill('&i');
    await p.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });
    const iStatus = await waitForText('memory status', async () => (await view.locator('#status').textContent()) ?? '',
      /^&i → 0x[0-9a-f]+ · read at /, 10_000);
    const iAddress = BigInt(/→ (0x[0-9a-f]+)/.exec(iStatus)![1]);
    assert.equal(iAddress, address - 4n, 'i is the int below total on the stack');
    assert.equal(await view.locator('td.g.target').getAttribute('data-addr'), `0x${iAddress.toString(16).padStart(8, '0')}`);
    await p.locator('.tab', { hasText: 'Memory: &i' }).first().waitFor();
    assert.equal(await p.locator('iframe.webview').count(), 1, 'the panel is reused');

    log('Stop');
    await p.locator('.debug-toolbar [role="button"][aria-label^="Stop"]').click();
    await p.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
    await waitForText('memory status', async () => (await view.locator('#status').textContent()) ?? '', /ended/, 10_000);
  });
});
