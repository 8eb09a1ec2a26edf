/**
 * The comparison view's HTML document (compareView.ts, "HyperStep: Compare
 * Virtualization Modes"): the strict Content Security Policy of the other HyperStep
 * webviews (nothing by default, the script only with its nonce, styles, fonts and
 * images only from the webview's resource origin), the toolbar (run, cancel, open a
 * saved report, export JSON and CSV), the per-mode progress line, and the sections the
 * script (dist/webview/compare.js, from extension/webview/compare.ts, drawing the charts
 * with uPlot) fills from a CompareReport: the side-by-side table of counts, the bar
 * charts, one card per mode (layer diagram, explanation, "Debug this mode") and the
 * microbenchmarks. The stylesheet dist/webview/compare.css carries uPlot's own CSS.
 * Pure, unit-tested in test/extension/compareModel.test.ts.
 */
import { codiconStyle, webviewHtml } from './webviewShell';

export interface ComparePageResources {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  nonce: string;
}

export function comparePageHtml(r: ComparePageResources): string {
  const button = (id: string, icon: string, label: string, title: string, secondary = true) =>
    `<vscode-button id="${id}"${secondary ? ' secondary' : ''} icon="${icon}" title="${title}">${label}</vscode-button>`;
  return webviewHtml({
    ...r,  /* cspSource, nonce */
    title: 'Virtualization modes, measured',
    styles: [codiconStyle(r.codiconUri), r.styleUri],
    scripts: [r.scriptUri],
    body: `<header class="toolbar">
  <h1>Virtualization modes, measured</h1>
  ${button('run', 'play', 'Run comparison', 'Run the workload on all eight stacks (cached results are reused)', false)}
  ${button('cancel', 'debug-stop', 'Cancel', 'Cancel the running comparison')}
  ${button('open', 'folder-opened', 'Open JSON…', 'Load a report saved with Export JSON or hyperstep compare --json')}
  ${button('exportJson', 'json', 'Export JSON', 'Save the report as JSON (schema hyperstep-compare/1)')}
  ${button('exportCsv', 'table', 'Export CSV', 'Save one row per mode as CSV')}
</header>
<p id="status" role="status"></p>
<ol id="progress" aria-label="Progress per mode" hidden></ol>
<main id="content">
  <section id="empty">
    <p>No comparison yet. <strong>Run comparison</strong> runs one workload (system calls, memory and block I/O) on eight software stacks,
    from the small kernel alone to a hosted hypervisor, and counts what each layer does; or <strong>Open JSON…</strong> a report saved
    earlier (<code>hyperstep compare --json FILE</code>).</p>
  </section>
  <section id="tableSection" hidden>
    <h2>Counts <span class="sub">during the measured run (between the workload's MARK_BEGIN and MARK_END)</span></h2>
    <div class="scroll"><table id="counts" aria-label="Counts per mode"></table></div>
  </section>
  <section id="chartSection" hidden>
    <h2>Charts</h2>
    <div id="charts" class="charts"></div>
  </section>
  <section id="modeSection" hidden>
    <h2>The stacks <span class="sub">layers bottom to top, each box as wide as its share of the instructions</span></h2>
    <div id="modes" class="modes"></div>
  </section>
  <section id="microSection" hidden>
    <h2>Microbenchmarks <span class="sub">the cost of one event: mean instructions from its trap back into the layer that caused it; under it, the events counted and the traps per event</span></h2>
    <div class="scroll"><table id="micro" aria-label="Microbenchmarks per mode"></table></div>
  </section>
</main>
`,
  });
}
