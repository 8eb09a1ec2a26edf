/**
 * The comparison view's pure model (extension/webview/compareModel.ts) and page
 * (extension/comparePage.ts): reports checked on loading, the table's rows (columns in
 * the modes' order, failed modes and differing checksums marked, totals broken down by
 * privilege mode and cause), the charts' data (stacked and grouped, log scale only when
 * the values span decades), the layer diagrams (bottom to top, shares), the
 * explanations written from the report's numbers (other numbers, other text), the
 * microbenchmark table, the CSV export, and the page's strict CSP.
 */
import { strict as assert } from 'assert';
import type { CompareModeName, CompareReport, LayerShare, ModeResult } from '../../emulator/compare/result';
import {
  barText, chartRange, chartSpecs, checkReport, consensusChecksum, CSV_COLUMNS, explanations, formatCount, formatPercent, formatRatio,
  formatShort, layerBoxes, microTable, orderedModes, parseReport, reportCsv, reportSummary, spansDecades, stackTops, tableRows,
} from '../../extension/webview/compareModel';
import { comparePageHtml } from '../../extension/comparePage';

const L = (name: string, kind: LayerShare['kind'], runsIn: string, instructions: number): LayerShare => ({ name, kind, runsIn, instructions });

function mode(name: CompareModeName, o: Partial<ModeResult> = {}): ModeResult {
  const byMode = { M: 0, HS: 0, U: 0, VS: 0, VU: 0, ...o.instructionsByMode };
  return {
    mode: name, title: `${name} title`, checksum: '0x00000000deadbeef', status: 'ok',
    instructions: Object.values(byMode).reduce((a, b) => a + b, 0), instructionsByMode: byMode,
    trapsByCause: {}, trapsByTransition: {}, vmExits: {}, hypercalls: 0, worldSwitches: 0, pageWalkAccesses: 100, tlbMisses: 10,
    ioLatencyInstructions: { requests: 4, mean: 1_000, min: 900, max: 1_200 }, memoryPages: 256,
    hostSeconds: 2, measuredHostSeconds: 0.5, bootInstructions: 1_000_000, layers: [], micro: [], console: '',
    ...o,
    ...(o.instructionsByMode !== undefined ? {} : { instructionsByMode: byMode }),
  };
}

function report(): CompareReport {
  return {
    schema: 'hyperstep-compare/1', date: '2026-12-07T18:00:00.000Z', workload: { path: 'w', sha256: '00' }, host: { cpus: 2, node: 'v20' },
    totalSeconds: 123.4,
    // Deliberately out of order: the view shows COMPARE_MODES' order.
    modes: [
      mode('hw-assisted', {
        instructionsByMode: { M: 100, HS: 4_000, U: 0, VS: 3_000, VU: 20_000 },
        trapsByCause: { 'ecall from U-mode': 120, 'ecall from VS-mode': 14, 'load guest-page fault': 9 },
        vmExits: { 'ecall from VS-mode': 14, 'load guest-page fault': 9 }, hypercalls: 14, pageWalkAccesses: 300,
        layers: [L('workload', 'process', 'VU', 20_000), L('OpenSBI', 'firmware', 'M', 100), L('small kernel', 'guest-kernel', 'VS (VMID 1)', 3_000), L('reference hypervisor', 'hypervisor', 'HS', 4_000)],
        micro: [{ event: 'hypercall', count: 14, instructionsPerEvent: 250, trapsPerEvent: 1 }],
      }),
      mode('native', {
        instructionsByMode: { M: 100, HS: 3_000, U: 20_000, VS: 0, VU: 0 }, trapsByCause: { 'ecall from U-mode': 120, 'ecall from S-mode': 10 },
        layers: [L('OpenSBI', 'firmware', 'M', 100), L('small kernel', 'guest-kernel', 'S', 3_000), L('workload', 'process', 'U', 20_000)],
        micro: [{ event: 'system call', count: 120, instructionsPerEvent: 25, trapsPerEvent: 1 }],
      }),
      mode('trap-and-emulate', {
        instructionsByMode: { M: 100, HS: 240_000, U: 23_000, VS: 0, VU: 0 },
        trapsByCause: { 'illegal instruction': 6_100, 'ecall from U-mode': 120, 'store/AMO page fault': 40 }, pageWalkAccesses: 900,
        trapsByTransition: { 'U->M': 6_100, 'U->HS': 6_260 },
        layers: [L('OpenSBI', 'firmware', 'M', 100), L('tae hypervisor', 'hypervisor', 'S', 240_000), L('small kernel', 'guest-kernel', 'U (ASID 1)', 3_000), L('workload', 'process', 'U', 20_000)],
      }),
      mode('type2', { status: 'failed', checksum: null, error: 'no checksum line, "timeout"', instructionsByMode: { M: 0, HS: 0, U: 0, VS: 0, VU: 0 }, hostSeconds: 600 }),
      mode('linux', { checksum: '0x1111111111111111', instructionsByMode: { M: 200, HS: 50_000, U: 20_000, VS: 0, VU: 0 }, trapsByCause: { 'ecall from U-mode': 120 } }),
    ],
  };
}

