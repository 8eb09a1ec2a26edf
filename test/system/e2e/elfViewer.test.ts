/**
 * End-to-end: the ELF viewer and the Devices view in a real VS Code (code-server +
 * headless Chromium). A scratch copy of examples/hello is opened; clicking hello.elf in
 * the explorer opens the ELF viewer (custom editor `hyperstep.elfViewer`), whose webview
 * shows the entry point (as in the ELF header) and, filtered, the symbol `main`; its
 * Debug button starts a HyperStep session that stops on entry. While stopped, the
 * HyperStep container's Devices view lists the memory map and the UART (expanded: its
 * receive FIFO), and its "Show Device Tree" title button opens the guest's DTS. A text
 * file named .elf shows the viewer's error page.
 * Screenshots: test-artifacts/e2e-elf-viewer.png and e2e-devices-view.png (…-failure.png
 * on failure), with HYPERSTEP_DOCS_SCREENSHOT=1 also docs/images/elf-viewer.png and
 * docs/images/devices-view.png.
 */
import { strict as assert } from 'assert';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseElf } from '../../../emulator/loader/elf';
import { ROOT, log, stackRows, useVsCode, waitForText, saveScreenshot, webviewFrame } from './codeServer';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const ELF_SCREENSHOT = join(ARTIFACTS, 'e2e-elf-viewer.png');
const DEVICES_SCREENSHOT = join(ARTIFACTS, 'e2e-devices-view.png');
const FAILURE_SCREENSHOT = join(ARTIFACTS, 'e2e-elf-viewer-failure.png');
const HELLO = join(ROOT, 'examples/hello');

const elfView = webviewFrame;


