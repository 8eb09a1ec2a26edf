/**
 * End-to-end: hypervisor-aware debugging in a real VS Code (code-server 4.100.3 = VS
 * Code 1.100.3, web UI) driven through headless Chromium with playwright-core. Opens
 * examples/hypervisor (OpenSBI → the reference hypervisor in HS-mode → guest1 and guest2
 * in VS-mode), adds the function breakpoint `guest1::guest_work` from the Command
 * Palette, starts debugging, then adds `handle_vm_exit` and continues: the Call Stack
 * must show the hypervisor's frames, the VM-exit label row and guest1's frames down to
 * `guest_main`; selecting `guest_work [VS]` shows its local `round` in the Variables
 * view. Then "HyperStep: Translate Address" for `guest1:` + the address of guest1's
 * `counter` (from the ELF's symbol table) opens the translation view with
 * GVA → GPA → HPA and both stages, and a Continue to the next VM exit refreshes it.
 * Screenshots: test-artifacts/e2e-hypervisor-callstack.png and
 * test-artifacts/e2e-translation-view.png (e2e-hypervisor-failure.png on failure); with
 * HYPERSTEP_DOCS_SCREENSHOT=1 also docs/images/hypervisor-callstack.png and
 * docs/images/translation-view.png (docs/debugging.md).
 *
 * Needs Chromium and code-server, as vscode.test.ts, and Debian's OpenSBI (package
 * opensbi); skipped, with a message, when one of them is missing.
 */
import { strict as assert } from 'assert';
import { existsSync } from 'fs';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { symbolAddr } from '../../dap/helpers';
import { ROOT, log, stackRows, useVsCode, waitForText, saveScreenshot, webviewFrame } from './codeServer';

const EXAMPLE = join(ROOT, 'examples/hypervisor');
const FW = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const G1 = join(ROOT, 'guests/hypervisor/build/guest1.elf');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CALLSTACK_SCREENSHOT = join(ARTIFACTS, 'e2e-hypervisor-callstack.png');
const TRANSLATION_SCREENSHOT = join(ARTIFACTS, 'e2e-translation-view.png');
const FAILURE_SCREENSHOT = join(ARTIFACTS, 'e2e-hypervisor-failure.png');
const CONFIG_NAME = 'HyperStep: reference hypervisor'; // examples/hypervisor/.vscode/launch.json

/** Runs a command from the Command Palette (F1) by its title; leaves any input it opens. */
async function runCommand(p: Page, title: string): Promise<void> {
  const quickInput = p.locator('.quick-input-widget input');
  await p.keyboard.press('F1');
  await quickInput.waitFor({ state: 'visible' });
  await quickInput.fill(`>${title}`);
  await p.locator('.quick-input-list [role="option"]', { hasText: title }).first().waitFor();
  await p.keyboard.press('Enter');
}

/** "Add Function Breakpoint" (Command Palette): types `name` into the Breakpoints view's inline input. */
async function addFunctionBreakpoint(p: Page, name: string): Promise<void> {
  await runCommand(p, 'Add Function Breakpoint');
  const input = p.locator('.debug-breakpoints input[type="text"]');
  // The input is the list's last row: below the exception filters, maybe out of view.
  if (!(await input.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false))) {
    await p.screenshot({ path: join(ARTIFACTS, 'e2e-hypervisor-debug.png') });
    await input.waitFor({ state: 'visible' });
  }
  await input.fill(name);
  await p.keyboard.press('Enter');
  await p.locator(`.debug-breakpoints [role="checkbox"][aria-label^="${name}"]`).first().waitFor();
}

const translationView = webviewFrame;