describe('extension: comparison model', () => {
  it('checks a loaded report: JSON, schema, known modes, counts', () => {
    assert.match((parseReport('{') as { error: string }).error, /^not JSON/);
    assert.match((parseReport('{"schema":"x"}') as { error: string }).error, /schema "x", expected "hyperstep-compare\/1"/);
    assert.match((checkReport({ schema: 'hyperstep-compare/1', modes: [] }) as { error: string }).error, /no modes/);
    assert.match((checkReport({ schema: 'hyperstep-compare/1', modes: [{ mode: 'vmware' }] }) as { error: string }).error, /unknown mode "vmware"/);
    assert.match((checkReport({ schema: 'hyperstep-compare/1', modes: [{ mode: 'native' }] }) as { error: string }).error, /"native" lacks counts/);
    const r = parseReport(JSON.stringify(report()));
    assert.ok(!('error' in r));
    assert.equal(r.modes.length, 5);
  });

  it('orders the modes as COMPARE_MODES and finds the checksum most modes printed', () => {
    const r = report();
    assert.deepEqual(orderedModes(r).map((m) => m.mode), ['native', 'linux', 'trap-and-emulate', 'hw-assisted', 'type2']);
    assert.equal(consensusChecksum(r), '0x00000000deadbeef');
  });

  it('builds the table: one column per mode, failed and differing cells marked, totals broken down', () => {
    const rows = tableRows(report());
    const row = (id: string) => { const x = rows.find((r) => r.id === id); assert.ok(x, id); return x; };
    assert.deepEqual(row('status').cells, ['✓ ok', '✓ ok', '✓ ok', '✓ ok', '✗ failed']);
    assert.deepEqual(row('status').titles, ['', '', '', '', 'no checksum line, "timeout"']);
    assert.deepEqual(row('checksum').marks, ['', 'differs', '', '', 'failed']);
    assert.deepEqual(row('instructions').cells, ['23,100', '70,200', '263,100', '27,100', '—']);
    assert.deepEqual(row('instructions').marks, ['best', '', '', '', 'failed']);
    assert.deepEqual(row('instructions.ratio').cells, ['×1.0', '×3.0', '×11', '×1.2', '—']);
    assert.deepEqual(row('priv.HS').cells, ['3,000 · 13 %', '50,000 · 71 %', '240,000 · 91 %', '4,000 · 15 %', '—']);
    assert.equal(rows.some((r) => r.id === 'priv.VS') && rows.some((r) => r.id === 'priv.VU'), true);
    assert.deepEqual(row('traps').values, [130, 120, 6_260, 143, null]);
    // Causes: every cause of any mode, the most frequent first, 0 where a mode had none.
    const causes = rows.filter((r) => r.id.startsWith('trap.')).map((r) => r.label);
    assert.deepEqual(causes, ['illegal instruction', 'ecall from U-mode', 'store/AMO page fault', 'ecall from VS-mode', 'ecall from S-mode', 'load guest-page fault']);
    assert.deepEqual(row('trap.illegal instruction').cells, ['0', '0', '6,100', '0', '—']);
    assert.equal(row('transition.U->HS').label, 'U → HS');
    assert.deepEqual(row('transition.U->HS').cells, ['0', '0', '6,260', '0', '—']);
    assert.deepEqual(rows.filter((r) => r.id.startsWith('transition.')).map((r) => r.label), ['U → HS', 'U → M']);
    assert.deepEqual(row('vmExits').values, [0, 0, 0, 23, null]);
    assert.deepEqual(rows.filter((r) => r.id.startsWith('exit.')).map((r) => r.label), ['ecall from VS-mode', 'load guest-page fault']);
    assert.deepEqual(row('io.range').cells[0], '900 – 1,200');
    assert.deepEqual(row('memoryPages').cells[0], '256 (1.0 MiB)');
    // A failed run still took its time.
    assert.deepEqual(row('hostSeconds').cells, ['2.00 s', '2.00 s', '2.00 s', '2.00 s', '600 s']);
    for (const r of rows) assert.equal(r.cells.length, 5, r.id);
  });

  it('builds the charts: instructions stacked by privilege mode, events grouped on a log scale when they span decades', () => {
    const [instr, events, memory, io] = chartSpecs(report());
    assert.equal(instr.stacked, true);
    assert.equal(instr.log, false);
    assert.deepEqual(instr.series.map((s) => s.label), ['M-mode', 'S/HS-mode', 'VS-mode', 'U-mode', 'VU-mode']);
    assert.deepEqual(instr.failed, [false, false, false, false, true]);
    const tops = stackTops(instr);
    assert.deepEqual(tops[tops.length - 1], [23_100, 70_200, 263_100, 27_100, null], 'the top of each stack is the total');
    assert.deepEqual(chartRange(instr), [0, 263_100 * 1.08]);
    assert.equal(events.log, true, 'traps from 120 to 6,260, exits from 0: two decades and more');
    assert.deepEqual(events.series.map((s) => s.label), ['traps', 'VM exits', 'hypercalls', 'world switches']);
    assert.deepEqual(events.series[1].values, [null, null, null, 23, null], 'zeros are left out of a log scale');
    assert.deepEqual(chartRange(events), [10, 10_000]);
    assert.equal(memory.log, false);
    assert.equal(io.log, false);
    assert.equal(barText(instr, 3, 0), 'native · U-mode: 20,000 instructions (87 %)');
    assert.equal(barText(events, 0, 4), 'type2: failed (no counts)');
    assert.equal(spansDecades([1, 99]), false);
    assert.equal(spansDecades([1, 100, null, 0]), true);
  });

  it('draws the layers bottom to top by kind, each with its share of the instructions', () => {
    const hw = report().modes[0];
    const boxes = layerBoxes(hw);
    assert.deepEqual(boxes.map((b) => b.name), ['workload', 'small kernel', 'reference hypervisor', 'OpenSBI'], 'top first');
    assert.equal(boxes[0].text, '74 % · 20,000 instructions');
    assert.ok(Math.abs(boxes.reduce((a, b) => a + b.share, 0) - 1) < 1e-9);
    assert.ok(boxes[0].widthPercent > boxes[1].widthPercent && boxes[3].widthPercent >= 56 && boxes[0].widthPercent <= 100);
    assert.deepEqual(layerBoxes(report().modes[3]), [], 'a failed run has no layers');
  });

  it('explains each mode with the numbers of the report, not fixed figures', () => {
    const r = report();
    const ex = explanations(r);
    assert.deepEqual(ex.map((e) => e.mode), ['native', 'linux', 'trap-and-emulate', 'hw-assisted', 'type2']);
    const tae = ex.find((e) => e.mode === 'trap-and-emulate')!;
    assert.match(tae.points[0], /^Every privileged instruction of the guest kernel traps: 6,100 illegal-instruction traps, 6,260 traps in all vs 143 under hw-assisted and 130 natively\.$/);
    assert.match(tae.points[1], /The hypervisor retired 91 % of the 263,100 instructions \(×11\)/);
    assert.match(tae.points[2], /^6,100 of the traps went from U-mode to the firmware first \(U → M: .*\): M-mode retired <0\.1 % of the instructions\.$/);
    const hw = ex.find((e) => e.mode === 'hw-assisted')!;
    assert.match(hw.points[0], /only 23 VM exits \(mostly ecall from VS-mode, 14\), vs 6,260 traps under trap-and-emulate\./);
    assert.match(hw.points[2], /300 page-walk accesses vs 100 natively \(×3\.0\)/);
    assert.match(ex.find((e) => e.mode === 'type2')!.points[0], /^This run failed: no checksum line, "timeout"\./);
    // Other numbers, other text; and a mode compared with one that failed or is missing says less, wrongly nothing.
    r.modes[2].trapsByCause['illegal instruction'] = 7;
    r.modes[0].status = 'failed';
    const again = explanations(r).find((e) => e.mode === 'trap-and-emulate')!;
    assert.match(again.points[0], /: 7 illegal-instruction traps, 167 traps in all and 130 natively\.$/);
    for (const e of ex) assert.ok(e.what.length > 40 && e.points.length >= 1, e.mode);
  });

  it('draws its conclusions from the comparison, whichever way it goes', () => {
    const r: CompareReport = {
      ...report(),
      modes: [
        mode('hw-assisted', { instructionsByMode: { M: 0, HS: 100, U: 0, VS: 100, VU: 800 }, ioLatencyInstructions: { requests: 2, mean: 8_000, min: 1, max: 9 } }),
        mode('dom0', { instructionsByMode: { M: 0, HS: 100, U: 0, VS: 300, VU: 800 }, worldSwitches: 12, ioLatencyInstructions: { requests: 2, mean: 20_000, min: 1, max: 9 } }),
        mode('paravirt', { instructionsByMode: { M: 0, HS: 100, U: 900, VS: 0, VU: 0 }, hypercalls: 5 }),
      ],
    };
    const point = (m: CompareModeName, re: RegExp) => {
      const e = explanations(r).find((x) => x.mode === m)!;
      assert.ok(e.points.some((p) => re.test(p)), `${m}: ${JSON.stringify(e.points)} has ${re}`);
    };
    point('dom0', /costs 20,000 instructions vs 8,000 with the hypervisor emulating the disk itself \(hw-assisted\) \(×2\.5\): the price of moving device emulation/);
    point('paravirt', /needs 0 VM exits and 1,000 instructions \(about the same\): hardware support makes the modified kernel unnecessary\.$/);
    r.modes[1].ioLatencyInstructions.mean = 7_000;
    r.modes[0].instructionsByMode.VU = 2_000;
    r.modes[0].instructions = 2_200;
    point('dom0', /costs 7,000 instructions vs 8,000 .* \(×0\.88\): here the trip through dom0 costs no more per request than emulation in the hypervisor/);
    point('paravirt', /and 2,200 instructions \(×2\.2\): paravirtualization still does less work here\.$/);
  });

  it('lists the microbenchmarks per event and mode', () => {
    const t = microTable(report());
    assert.deepEqual(t.events, ['system call', 'hypercall']);
    assert.deepEqual(t.cells, [
      [{ cost: '25', detail: '120 events · 1 trap' }, null, null, null, null],
      [null, null, null, { cost: '250', detail: '14 events · 1 trap' }, null],
    ]);
  });

  it('exports CSV: a header, one row per mode, quoted where needed', () => {
    const lines = reportCsv(report()).trimEnd().split('\n');
    assert.equal(lines[0], CSV_COLUMNS.join(','));
    assert.equal(lines.length, 6);
    assert.equal(lines[1], 'native,native title,ok,0x00000000deadbeef,23100,100,3000,20000,0,0,1000000,130,0,0,0,100,10,4,1000,900,1200,256,2,0.5,');
    assert.match(lines[5], /^type2,type2 title,failed,,0,.*,"no checksum line, ""timeout"""$/);
    assert.equal(lines[1].split(',').length, CSV_COLUMNS.length);
  });

  it('formats counts, ratios, shares and the summary', () => {
    assert.equal(formatCount(1234567.4), '1,234,567');
    assert.equal(formatCount(null), '—');
    assert.equal(formatShort(26_908_000), '26.9 M');
    assert.equal(formatShort(41_000), '41 k');
    assert.equal(formatShort(812), '812');
    assert.equal(formatRatio(11.4), '×11');
    assert.equal(formatRatio(0.238), '×0.24');
    assert.equal(formatPercent(1, 2000), '<0.1 %');
    assert.equal(formatPercent(0, 10), '0 %');
    assert.equal(reportSummary(report(), 'compare.json'), '4 of 5 modes ran · 2026-12-07 18:00:00 UTC · 123 s on 2 CPUs · compare.json');
  });

  it('page: strict CSP, the script only with its nonce, no inline styles or handlers, the toolbar', () => {
    const html = comparePageHtml({
      cspSource: 'vscode-webview://x', nonce: 'abc+/=', scriptUri: 'vscode-webview://x/compare.js', styleUri: 'vscode-webview://x/compare.css',
      codiconUri: 'vscode-webview://x/codicon.css',
    });
    assert.match(html, /content="default-src &#39;none&#39;; style-src vscode-webview:\/\/x; img-src vscode-webview:\/\/x; font-src vscode-webview:\/\/x; script-src &#39;nonce-abc\+\/=&#39;"/);
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script nonce="abc+/=" src="vscode-webview://x/compare.js">']);
    assert.doesNotMatch(html, /\sstyle=|<style|\son[a-z]+=/i);
    for (const id of ['run', 'cancel', 'open', 'exportJson', 'exportCsv', 'counts', 'charts', 'modes', 'micro']) assert.match(html, new RegExp(`id="${id}"`), id);
  });
});
