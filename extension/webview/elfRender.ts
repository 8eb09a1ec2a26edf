/**
 * HTML of the ELF viewer (extension/elfViewer.ts, webview script elf.ts): the ELF
 * header as label/value rows, the program headers with the sections each segment holds,
 * the section headers, and the symbol table, filtered (name substring, or an address
 * 0x… that a symbol covers) and sorted by any column, rendering at most `limit` rows so
 * that files with tens of thousands of symbols stay fast.
 * Also the view's data types (ElfView, prepared by extension/elfModel.ts).
 * Pure string building, no DOM and no `vscode`, so it runs in the webview and in unit
 * tests (test/extension/elfViewer.test.ts). Every value is escaped; no inline scripts,
 * handlers or style attributes (the webview's CSP forbids them).
 */
import { escapeHtml } from './render';

export interface ElfField { label: string; value: string }
export interface ElfSegmentRow {
  index: number; type: string; offset: string; vaddr: string; paddr: string;
  fileSize: string; memSize: string; flags: string; align: string;
  /** Names of the sections inside the segment (readelf's section to segment mapping). */
  sections: string[];
}
export interface ElfSectionRow {
  index: number; name: string; type: string; addr: string; offset: string; size: string;
  entsize: string; flags: string; link: number; info: number; align: string;
}
export interface ElfSymbolRow {
  /** Unsigned 64-bit value as 0x… without leading zeros. */
  value: string; size: number; type: string; bind: string;
  /** Section name, or UND / ABS / COM / the index when unnamed. */
  section: string; name: string;
}
export interface ElfView {
  file: string;
  entry: string;
  /** The symbol at the entry point, when there is one. */
  entrySymbol?: string;
  header: ElfField[];
  segments: ElfSegmentRow[];
  sections: ElfSectionRow[];
  symbols: ElfSymbolRow[];
  warnings: string[];
}

export type SymbolKey = 'value' | 'size' | 'type' | 'bind' | 'section' | 'name';
export interface SymbolQuery { filter: string; key: SymbolKey; descending: boolean; limit: number }
export const DEFAULT_QUERY: SymbolQuery = { filter: '', key: 'value', descending: false, limit: 500 };

