/**
 * The ELF viewer's data and markup (extension/elfModel.ts, extension/webview/elfRender.ts)
 * over the real ELFs in guests/ and examples/: header fields, program headers with
 * their sections, section headers and symbols agree with `riscv64-unknown-elf-readelf
 * -W -h -l -S -s` (when installed); the symbol table filters by name and by covered
 * address, sorts by any column and renders at most its limit; files the reader rejects
 * give its message, never an exception; values are escaped.
 */
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { describeElf, riscvFlags } from '../../extension/elfModel';
import { elfPageHtml } from '../../extension/elfPage';
import {
  DEFAULT_QUERY, filterSymbols, renderElfError, renderHeader, renderSections, renderSegments, renderSymbols, sortSymbols,
  type ElfSymbolRow, type ElfView,
} from '../../extension/webview/elfRender';

const ROOT = join(__dirname, '..', '..');
const HELLO = join(ROOT, 'examples/hello/hello.elf');
const READELF = 'riscv64-unknown-elf-readelf';

function readelf(args: string[], file: string): string | undefined {
  try {
    return execFileSync(READELF, [...args, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}
const HAVE_READELF = readelf(['-h'], HELLO) !== undefined;

function view(file: string): ElfView {
  const v = describeElf(readFileSync(file), file);
  if ('error' in v) throw new Error(`${file}: ${v.error}`);
  return v;
}

/** Every committed guest ELF. */
function guestElfs(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(join(ROOT, 'guests'))) {
    let files: string[] = [];
    try { files = readdirSync(join(ROOT, 'guests', dir, 'build')); } catch { continue; }
    out.push(...files.filter((f) => f.endsWith('.elf')).map((f) => join(ROOT, 'guests', dir, 'build', f)));
  }
  return out.sort();
}

const num = (hex: string): bigint => BigInt(hex.startsWith('0x') ? hex : '0x' + hex);

describe('ELF viewer data (elfModel) against readelf', () => {
  it('describes hello.elf: entry at _start, RVC and double-float flags, its segments, sections and main', () => {
    const v = view(HELLO);
    assert.equal(v.entry, '0x80000000');
    const field = (label: string) => v.header.find((f) => f.label === label)?.value;
    assert.equal(field('Class'), 'ELF64');
    assert.equal(field('Machine'), 'RISC-V');
    assert.equal(field('Type'), 'EXEC (Executable file)');
    assert.equal(field('Flags'), '0x5, RVC, double-float ABI');
    assert.match(field('Entry point') ?? '', /^0x80000000 \(\w+\)$/);
    const main = v.symbols.find((s) => s.name === 'main');
    assert.ok(main, 'main is a symbol');
    assert.equal(main.type, 'FUNC');
    assert.equal(main.section, '.text');
    const load = v.segments.filter((s) => s.type === 'LOAD');
    assert.ok(load.length >= 1);
    assert.ok(load[0].sections.includes('.text'));
    assert.equal(load[0].flags, 'R-E');
    assert.ok(v.sections.some((s) => s.name === '.symtab' && s.type === 'SYMTAB'));
  });

  it('decodes the RISC-V e_flags as readelf does', () => {
    assert.equal(riscvFlags(0), '0x0, soft-float ABI');
    assert.equal(riscvFlags(1), '0x1, RVC, soft-float ABI');
    assert.equal(riscvFlags(0x13), '0x13, RVC, single-float ABI, TSO');
    assert.equal(riscvFlags(0xd), '0xd, RVC, double-float ABI, RVE');
  });

  const files = [HELLO, ...guestElfs()];
  it(`agrees with readelf on ${files.length} ELFs (header, program headers, sections, symbols)`, function () {
    if (!HAVE_READELF) this.skip();
    assert.ok(files.length > 20, 'the guests are committed');
    for (const file of files) {
      const v = view(file);
      // Header.
      const h = readelf(['-h'], file)!;
      const hf = (name: string) => new RegExp(`^\\s*${name}:\\s*(.*)$`, 'm').exec(h)?.[1].trim();
      assert.equal(v.entry, hf('Entry point address'), file);
      assert.equal(v.header.find((f) => f.label === 'Flags')?.value, hf('Flags'), file);
      assert.equal(v.header.find((f) => f.label === 'Type')?.value, hf('Type'), file);
      // Program headers and the section to segment mapping.
      const l = readelf(['-W', '-l'], file)!;
      const phdrs = [...l.matchAll(/^ {2}(\S+)\s+(0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) (.{3}) (0x[0-9a-f]+)$/gm)];
      assert.equal(v.segments.length, phdrs.length, `${file}: program header count`);
      const mapping = [...l.matchAll(/^ {3}(\d\d) {5}(.*)$/gm)].map((m) => m[2].trim().split(/\s+/).filter(Boolean));
      phdrs.forEach((m, i) => {
        const s = v.segments[i];
        assert.ok(s.type.startsWith(m[1]), `${file}: segment ${i} type ${s.type} vs ${m[1]}`);
        assert.deepEqual([s.offset, s.vaddr, s.paddr, s.fileSize, s.memSize, s.align].map(num),
          [m[2], m[3], m[4], m[5], m[6], m[8]].map(num), `${file}: segment ${i}`);
        assert.equal(s.flags.replace(/-/g, ' ').trimEnd(), m[7].trimEnd(), `${file}: segment ${i} flags`);
        assert.deepEqual(s.sections, mapping[i], `${file}: sections of segment ${i}`);
      });
      // Section headers.
      const S = readelf(['-W', '-S'], file)!;
      const shdrs = [...S.matchAll(/^ {2}\[\s*(\d+)\] (.{17}) ?(\S+)\s+([0-9a-f]{16}) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]{2}) (.{3}) +(\d+) +(\d+) +(\d+)$/gm)];
      assert.equal(v.sections.length, shdrs.length, `${file}: section count`);
      shdrs.forEach((m, i) => {
        const s = v.sections[i];
        assert.equal(s.name, m[2].trim(), file);
        assert.equal(s.type, m[3], `${file}: ${s.name}`);
        assert.deepEqual([s.addr, s.offset, s.size, s.entsize].map(num), [m[4], m[5], m[6], m[7]].map(num), `${file}: ${s.name}`);
        assert.equal(s.flags, m[8].trim(), `${file}: ${s.name} flags`);
        assert.deepEqual([s.link, s.info, Number(s.align)], [Number(m[9]), Number(m[10]), Number(m[11])], `${file}: ${s.name}`);
      });
      // Symbols: readelf's named, non-section entries, in file order.
      const sy = readelf(['-W', '-s'], file)!;
      const byIndex = new Map(v.sections.map((s) => [String(s.index), s.name]));
      const expected = [...sy.matchAll(/^\s+\d+: ([0-9a-f]{16})\s+(\d+|0x[0-9a-f]+) (\S+)\s+(\S+)\s+\S+\s+(\S+) (.+)$/gm)]
        .filter((m) => m[3] !== 'SECTION')
        .map((m) => ({ value: '0x' + BigInt('0x' + m[1]).toString(16), size: Number(m[2]), type: m[3], bind: m[4], section: byIndex.get(m[5]) ?? m[5], name: m[6] }));
      assert.deepEqual(v.symbols, expected, `${file}: symbols`);
    }
  });

  it('returns the reader\'s message for files that are not RISC-V executables', () => {
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /empty file/],
      [new TextEncoder().encode('#!/bin/sh\necho not an elf\n'), /not an ELF file/],
      [readFileSync(HELLO).subarray(0, 40), /truncated/],
      [readFileSync(process.execPath).subarray(0, 4096), /wrong machine|ELF32|big-endian|not an ELF|truncated|not an executable/],
    ];
    for (const [bytes, re] of cases) {
      const v = describeElf(bytes, 'x.elf');
      assert.ok('error' in v, 'an error');
      assert.match(v.error, re);
    }
    const html = renderElfError('a<b>.elf', 'not an ELF file (bad magic)');
    assert.match(html, /a&lt;b&gt;\.elf/);
    assert.match(html, /role="alert"/);
  });
});

