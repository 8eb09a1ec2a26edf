/**
 * End-to-end: Debian Linux in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, web
 * UI) driven through headless Chromium with playwright-core. Installs the VSIX built
 * from dist/, opens examples/linux, presses F5 (its only configuration, "HyperStep:
 * Debian Linux": Debian's riscv64 kernel through OpenSBI to a busybox shell), waits for
 * the initramfs's banner and the shell prompt in the "HyperStep UART (...)" terminal,
 * types `uname -r` there and checks the kernel version it prints, takes a screenshot,
 * then types `poweroff -f`: the session must end ("[session ended]" in the terminal,
 * "guest powered off, exit code 0" in the Debug Console).
 * Saves the screenshot to test-artifacts/e2e-linux.png (e2e-linux-failure.png on
 * failure); with HYPERSTEP_DOCS_SCREENSHOT=1 also to docs/images/linux-vscode.png, the
 * README's picture.
 *
 * Needs Chromium and code-server, as vscode.test.ts, plus Debian's OpenSBI (package
 * opensbi) and the Debian kernel images, fetched into ~/.cache/hyperstep/linux on first
 * use (emulator/host/nodeLinuxImages.ts; about 110 MB with apt, or already cached). The
 * test is skipped, with a message, when any of them cannot be found, installed or
 * fetched (HYPERSTEP_LINUX_OFFLINE=1: only a cache is used). The boot to the shell takes
 * about 40-90 s of host time.
 */
import { strict as assert } from 'assert';
import { copyFileSync, existsSync, mkdirSync } from 'fs';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { OPENSBI_FW_JUMP } from '../../../emulator/host/nodeLinuxBoot';
import { defaultCacheDir, ensureLinuxImages } from '../../../emulator/host/nodeLinuxImages';
import { ROOT, log, useVsCode, waitForText } from './codeServer';

const EXAMPLE = join(ROOT, 'examples/linux');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'e2e-linux.png');
const FAILURE_SCREENSHOT = join(ARTIFACTS, 'e2e-linux-failure.png');
const DOCS_SCREENSHOT = join(ROOT, 'docs/images/linux-vscode.png');
const CONFIG_NAME = 'HyperStep: Debian Linux'; // examples/linux/.vscode/launch.json
const TERMINAL_NAME = `HyperStep UART (${CONFIG_NAME})`;
const BANNER = 'HyperStep initramfs: Linux'; // printed by /init (DEFAULT_SCRIPT in nodeLinuxImages.ts)
const BOOT_TIMEOUT = 5 * 60_000;

/**
 * The rows of the visible terminal, one line each (xterm's DOM renderer: a div per row;
 * only the rows in view). Non-breaking spaces become spaces.
 */
async function terminalLines(p: Page): Promise<string> {
  const rows = await p.locator('.terminal-wrapper.active .xterm-rows > div').allTextContents();
  return rows.map((r) => r.replace(/\u00a0/g, ' ').trimEnd()).join('\n').replace(/\n+$/, '');
}

/** Runs a command from the Command Palette (F1) by its title. */
async function runCommand(p: Page, title: string): Promise<void> {
  const quickInput = p.locator('.quick-input-widget input');
  await p.keyboard.press('F1');
  await quickInput.waitFor({ state: 'visible' });
  await quickInput.fill(`>${title}`);
  await p.locator('.quick-input-list [role="option"]', { hasText: title }).first().waitFor();
  await p.keyboard.press('Enter');
  await quickInput.waitFor({ state: 'hidden' });
}

/** Focuses the UART terminal (a click in its rows) and types `line` + Enter, key by key. */
async function typeInTerminal(p: Page, line: string): Promise<void> {
  await p.locator('.terminal-wrapper.active .xterm-screen').click();
  await p.keyboard.type(line, { delay: 20 });
  await p.keyboard.press('Enter');
}

