/**
 * End-to-end: HyperStep's assembly support in a real VS Code (code-server 4.100.3 = VS
 * Code 1.100.3, web UI) driven through headless Chromium with playwright-core. Installs
 * the VSIX built from dist/, opens examples/asm-hello and hello.s, then checks:
 *  - the language mode ("RISC-V Assembly" in the status bar) and, when package.json
 *    contributes the TextMate grammar, that a mnemonic and a comment get different colours;
 *  - hovers from the language server: an instruction (`add`), a pseudo-instruction (`la`),
 *    a register (`sp`) and an `.equ` symbol (`COUNT`);
 *  - a diagnostic: an unsaved `addx a0, a1` gets an error squiggle whose hover says
 *    "unknown instruction 'addx'"; the edit is then reverted (hello.s is never saved);
 *  - debugging with F5 (the configuration of .vscode/launch.json, which assembles hello.s on
 *    launch): F9 on the `BP:loop` line, the stop there in `_start`, register t1 in the
 *    Registers scope, F5 to the next iteration (t1 incremented), F9 to remove the
 *    breakpoint, F5 to run to the power-off: the session ends, the UART terminal shows
 *    "Hello from RISC-V assembly!" and the Debug Console the exit code 0.
 * Saves a screenshot to test-artifacts/e2e-asm.png (e2e-asm-failure.png on failure).
 *
 * Needs Chromium (Debian package chromium, or $HYPERSTEP_CHROMIUM) and code-server
 * (installed on first use by scripts/e2eSetup.sh, or $HYPERSTEP_CODE_SERVER); the test
 * is skipped, with a message, only when one of them cannot be found or installed.
 */
import { strict as assert } from 'assert';
import { mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Locator, Page } from 'playwright-core';
import {
  ROOT, log, stackRows, terminalText, useVsCode, waitForText,
} from './codeServer';

const EXAMPLE = join(ROOT, 'examples/asm-hello');
const SOURCE = join(EXAMPLE, 'hello.s');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SCREENSHOT = join(ARTIFACTS, 'e2e-asm.png');
const FAILURE_SCREENSHOT = join(ARTIFACTS, 'e2e-asm-failure.png');
const CONFIG_NAME = 'HyperStep: hello.s'; // examples/asm-hello/.vscode/launch.json
const GREETING = 'Hello from RISC-V assembly!';

/** 1-based line of the first line of hello.s containing `text`. */
function lineOf(source: string, text: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `hello.s has no line containing ${text}`);
  return i + 1;
}

/** Whether package.json (hence the VSIX under test) contributes a grammar for riscv-asm. */
function grammarContributed(): boolean {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes?: { grammars?: { language?: string }[] } };
  return (pkg.contributes?.grammars ?? []).some((g) => g.language === 'riscv-asm');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The few DOM types used in page functions (the project compiles without lib "dom"). */
interface DomNode { textContent: string | null }
interface DomRect { left: number; top: number; width: number; height: number }
interface DomDocument {
  createRange(): { setStart(n: DomNode, o: number): void; setEnd(n: DomNode, o: number): void; getBoundingClientRect(): DomRect };
  createTreeWalker(root: DomNode, whatToShow: number): { nextNode(): DomNode | null };
}
const EDITOR_LINES = '.part.editor .monaco-editor .view-lines .view-line';

/**
 * Screen position of the centre of `word` (a whole word) on the rendered editor line
 * containing `lineText`, runs of blanks compared as one space (Monaco renders spaces as
 * U+00A0). Undefined when not rendered.
 */
