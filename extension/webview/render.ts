/**
 * HTML of the translation view (translationView.ts, webview script translation.ts): a
 * `hyperstep.translate` report (emulator/debug/translation.ts) as the summary line
 * GVA → GPA → HPA, the fault when the walk fails, then one section per stage: the VS
 * stage's levels (PTE address as a GPA, PTE, decoded flags, PPN), each with the G-stage
 * walk of its PTE address (a collapsed row under it), then the G stage of the result
 * (or the hypervisor's S stage).
 * Pure string building, no DOM and no `vscode`, so that it runs in the webview and in
 * unit tests (test/extension/translationRender.test.ts). Every value is escaped; the
 * markup has no inline scripts, handlers or style attributes (the webview's CSP forbids
 * them). Uses <vscode-collapsible> and <vscode-badge> from @vscode-elements/elements.
 */

/** The report's JSON shape as the webview sees it (a structural copy of
 *  emulator/debug/translation.ts's TranslationReport; translationView.ts checks that
 *  the two stay assignable). */
export interface PteView {
  level: number;
  pteAddr: string;
  pte?: string;
  flags?: string;
  ppn?: string;
  g?: StageView;
}
export interface StageView {
  stage: string;
  mode: string;
  root?: string;
  input: string;
  levels: PteView[];
  output?: string;
  leaf?: string;
  error?: string;
}
export interface ReportView {
  context: string;
  address: string;
  kind: string;
  stages: StageView[];
  gpa?: string;
  hpa?: string;
  fault?: string;
  summary: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c] as string));
}

const FLAG_NAMES: Record<string, string> = {
  D: 'Dirty', A: 'Accessed', G: 'Global', U: 'User', X: 'Executable', W: 'Writable', R: 'Readable', V: 'Valid',
};
const FLAG_ORDER = 'DAGUXWRV';

/** The eight flags, each a cell-internal span: set bits bold, clear bits a faint dot. */
export function renderFlags(flags: string | undefined): string {
  if (flags === undefined) return '<span class="muted">—</span>';
  let out = '';
  for (let i = 0; i < FLAG_ORDER.length; i++) {
    const letter = FLAG_ORDER[i];
    const on = flags[i] === letter;
    out += `<span class="flag ${on ? 'on' : 'off'}" title="${FLAG_NAMES[letter]}: ${on ? 'set' : 'clear'}">${on ? letter : '·'}</span>`;
  }
  return `<span class="flags" aria-label="${escapeHtml(describeFlags(flags))}">${out}</span>`;
}

/** "V R W X A D" style list of the set flags, for screen readers. */
function describeFlags(flags: string): string {
  const set = [...FLAG_ORDER].filter((l, i) => flags[i] === l).map((l) => FLAG_NAMES[l]);
  return set.length === 0 ? 'no flags set' : set.join(', ');
}

/** What a PTE is: a leaf (R, W or X set), a pointer to the next table (only V), or invalid. */
export function pteKind(flags: string | undefined): 'leaf' | 'table' | 'invalid' | 'unreadable' {
  if (flags === undefined) return 'unreadable';
  if (flags[7] !== 'V') return 'invalid';
  return /[XWR]/.test(flags.slice(4, 7)) ? 'leaf' : 'table';
}

const KIND_TEXT = { leaf: 'leaf', table: 'next table', invalid: 'invalid', unreadable: 'unreadable' };

const code = (s: string | undefined): string => (s === undefined ? '<span class="muted">—</span>' : `<code>${escapeHtml(s)}</code>`);

/** Address-space names of a stage's input, output and PTE addresses. */
export function spaceNames(stage: string): { input: string; output: string; pte: string } {
  if (stage === 'VS') return { input: 'GVA', output: 'GPA', pte: 'GPA' };
  if (stage === 'G') return { input: 'GPA', output: 'HPA', pte: 'HPA' };
  return { input: 'VA', output: 'PA', pte: 'PA' };
}

const STAGE_TITLES: Record<string, string> = {
  VS: 'VS stage: guest virtual → guest physical',
  G: 'G stage: guest physical → host physical',
  S: 'S stage: virtual → physical',
};

/** The stage's mode and root, e.g. "Sv39 · vsatp root GPA 0x80003000" (the collapsible's description). */
export function stageLine(s: StageView): string {
  const n = spaceNames(s.stage);
  const reg = s.stage === 'VS' ? 'vsatp' : s.stage === 'G' ? 'hgatp' : 'satp';
  return s.root !== undefined ? `${s.mode} · ${reg} root ${n.pte} ${s.root}` : `${s.mode} · ${reg}`;
}

/** The stage's input → output (or fault), the first line of its body. */
export function stageResult(s: StageView): string {
  const n = spaceNames(s.stage);
  const out = s.output !== undefined
    ? `<span class="muted">${n.output}</span> <code>${escapeHtml(s.output)}</code>${s.leaf !== undefined ? ` <span class="muted">(${escapeHtml(s.leaf)} page)</span>` : ''}`
    : '<span class="error-text">fault</span>';
  return `<p class="stage-result"><span class="muted">${n.input}</span> <code>${escapeHtml(s.input)}</code> → ${out}</p>`;
}

