/**
 * The memory view's pure model (extension/webview/memoryModel.ts): little-endian groups
 * of 1, 2, 4 and 8 bytes as gdb's x/b, x/h, x/w and x/g show them, ASCII, bytes changed
 * since the previous stop compared by address (so a window that moved with `$sp` still
 * compares the same bytes), unreadable ranges, the text of an edited group turned into
 * the bytes writeMemory writes, and what the user typed turned into a memory reference.
 */
import { strict as assert } from 'assert';
import {
  asciiChar, changedIndices, groupText, parseGroupEdit, parseMemoryTarget, referenceAddress,
  referenceFromEvaluate, renderMemoryTable, targetOfArgument, windowStart, type MemorySnapshot,
} from '../../extension/webview/memoryModel';

/** 32 bytes 0x00..0x1f at 0x80001000, all readable. */
const BYTES = Array.from({ length: 32 }, (_, i) => i);
const SNAP: MemorySnapshot = { address: '0x80001000', bytes: BYTES, count: 32, changed: [] };

/** The group cells of the table: [data-off, class, text]. */
function groups(html: string): [number, string, string][] {
  return [...html.matchAll(/<td class="(g[^"]*)" data-off="(\d+)"[^>]*>([^<]*)<\/td>/g)].map((m) => [Number(m[2]), m[1], m[3]]);
}

