/**
 * End-to-end: HyperStep in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, web UI)
 * driven through headless Chromium with playwright-core. Installs the VSIX built from
 * dist/, opens examples/hello, sets a breakpoint in hello.c with Quick Open, Go to Line
 * and F9, starts debugging with the Run and Debug view's start button, then checks the
 * stop (call stack, editor decoration), the Variables view (Registers scope, locals),
 * Step Over, the UART terminal, and stopping the session. Saves a screenshot to
 * test-artifacts/e2e-vscode.png (test-artifacts/e2e-vscode-failure.png on failure).
 *
 * Needs Chromium (Debian package chromium, or $HYPERSTEP_CHROMIUM) and code-server
 * (installed on first use by scripts/e2eSetup.sh, or $HYPERSTEP_CODE_SERVER); the test
 * is skipped, with a message, only when one of them cannot be found or installed.
 */
import { strict as assert } from 'assert';
import { mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Locator } from 'playwright-core';
import {
  ROOT, log, stackRows, terminalText, useVsCode, waitForText,
} from './codeServer';

const EXAMPLE = join(ROOT, 'examples/hello');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'e2e-vscode.png');
const FAILURE_SCREENSHOT = join(ARTIFACTS, 'e2e-vscode-failure.png');
const CONFIG_NAME = 'HyperStep: hello'; // examples/hello/.vscode/launch.json
const BREAKPOINT_TEXT = 'total += sq;';  // a line in main() with locals total, i and sq in scope

/** 1-based line of the first line of hello.c containing `text`. */
function lineOf(text: string): number {
  const i = readFileSync(join(EXAMPLE, 'hello.c'), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `hello.c has no line containing ${text}`);
  return i + 1;
}

describe('e2e: HyperStep in VS Code (code-server + headless Chromium)', function () {
  this.timeout(120_000);
  const vs = useVsCode(FAILURE_SCREENSHOT);

  it('stops at a breakpoint, shows registers and locals, steps over, shows the UART and stops', async () => {
    const p = vs.page();
    const bpLine = lineOf(BREAKPOINT_TEXT);

    log(`opening ${EXAMPLE}`);
    await p.goto(`${vs.url()}/?folder=${encodeURIComponent(EXAMPLE)}`);
    await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await p.getByRole('treeitem', { name: 'hello.c' }).waitFor({ timeout: 60_000 }); // explorer populated

    log('Quick Open: hello.c');
    const quickInput = p.locator('.quick-input-widget input');
    await p.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill('hello.c');
    await p.locator('.quick-input-list [role="option"]', { hasText: 'hello.c' }).first().waitFor();
    await p.keyboard.press('Enter');
    await p.getByRole('tab', { name: /^hello\.c/ }).waitFor();
    await p.locator('.monaco-editor .view-lines', { hasText: BREAKPOINT_TEXT }).waitFor();

    log(`Go to Line ${bpLine}, F9`);
    await p.keyboard.press('Control+G');
    await quickInput.waitFor({ state: 'visible' });
    await p.keyboard.type(String(bpLine));
    await p.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });
    await waitForText('status bar', async () => (await p.locator('.statusbar').textContent()) ?? '', new RegExp(`Ln ${bpLine},`), 10_000);
    await p.keyboard.press('F9');
    await p.locator('.monaco-editor .codicon-debug-breakpoint').first().waitFor();

    log('Run and Debug view');
    await p.locator('.activitybar [aria-label^="Run and Debug"]').first().click();
    const configSelect = p.locator('select[aria-label="Debug Launch Configurations"]');
    await configSelect.waitFor();
    type Select = { options: { text: string }[]; selectedIndex: number };
    assert.equal(await configSelect.evaluate((s) => { const sel = s as unknown as Select; return sel.options[sel.selectedIndex]?.text; }), CONFIG_NAME);
    await p.locator('.debug-breakpoints [role="checkbox"][aria-label^="hello.c "]').first().waitFor();
    assert.match(await p.locator('.debug-breakpoints [role="checkbox"][aria-label^="hello.c "]').first().getAttribute('aria-label') ?? '',
      new RegExp(`^hello\\.c ${bpLine}\\b`));

    log('start debugging (the view\'s start button)');
    await p.locator('.part.sidebar').getByRole('button', { name: /^Start Debugging/ }).click();
    await p.mouse.move(800, 900); // hide the button's hover

    log('waiting for the stop at the breakpoint');
    await p.locator('.call-stack-state-message', { hasText: 'Paused on breakpoint' }).waitFor({ timeout: 60_000 });
    await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '',
      new RegExp(`^Stack Frame main\\b.*, line ${bpLine}, hello\\.c$`), 30_000);
    const top = (await stackRows(p))[0];
    await p.locator('.monaco-editor .debug-top-stack-frame-line').first().waitFor(); // the stopped-line decoration
    log(`stopped: ${top}`);

    log('Variables view: Registers scope and locals');
    const variables = p.locator('.debug-variables');
    await variables.locator('[role="treeitem"][aria-label="Scope Registers"]').waitFor();
    const local = (name: string): Locator => variables.locator(`[role="treeitem"][aria-label^="${name}, value "]`);
    // VS Code expands the first scope by itself, a moment after the stop: clicking before
    // that would collapse it. Click only a scope that is still collapsed after a wait.
    const scope = variables.locator('[role="treeitem"][aria-label="Scope Locals"]');
    if (!(await local('total').waitFor({ timeout: 5_000 }).then(() => true, () => false))
      && (await scope.getAttribute('aria-expanded')) === 'false') {
      await scope.click(); // expand if collapsed
    }
    await local('total').waitFor();
    await local('sq').waitFor();
    log(`locals: ${await variables.locator('[role="treeitem"][aria-label*=", value "]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')).join('; '))}`);

    log('Step Over (debug toolbar)');
    await p.locator('.debug-toolbar [role="button"][aria-label^="Step Over"]').click();
    await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '', new RegExp(`, line ${bpLine + 1}, hello\\.c$`), 30_000);
    log(`stepped: ${(await stackRows(p))[0]}`);

    log('Step Over the printf: its output appears in the UART terminal');
    await p.locator('.debug-toolbar [role="button"][aria-label^="Step Over"]').click();
    await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '', /, line \d+, hello\.c$/, 30_000);
    await p.getByRole('tab', { name: /Terminal/ }).first().click().catch(() => undefined);
    await waitForText('UART terminal', () => terminalText(p), /hello 1: 1 squared is 1/, 30_000);
    await p.locator('.part.panel').getByText(`HyperStep UART (${CONFIG_NAME})`).first().waitFor();

    mkdirSync(ARTIFACTS, { recursive: true });
    await p.screenshot({ path: SCREENSHOT });
    log(`screenshot: ${SCREENSHOT}`);

    log('Stop (debug toolbar)');
    await p.locator('.debug-toolbar [role="button"][aria-label^="Stop"]').click();
    await p.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
    await waitForText('UART terminal', () => terminalText(p), /\[session ended\]/, 10_000);
    log('session ended');
  });
});
