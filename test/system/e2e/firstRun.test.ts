/**
 * End-to-end: a new user's first F5 in a real VS Code (code-server 4.100.3 = VS Code
 * 1.100.3, web UI, headless Chromium). A copy of examples/hello WITHOUT .vscode/launch.json
 * (hello.c and hello.elf only) is opened; the Run and Debug view offers HyperStep among
 * the automatic debug configurations; hello.c gets a breakpoint in main() (Go to Line,
 * F9); F5 in hello.c must start HyperStep without asking for a debugger or a program
 * (the extension finds hello.elf by the DWARF it carries, extension/elfForSource.ts) and
 * stop at the breakpoint. The Run view's "Debug with HyperStep…" lists hello.elf, and
 * "create a launch.json" writes a configuration for hello.elf, not a.out. Then the Get
 * Started walkthrough opens with its steps (test-artifacts/e2e-walkthrough.png) and its
 * first step, "Open Example…", copies the hello example into a new folder and opens it.
 * Last, the extension page shows its icon and the screenshot (test-artifacts/e2e-extension-page.png).
 * Screenshot: test-artifacts/e2e-first-f5.png, copied to docs/images/first-f5.png with
 * HYPERSTEP_DOCS_SCREENSHOT=1.
 *
 * Needs Chromium and code-server like vscode.test.ts (skipped with a message without them).
 */
import { strict as assert } from 'assert';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { ROOT, log, stackRows, useVsCode, waitForText, saveScreenshot } from './codeServer';

const EXAMPLE = join(ROOT, 'examples/hello');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'e2e-first-f5.png');
const FAILURE_SCREENSHOT = join(ARTIFACTS, 'e2e-first-f5-failure.png');
const BREAKPOINT_TEXT = 'total += sq;'; // a line in main()


/** The texts of the visible notifications (opening the notification centre if needed). */
async function notifications(p: Page): Promise<string[]> {
  return p.locator('.notification-list-item').allTextContents().catch(() => [] as string[]);
}