async function wordPoint(p: Page, lineText: string, word: string): Promise<{ x: number; y: number } | undefined> {
  return p.locator(EDITOR_LINES).evaluateAll((lines: DomNode[], [lineText, word]) => {
    const doc = (globalThis as unknown as { document: DomDocument }).document;
    for (const line of lines) {
      const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
      if (!text.replace(/\s+/g, ' ').includes(lineText.replace(/\s+/g, ' '))) continue;
      const m = new RegExp(`(?<![\\w.$])${word.replace(/[.$]/g, '\\$&')}(?![\\w.$])`).exec(text);
      if (m === null) return undefined;
      const start = m.index;
      const end = start + word.length;
      const range = doc.createRange();
      const walker = doc.createTreeWalker(line, 4 /* NodeFilter.SHOW_TEXT */);
      let pos = 0;
      for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
        const len = n.textContent?.length ?? 0;
        if (start >= pos && start < pos + len) range.setStart(n, start - pos);
        if (end > pos && end <= pos + len) { range.setEnd(n, end - pos); break; }
        pos += len;
      }
      const r = range.getBoundingClientRect();
      return r.width > 0 ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : undefined;
    }
    return undefined;
  }, [lineText, word] as const);
}

/** Text of the visible editor hover widgets. */
async function hoverText(p: Page): Promise<string> {
  const texts = await p.locator('.monaco-hover:visible').allTextContents().catch(() => [] as string[]);
  return texts.join('\n');
}

/**
 * Hovers `word` on the line containing `lineText` with the mouse until the editor hover
 * shows text matching every pattern of `expect` (the first hover may wait for the
 * language server to start); retries by moving the mouse away and back. Returns the text.
 */
async function hoverWord(p: Page, lineText: string, word: string, expect: RegExp[], timeout = 20_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    const at = await wordPoint(p, lineText, word);
    if (at !== undefined) {
      await p.mouse.move(at.x, at.y, { steps: 2 });
      const until = Math.min(deadline, Date.now() + 3_000);
      while (Date.now() < until) {
        last = await hoverText(p);
        if (expect.every((re) => re.test(last))) {
          await p.keyboard.press('Escape'); // close it (the mouse is moved away below)
          await p.mouse.move(5, 500);
          return last;
        }
        await sleep(100);
      }
    }
    await p.mouse.move(5, 500); // away (the activity bar's empty area), then try again
    await p.keyboard.press('Escape');
    await sleep(200);
  }
  throw new Error(`no hover for '${word}' matching ${expect.join(', ')} within ${timeout} ms (last hover text: ${JSON.stringify(last)})`);
}

