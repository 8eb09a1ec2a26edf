/**
 * The timeline's HTML document (timelineView.ts): the strict Content Security Policy of
 * the other HyperStep webviews (nothing by default, the script only with its nonce,
 * styles, fonts and images only from the webview's resource origin), a toolbar (whole
 * run, zoom in and out, go to now), the plot area the script (dist/webview/timeline.js,
 * from extension/webview/timeline.ts, drawing with uPlot) fills, the pointer's tooltip,
 * a status line and the list of the marks in view (keyboard access to the same travel a
 * click on the plot does). The stylesheet dist/webview/timeline.css carries uPlot's own
 * CSS. Pure, unit-tested in test/extension/timelineModel.test.ts.
 */
import { codiconStyle, webviewHtml } from './webviewShell';

export interface TimelinePageResources {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  nonce: string;
}

export function timelinePageHtml(r: TimelinePageResources): string {
  const button = (id: string, icon: string, title: string) =>
    `<vscode-button id="${id}" secondary icon="${icon}" aria-label="${title}" title="${title}"></vscode-button>`;
  return webviewHtml({
    ...r,  /* cspSource, nonce */
    title: 'Timeline',
    styles: [codiconStyle(r.codiconUri), r.styleUri],
    scripts: [r.scriptUri],
    body: `<div class="toolbar">
  ${button('whole', 'screen-full', 'Show the whole run (double-click the plot)')}
  ${button('zoomIn', 'zoom-in', 'Zoom in (wheel up over the plot)')}
  ${button('zoomOut', 'zoom-out', 'Zoom out (wheel down over the plot)')}
  ${button('toNow', 'target', 'Centre the current position')}
  <span id="status" role="status"></span>
</div>
<div id="plot" aria-label="Timeline of the recorded run: instructions on the horizontal axis, one row per kind of event"></div>
<div id="tip" role="tooltip" hidden></div>
<p class="hint">Click a mark or any point of the axis to travel there. Drag to zoom into a range, wheel to zoom, Shift+wheel to pan, double-click for the whole run.</p>
<details id="marks"><summary>Marks in view</summary><ol id="markList"></ol></details>
`,
  });
}
