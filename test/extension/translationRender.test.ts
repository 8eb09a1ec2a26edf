/**
 * The translation view's markup (extension/webview/render.ts) and page
 * (extension/translationPage.ts): a two-stage report renders as the chain
 * GVA → GPA → HPA, the VS stage's levels with decoded flags and each PTE address's
 * G-stage walk, then the G stage; a failed walk shows its fault; values are escaped;
 * the page's CSP allows only the nonce'd script and the webview's own styles, and the
 * markup has no inline handlers or style attributes.
 */
import { strict as assert } from 'assert';
import type { TranslationReport } from '../../emulator/debug/translation';
import { contentSecurityPolicy, translationPageHtml } from '../../extension/translationPage';
import { pteKind, renderError, renderFlags, renderReport, stageLine } from '../../extension/webview/render';

/** A G-stage walk of `gpa` (Sv39x4, three levels, 4 KiB leaf) for the fixtures. */
function gWalk(gpa: string, hpa: string): TranslationReport['stages'][number] {
  return {
    stage: 'G', mode: 'Sv39x4', root: '0x80400000', input: gpa, output: hpa,
    levels: [
      { level: 2, pteAddr: '0x80400010', pte: '0x20100c01', flags: '-------V', ppn: '0x80403' },
      { level: 1, pteAddr: '0x80403000', pte: '0x20101001', flags: '-------V', ppn: '0x80404' },
      { level: 0, pteAddr: '0x80404018', pte: '0x211000df', flags: 'DA-UXWRV', ppn: '0x84400' },
    ],
  };
}

const OK: TranslationReport = {
  context: 'guest1', address: '0xffffffff80002010', kind: 'gva',
  gpa: '0x80002010', hpa: '0x84402010',
  summary: 'GVA 0xffffffff80002010 → GPA 0x80002010 → HPA 0x84402010',
  stages: [
    {
      stage: 'VS', mode: 'Sv39', root: '0x80003000', input: '0xffffffff80002010', output: '0x80002010', leaf: '2 MiB',
      levels: [
        { level: 2, pteAddr: '0x80003ff0', pte: '0x20001001', flags: '-------V', ppn: '0x80004', g: gWalk('0x80003ff0', '0x84403ff0') },
        { level: 1, pteAddr: '0x80004000', pte: '0x200000cf', flags: 'DA--XWRV', ppn: '0x80000', g: gWalk('0x80004000', '0x84404000') },
      ],
    },
    gWalk('0x80002010', '0x84402010'),
  ],
};