/** The ASCII column of each row, without markup. */
function asciiColumn(html: string): string[] {
  return [...html.matchAll(/<td class="ascii">(.*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
}

describe('extension: memory view model', () => {
  it('groups bytes as little-endian numbers of 1, 2, 4 and 8 bytes (gdb x/b x/h x/w x/g)', () => {
    const b = [0x78, 0x56, 0x34, 0x12, 0xef, 0xcd, 0xab, 0x89];
    assert.equal(groupText(b, 0, 1, 8), '78');
    assert.equal(groupText(b, 0, 2, 8), '5678');
    assert.equal(groupText(b, 2, 2, 8), '1234');
    assert.equal(groupText(b, 0, 4, 8), '12345678');
    assert.equal(groupText(b, 4, 4, 8), '89abcdef');
    assert.equal(groupText(b, 0, 8, 8), '89abcdef12345678');
    // The table: one row per 16 bytes, 16/g groups per row, each at its byte offset.
    for (const g of [1, 2, 4, 8] as const) {
      const cells = groups(renderMemoryTable(SNAP, g));
      assert.equal(cells.length, 32 / g, `group ${g}`);
      assert.deepEqual(cells.map((c) => c[0]), Array.from({ length: 32 / g }, (_, i) => i * g));
      // The second group's value: bytes g..2g-1 read little-endian.
      const expect = Array.from({ length: g }, (_, k) => (2 * g - 1 - k).toString(16).padStart(2, '0')).join('');
      assert.equal(cells[1][2], expect, `group ${g}`);
    }
    const html = renderMemoryTable(SNAP, 4);
    assert.deepEqual([...html.matchAll(/<th class="addr" scope="row">([^<]*)<\/th>/g)].map((m) => m[1]), ['0x80001000', '0x80001010']);
    assert.deepEqual([...html.matchAll(/<th class="g" scope="col">([^<]*)<\/th>/g)].map((m) => m[1]), ['00', '04', '08', '0c']);
    assert.match(html, /<td class="g" data-off="12" data-addr="0x8000100c" tabindex="-1">0f0e0d0c<\/td>/);
    // The first group is the grid's only tab stop.
    assert.equal([...html.matchAll(/tabindex="0"/g)].length, 1);
    assert.match(html, /data-off="0" data-addr="0x80001000" tabindex="0"/);
    // Addresses above 4 GiB get 16 digits.
    const high = renderMemoryTable({ ...SNAP, address: '0xffffffff80001000' }, 8);
    assert.match(high, /<th class="addr" scope="row">0xffffffff80001010<\/th>/);
  });

  it('shows printable ASCII and dots for the rest, escaped', () => {
    assert.equal(asciiChar(0x41), 'A');
    assert.equal(asciiChar(0x20), ' ');
    assert.equal(asciiChar(0x7e), '~');
    assert.equal(asciiChar(0x7f), '.');
    assert.equal(asciiChar(0x0a), '.');
    assert.equal(asciiChar(0xc3), '.');
    const text = [...Buffer.from('hello <b>&"x\'\n\0\x7f')];
    const html = renderMemoryTable({ address: '0x1000', bytes: text, count: 16, changed: [] }, 1);
    assert.doesNotMatch(html, /<b>/);
    assert.deepEqual(asciiColumn(html), ['hello <b>&"x\'...']);
  });

  it('marks bytes changed since the previous stop, compared by address', () => {
    const prev = { base: 0x80001000n, bytes: BYTES };
    const now = BYTES.slice();
    now[5] = 0xff; now[17] = 0xee;
    assert.deepEqual(changedIndices(prev, 0x80001000n, now), [5, 17]);
    assert.deepEqual(changedIndices(undefined, 0x80001000n, now), [], 'no previous stop: nothing is new');
    // The window moved 16 bytes up (a following `$sp`): byte i now is byte i+16 before.
    const moved = BYTES.slice(16).concat([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    moved[2] = 0x99;
    assert.deepEqual(changedIndices(prev, 0x80001010n, moved), [2], 'bytes outside the previous window are not "changed"');
    // Moved down: the first 16 bytes were not seen before.
    const down = new Array(16).fill(0xaa).concat(BYTES.slice(0, 16));
    down[20] = 0;
    assert.deepEqual(changedIndices(prev, 0x80000ff0n, down), [20]);
    // Only the readable part of the previous read counts.
    assert.deepEqual(changedIndices({ base: 0x80001000n, bytes: BYTES.slice(0, 8) }, 0x80001000n, now), [5]);
    // Rendered: the group holding a changed byte and that ASCII character carry `chg`.
    const html = renderMemoryTable({ ...SNAP, bytes: now, changed: [5, 17] }, 4);
    const chg = groups(html).filter((c) => c[1].split(' ').includes('chg')).map((c) => c[0]);
    assert.deepEqual(chg, [4, 16]);
    assert.match(html, /title="0x80001004: changed since the previous stop"/);
    assert.equal([...html.matchAll(/<span class="chg">/g)].length, 2);
    assert.match(html, /<p class="changes" role="note"><span class="chg-swatch"><\/span>2 bytes changed since the previous stop<\/p>/);
    assert.doesNotMatch(renderMemoryTable(SNAP, 4), /class="changes"|chg/);
  });

  it('shows unreadable bytes as ?? and says where they start', () => {
    const html = renderMemoryTable({ address: '0x80001000', bytes: [0x11, 0x22, 0x33, 0x44, 0x55, 0x66], count: 16, changed: [] }, 4);
    assert.deepEqual(groups(html).map((c) => [c[1], c[2]]), [
      ['g', '44332211'], ['g bad', '????6655'], ['g bad', '????????'], ['g bad', '????????'],
    ]);
    assert.deepEqual(asciiColumn(html), ['."3DUf??????????']);
    assert.match(html, /10 bytes from 0x80001006 on cannot be read/);
    assert.match(html, /title="0x80001008: unreadable"/);
    const none = renderMemoryTable({ address: '0x0', bytes: [], count: 16, changed: [] }, 8);
    assert.deepEqual(groups(none).map((c) => c[2]), ['????????????????', '????????????????']);
    assert.match(none, /16 bytes from 0x00000000 on cannot be read/);
  });

  it('marks the group holding the target byte', () => {
    const html = renderMemoryTable({ ...SNAP, target: 6 }, 4);
    assert.deepEqual(groups(html).filter((c) => c[1].includes('target')).map((c) => c[0]), [4]);
    assert.deepEqual(groups(renderMemoryTable({ ...SNAP, target: 6 }, 1)).filter((c) => c[1].includes('target')).map((c) => c[0]), [6]);
    assert.doesNotMatch(renderMemoryTable(SNAP, 4), /target/);
  });

  it('turns an edited group into little-endian bytes, rejecting what does not fit', () => {
    assert.deepEqual(parseGroupEdit('12345678', 4), [0x78, 0x56, 0x34, 0x12]);
    assert.deepEqual(parseGroupEdit(' 0xBEEF ', 4), [0xef, 0xbe, 0, 0]);
    assert.deepEqual(parseGroupEdit('dead_beef', 4), [0xef, 0xbe, 0xad, 0xde]);
    assert.deepEqual(parseGroupEdit('ff', 1), [0xff]);
    assert.deepEqual(parseGroupEdit('0123456789abcdef', 8), [0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01]);
    assert.deepEqual(parseGroupEdit('0', 2), [0, 0]);
    assert.deepEqual(parseGroupEdit('123', 1), { error: '123 does not fit in 1 byte' });
    assert.deepEqual(parseGroupEdit('1ffff', 2), { error: '1ffff does not fit in 2 bytes' });
    assert.deepEqual(parseGroupEdit('xyz', 4), { error: "'xyz' is not a hex number" });
    assert.deepEqual(parseGroupEdit('', 4), { error: "'' is not a hex number" });
    assert.deepEqual(parseGroupEdit('0x', 4), { error: "'0x' is not a hex number" });
    assert.deepEqual(parseGroupEdit('-1', 4), { error: "'-1' is not a hex number" });
  });

  it('reads addresses and memory references as they are and evaluates the rest', () => {
    assert.deepEqual(parseMemoryTarget('0x80001000'), { kind: 'reference', reference: '0x80001000' });
    assert.deepEqual(parseMemoryTarget(' 4096 '), { kind: 'reference', reference: '4096' });
    assert.deepEqual(parseMemoryTarget('guest1:0xffffffff80001000'), { kind: 'reference', reference: 'guest1:0xffffffff80001000' });
    assert.deepEqual(parseMemoryTarget('guest1:gpa:0x80002000'), { kind: 'reference', reference: 'guest1:gpa:0x80002000' });
    assert.deepEqual(parseMemoryTarget('hpa:0x84400000'), { kind: 'reference', reference: 'hpa:0x84400000' });
    for (const e of ['$sp', '&buf', 'p->next', '0x80001000 + 16', 'guest1::&counter', 'buf[2]', '*(int *)0x80001000']) {
      assert.deepEqual(parseMemoryTarget(e), { kind: 'expression', expression: e }, e);
    }
    assert.deepEqual(parseMemoryTarget('  '), { error: 'type an address or an expression' });
    assert.equal(referenceAddress('0x80001000'), 0x80001000n);
    assert.equal(referenceAddress('guest1:gpa:0x80002000'), 0x80002000n);
    assert.equal(referenceAddress('4096'), 4096n);
    assert.throws(() => referenceAddress('$sp'), /not a memory reference/);
  });

  it('takes the target of a command argument: a string, a Variables view element, a DAP variable or expression', () => {
    assert.equal(targetOfArgument(' $sp '), '$sp');
    assert.equal(targetOfArgument(''), undefined);
    assert.equal(targetOfArgument(undefined), undefined);
    assert.equal(targetOfArgument(42), undefined);
    // Variables view: { container, variable }: follow the evaluateName, else the fixed reference.
    const container = { name: 'Locals', variablesReference: 1000, expensive: false };
    assert.equal(targetOfArgument({ container, variable: { name: 'buf', evaluateName: 'buf', memoryReference: '0x8000ff00' } }), 'buf');
    assert.equal(targetOfArgument({ container, variable: { name: '[2]', evaluateName: '(p)[2]', memoryReference: '0x8000ff08' } }), '(p)[2]');
    assert.equal(targetOfArgument({ container, variable: { name: 'x', memoryReference: 'guest1:0x80001000' } }), 'guest1:0x80001000');
    assert.equal(targetOfArgument({ container, variable: { name: 'x', value: '1' } }), undefined);
    // A watch expression object (its text is `name`) or a DAP variable passed directly.
    assert.equal(targetOfArgument({ name: '&counter', value: '0x80001000', memoryReference: '0x80001000' }), '&counter');
    assert.equal(targetOfArgument({ name: 'y', evaluateName: '(s).y', memoryReference: '0x80001004' }), '(s).y');
  });

  it('takes an evaluate result\'s memoryReference, else its numeric value', () => {
    assert.equal(referenceFromEvaluate({ result: '0x80001000', memoryReference: 'guest1:0x80001000' }), 'guest1:0x80001000');
    assert.equal(referenceFromEvaluate({ result: '0x8000ffe0' }), '0x8000ffe0');
    assert.equal(referenceFromEvaluate({ result: '4096' }), '0x1000');
    assert.equal(referenceFromEvaluate({ result: '(int *) 0x80001008' }), '0x80001008');
    assert.equal(referenceFromEvaluate({ result: '{x = 1, y = 2}' }), undefined);
    assert.equal(referenceFromEvaluate({ result: '1.5' }), undefined);
    assert.equal(referenceFromEvaluate({ result: "'A'" }), undefined);
  });

  it('starts the window at the target\'s row and pages by whole windows', () => {
    assert.equal(windowStart(0x80001234n, 0, 256), 0x80001230n);
    assert.equal(windowStart(0x80001230n, 1, 256), 0x80001330n);
    assert.equal(windowStart(0x80001237n, -1, 64), 0x800011f0n);
    assert.equal(windowStart(0x8n, -1, 256), 0n, 'never below address 0');
  });
});