describe('e2e: Debian Linux in VS Code (code-server + headless Chromium)', function () {
  this.timeout(10 * 60_000);
  let version = '';
  const savedEnv: Record<string, string | undefined> = {};

  // Registered before useVsCode's hook so that a missing kernel skips the suite before
  // code-server starts (mocha runs no further `before` hooks after a skip).
  before(async function () {
    this.timeout(10 * 60_000); // a first fetch of the kernel takes a minute or two
    if (!existsSync(OPENSBI_FW_JUMP)) {
      log(`SKIP: ${OPENSBI_FW_JUMP} not found (apt-get install opensbi, or set HYPERSTEP_OPENSBI)`);
      this.skip();
    }
    const cacheDir = defaultCacheDir();
    try {
      const images = await ensureLinuxImages({ cacheDir, offline: process.env.HYPERSTEP_LINUX_OFFLINE === '1', log: (l) => log(l) });
      version = images.version;
    } catch (e) {
      log(`SKIP: the Debian Linux images cannot be had: ${e instanceof Error ? e.message : String(e)}`);
      this.skip();
    }
    log(`Linux ${version} cached in ${cacheDir}`);
    // code-server runs with its own XDG_CACHE_HOME (a scratch directory): point the
    // adapter at this cache, and never let it download.
    for (const k of ['HYPERSTEP_LINUX_CACHE', 'HYPERSTEP_LINUX_OFFLINE']) savedEnv[k] = process.env[k];
    process.env.HYPERSTEP_LINUX_CACHE = cacheDir;
    process.env.HYPERSTEP_LINUX_OFFLINE = '1';
  });
  after(() => {
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const vs = useVsCode(FAILURE_SCREENSHOT);

  it('boots to the busybox shell with F5, runs uname -r in the UART terminal and powers off', async () => {
    const p = vs.page();
    await p.setViewportSize({ width: 1280, height: 800 }); // the README's picture

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

    log('Quick Open: README.md (the editor gets the focus, as for a user pressing F5)');
    const quickInput = p.locator('.quick-input-widget input');
    await p.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill('README.md');
    await p.locator('.quick-input-list [role="option"]', { hasText: 'README.md' }).first().waitFor();
    await p.keyboard.press('Enter');
    await p.getByRole('tab', { name: /^README\.md/ }).waitFor();
    await p.locator('.part.editor .monaco-editor .view-lines', { hasText: 'Debian Linux in VS Code' }).waitFor();

    log('F5: start debugging (boots Linux)');
    const t0 = Date.now();
    await p.keyboard.press('F5');
    try {
      await p.locator('.debug-toolbar').waitFor({ timeout: 60_000 });
    } catch (e) {
      await p.locator('.statusbar [aria-label*="otification"]').last().click().catch(() => undefined); // the notification centre
      const notes = await p.locator('.notification-list-item').allTextContents().catch(() => [] as string[]);
      // VS Code deletes "linux", "windows" and "osx" from every launch configuration (its
      // per-platform overrides): that is why the attribute is "debianLinux".
      const stripped = notes.some((n) => n.includes('set "program"')) ? ' (the launch configuration reached the extension without "debianLinux")' : '';
      throw new Error(`no debug session after F5${stripped} (notifications: ${JSON.stringify(notes)}): ${e instanceof Error ? e.message : String(e)}`);
    }
    await p.locator('.part.panel').getByText(TERMINAL_NAME).first().waitFor({ timeout: 60_000 });
    await waitForText('UART terminal (kernel console)', () => terminalLines(p), /OpenSBI|Linux version |\[\s*\d+\.\d+\]/, 60_000);
    log('the kernel console is in the UART terminal; waiting for the shell');

    log('maximizing the panel (more of the console in view)');
    await runCommand(p, 'View: Toggle Maximized Panel');

    const boot = await waitForText('UART terminal (shell prompt)', () => terminalLines(p),
      new RegExp(`${BANNER} ${version.replace(/[.+]/g, '\\$&')}[^\\n]*\\n(?:.*\\n)*[^\\n]*[#$]$`), BOOT_TIMEOUT);
    const bootSeconds = (Date.now() - t0) / 1000;
    log(`shell after ${bootSeconds.toFixed(1)} s: ${JSON.stringify(boot.split('\n').filter((l) => l.includes(BANNER))[0])}`);

    log('typing uname -r');
    await typeInTerminal(p, 'uname -r');
    const after = await waitForText('UART terminal (uname -r)', () => terminalLines(p),
      new RegExp(`uname -r\\n${version.replace(/[.+]/g, '\\$&')}\\n[^\\n]*[#$]$`), 30_000);
    log(`uname -r printed ${version}`);
    assert.doesNotMatch(after, /Kernel panic|Oops/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await p.screenshot({ path: SCREENSHOT });
    log(`screenshot: ${SCREENSHOT}`);
    if (process.env.HYPERSTEP_DOCS_SCREENSHOT === '1') {
      mkdirSync(join(ROOT, 'docs/images'), { recursive: true });
      copyFileSync(SCREENSHOT, DOCS_SCREENSHOT);
      log(`copied to ${DOCS_SCREENSHOT}`);
    }

    log('typing poweroff -f');
    await typeInTerminal(p, 'poweroff -f');
    await p.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 60_000 });
    await waitForText('UART terminal', () => terminalLines(p), /\[session ended\]/, 10_000);
    await p.getByRole('tab', { name: /Debug Console/ }).first().click();
    await waitForText('Debug Console', async () => (await p.locator('.repl').first().textContent()) ?? '',
      /guest powered off, exit code 0/, 10_000);
    log(`session ended: guest powered off, exit code 0 (${((Date.now() - t0) / 1000).toFixed(1)} s after F5)`);
  });
});