describe('e2e: the first F5 in a folder without launch.json (code-server + headless Chromium)', function () {
  this.timeout(180_000);
  let folder: string | undefined;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'hyperstep-first-f5-'));
    for (const f of ['hello.c', 'hello.elf']) copyFileSync(join(EXAMPLE, f), join(folder, f));
  });
  after(() => { if (folder !== undefined) rmSync(folder, { recursive: true, force: true }); });

  const vs = useVsCode(FAILURE_SCREENSHOT);

  it('F5 in hello.c debugs hello.elf and stops at the breakpoint; "create a launch.json" names hello.elf', async () => {
    const p = vs.page();
    const dir = folder as string;
    assert.ok(!existsSync(join(dir, '.vscode')), 'the folder has no .vscode');
    const bpLine = readFileSync(join(dir, 'hello.c'), 'utf8').split('\n').findIndex((l) => l.includes(BREAKPOINT_TEXT)) + 1;
    assert.ok(bpLine > 0);

    log(`opening ${dir}`);
    await p.goto(`${vs.url()}/?folder=${encodeURIComponent(dir)}`);
    await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await p.getByRole('treeitem', { name: 'hello.c' }).waitFor({ timeout: 60_000 });

    log('Quick Open: hello.c');
    const quickInput = p.locator('.quick-input-widget input');
    await p.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill('hello.c');
    await p.locator('.quick-input-list [role="option"]', { hasText: 'hello.c' }).first().waitFor();
    await p.keyboard.press('Enter');
    await p.getByRole('tab', { name: /^hello\.c/ }).waitFor();
    await p.locator('.part.editor .monaco-editor .view-lines', { hasText: BREAKPOINT_TEXT }).waitFor();

    log('Run and Debug view: no launch.json, HyperStep\'s welcome');
    await p.locator('.activitybar [aria-label^="Run and Debug"]').first().click();
    const welcome = p.locator('.part.sidebar .welcome-view');
    await welcome.getByText('HyperStep (RISC-V): press F5').waitFor();

    log(`Go to Line ${bpLine}, F9`);
    await p.locator('.part.editor .monaco-editor .view-lines').first().click();
    await p.keyboard.press('Control+G');
    await quickInput.waitFor({ state: 'visible' });
    await p.keyboard.type(String(bpLine));
    await p.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });
    await waitForText('status bar', async () => (await p.locator('.statusbar').textContent()) ?? '', new RegExp(`Ln ${bpLine},`), 10_000);
    await p.keyboard.press('F9');
    await p.locator('.monaco-editor .codicon-debug-breakpoint').first().waitFor();

    log('F5 in hello.c');
    await p.keyboard.press('F5');
    try {
      await p.locator('.debug-toolbar').waitFor({ timeout: 30_000 });
    } catch (e) {
      await p.screenshot({ path: FAILURE_SCREENSHOT });
      throw new Error(`no debug session after F5 (quick input: ${JSON.stringify(await p.locator('.quick-input-widget').textContent().catch(() => ''))}, ` +
        `notifications: ${JSON.stringify(await notifications(p))}): ${e instanceof Error ? e.message : String(e)}`);
    }
    await p.locator('.call-stack-state-message', { hasText: 'Paused on breakpoint' }).waitFor({ timeout: 60_000 });
    const top = await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '',
      new RegExp(`^Stack Frame main\\b.*, line ${bpLine}, hello\\.c$`), 30_000);
    await p.locator('.monaco-editor .debug-top-stack-frame-line').first().waitFor();
    log(`stopped: ${top}`);
    const variables = p.locator('.debug-variables');
    const local = (name: string) => variables.locator(`[role="treeitem"][aria-label^="${name}, value "]`);
    // VS Code expands the first scope by itself a moment after the stop (see vscode.test.ts).
    const scope = variables.locator('[role="treeitem"][aria-label="Scope Locals"]');
    if (!(await local('total').waitFor({ timeout: 5_000 }).then(() => true, () => false))
      && (await scope.getAttribute('aria-expanded')) === 'false') await scope.click();
    await local('sq').waitFor();
    log(`locals: ${await variables.locator('[role="treeitem"][aria-label*=", value "]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')).join('; '))}`);
    await p.mouse.move(800, 900);
    // The status bar item follows the Machines view's polling (about once a second).
    const status = await waitForText('HyperStep status bar item', async () => (await p.locator('.statusbar').textContent()) ?? '',
      /HyperStep.*(paused|hart)/, 5_000).catch((e: unknown) => String(e));
    log(`status bar: ${status}`);
    await saveScreenshot(p, SCREENSHOT, 'first-f5.png');

    log('Stop');
    await p.locator('.debug-toolbar [role="button"][aria-label^="Stop"]').click();
    await p.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });

    log('Run and Debug view: "Debug with HyperStep…" lists the workspace\'s ELF');
    await welcome.getByText('HyperStep (RISC-V): press F5').waitFor();
    await welcome.getByRole('button', { name: 'Debug with HyperStep…' }).click();
    await p.locator('.quick-input-list [role="option"]', { hasText: 'HyperStep: hello.elf' }).first().waitFor();
    await p.waitForTimeout(500); // every provider has answered
    const options = await p.locator('.quick-input-list [role="option"]').allTextContents();
    log(`quick pick: ${JSON.stringify(options)}`);
    assert.equal(options.length, 1, 'one entry: hello.elf, once');
    assert.match(options[0], /^HyperStep: hello\.elf/);
    // Cancelling the pick opens the general "debug " quick access: Escape closes that too.
    for (let i = 0; i < 5 && await quickInput.isVisible(); i++) {
      await p.keyboard.press('Escape');
      await p.waitForTimeout(500);
    }
    await quickInput.waitFor({ state: 'hidden' });

    log('"create a launch.json file" (the view\'s link) with hello.c active');
    await welcome.getByRole('button', { name: 'create a launch.json file' }).or(welcome.getByText('create a launch.json file')).first().click();
    const launchJson = join(dir, '.vscode', 'launch.json');
    await waitForText('launch.json', async () => (existsSync(launchJson) ? readFileSync(launchJson, 'utf8') : ''), /hello\.elf/, 30_000);
    const written = JSON.parse(readFileSync(launchJson, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { configurations: Record<string, unknown>[] };
    log(`launch.json: ${JSON.stringify(written.configurations)}`);
    assert.deepEqual(written.configurations.map((c) => [c.type, c.request, c.program, c.stopOnEntry]), [['hyperstep', 'launch', '${workspaceFolder}/hello.elf', false]]);
    await p.getByRole('tab', { name: /^launch\.json/ }).waitFor();
    const configSelect = p.locator('select[aria-label="Debug Launch Configurations"]');
    await waitForText('Run view drop-down', () => configSelect.evaluate((s) => Array.from((s as unknown as { options: ArrayLike<{ text: string }> }).options, (o) => o.text).join('|')),
      /HyperStep: hello\.elf/, 30_000);
  });

  it('the Get Started walkthrough opens, and its first step copies the hello example into a new folder', async () => {
    const p = vs.page();
    const quickInput = p.locator('.quick-input-widget input');
    log('Welcome: Open Walkthrough… → Get Started with HyperStep');
    await p.keyboard.press('F1');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill('>Welcome: Open Walkthrough');
    await p.locator('.quick-input-list [role="option"]', { hasText: 'Open Walkthrough' }).first().waitFor();
    await p.keyboard.press('Enter');
    await p.locator('.quick-input-list [role="option"]', { hasText: 'Get Started with HyperStep' }).first().click();
    const page = p.locator('.gettingStartedContainer');
    await page.getByText('Get Started with HyperStep').first().waitFor();
    for (const title of ['Open an example', 'Set a breakpoint in hello.c', 'Press F5', 'Open the Machines view', 'Try the assembler', 'Debug a hypervisor']) {
      await page.getByText(title, { exact: true }).first().waitFor();
    }
    await page.getByText('Press F5', { exact: true }).first().click();
    await p.waitForTimeout(1500);
    await p.screenshot({ path: join(ARTIFACTS, 'e2e-walkthrough.png') });
    log(`screenshot: ${join(ARTIFACTS, 'e2e-walkthrough.png')}`);

    // Steps tick as the user does them (package.json completionEvents).
    const done = (id: string) => page.locator(`.getting-started-step[data-step-id$="#${id}"]`).getAttribute('aria-checked');
    const waitDone = (id: string) => waitForText(`walkthrough step ${id}`, async () => String(await done(id)), /^true$/, 10_000);
    assert.equal(await done('machines'), 'false');
    log('Show Machines (step 5), then F9 and F5 in hello.c (steps 2 and 3)');
    await page.getByText('Open the Machines view', { exact: true }).first().click();
    await page.getByRole('button', { name: 'Show Machines' }).click();
    await p.locator('.pane-header', { hasText: 'Machines' }).first().waitFor();
    await p.getByRole('tab', { name: /^hello\.c/ }).click();
    await p.keyboard.press('F9'); // removes the breakpoint of the first test...
    await p.keyboard.press('F9'); // ...and sets it again
    await p.locator('.monaco-editor .codicon-debug-breakpoint').first().waitFor();
    await p.keyboard.press('F5'); // now with launch.json's configuration
    await p.locator('.debug-toolbar').waitFor({ timeout: 30_000 });
    await p.locator('.call-stack-state-message', { hasText: 'Paused on breakpoint' }).waitFor({ timeout: 30_000 });
    await p.locator('.debug-toolbar [role="button"][aria-label^="Stop"]').click();
    await p.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
    await p.getByRole('tab', { name: /Walkthrough/ }).click();
    for (const id of ['machines', 'breakpoint', 'startDebugging', 'inspect']) await waitDone(id);
    assert.equal(await done('hypervisor'), 'false');

    log('first step: Open Example… (hello) into the scratch folder');
    await page.getByText('Open an example', { exact: true }).first().click();
    await waitForText('step expanded', async () => String(await page.locator('.getting-started-step[data-step-id$="#openExample"]').getAttribute('aria-expanded')), /^true$/, 10_000);
    const helloOption = p.locator('.quick-input-list [role="option"]', { hasText: 'hello — C' }).first();
    for (let i = 0; i < 3 && !(await helloOption.isVisible()); i++) {
      await page.getByRole('button', { name: 'Open Example…' }).click();
      await helloOption.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await helloOption.click();
    const parent = folder as string;
    // code-server's folder dialog is a quick input: wait until it shows its start folder, then type ours.
    await p.locator('.quick-input-widget', { hasText: 'where to create hyperstep-hello' }).waitFor();
    await waitForText('folder dialog', () => quickInput.inputValue(), /^\//, 10_000);
    // The dialog fills in its start folder while it loads: type ours until it stays.
    for (let i = 0; i < 10 && (await quickInput.inputValue()) !== parent + '/'; i++) {
      await quickInput.fill(parent + '/');
      await p.waitForTimeout(1000);
    }
    assert.equal(await quickInput.inputValue(), parent + '/');
    await p.locator('.quick-input-widget').getByRole('button', { name: 'Create Example Here' }).click();
    await waitForText('new folder', () => p.title(), /hyperstep-hello/, 60_000);
    await p.getByRole('treeitem', { name: 'virt.h' }).waitFor({ timeout: 60_000 });
    await p.getByRole('treeitem', { name: 'hello.elf' }).waitFor();
    assert.ok(existsSync(join(parent, 'hyperstep-hello', 'hello.c')));
    assert.match(await p.title(), /hyperstep-hello/);
    log(`opened ${join(parent, 'hyperstep-hello')}`);
  });

  it('the extension page shows what HyperStep does, with its icon and the screenshot', async () => {
    const p = vs.page();
    log('Extensions view: HyperStep');
    await p.keyboard.press('Control+Shift+X');
    const search = p.locator('.extensions-viewlet .monaco-editor textarea, .extensions-viewlet .suggest-input-container textarea').first();
    await search.waitFor();
    await search.fill('@installed hyperstep');
    await p.locator('.extensions-viewlet .extension-list-item', { hasText: 'HyperStep' }).first().click();
    const editor = p.locator('.extension-editor');
    await editor.locator('.header .name', { hasText: 'HyperStep' }).waitFor();
    // The page is a webview (an iframe laid over the editor, its document one iframe further
    // down). The screenshot must load: a data: image.
    await p.locator('iframe.webview.ready').first().waitFor();
    const frames = await p.locator('iframe.webview.ready').count();
    let body = p.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
    for (let i = 0; i < frames; i++) {
      const candidate = p.frameLocator('iframe.webview.ready').nth(i).frameLocator('iframe#active-frame');
      if (await candidate.getByRole('heading', { name: 'Your first F5' }).isVisible().catch(() => false)) body = candidate;
    }
    await body.getByRole('heading', { name: 'Your first F5' }).waitFor();
    const shot = body.locator('img').first();
    await waitForText('screenshot on the extension page', async () => String(await shot.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)), /^1[0-9]{3}$/, 15_000);
    await p.screenshot({ path: join(ARTIFACTS, 'e2e-extension-page.png') });
    log(`screenshot: ${join(ARTIFACTS, 'e2e-extension-page.png')}`);
  });
});
