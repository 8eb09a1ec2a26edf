/**
 * The memory view's pure model (extension/memoryView.ts, webview script memory.ts):
 * bytes read with DAP `readMemory` become rows of 16 bytes, shown as hex groups of 1, 2,
 * 4 or 8 bytes (a group reads as a little-endian number, as gdb's x/h, x/w, x/g do) and
 * as ASCII; bytes that differ from the previous stop (compared by address, so a view
 * that follows a moving `$sp` still compares like with like) are marked; an edited
 * group's text becomes the little-endian bytes DAP `writeMemory` writes. No DOM and no
 * `vscode`: runs in the webview and in unit tests (test/extension/memoryModel.test.ts).
 * The HTML has no inline scripts, handlers or styles (the webview's CSP forbids them).
 */

export type GroupSize = 1 | 2 | 4 | 8;
export const GROUP_SIZES: readonly GroupSize[] = [1, 2, 4, 8];
export const BYTES_PER_ROW = 16;

/** What the extension posts for one read. */
export interface MemorySnapshot {
  /** Address of the first byte (hex, from the readMemory response). */
  address: string;
  /** Readable bytes from `address` on (the rest of `count` is unreadable). */
  bytes: number[];
  /** Bytes asked for. */
  count: number;
  /** Indices (into `bytes`) that changed since the previous stop. */
  changed: number[];
  /** Index of the byte the expression points at, when it is in the range shown. */
  target?: number;
}

/** What the user typed: an address or memory reference used as is, or an expression to evaluate. */
export type MemoryTarget = { kind: 'reference'; reference: string } | { kind: 'expression'; expression: string };

const NUMBER = /^(0x[0-9a-f]+|\d+)$/i;

/**
 * An address (`0x80001000`, `2147487744`) or one of the adapter's memory references
 * (`guest1:0x…`, `guest1:gva:0x…`, `guest1:gpa:0x…`, `hpa:0x…`) is read as is; anything
 * else (`$sp`, `&buf`, `p->next`) is an expression, evaluated with DAP `evaluate`.
 */
export function parseMemoryTarget(text: string): MemoryTarget | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'type an address or an expression' };
  const parts = t.split(':');
  const last = parts[parts.length - 1].trim();
  const reference = NUMBER.test(last)
    && (parts.length === 1
      || (parts.length === 2 && /^[A-Za-z_][\w.-]*$/.test(parts[0]))
      || (parts.length === 3 && /^[A-Za-z_][\w.-]*$/.test(parts[0]) && /^(gva|gpa)$/i.test(parts[1])));
  return reference ? { kind: 'reference', reference: t } : { kind: 'expression', expression: t };
}

/** The argument VS Code passes from `debug/variables/context` and `debug/watch/context`. */
interface MenuArgument {
  variable?: { memoryReference?: string; evaluateName?: string };
  memoryReference?: string;
  evaluateName?: string;
  name?: string;
}

/**
 * What a "Show Memory" command argument asks for: a string as it is; from the Variables
 * view's context menu (`{ container, variable }`) the variable's evaluateName, to be
 * followed, else its memoryReference; from another caller, a DAP variable or watch
 * expression object: its evaluateName, else its text (`name`), else its memoryReference.
 */
export function targetOfArgument(arg: unknown): string | undefined {
  const str = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined);
  if (typeof arg === 'string') return str(arg);
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as MenuArgument;
  if (typeof a.variable === 'object' && a.variable !== null) return str(a.variable.evaluateName) ?? str(a.variable.memoryReference);
  return str(a.evaluateName) ?? str(a.name) ?? str(a.memoryReference);
}

/** The address a memory reference names (its last `:` part). */
export function referenceAddress(ref: string): bigint {
  const last = ref.trim().split(':').pop() ?? '';
  if (!NUMBER.test(last.trim())) throw new Error(`'${ref}' is not a memory reference`);
  return BigInt(last.trim());
}

/**
 * The memory reference an `evaluate` response leads to: its `memoryReference` (a
 * pointer's pointee, a variable's address), else the value itself when it is a number
 * (`$sp`, `0x80001000 + 16`); undefined when it is neither.
 */
export function referenceFromEvaluate(body: { result: string; memoryReference?: string }): string | undefined {
  if (body.memoryReference !== undefined && body.memoryReference !== '') return body.memoryReference;
  const m = /^\s*(?:\([^()]*\)\s*)?(0x[0-9a-f]+|\d+)(?![\w.])/i.exec(body.result);
  return m === null ? undefined : '0x' + BigInt(m[1]).toString(16);
}

/**
 * The first address shown for `address`: rows start at a multiple of 16 bytes, so the
 * groups are aligned words (as gdb shows them) and the target byte sits in its column;
 * `page` moves the window by whole windows of `count` bytes.
 */
export function windowStart(address: bigint, page: number, count: number): bigint {
  const start = (address & ~BigInt(BYTES_PER_ROW - 1)) + BigInt(page) * BigInt(count);
  return start < 0n ? 0n : start;
}