/** One VS level's PTE address walked through the G stage: a collapsed <details>. */
function renderNestedWalk(g: StageView): string {
  const result = g.output !== undefined
    ? `<span class="muted">HPA</span> ${code(g.output)}`
    : `<span class="error-text">fault: ${escapeHtml(g.error ?? 'no translation')}</span>`;
  const summary = `<summary><span class="muted">G stage of this PTE address: GPA</span> ${code(g.input)} → ${result}`
    + `<span class="muted"> (${g.levels.length} ${g.levels.length === 1 ? 'level' : 'levels'})</span></summary>`;
  if (g.levels.length === 0) return `<details class="nested">${summary}</details>`;
  return `<details class="nested">${summary}${renderLevelsTable(g, false)}</details>`;
}

/** The levels of one stage as a table; `withG`: under each row, that PTE address's G-stage walk. */
function renderLevelsTable(s: StageView, withG: boolean): string {
  const n = spaceNames(s.stage);
  const head = ['Level', `PTE address (${n.pte})`, 'PTE', 'Flags DAGUXWRV', 'PPN', 'Kind'];
  let rows = '';
  for (const l of s.levels) {
    const kind = pteKind(l.flags);
    const cells = [
      `<td class="num">${l.level}</td>`,
      `<td>${code(l.pteAddr)}</td>`,
      `<td>${l.pte === undefined ? '<span class="error-text">unreadable</span>' : code(l.pte)}</td>`,
      `<td>${renderFlags(l.flags)}</td>`,
      `<td>${code(l.ppn)}</td>`,
      `<td class="kind kind-${kind}">${KIND_TEXT[kind]}</td>`,
    ];
    rows += `<tr class="level" data-level="${l.level}">${cells.join('')}</tr>`;
    if (withG && l.g !== undefined) {
      rows += `<tr class="gwalk" data-level="${l.level}"><td></td><td colspan="${head.length - 1}">${renderNestedWalk(l.g)}</td></tr>`;
    }
  }
  return `<table class="levels"><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows}</tbody></table>`;
}

/** One stage as an open collapsible section. */
export function renderStage(s: StageView): string {
  const title = STAGE_TITLES[s.stage] ?? `${s.stage} stage`;
  let body = stageResult(s);
  if (s.levels.length === 0) {
    body += `<p class="muted">${s.mode === 'Bare' ? 'Bare: no translation, the output is the input.' : 'No page-table levels were read.'}</p>`;
  } else {
    body += renderLevelsTable(s, s.stage === 'VS');
  }
  if (s.error !== undefined) body += `<p class="fault-line"><span class="error-text">Walk failed:</span> ${escapeHtml(s.error)}</p>`;
  return `<vscode-collapsible class="stage" data-stage="${escapeHtml(s.stage)}" heading="${escapeHtml(title)}" description="${escapeHtml(stageLine(s))}" open>`
    + `<div class="stage-body">${body}</div></vscode-collapsible>`;
}

/** The address chain GVA → GPA → HPA as labelled steps (its text is the report's summary
 *  when the walk succeeds; data-summary holds the summary in every case). */
export function renderChain(r: ReportView): string {
  const steps: [string, string][] = [];
  if (r.kind === 'va') {
    steps.push(['VA', r.address]);
    if (r.hpa !== undefined) steps.push(['PA', r.hpa]);
  } else {
    if (r.kind === 'gva') steps.push(['GVA', r.address]);
    if (r.gpa !== undefined) steps.push(['GPA', r.gpa]);
    else if (r.kind === 'gpa') steps.push(['GPA', r.address]);
    if (r.hpa !== undefined) steps.push(['HPA', r.hpa]);
  }
  const arrow = '<span class="arrow"> → </span>';
  let html = steps.map(([k, v]) => `<span class="step"><vscode-badge>${k}</vscode-badge> <code>${escapeHtml(v)}</code></span>`).join(arrow);
  if (r.fault !== undefined) html += `${arrow}<span class="step error-text">fault</span>`;
  return `<p class="chain" data-summary="${escapeHtml(r.summary)}">${html}</p>`;
}

/** The whole report: heading, chain, fault, stages. */
export function renderReport(r: ReportView): string {
  let html = `<h2 class="title"><span class="context">${escapeHtml(r.context)}</span> · ${escapeHtml(r.kind.toUpperCase())} ${escapeHtml(r.address)}</h2>`;
  html += renderChain(r);
  if (r.fault !== undefined) {
    html += `<div class="fault" role="alert"><strong>Translation fault.</strong> ${escapeHtml(r.fault)}</div>`;
  }
  for (const s of r.stages) html += renderStage(s);
  return html;
}

/** The view's error state: a message, no stack. */
export function renderError(message: string, input?: string): string {
  const what = input !== undefined && input !== '' ? ` <code>${escapeHtml(input)}</code>` : '';
  return `<div class="error" role="alert"><strong>Could not translate${what}.</strong> ${escapeHtml(message)}</div>`;
}