describe('ELF viewer markup (elfRender)', () => {
  const rows: ElfSymbolRow[] = Array.from({ length: 20000 }, (_, i) => ({
    value: '0x' + (0x80000000 + i * 16).toString(16), size: 16, type: i % 2 ? 'FUNC' : 'OBJECT', bind: 'GLOBAL', section: '.text', name: `sym_${i}`,
  }));

  it('filters by name substring and by an address a symbol covers', () => {
    assert.deepEqual(filterSymbols(rows, 'SYM_1999').map((r) => r.name), ['sym_1999', 'sym_19990', 'sym_19991', 'sym_19992', 'sym_19993', 'sym_19994', 'sym_19995', 'sym_19996', 'sym_19997', 'sym_19998', 'sym_19999']);
    assert.deepEqual(filterSymbols(rows, '0x80000028').map((r) => r.name), ['sym_2']);
    assert.equal(filterSymbols(rows, '  ').length, rows.length);
  });

  it('sorts by value numerically, by size, and by name descending', () => {
    const mixed: ElfSymbolRow[] = [
      { value: '0x80000010', size: 4, type: 'FUNC', bind: 'GLOBAL', section: '.text', name: 'b' },
      { value: '0x9', size: 8, type: 'NOTYPE', bind: 'LOCAL', section: 'ABS', name: 'c' },
      { value: '0xffffffff80000000', size: 0, type: 'FUNC', bind: 'GLOBAL', section: '.text', name: 'a' },
    ];
    assert.deepEqual(sortSymbols(mixed, 'value', false).map((r) => r.name), ['c', 'b', 'a']);
    assert.deepEqual(sortSymbols(mixed, 'size', true).map((r) => r.name), ['c', 'b', 'a']);
    assert.deepEqual(sortSymbols(mixed, 'name', true).map((r) => r.name), ['c', 'b', 'a']);
  });

  it('renders at most the limit of 20 000 symbols quickly, with sort buttons and a note', () => {
    const t0 = performance.now();
    const r = renderSymbols(rows, { ...DEFAULT_QUERY, key: 'name', descending: true });
    const ms = performance.now() - t0;
    assert.equal(r.matched, 20000);
    assert.equal(r.shown, DEFAULT_QUERY.limit);
    assert.equal((r.html.match(/<tr>/g) ?? []).length, DEFAULT_QUERY.limit + 1);
    assert.match(r.html, /Showing 500 of 20000 matching symbols/);
    assert.match(r.html, /aria-sort="descending"><button class="sort" data-key="name"/);
    assert.ok(ms < 500, `rendering took ${ms} ms`);
    assert.match(renderSymbols(rows, { ...DEFAULT_QUERY, filter: 'nothing-like-this' }).html, /No symbol matches/);
  });

  it('renders hello.elf\'s tables with escaped values and no inline handlers or styles', () => {
    const v = view(HELLO);
    const html = renderHeader(v) + renderSegments(v) + renderSections(v) + renderSymbols(v.symbols, DEFAULT_QUERY).html;
    assert.match(html, /<th scope="row">Entry point<\/th><td class="mono">0x80000000/);
    assert.match(html, /<td class="mono">\.text<\/td><td>PROGBITS<\/td>/);
    assert.match(html, /<td class="mono name">main<\/td>/);
    assert.doesNotMatch(html, /\son\w+=|style=|<script/i);
    const evil = renderSymbols([{ ...rows[0], name: '<img src=x onerror=alert(1)>' }], DEFAULT_QUERY).html;
    assert.match(evil, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('puts the page under a strict CSP: nonce\'d script, own styles, no inline code', () => {
    const html = elfPageHtml({
      cspSource: 'https://w.example', nonce: 'n0nce+/=', file: 'a"<b>.elf',
      scriptUri: 'https://w.example/elf.js', styleUri: 'https://w.example/elf.css', codiconUri: 'https://w.example/codicon.css',
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1].replace(/&#39;/g, "'");
    assert.equal(csp, "default-src 'none'; style-src https://w.example; img-src https://w.example; font-src https://w.example; script-src 'nonce-n0nce+/='");
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="n0nce\+\/=" src="https:\/\/w\.example\/elf\.js"><\/script>/);
    assert.match(html, /<vscode-button id="debug" icon="debug-alt"/);
    assert.match(html, /id="vscode-codicon-stylesheet"/);
    assert.match(html, /a&quot;&lt;b&gt;\.elf/);
    assert.doesNotMatch(html, /\son\w+=|style=/i);
  });
});