/** Compares unsigned hex strings 0x… without leading zeros. */
function hexCompare(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

const ADDRESS = /^0x[0-9a-f]+$/i;

/** Symbols matching `filter`: a name substring (case-insensitive), or for `0x…` the
 *  symbols whose [value, value+size) covers that address (or whose value is it). */
export function filterSymbols(rows: ElfSymbolRow[], filter: string): ElfSymbolRow[] {
  const f = filter.trim().toLowerCase();
  if (f === '') return rows;
  if (ADDRESS.test(f)) {
    const addr = BigInt(f);
    return rows.filter((r) => {
      const v = BigInt(r.value);
      return addr === v || (addr > v && addr < v + BigInt(r.size)) || r.value.startsWith(f);
    });
  }
  return rows.filter((r) => r.name.toLowerCase().includes(f));
}

/** A sorted copy (stable; ties keep file order). */
export function sortSymbols(rows: ElfSymbolRow[], key: SymbolKey, descending: boolean): ElfSymbolRow[] {
  const cmp = key === 'value' ? (a: ElfSymbolRow, b: ElfSymbolRow) => hexCompare(a.value, b.value)
    : key === 'size' ? (a: ElfSymbolRow, b: ElfSymbolRow) => a.size - b.size
      : (a: ElfSymbolRow, b: ElfSymbolRow) => a[key].localeCompare(b[key]);
  const sign = descending ? -1 : 1;
  return rows.map((r, i) => ({ r, i })).sort((a, b) => sign * cmp(a.r, b.r) || a.i - b.i).map((x) => x.r);
}

const td = (s: string | number, cls?: string): string => `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(String(s))}</td>`;
const th = (s: string): string => `<th scope="col">${escapeHtml(s)}</th>`;

export function renderHeader(v: ElfView): string {
  const rows = v.header.map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th>${td(f.value, 'mono')}</tr>`).join('');
  return `<table class="fields" id="elf-header">${rows}</table>`;
}

export function renderSegments(v: ElfView): string {
  if (v.segments.length === 0) return '<p class="muted">No program headers.</p>';
  const head = ['#', 'Type', 'Offset', 'Virtual address', 'Physical address', 'File size', 'Memory size', 'Flags', 'Align', 'Sections'].map(th).join('');
  const body = v.segments.map((s) => `<tr>${td(s.index)}${td(s.type)}${td(s.offset, 'mono')}${td(s.vaddr, 'mono')}${td(s.paddr, 'mono')}`
    + `${td(s.fileSize, 'mono')}${td(s.memSize, 'mono')}${td(s.flags, 'mono')}${td(s.align, 'mono')}${td(s.sections.join(' '), 'mono')}</tr>`).join('');
  return `<table class="grid" id="elf-segments"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderSections(v: ElfView): string {
  if (v.sections.length === 0) return '<p class="muted">No section headers.</p>';
  const head = ['#', 'Name', 'Type', 'Address', 'Offset', 'Size', 'EntSize', 'Flags', 'Link', 'Info', 'Align'].map(th).join('');
  const body = v.sections.map((s) => `<tr>${td(s.index)}${td(s.name, 'mono')}${td(s.type)}${td(s.addr, 'mono')}${td(s.offset, 'mono')}`
    + `${td(s.size, 'mono')}${td(s.entsize, 'mono')}${td(s.flags, 'mono')}${td(s.link)}${td(s.info)}${td(s.align, 'mono')}</tr>`).join('');
  return `<table class="grid" id="elf-sections"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const SYMBOL_COLUMNS: [SymbolKey, string][] = [['value', 'Value'], ['size', 'Size'], ['type', 'Type'], ['bind', 'Bind'], ['section', 'Section'], ['name', 'Name']];

/** The symbol table under `q`: the table (column headers are sort buttons carrying
 *  `data-key`) and the counts. */
export function renderSymbols(rows: ElfSymbolRow[], q: SymbolQuery): { html: string; shown: number; matched: number } {
  const matched = sortSymbols(filterSymbols(rows, q.filter), q.key, q.descending);
  const shown = Math.min(matched.length, q.limit);
  const head = SYMBOL_COLUMNS.map(([key, label]) => {
    const sorted = key === q.key;
    const aria = sorted ? (q.descending ? 'descending' : 'ascending') : 'none';
    const mark = sorted ? (q.descending ? ' ▼' : ' ▲') : '';
    return `<th scope="col" aria-sort="${aria}"><button class="sort" data-key="${key}" type="button">${escapeHtml(label + mark)}</button></th>`;
  }).join('');
  let body = '';
  for (let i = 0; i < shown; i++) {
    const s = matched[i];
    body += `<tr>${td(s.value, 'mono')}${td(s.size, 'num')}${td(s.type)}${td(s.bind)}${td(s.section, 'mono')}${td(s.name, 'mono name')}</tr>`;
  }
  const note = matched.length === 0 ? '<p class="muted">No symbol matches.</p>'
    : shown < matched.length ? `<p class="muted">Showing ${shown} of ${matched.length} matching symbols: type in the filter to narrow them.</p>` : '';
  return {
    html: `<table class="grid" id="elf-symbols"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${note}`,
    shown, matched: matched.length,
  };
}

/** The page's error text for a file that is not a valid ELF (or cannot be read). */
export function renderElfError(file: string, message: string): string {
  return `<div class="error" role="alert"><p><strong>${escapeHtml(file)}</strong> cannot be shown: ${escapeHtml(message)}</p>`
    + '<p class="muted">The ELF viewer shows RISC-V ELF64 executables (the files HyperStep can run). Use “Reopen Editor With…” to see the bytes in another editor.</p></div>';
}