describe('e2e: hypervisor debugging and the translation view in VS Code (code-server + headless Chromium)', function () {
  this.timeout(240_000);

  // Before useVsCode's hook: without OpenSBI the suite is skipped before code-server starts.
  before(function () {
    if (!existsSync(FW)) {
      log(`SKIP: ${FW} not found (apt-get install opensbi)`);
      this.skip();
    }
  });

  const vs = useVsCode(FAILURE_SCREENSHOT);

  it('stitches the call stack across a VM exit, shows guest locals and translates a guest address', async () => {
    const p = vs.page();
    const counter = `guest1:0x${symbolAddr(G1, 'counter').toString(16)}`;

    log(`opening ${EXAMPLE}`);
    await p.goto(`${vs.url()}/?folder=${encodeURIComponent(EXAMPLE)}`);
    await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await p.getByRole('treeitem', { name: 'README.md' }).waitFor({ timeout: 60_000 }); // explorer populated

    log('Run and Debug view');
    await p.locator('.activitybar [aria-label^="Run and Debug"]').first().click();
    const configSelect = p.locator('select[aria-label="Debug Launch Configurations"]');
    await configSelect.waitFor();
    type Select = { options: { text: string }[]; selectedIndex: number };
    assert.equal(await configSelect.evaluate((s) => { const sel = s as unknown as Select; return sel.options[sel.selectedIndex]?.text; }), CONFIG_NAME);

    log('collapse the (empty) Watch view: room for the Call Stack and Breakpoints');
    await p.locator('.pane-header[aria-label^="Watch"]').click();

    log('the translate command is hidden without a HyperStep session');
    const quickInput = p.locator('.quick-input-widget input');
    await p.keyboard.press('F1');
    await quickInput.fill('>HyperStep: Translate Address');
    await p.locator('.quick-input-list [role="option"]').first().waitFor(); // VS Code offers similar commands
    await p.waitForTimeout(500);
    assert.equal(await p.locator('.quick-input-list [role="option"]', { hasText: 'HyperStep: Translate Address' }).count(), 0);
    await p.keyboard.press('Escape');

    log('function breakpoint guest1::guest_work');
    await addFunctionBreakpoint(p, 'guest1::guest_work');

    log('start debugging (the view\'s start button)');
    const t0 = Date.now();
    await p.locator('.part.sidebar').getByRole('button', { name: /^Start Debugging/ }).click();
    await p.mouse.move(800, 900); // hide the button's hover
    await p.locator('.call-stack-state-message', { hasText: /Paused on (function )?breakpoint/i }).waitFor({ timeout: 60_000 });
    await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '', /^Stack Frame guest_work \[VS\]/, 30_000);
    log(`stopped in guest1's guest_work after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // The Breakpoints view is short and its many exception filters push the function
    // breakpoint input below its fold: collapse the views above it meanwhile.
    log('function breakpoint handle_vm_exit (Variables and Call Stack collapsed meanwhile), Continue');
    const headers = [p.locator('.pane-header[aria-label^="Variables"]'), p.locator('.pane-header[aria-label^="Call Stack"]')];
    for (const h of headers) await h.click();
    await addFunctionBreakpoint(p, 'handle_vm_exit');
    for (const h of headers) await h.click();
    await p.locator('.debug-toolbar [role="button"][aria-label^="Continue"]').click();
    await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '', /^Stack Frame handle_vm_exit \[HS\]/, 30_000);
    const all = await waitForText('call stack', async () => (await stackRows(p)).join('\n'), /guest_main \[VS\]/, 30_000);
    const rows = all.split('\n');
    log(`call stack:\n      ${rows.join('\n      ')}`);
    const label = rows.findIndex((r) => /VM exit: .+ from guest1 at 0x[0-9a-f]+/.test(r));
    assert.ok(label > 0, `a VM-exit label row below the hypervisor's frames:\n${all}`);
    assert.ok(rows.slice(0, label).every((r) => / \[HS\]/.test(r)), `hypervisor frames above the label:\n${all}`);
    const guest = rows.slice(label + 1);
    assert.ok(guest.some((r) => /^Stack Frame guest_work \[VS\]/.test(r)), `guest_work below the label:\n${all}`);
    assert.ok(guest.some((r) => /^Stack Frame guest_main \[VS\]/.test(r)), `guest_main below the label:\n${all}`);

    log('hide the panel and widen the side bar (the screenshots)');
    if (await p.locator('.part.panel').isVisible()) {
      await p.locator('.part.panel .action-label[aria-label^="Hide Panel"]').first().click();
      await p.locator('.part.panel').waitFor({ state: 'hidden' });
    }
    const bar = await p.locator('.part.sidebar').boundingBox();
    if (bar !== null) {
      await p.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
      await p.mouse.down();
      await p.mouse.move(bar.x + bar.width + 180, bar.y + bar.height / 2, { steps: 8 });
      await p.mouse.up();
    }

    log('select guest_work [VS]: its locals');
    await p.locator('.debug-call-stack [role="row"][aria-label^="Stack Frame guest_work [VS]"]').click();
    const variables = p.locator('.debug-variables');
    const round = variables.locator('[role="treeitem"][aria-label^="round, value "]');
    const scope = variables.locator('[role="treeitem"][aria-label="Scope Locals"]');
    await scope.waitFor();
    if (!(await round.waitFor({ timeout: 5_000 }).then(() => true, () => false))
      && (await scope.getAttribute('aria-expanded')) === 'false') {
      await scope.click(); // VS Code expands the first scope itself; only a collapsed one is clicked
    }
    await round.waitFor();
    assert.equal(await round.getAttribute('aria-label'), 'round, value 1'); // plain integers in decimal (hyperstep.numberFormat)
    await p.locator('.monaco-editor .debug-focused-stack-frame-line, .monaco-editor .debug-top-stack-frame-line').first().waitFor();
    await saveScreenshot(p, CALLSTACK_SCREENSHOT, 'hypervisor-callstack.png');

    log(`HyperStep: Translate Address ${counter}`);
    await runCommand(p, 'HyperStep: Translate Address');
    await p.locator('.quick-input-widget', { hasText: 'HyperStep: Translate Address' }).waitFor();
    await quickInput.fill(counter);
    await p.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });
    const view = translationView(p);
    const summary = await waitForText('translation summary', async () => (await view.locator('.chain').textContent({ timeout: 30_000 })) ?? '',
      /^GVA 0xffffffff8[0-9a-f]+ → GPA 0x8[0-9a-f]+ → HPA 0x8[0-9a-f]+$/, 30_000);
    log(`translation view: ${summary}`);
    assert.ok(summary.startsWith(`GVA ${counter.slice('guest1:'.length)} `));
    assert.deepEqual(await view.locator('vscode-collapsible.stage').evaluateAll((els) => els.map((e) => e.getAttribute('data-stage'))), ['VS', 'G']);
    const vsLevels = await view.locator('vscode-collapsible[data-stage="VS"] .stage-body > table.levels > tbody > tr.level').count();
    assert.ok(vsLevels >= 1, 'VS-stage levels');
    assert.equal(await view.locator('vscode-collapsible[data-stage="VS"] details.nested').count(), vsLevels, 'a G walk per VS level');
    await waitForText('translation status', async () => (await view.locator('#status').textContent()) ?? '', /^Translated at /, 10_000);
    log('widen the translation view (drag the sash between the editor groups)');
    const group = await p.locator('.part.editor .editor-group-container').last().boundingBox();
    if (group !== null) {
      await p.mouse.move(group.x - 1, group.y + group.height / 2);
      await p.mouse.down();
      await p.mouse.move(group.x - 300, group.y + group.height / 2, { steps: 8 });
      await p.mouse.up();
    }
    await p.mouse.move(1500, 990);
    await saveScreenshot(p, TRANSLATION_SCREENSHOT, 'translation-view.png');

    log('Continue: the next VM exit refreshes the view');
    await p.locator('.debug-toolbar [role="button"][aria-label^="Continue"]').click();
    await waitForText('translation status', async () => (await view.locator('#status').textContent()) ?? '', /^Refreshed at .* stopped\.$/, 30_000);
    assert.match((await view.locator('.chain').getAttribute('data-summary')) ?? '', /→ HPA 0x/);

    log('Stop (debug toolbar)');
    await p.locator('.debug-toolbar [role="button"][aria-label^="Stop"]').click();
    await p.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
    await waitForText('translation status', async () => (await view.locator('#status').textContent()) ?? '', /ended/, 10_000);
    log(`done ${((Date.now() - t0) / 1000).toFixed(1)} s after the start`);
  });
});