/** Indices of `bytes` (at `base`) whose value differs from the same address in `prev`. */
export function changedIndices(prev: { base: bigint; bytes: ArrayLike<number> } | undefined,
  base: bigint, bytes: ArrayLike<number>): number[] {
  if (prev === undefined) return [];
  const out: number[] = [];
  const shift = base - prev.base;
  for (let i = 0; i < bytes.length; i++) {
    const j = shift + BigInt(i);
    if (j < 0n || j >= BigInt(prev.bytes.length)) continue;
    if (prev.bytes[Number(j)] !== bytes[i]) out.push(i);
  }
  return out;
}

export const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/** One group's text: its bytes as a little-endian number, `??` per unreadable byte. */
export function groupText(bytes: ArrayLike<number>, start: number, size: GroupSize, readable: number): string {
  let s = '';
  for (let k = size - 1; k >= 0; k--) s += start + k < readable ? hex2(bytes[start + k]) : '??';
  return s;
}

/** A printable ASCII character for a byte, '.' otherwise. */
export function asciiChar(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

/**
 * The bytes to write for a group edited to `text` (hex digits, optional 0x, `_` and
 * spaces ignored): little-endian, exactly `size` bytes. An error message for bad input.
 */
export function parseGroupEdit(text: string, size: GroupSize): number[] | { error: string } {
  const t = text.trim().replace(/^0x/i, '').replace(/[_\s]/g, '');
  if (t === '' || !/^[0-9a-f]+$/i.test(t)) return { error: `'${text.trim()}' is not a hex number` };
  if (t.length > size * 2) return { error: `${text.trim()} does not fit in ${size} byte${size > 1 ? 's' : ''}` };
  let v = BigInt('0x' + t);
  const out: number[] = [];
  for (let k = 0; k < size; k++) { out.push(Number(v & 0xffn)); v >>= 8n; }
  return out;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c] as string));
}

/** Address column text: 16 hex digits (8 when the whole range fits in 32 bits). */
export function addressText(a: bigint, wide: boolean): string {
  return '0x' + BigInt.asUintN(64, a).toString(16).padStart(wide ? 16 : 8, '0');
}

/**
 * The table: one row per 16 bytes, `<td class="g" data-off=N>` per group (class `chg`
 * when one of its bytes changed, `bad` when unreadable, `target` when it holds the byte
 * the expression points at), then the ASCII column, where changed bytes are `<span
 * class="chg">`. Groups are aligned words when the snapshot starts at a multiple of the
 * group size (windowStart starts rows at multiples of 16). The first group is the grid's
 * one tab stop (`tabindex="0"`, the others -1; the script moves it with the arrow keys).
 */
export function renderMemoryTable(s: MemorySnapshot, group: GroupSize): string {
  const base = BigInt(s.address);
  const end = base + BigInt(s.count);
  const wide = end > 0x100000000n;
  const changed = new Set(s.changed);
  const readable = s.bytes.length;
  const rows: string[] = [];
  const header = ['<tr><th class="addr" scope="col">Address</th>'];
  for (let i = 0; i < BYTES_PER_ROW; i += group) header.push(`<th class="g" scope="col">${hex2(i)}</th>`);
  header.push('<th class="ascii" scope="col">ASCII</th></tr>');
  let first = true;
  for (let row = 0; row < s.count; row += BYTES_PER_ROW) {
    const cells = [`<tr><th class="addr" scope="row">${addressText(base + BigInt(row), wide)}</th>`];
    let ascii = '';
    for (let i = row; i < row + BYTES_PER_ROW; i += group) {
      if (i >= s.count) { cells.push('<td class="g"></td>'); continue; }
      const size = Math.min(group, s.count - i) as GroupSize;
      let chg = false;
      for (let k = 0; k < size; k++) if (changed.has(i + k)) chg = true;
      const bad = i + size > readable;
      const target = s.target !== undefined && s.target >= i && s.target < i + size;
      const cls = `g${chg ? ' chg' : ''}${bad ? ' bad' : ''}${target ? ' target' : ''}`;
      const title = bad ? 'unreadable' : chg ? 'changed since the previous stop' : undefined;
      const addr = addressText(base + BigInt(i), wide);
      cells.push(`<td class="${cls}" data-off="${i}" data-addr="${addr}" tabindex="${first ? 0 : -1}"`
        + `${title !== undefined ? ` title="${addr}: ${title}"` : ''}>${groupText(s.bytes, i, size, readable)}</td>`);
      first = false;
    }
    for (let i = row; i < Math.min(row + BYTES_PER_ROW, s.count); i++) {
      const ch = i < readable ? escapeHtml(asciiChar(s.bytes[i])) : '?';
      ascii += changed.has(i) ? `<span class="chg">${ch}</span>` : ch;
    }
    cells.push(`<td class="ascii">${ascii}</td></tr>`);
    rows.push(cells.join(''));
  }
  const n = s.changed.length;
  const summary = n === 0 ? '' : `<p class="changes" role="note"><span class="chg-swatch"></span>${n} byte${n === 1 ? '' : 's'} changed since the previous stop</p>`;
  const unreadable = readable < s.count
    ? `<p class="unreadable" role="note">${s.count - readable} byte${s.count - readable === 1 ? '' : 's'} from ${addressText(base + BigInt(readable), wide)} on cannot be read (not RAM or ROM, or not mapped)</p>`
    : '';
  return `${summary}${unreadable}<table class="mem" role="grid" aria-label="Memory from ${addressText(base, wide)}"><thead>${header.join('')}</thead><tbody>${rows.join('')}</tbody></table>`;
}