/** Go to Line (Ctrl+G) in the active editor; waits for the status bar to show the line. */
async function goToLine(p: Page, line: number): Promise<void> {
  const quickInput = p.locator('.quick-input-widget input');
  await p.keyboard.press('Control+G');
  await quickInput.waitFor({ state: 'visible' });
  await p.keyboard.type(String(line));
  await p.keyboard.press('Enter');
  await quickInput.waitFor({ state: 'hidden' });
  await waitForText('status bar', async () => (await p.locator('.statusbar').textContent()) ?? '', new RegExp(`Ln ${line},`), 10_000);
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

/** Value of a register in the Variables view's Registers scope (expanding it if needed). */
async function registerValue(p: Page, name: string): Promise<bigint> {
  const variables = p.locator('.debug-variables');
  const reg: Locator = variables.locator(`[role="treeitem"][aria-label^="${name}, value "]`);
  if (!(await reg.isVisible())) {
    const scope = variables.locator('[role="treeitem"][aria-label="Scope Registers"]');
    await scope.waitFor();
    if ((await scope.getAttribute('aria-expanded')) !== 'true') await scope.click();
  }
  await reg.waitFor();
  const label = (await reg.getAttribute('aria-label')) ?? '';
  const m = /, value (0x[0-9a-f]+)/i.exec(label);
  assert.ok(m, `unexpected register label ${JSON.stringify(label)}`);
  return BigInt(m[1]);
}

async function waitForRegister(p: Page, name: string, value: bigint, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: bigint | string = '(none)';
  while (Date.now() < deadline) {
    try {
      last = await registerValue(p, name);
      if (last === value) return;
    } catch (e) { last = String(e); }
    await sleep(200);
  }
  throw new Error(`register ${name} did not become ${value} within ${timeout} ms (last: ${last})`);
}

describe('e2e: HyperStep assembly support in VS Code (code-server + headless Chromium)', function () {
  this.timeout(120_000);
  const vs = useVsCode(FAILURE_SCREENSHOT);

  it('highlights and documents hello.s, reports an error, and debugs it with F5 and F9', async () => {
    const p = vs.page();
    const source = readFileSync(SOURCE, 'utf8');
    const bpLine = lineOf(source, '/* BP:loop */');
    const poweroffLine = lineOf(source, '/* BP:poweroff */');

    log(`opening ${EXAMPLE}`);
    await p.goto(`${vs.url()}/?folder=${encodeURIComponent(EXAMPLE)}`);
    await p.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await p.getByRole('treeitem', { name: 'hello.s' }).waitFor({ timeout: 60_000 }); // explorer populated

    log('Quick Open: hello.s');
    const quickInput = p.locator('.quick-input-widget input');
    await p.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill('hello.s');
    await p.locator('.quick-input-list [role="option"]', { hasText: 'hello.s' }).first().waitFor();
    await p.keyboard.press('Enter');
    const tab = p.getByRole('tab', { name: /^hello\.s/ });
    await tab.waitFor();
    await p.locator('.monaco-editor .view-lines', { hasText: 'BP:loop' }).waitFor();

    log('language mode');
    await waitForText('language mode (status bar)', async () => (await p.locator('#status\\.editor\\.mode').textContent()) ?? '',
      /RISC-V Assembly/, 10_000);

    if (grammarContributed()) {
      log('TextMate grammar: a mnemonic and a comment are coloured differently');
      type Span = DomNode & { className: string };
      const classes = async () => p.locator(EDITOR_LINES, { hasText: 'BP:loop' }).locator('span[class*="mtk"]')
        .evaluateAll((spans: Span[]) => {
          const style = (globalThis as unknown as { getComputedStyle(e: Span): { color: string } }).getComputedStyle;
          const out: { add?: string; comment?: string } = {};
          for (const span of spans) {
            const t = (span.textContent ?? '').replace(/\u00a0/g, ' ').trim();
            if (t === 'add') out.add = `${span.className} (${style(span).color})`;
            if (t.startsWith('/*')) out.comment ??= `${span.className} (${style(span).color})`;
          }
          return out;
        });
      const deadline = Date.now() + 10_000;
      let c = await classes();
      while (!(c.add !== undefined && c.comment !== undefined && c.add !== c.comment) && Date.now() < deadline) {
        await sleep(200);
        c = await classes();
      }
      log(`token classes: add=${c.add}, comment=${c.comment}`);
      assert.ok(c.add !== undefined && c.comment !== undefined && c.add !== c.comment,
        `the mnemonic 'add' and the comment on the BP:loop line should be separate tokens with different colours (got ${JSON.stringify(c)})`);
    } else {
      log('package.json contributes no riscv-asm grammar: token colours not checked');
    }

    log('hovers from the language server');
    const docs: [string, string, RegExp[]][] = [
      ['BP:loop', 'add', [/add rd, rs1, rs2/, /rd = rs1 \+ rs2/, /R-type/]],
      ['la sp, stack_top', 'la', [/la rd, symbol/, /rd = address of symbol/, /Pseudo-instruction/]],
      ['la sp, stack_top', 'sp', [/sp \(x2\)/, /stack pointer/]],
      ['li t2, COUNT', 'COUNT', [/symbol COUNT/, /\(10\)/]],
    ];
    for (const [lineText, word, expect] of docs) {
      const text = await hoverWord(p, lineText, word, expect);
      log(`hover ${word}: ${JSON.stringify(text.replace(/\s+/g, ' ').slice(0, 120))}`);
    }

    log(`diagnostic: an unsaved 'addx a0, a1' after line ${poweroffLine}`);
    assert.equal(await p.locator('.part.editor .monaco-editor .squiggly-error').count(), 0, 'hello.s should have no errors');
    await p.locator('.part.editor .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } }); // editor focus
    await goToLine(p, poweroffLine);
    await p.keyboard.press('End');
    await p.keyboard.press('Enter');
    await p.keyboard.type('addx a0, a1');
    await p.keyboard.press('Escape'); // any completion list
    await p.locator('.part.editor .monaco-editor .squiggly-error').first().waitFor({ timeout: 20_000 });
    await waitForText('problems (status bar)', async () => (await p.locator('#status\\.problems').getAttribute('aria-label')) ?? '',
      /Errors: 1\b/, 10_000);
    const squiggleHover = await hoverWord(p, 'addx a0, a1', 'addx', [/unknown instruction 'addx'/]);
    log(`squiggle hover: ${JSON.stringify(squiggleHover.replace(/\s+/g, ' ').slice(0, 120))}`);

    log('File: Revert File');
    await runCommand(p, 'File: Revert File');
    await p.locator('.part.editor .monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: 20_000 });
    await waitForText('editor tab', async () => (await tab.first().getAttribute('class')) ?? '', /^(?!.*\bdirty\b)/, 10_000);
    assert.equal(readFileSync(SOURCE, 'utf8'), source, 'hello.s on disk must be unchanged');

    log(`Go to Line ${bpLine}, F9`);
    await goToLine(p, bpLine);
    await p.keyboard.press('F9');
    await p.locator('.part.editor .monaco-editor .codicon-debug-breakpoint').first().waitFor();

    log('F5: start debugging (assembles hello.s)');
    await p.keyboard.press('F5');
    await p.locator('.call-stack-state-message', { hasText: 'Paused on breakpoint' }).waitFor({ timeout: 60_000 });
    await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '',
      new RegExp(`^Stack Frame _start\\b.*, line ${bpLine}, hello\\.s$`), 30_000);
    await p.locator('.part.editor .monaco-editor .debug-top-stack-frame-line').first().waitFor(); // the stopped-line decoration
    log(`stopped: ${(await stackRows(p))[0]}`);
    type Select = { options: { text: string }[]; selectedIndex: number };
    const configSelect = p.locator('select[aria-label="Debug Launch Configurations"]');
    assert.equal(await configSelect.evaluate((s) => { const sel = s as unknown as Select; return sel.options[sel.selectedIndex]?.text; }), CONFIG_NAME);
    await p.locator('.debug-breakpoints [role="checkbox"][aria-label^="hello.s "]').first().waitFor();

    log('Registers: t1 (loop counter i) = 1, t0 (sum) = 0');
    await waitForRegister(p, 't1', 1n);
    await waitForRegister(p, 't0', 0n);

    log('UART terminal: the greeting printed before the loop');
    await p.getByRole('tab', { name: /Terminal/ }).first().click().catch(() => undefined);
    await waitForText('UART terminal', () => terminalText(p), new RegExp(GREETING), 30_000);
    await p.locator('.part.panel').getByText(`HyperStep UART (${CONFIG_NAME})`).first().waitFor();

    log('F5: continue to the next iteration');
    await p.keyboard.press('F5');
    await waitForRegister(p, 't1', 2n);
    await waitForRegister(p, 't0', 1n);
    await waitForText('top stack frame', async () => (await stackRows(p))[0] ?? '',
      new RegExp(`^Stack Frame _start\\b.*, line ${bpLine}, hello\\.s$`), 10_000);
    mkdirSync(ARTIFACTS, { recursive: true });
    await p.screenshot({ path: SCREENSHOT });
    log(`screenshot: ${SCREENSHOT}`);

    log(`F9 on line ${bpLine}: remove the breakpoint`);
    await goToLine(p, bpLine);
    await p.keyboard.press('F9');
    await p.locator('.debug-breakpoints [role="checkbox"][aria-label^="hello.s "]').first().waitFor({ state: 'detached', timeout: 10_000 });

    log('F5: run to the power-off');
    await p.keyboard.press('F5');
    await p.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
    await p.getByRole('tab', { name: /Terminal/ }).first().click().catch(() => undefined);
    const uart = await waitForText('UART terminal', () => terminalText(p), /\[session ended\]/, 10_000);
    assert.equal(uart.split(GREETING).length - 1, 1, `the greeting should appear once: ${JSON.stringify(uart)}`);
    await p.getByRole('tab', { name: /Debug Console/ }).first().click();
    await waitForText('Debug Console', async () => (await p.locator('.repl').first().textContent()) ?? '',
      /guest powered off, exit code 0/, 10_000);
    log('session ended: guest powered off, exit code 0');
  });
});
