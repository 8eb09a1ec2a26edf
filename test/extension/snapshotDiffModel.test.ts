/**
 * The snapshot diff's model and page (extension/snapshotDiffModel.ts): registers grouped
 * by hart with the bits that changed, memory pages with their byte ranges (end
 * exclusive), sizes and symbols, device fields grouped by device, summaries, the page's
 * strict CSP (no script at all) with everything escaped, and the quick picks of
 * "Compare Snapshots…" and the default file name of "Save Snapshot…".
 */
import { strict as assert } from 'assert';
import {
  changedBits, diffSections, rangeBytes, refLabel, snapshotDiffHtml, snapshotFileName, snapshotPicks, type SnapshotDiffBody,
} from '../../extension/snapshotDiffModel';

const DIFF: SnapshotDiffBody = {
  a: { clock: 1_000 }, b: { clock: 251_000 },
  registers: [
    { hart: 0, name: 'pc', a: '0x0000000080000100', b: '0x0000000080000140' },
    { hart: 1, name: 'a0', a: '0x0', b: '0x1' },
    { hart: 0, name: 'mstatus', a: '0x0000000a00001800', b: '0x0000000a00000080' },
  ],
  pages: [
    { address: '0x80002000', ranges: [{ start: '0x80002070', end: '0x80002074', symbol: 'g_counter' }, { start: '0x80002100', end: '0x80002180' }] },
    { address: '0x87fff000', ranges: [{ start: '0x87ffffc0', end: '0x87ffffc8', symbol: '<stack & "frames">' }] },
  ],
  devices: [
    { device: 'uart0', field: 'LSR', a: '0x60', b: '0x61' },
    { device: 'clint', field: 'mtime', a: '1000', b: '251000' },
    { device: 'uart0', field: 'IER', a: '0x0', b: '0x1' },
  ],
};

describe('extension: snapshot diff model', () => {
  it('names the bits that changed', () => {
    assert.equal(changedBits('0x0', '0x1'), 'bit 0');
    assert.equal(changedBits('0x0000000a00001800', '0x0000000a00000080'), 'bits 7, 11–12');
    assert.equal(changedBits('0x80000100', '0x80000140'), 'bit 6');
    assert.equal(changedBits('5', '5'), undefined);
    assert.equal(changedBits('1.5 (f32, 0x...)', '2'), undefined, 'not integers');
    assert.equal(rangeBytes('0x80002070', '0x80002074'), 4);
  });

  it('groups registers by hart, memory by page and device fields by device, with summaries', () => {
    const [regs, mem, dev] = diffSections(DIFF);
    assert.equal(regs.summary, '3 registers changed on 2 harts');
    assert.deepEqual(regs.groups.map((g) => [g.title, g.rows.map((r) => r.cells[0])]), [['hart 0', ['pc', 'mstatus']], ['hart 1', ['a0']]]);
    assert.deepEqual(regs.groups[0].rows[1].cells, ['mstatus', '0x0000000a00001800', '0x0000000a00000080', 'bits 7, 11–12']);
    assert.equal(mem.summary, '140 bytes changed in 2 pages');
    assert.deepEqual(mem.groups[0].rows.map((r) => r.cells), [['0x80002070 – 0x80002074', '4', 'g_counter'], ['0x80002100 – 0x80002180', '128', '']]);
    assert.equal(mem.groups[1].title, 'page 0x87fff000');
    assert.equal(dev.summary, '3 fields of 2 devices changed');
    assert.deepEqual(dev.groups.map((g) => [g.title, g.rows.map((r) => r.cells[0])]), [['uart0', ['LSR', 'IER']], ['clint', ['mtime']]]);
    const none = diffSections({ a: { clock: 0 }, b: { clock: 0 }, registers: [], pages: [], devices: [] });
    assert.deepEqual(none.map((s) => s.summary), ['no register changed', 'no memory changed', 'no device state changed']);
  });

  it('renders a static page under a strict CSP, escaping everything', () => {
    const html = snapshotDiffHtml(DIFF, 3, 'now', { cspSource: 'vscode-resource:', styleUri: 'x/snapshotDiff.css', nonce: 'n' });
    const csp = (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
    assert.match(csp, /^default-src 'none';/);
    assert.doesNotMatch(html, /<script/, 'no script');
    assert.match(html, /<h1>snapshot #3 \(instruction 1,000\) → now \(instruction 251,000\)<\/h1>/);
    assert.match(html, /250,000 instructions apart/);
    assert.match(html, /<td class="before">0x0000000a00001800<\/td><td class="after">0x0000000a00000080<\/td><td class="changed">bits 7, 11–12<\/td>/);
    assert.match(html, /<td class="symbol">&lt;stack &amp; &quot;frames&quot;&gt;<\/td>/);
    assert.ok(!html.includes('<stack &'), 'symbols are escaped');
    assert.equal((html.match(/<details open>/g) ?? []).length, 3);
    assert.equal(refLabel('now', 5), 'now (instruction 5)');
  });

  it('offers now and the snapshots, latest first, without the one already picked', () => {
    const snaps = [{ id: 1, clock: 0, bytes: 4096, pinned: true }, { id: 4, clock: 90_000, bytes: 2048, pinned: false }];
    const picks = snapshotPicks(snaps, 100_000);
    assert.deepEqual(picks.map((p) => p.label), ['now', '#4', '#1']);
    assert.equal(picks[2].description, 'instruction 0 · 4.0 KiB · pinned');
    assert.deepEqual(snapshotPicks(snaps, 100_000, 'now').map((p) => p.ref), [4, 1]);
    assert.deepEqual(snapshotPicks(snaps, 100_000, 4).map((p) => p.ref), ['now', 1]);
    assert.equal(snapshotFileName(123456), 'snapshot-123456.hysnap');
  });
});