describe('e2e: the ELF viewer and the Devices view in VS Code', function () {
  this.timeout(240_000);
  const vs = useVsCode(FAILURE_SCREENSHOT);
  let folder: string | undefined;
  after(() => { if (folder !== undefined) rmSync(folder, { recursive: true, force: true }); });

  it('opens hello.elf in the ELF viewer, debugs it from there and shows the devices while stopped', async () => {
    folder = mkdtempSync(join(tmpdir(), 'hyperstep-elf-'));
    for (const f of ['hello.elf', 'hello.c', 'Makefile']) copyFileSync(join(HELLO, f), join(folder, f));
    writeFileSync(join(folder, 'notes.elf'), 'not an ELF file, just text\n');
    const image = parseElf(readFileSync(join(HELLO, 'hello.elf')));
    const entry = '0x' + image.entry.toString(16);
    const main = image.symbolByName('main');
    assert.ok(main, 'hello.elf has main');

    const p = vs.page();
    log(`opening ${folder}`);
    await p.goto(`${vs.url()}/?folder=${encodeURIComponent(folder)}`);
    await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const item = p.getByRole('treeitem', { name: 'hello.elf' });
    await item.waitFor({ timeout: 60_000 });
    // The HyperStep container appears once the extension's contributions (the custom editor) are known.
    await p.locator('.activitybar [aria-label^="HyperStep"]').first().waitFor({ timeout: 60_000 });

    log('open hello.elf from the explorer: the ELF viewer');
    await item.dblclick();
    const view = elfView(p);
    const summary = await waitForText('ELF viewer summary', async () => (await view.locator('#summary').textContent({ timeout: 30_000 })) ?? '',
      /^entry 0x/, 30_000);
    log(`ELF viewer: ${summary}`);
    assert.ok(summary.startsWith(`entry ${entry}`), summary);
    const entryRow = view.locator('#elf-header tr', { hasText: 'Entry point' });
    assert.match((await entryRow.textContent()) ?? '', new RegExp(`Entry point${entry}`));
    assert.match((await view.locator('#elf-header tr', { hasText: 'Flags' }).textContent()) ?? '', /RVC, double-float ABI/);
    assert.ok(await view.locator('#elf-segments tbody tr', { hasText: 'LOAD' }).count() >= 1, 'a LOAD segment');
    assert.ok(await view.locator('#elf-sections td', { hasText: /^\.text$/ }).count() === 1, 'the .text section');

    log('filter the symbol table for main');
    await view.locator('#filter input').fill('main');
    const count = await waitForText('symbol count', async () => (await view.locator('#symbol-count').textContent()) ?? '', /^\d+ of \d+ symbols$/, 10_000);
    log(`filtered: ${count}`);
    assert.equal(await view.locator('#elf-symbols tbody tr').count(), Number(count.split(' ')[0]));
    const mainRow = view.locator('#elf-symbols tbody tr', { has: view.locator('td.name', { hasText: /^main$/ }) });
    await mainRow.waitFor({ timeout: 10_000 });
    const cells = await mainRow.locator('td').allTextContents();
    log(`main: ${cells.join(' | ')}`);
    assert.deepEqual(cells, ['0x' + main.value.toString(16), String(main.size), 'FUNC', 'GLOBAL', '.text', 'main']);
    log('clear the filter: every symbol, sorted by value');
    await view.locator('#filter input').fill('');
    await waitForText('symbol count', async () => (await view.locator('#symbol-count').textContent()) ?? '', /^\d+ symbols$/, 10_000);
    assert.equal(await mainRow.count(), 1, 'main in the full table');
    log('collapse the section headers: the header, segments and symbols in one picture');
    await view.locator('#sections').click({ position: { x: 60, y: 10 } });
    await view.locator('#elf-sections').waitFor({ state: 'hidden', timeout: 5_000 });
    await view.locator('body').evaluate('window.scrollTo(0, 0)');
    await p.mouse.move(800, 990);
    await p.waitForTimeout(500);
    await saveScreenshot(p, ELF_SCREENSHOT, 'elf-viewer.png');

    log('Debug button: a session that stops on entry');
    await view.locator('#debug').click();
    await p.locator('.debug-toolbar').waitFor({ timeout: 30_000 });
    const top = await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '', /^Stack Frame /, 30_000);
    log(`stopped: ${top}`);

    log('the Devices view while stopped');
    await p.locator('.activitybar [aria-label^="HyperStep"]').first().click();
    const devices = p.locator('.pane', { has: p.locator('.pane-header[aria-label^="Devices"]') });
    await devices.waitFor();
    log('collapse the Machines view, widen the side bar');
    await p.locator('.pane-header[aria-label^="Machines"]').click();
    const bar = await p.locator('.part.sidebar').boundingBox();
    if (bar !== null) {
      await p.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
      await p.mouse.down();
      await p.mouse.move(bar.x + bar.width + 200, bar.y + bar.height / 2, { steps: 8 });
      await p.mouse.up();
    }
    const uart = devices.locator('.monaco-list-row', { hasText: /^uart0/ }).first();
    await uart.waitFor({ timeout: 30_000 });
    assert.match((await uart.textContent()) ?? '', /serial port \(16550A\) at 0x10000000/);
    assert.equal(await devices.locator('.monaco-list-row', { hasText: /^0x10000000–0x100000ffuart0 · MMIO, 256 B$/ }).count(), 1, 'the UART in the memory map');
    assert.match((await devices.textContent()) ?? '', /HyperStep: hello\.elf: stopped, state at \d\d:\d\d:\d\d/);
    log('expand the UART');
    await uart.click();
    await devices.locator('.monaco-list-row', { hasText: /^receive FIFOempty$/ }).first().waitFor({ timeout: 10_000 });
    assert.equal(await devices.locator('.monaco-list-row', { hasText: /^LCR0x[0-9a-f]{2}$/ }).count(), 1);

    log('Show Device Tree (the Devices view\'s title button)');
    await devices.locator('.pane-header').hover();
    await devices.getByRole('button', { name: /Show Device Tree/ }).first().click();
    const editorText = async () => ((await p.locator('.monaco-editor .view-lines').last().textContent()) ?? '').replace(/\u00a0/g, ' ');
    const dts = await waitForText('DTS editor', editorText, /\/dts-v1\/;/, 20_000);
    assert.match(dts, /Device tree of "HyperStep: hello\.elf"/);
    assert.match(await p.locator('.tab.active').textContent() ?? '', /\.dts/);
    await p.mouse.move(800, 990);
    await p.waitForTimeout(500);
    await saveScreenshot(p, DEVICES_SCREENSHOT, 'devices-view.png');

    log('Stop');
    await p.locator('.debug-toolbar [role="button"][aria-label^="Stop"]').click();
    await p.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
    await waitForText('Devices view after the session', async () => String(await devices.locator('.monaco-list-row', { hasText: /^uart0/ }).count()), /^0$/, 15_000);

    log('a file that is not an ELF: the error page');
    await p.locator('.activitybar [aria-label^="Explorer"]').first().click();
    await p.getByRole('treeitem', { name: 'notes.elf' }).dblclick();
    await p.locator('.tab.active', { hasText: 'notes.elf' }).waitFor();
    const error = await waitForText('error page', async () => (await elfView(p).locator('.error').textContent({ timeout: 20_000 })) ?? '', /cannot be shown/, 20_000);
    log(`error page: ${error}`);
    assert.match(error, /notes\.elf cannot be shown: not an ELF file \(bad magic\)/);
    assert.equal(await elfView(p).locator('#debug').getAttribute('disabled'), '');
    log('done');
  });
});