/** The names of all attributes in the markup's tags (values are double-quoted). */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.matchAll(/<[a-z][\w-]*((?:\s+[\w-]+(?:="[^"]*")?)*)\s*\/?>/gi)) {
    for (const a of tag[1].matchAll(/\s+([\w-]+)(?:="[^"]*")?/g)) names.push(a[1]);
  }
  return names;
}

describe('extension: translation view rendering', () => {
  it('shows the chain, the VS levels with flags and nested G walks, and the G stage', () => {
    const html = renderReport(OK);
    assert.match(html, /<h2 class="title"><span class="context">guest1<\/span> · GVA 0xffffffff80002010<\/h2>/);
    // The chain: three labelled steps, in order; its text is the summary.
    const chain = /<p class="chain" data-summary="([^"]*)">(.*?)<\/p>/.exec(html);
    assert.ok(chain);
    assert.equal(chain[1], OK.summary);
    const steps = [...chain[2].matchAll(/<vscode-badge>(\w+)<\/vscode-badge> <code>(0x[0-9a-f]+)<\/code>/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(steps, ['GVA 0xffffffff80002010', 'GPA 0x80002010', 'HPA 0x84402010']);
    assert.equal(chain[2].replace(/<[^>]*>/g, ''), OK.summary);
    assert.doesNotMatch(html, /class="fault"/);
    // Two stages, VS first; the VS table has the G-walk column, the G table has not.
    const stages = [...html.matchAll(/<vscode-collapsible class="stage" data-stage="(\w+)" heading="([^"]*)" description="([^"]*)" open>/g)];
    assert.deepEqual(stages.map((m) => m[1]), ['VS', 'G']);
    assert.match(stages[0][2], /^VS stage: guest virtual → guest physical$/);
    assert.equal(stages[0][3], 'Sv39 · vsatp root GPA 0x80003000');
    assert.equal(stages[1][3], 'Sv39x4 · hgatp root HPA 0x80400000');
    const [vsPart, gPart] = html.split('data-stage="G"');
    assert.match(vsPart, /<p class="stage-result"><span class="muted">GVA<\/span> <code>0xffffffff80002010<\/code> → <span class="muted">GPA<\/span> <code>0x80002010<\/code> <span class="muted">\(2 MiB page\)<\/span><\/p>/);
    assert.match(gPart, /<p class="stage-result"><span class="muted">GPA<\/span> <code>0x80002010<\/code> → <span class="muted">HPA<\/span> <code>0x84402010<\/code><\/p>/);
    assert.match(vsPart, /<th scope="col">PTE address \(GPA\)<\/th><th scope="col">PTE<\/th><th scope="col">Flags DAGUXWRV<\/th><th scope="col">PPN<\/th>/);
    assert.match(vsPart, /G stage of this PTE address/);
    assert.match(gPart, /<th scope="col">PTE address \(HPA\)<\/th>/);
    assert.doesNotMatch(gPart, /G stage of this PTE|class="gwalk"/);
    // Each VS level: its row, then a row with its own G walk (collapsed, the result in the summary line).
    const nested = [...vsPart.matchAll(/<tr class="gwalk" data-level="(\d)"><td><\/td><td colspan="5"><details class="nested"><summary><span class="muted">G stage of this PTE address: GPA<\/span> <code>(0x[0-9a-f]+)<\/code> → <span class="muted">HPA<\/span> <code>(0x[0-9a-f]+)<\/code>/g)];
    assert.deepEqual(nested.map((m) => `${m[1]}: ${m[2]}→${m[3]}`), ['2: 0x80003ff0→0x84403ff0', '1: 0x80004000→0x84404000']);
    assert.match(vsPart, /<tr class="level" data-level="1"><td class="num">1<\/td><td><code>0x80004000<\/code><\/td><td><code>0x200000cf<\/code><\/td>/);
    assert.match(vsPart, /<td class="kind kind-leaf">leaf<\/td>/);
    assert.match(vsPart, /<td class="kind kind-table">next table<\/td>/);
  });

  it('decodes flags D A G U X W R V', () => {
    const f = renderFlags('DA--XWRV');
    const letters = [...f.matchAll(/<span class="flag (on|off)" title="(\w+): (set|clear)">(.)<\/span>/g)].map((m) => m[4]);
    assert.deepEqual(letters, ['D', 'A', '·', '·', 'X', 'W', 'R', 'V']);
    assert.match(f, /aria-label="Dirty, Accessed, Executable, Writable, Readable, Valid"/);
    assert.match(renderFlags(undefined), /—/);
    assert.equal(pteKind('-------V'), 'table');
    assert.equal(pteKind('DA-U--RV'), 'leaf');
    assert.equal(pteKind('DA-U--R-'), 'invalid');
    assert.equal(pteKind(undefined), 'unreadable');
  });

  it('shows the fault of a failed walk', () => {
    const bad: TranslationReport = {
      context: 'guest2', address: '0x1000', kind: 'gva',
      fault: 'invalid PTE at level 2 (a guest access would take a page fault or guest-page fault)',
      summary: 'GVA 0x1000 → fault: invalid PTE at level 2',
      stages: [{
        stage: 'VS', mode: 'Sv39', root: '0x80003000', input: '0x1000', error: 'invalid PTE at level 2',
        levels: [{ level: 2, pteAddr: '0x80003000', pte: '0x0', flags: '--------', ppn: '0x0', g: gWalk('0x80003000', '0x84403000') }],
      }],
    };
    const html = renderReport(bad);
    assert.match(html, /<div class="fault" role="alert"><strong>Translation fault.<\/strong> invalid PTE at level 2 \(a guest access/);
    assert.match(html, /<p class="fault-line"><span class="error-text">Walk failed:<\/span> invalid PTE at level 2<\/p>/);
    assert.match(html, /<td class="kind kind-invalid">invalid<\/td>/);
    assert.match(html, /<p class="chain" data-summary="GVA 0x1000 → fault: invalid PTE at level 2">.*<span class="arrow"> → <\/span><span class="step error-text">fault<\/span><\/p>/);
    assert.match(html, /<p class="stage-result"><span class="muted">GVA<\/span> <code>0x1000<\/code> → <span class="error-text">fault<\/span><\/p>/);
    assert.equal(stageLine(bad.stages[0]), 'Sv39 · vsatp root GPA 0x80003000');
    // A G walk that fails inside a nested row.
    const g = gWalk('0x90000000', '0');
    delete g.output;
    g.error = 'no G-stage mapping';
    bad.stages[0].levels[0].g = g;
    assert.match(renderReport(bad), /<span class="error-text">fault: no G-stage mapping<\/span>/);
  });

  it('renders the hypervisor\'s single stage and Bare mode', () => {
    const html = renderReport({
      context: 'hypervisor', address: '0x80200000', kind: 'va', hpa: '0x80200000',
      summary: 'VA 0x80200000 → PA 0x80200000 (no translation)',
      stages: [{ stage: 'S', mode: 'Bare', input: '0x80200000', levels: [], output: '0x80200000' }],
    });
    assert.match(html, /<vscode-badge>VA<\/vscode-badge> <code>0x80200000<\/code>.*<vscode-badge>PA<\/vscode-badge>/);
    assert.match(html, /Bare: no translation/);
  });

  it('escapes everything and writes no inline handlers or styles', () => {
    const evil = '<img src=x onerror="alert(1)">';
    const html = renderReport({ ...OK, context: evil, summary: evil, fault: evil })
      + renderError(`'${evil}'`, evil);
    assert.ok(!html.includes('<img'));
    assert.match(html, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
    assert.ok(attributeNames(html).includes('aria-label'));
    assert.deepEqual(attributeNames(html).filter((n) => /^on|^style$/i.test(n)), []);
    assert.match(renderError('unknown context \'guest7\'', 'guest7:0x1'),
      /^<div class="error" role="alert"><strong>Could not translate <code>guest7:0x1<\/code>.<\/strong> unknown context &#39;guest7&#39;<\/div>$/);
  });

  it('the page has a strict CSP: the nonce\'d script and the webview\'s own styles only', () => {
    const r = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abc123+/=', scriptUri: 'https://x/dist/webview/translation.js', styleUri: 'https://x/dist/webview/translation.css', input: 'guest1:0x1"' };
    assert.equal(contentSecurityPolicy(r),
      "default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net; "
      + "font-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-abc123+/='");
    const page = translationPageHtml(r);
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; /);
    const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][1], ' nonce="abc123+/=" src="https://x/dist/webview/translation.js"');
    assert.equal(scripts[0][2], ''); // no inline script
    assert.doesNotMatch(page, /<style/);
    assert.deepEqual(attributeNames(page).filter((n) => /^on|^style$/i.test(n)), []);
    assert.match(page, /value="guest1:0x1&quot;"/);
  });
});
