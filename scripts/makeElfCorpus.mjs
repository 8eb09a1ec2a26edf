#!/usr/bin/env node
/**
 * Generates the ELF loader fuzz corpus used by test/elf.test.ts.
 *
 *   node scripts/makeElfCorpus.mjs           regenerate the corpus from the committed base ELF
 *   node scripts/makeElfCorpus.mjs --build   first rebuild test/fixtures/elf/valid.elf and
 *                                            valid-stripped.elf from src/ (needs riscv64-unknown-elf-gcc)
 *
 * Output (deterministic, seeded PRNG):
 *   test/fixtures/elf/corrupt/NNN-<kind>.elf  inputs the loader must reject with ElfError
 *   test/fixtures/elf/unusual/NNN-<kind>.elf  odd but valid inputs that must load
 *   test/fixtures/elf/corpus.json             manifest: file, kind, expect ('error'|'ok'),
 *        stage ('parse' = parseElf throws, 'load' = checkLoadable throws), match (regex the
 *        one-line message must match), checks (facts about an 'ok' image)
 * Every mutation is chosen so that its outcome is known from the ELF structure alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'test/fixtures/elf');
const RAM_BASE = 0x80000000n;
const RAM_SIZE = 128n << 20n;

// ---------------------------------------------------------------- base ELF
if (process.argv.includes('--build')) {
  const src = join(dir, 'src');
  const out = join(dir, 'valid.elf');
  execFileSync('riscv64-unknown-elf-gcc', [
    '-march=rv64gc', '-mabi=lp64d', '-nostdlib', '-static', '-Wl,--build-id=none',
    '-Wl,-z,max-page-size=16', '-T', join(src, 'valid.ld'), join(src, 'valid.S'), '-o', out,
  ], { stdio: 'inherit' });
  execFileSync('riscv64-unknown-elf-strip', ['--strip-all', out, '-o', join(dir, 'valid-stripped.elf')], { stdio: 'inherit' });
}
const base = new Uint8Array(readFileSync(join(dir, 'valid.elf')));

// ---------------------------------------------------------------- helpers
/** mulberry32: small deterministic PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(0x48595053); // "HYPS"
const randInt = (lo, hi) => lo + Math.floor(rand() * (hi - lo)); // [lo, hi)
const randBytes = (n) => Uint8Array.from({ length: n }, () => randInt(0, 256));

const dv = (b) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const r16 = (b, o) => dv(b).getUint16(o, true);
const r32 = (b, o) => dv(b).getUint32(o, true);
const r64 = (b, o) => dv(b).getBigUint64(o, true);
const w16 = (b, o, v) => dv(b).setUint16(o, Number(v), true);
const w32 = (b, o, v) => dv(b).setUint32(o, Number(v) >>> 0, true);
const w64 = (b, o, v) => dv(b).setBigUint64(o, BigInt.asUintN(64, BigInt(v)), true);
const hex = (v) => '0x' + BigInt.asUintN(64, BigInt(v)).toString(16);

/** Structure of the base file, used to aim the mutations. */
const E = {
  entry: r64(base, 24), phoff: Number(r64(base, 32)), shoff: Number(r64(base, 40)),
  phnum: r16(base, 56), shnum: r16(base, 60), shstrndx: r16(base, 62),
};
const ph = (i) => E.phoff + i * 56;
const sh = (i) => E.shoff + i * 64;
const phdrs = [...Array(E.phnum).keys()].map((i) => ({
  i, at: ph(i), type: r32(base, ph(i)), flags: r32(base, ph(i) + 4), offset: r64(base, ph(i) + 8),
  vaddr: r64(base, ph(i) + 16), paddr: r64(base, ph(i) + 24), filesz: r64(base, ph(i) + 32), memsz: r64(base, ph(i) + 40),
}));
const shdrs = [...Array(E.shnum).keys()].map((i) => ({
  i, at: sh(i), type: r32(base, sh(i) + 4), offset: Number(r64(base, sh(i) + 24)),
  size: Number(r64(base, sh(i) + 32)), link: r32(base, sh(i) + 40),
}));
const loads = phdrs.filter((p) => p.type === 1);
const text = loads.find((p) => p.flags & 1);
const data = loads.find((p) => !(p.flags & 1));
const other = phdrs.find((p) => p.type !== 1); // PT_RISCV_ATTRIBUTES in the base file
const symtab = shdrs.find((s) => s.type === 2);
const strtab = shdrs[symtab.link];
const symAt = (k) => symtab.offset + k * 24;
const nsyms = symtab.size / 24;
const check = (cond, what) => { if (!cond) throw new Error(`base ELF assumption failed: ${what}`); };
check(E.phoff === 64 && text && data && other && strtab.type === 3, 'layout');
check(E.shoff + E.shnum * 64 === base.length, 'section header table is last');
check(E.phnum * 56 * 256 > base.length, 'file small enough for e_phnum bit flips');
check(data.memsz > data.filesz, 'data segment has bss');

const entries = [];
let serial = 0;
function add(kind, bytes, expect, opts = {}) {
  const sub = expect === 'ok' ? 'unusual' : 'corrupt';
  const file = `${sub}/${String(++serial).padStart(3, '0')}-${kind}.elf`;
  entries.push({ file, kind, expect, ...(expect === 'error' ? { stage: opts.stage ?? 'parse', match: opts.match } : {}),
    ...(opts.checks ? { checks: opts.checks } : {}), bytes });
}
const err = (kind, bytes, match, stage = 'parse') => add(kind, bytes, 'error', { match, stage });
const ok = (kind, bytes, checks) => add(kind, bytes, 'ok', { checks });
/** Copy of the base with `edit` applied. */
const mut = (edit) => { const b = base.slice(); edit(b); return b; };
const headerOk = { entry: hex(E.entry), segments: 2, hasSymbols: true, warnings: 0 };

// ---------------------------------------------------------------- not ELF at all
err('empty', new Uint8Array(0), '^empty file');
err('short-magic', base.slice(0, 3), 'bad magic');
for (let k = 0; k < 4; k++) err(`bad-magic-byte${k}`, mut((b) => { b[k] ^= 1 << randInt(0, 8); }), 'bad magic');
err('shell-script', new TextEncoder().encode('#!/bin/sh\necho not an elf\n'), 'bad magic');
for (let k = 0; k < 4; k++) {
  const g = randBytes(randInt(1, 4096));
  if (g[0] === 0x7f) g[0] = 0;
  err(`garbage-${k}`, g, 'bad magic');
}
for (let k = 0; k < 2; k++) {
  const g = new Uint8Array(randInt(64, 2048));
  g.set(randBytes(g.length));
  g.set(base.subarray(0, 16));
  let m;
  do m = randInt(0, 0x10000); while (m === 243);
  w16(g, 18, m);
  err(`garbage-after-ident-${k}`, g, '^wrong machine');
}

// ---------------------------------------------------------------- e_ident
err('elf32', mut((b) => { b[4] = 1; }), '^ELF32 is not supported');
err('class-0', mut((b) => { b[4] = 0; }), 'invalid ELF class');
err('class-3', mut((b) => { b[4] = 3; }), 'invalid ELF class');
err('big-endian', mut((b) => { b[5] = 2; }), 'big-endian');
err('data-0', mut((b) => { b[5] = 0; }), 'invalid ELF data encoding');
err('ident-version-0', mut((b) => { b[6] = 0; }), 'identification version');
err('ident-version-flip', mut((b) => { b[6] ^= 1 << randInt(1, 8); }), 'identification version');

// ---------------------------------------------------------------- ELF header fields
for (const [name, t] of [['rel', 1], ['dyn', 3], ['core', 4], ['none', 0], ['os-specific', 0xfe00]]) {
  err(`type-${name}`, mut((b) => w16(b, 16, t)), '^not an executable');
}
err('type-bitflip', mut((b) => w16(b, 16, 2 ^ (1 << randInt(2, 16)))), '^not an executable');
for (const [name, m, msg] of [['x86-64', 62, 'x86-64'], ['aarch64', 183, 'AArch64'], ['i386', 3, 'x86 \\(i386\\)'],
  ['arm', 40, 'ARM'], ['none', 0, 'none'], ['unknown', 0x1234, 'e_machine 4660']]) {
  err(`machine-${name}`, mut((b) => w16(b, 18, m)), `^wrong machine: ${msg}.*need RISC-V`);
}
for (let k = 0; k < 3; k++) err('machine-bitflip', mut((b) => w16(b, 18, 243 ^ (1 << randInt(0, 16)))), '^wrong machine');
err('version-0', mut((b) => w32(b, 20, 0)), 'unsupported ELF version 0');
err('version-2', mut((b) => w32(b, 20, 2)), 'unsupported ELF version 2');
err('ehsize-52', mut((b) => w16(b, 52, 52)), 'e_ehsize');
err('ehsize-0', mut((b) => w16(b, 52, 0)), 'e_ehsize');
for (const v of [0, 32, 64]) err(`phentsize-${v}`, mut((b) => w16(b, 54, v)), 'e_phentsize');
for (const v of [0, 40]) err(`shentsize-${v}`, mut((b) => w16(b, 58, v)), 'e_shentsize');

// Program header table location / count.
err('phoff-eof', mut((b) => w64(b, 32, base.length)), '^truncated: program header table');
err('phoff-huge', mut((b) => w64(b, 32, 1n << 63n)), '^truncated: program header table');
err('phoff-wraps', mut((b) => w64(b, 32, -16n)), '^truncated: program header table');
err('phoff-zero', mut((b) => w64(b, 32, 0)), 'overlaps the ELF header');
for (let k = 0; k < 2; k++) {
  err('phoff-bitflip', mut((b) => w64(b, 32, BigInt(E.phoff) ^ (1n << BigInt(randInt(20, 64))))), '^truncated: program header table');
}
err('phnum-0', mut((b) => w16(b, 56, 0)), '^no loadable segments');
err('phnum-xnum-no-info', mut((b) => w16(b, 56, 0xffff)), '^no loadable segments');
err('phnum-32768', mut((b) => w16(b, 56, 0x8000)), '^truncated: program header table');
for (let k = 0; k < 3; k++) {
  err('phnum-bitflip', mut((b) => w16(b, 56, E.phnum | (1 << randInt(8, 16)))), '^truncated: program header table');
}

// Section header table location / count.
err('shoff-eof', mut((b) => w64(b, 40, base.length + 0x100)), '^truncated: section header table');
err('shoff-huge', mut((b) => w64(b, 40, 1n << 62n)), '^truncated: section header table');
err('shoff-wraps', mut((b) => w64(b, 40, -256n)), '^truncated: section header table');
err('shoff-in-header', mut((b) => w64(b, 40, 8)), 'overlaps the ELF header');
for (let k = 0; k < 2; k++) {
  err('shoff-bitflip', mut((b) => w64(b, 40, BigInt(E.shoff) ^ (1n << BigInt(randInt(16, 64))))), '^truncated: section header table');
}
err('shnum-65280', mut((b) => w16(b, 60, 0xff00)), '^truncated: section header table');
err('shnum-extended-huge', mut((b) => { w16(b, 60, 0); w64(b, sh(0) + 32, 0x10000); }), '^truncated: section header table');
err('shnum-without-table', mut((b) => w64(b, 40, 0)), 'no section header table');
err('shstrndx-out-of-range', mut((b) => w16(b, 62, 200)), 'e_shstrndx 200 is out of range');
err('shstrndx-xindex-bad-link', mut((b) => { w16(b, 62, 0xffff); w32(b, sh(0) + 40, 99); }), 'e_shstrndx 99 is out of range');

// ---------------------------------------------------------------- program headers
err('filesz-gt-memsz', mut((b) => w64(b, data.at + 32, data.memsz + 1n)), 'segment 2: p_filesz .* larger than p_memsz');
err('memsz-2^60', mut((b) => w64(b, text.at + 40, 1n << 60n)), 'segment 1: absurd size');
err('memsz-2^41', mut((b) => w64(b, data.at + 40, 1n << 41n)), 'segment 2: absurd size');
err('memsz-all-ones', mut((b) => w64(b, text.at + 40, -1n)), 'segment 1: absurd size');
err('offset-eof', mut((b) => w64(b, text.at + 8, base.length)), '^truncated: segment 1 data');
err('offset-huge', mut((b) => w64(b, text.at + 8, 1n << 63n)), 'segment 1: absurd file offset');
err('offset-wraps', mut((b) => w64(b, data.at + 8, -8n)), 'segment 2: absurd file offset');
err('filesz-beyond-eof', mut((b) => { w64(b, text.at + 32, base.length); w64(b, text.at + 40, base.length); }), '^truncated: segment 1 data');
err('paddr-2^60', mut((b) => w64(b, text.at + 24, 1n << 60n)), 'segment 1: absurd physical address');
err('paddr-wraps', mut((b) => w64(b, data.at + 24, -0x1000n)), 'segment 2: absurd physical address');
err('vaddr-wraps', mut((b) => w64(b, text.at + 16, -16n)), 'segment 1: virtual address range wraps');
err('vaddr-2^60', mut((b) => w64(b, data.at + 16, 1n << 60n)), 'segment 2: absurd virtual address');
err('no-pt-load', mut((b) => { for (const p of loads) w32(b, p.at, 0); }), 'no PT_LOAD');
err('all-loads-empty', mut((b) => { for (const p of loads) { w64(b, p.at + 32, 0); w64(b, p.at + 40, 0); } }), 'every PT_LOAD is empty');
err('pt-interp', mut((b) => w32(b, other.at, 3)), 'PT_INTERP');

// ---------------------------------------------------------------- entry point
err('entry-outside', mut((b) => w64(b, 24, 0x1000)), 'is outside every loadable segment');
err('entry-after-text', mut((b) => w64(b, 24, text.vaddr + text.memsz + 2n)), 'is outside every loadable segment');
err('entry-in-data', mut((b) => w64(b, 24, data.vaddr)), 'non-executable segment 2');
err('entry-odd', mut((b) => w64(b, 24, E.entry + 1n)), 'is misaligned');
err('entry-bit63', mut((b) => w64(b, 24, E.entry | (1n << 63n))), 'is not a valid address');
for (let k = 0; k < 3; k++) {
  err('entry-bitflip', mut((b) => w64(b, 24, E.entry ^ (1n << BigInt(randInt(32, 63))))), '^entry point');
}

// ---------------------------------------------------------------- placement (checkLoadable)
err('overlap-paddr', mut((b) => w64(b, data.at + 24, text.paddr + 0x10n)), 'segments 1 and 2 overlap at', 'load');
err('overlap-both', mut((b) => { w64(b, data.at + 16, text.vaddr + 0x40n); w64(b, data.at + 24, text.paddr + 0x40n); }),
  'segments 1 and 2 overlap at 0x80000040', 'load');
err('text-below-ram', mut((b) => w64(b, text.at + 24, 0x1000)), 'segment 1 \\[0x1000-.*\\) lies outside RAM \\[0x80000000-0x88000000\\)', 'load');
err('data-above-ram', mut((b) => w64(b, data.at + 24, RAM_BASE + RAM_SIZE)), 'segment 2 .* lies outside RAM', 'load');
err('data-straddles-ram-end', mut((b) => w64(b, data.at + 24, RAM_BASE + RAM_SIZE - 0x1000n)), 'segment 2 .* lies partly outside RAM', 'load');
err('text-straddles-ram-start', mut((b) => w64(b, text.at + 24, RAM_BASE - 0x10n)), 'segment 1 .* lies partly outside RAM', 'load');
err('text-at-zero', mut((b) => w64(b, text.at + 24, 0)), 'segment 1 .* lies outside RAM', 'load');

// ---------------------------------------------------------------- sections and symbols
const symErr = `symbol table \\(section ${symtab.i}\\)`;
err('symtab-entsize-0', mut((b) => w64(b, symtab.at + 56, 0)), `${symErr} has bad sh_entsize 0`);
err('symtab-entsize-16', mut((b) => w64(b, symtab.at + 56, 16)), `${symErr} has bad sh_entsize 16`);
err('symtab-size-ragged', mut((b) => w64(b, symtab.at + 32, symtab.size - 1)), `${symErr} size .* not a multiple of 24`);
err('symtab-link-99', mut((b) => w32(b, symtab.at + 40, 99)), `${symErr} sh_link 99 is out of range`);
err('symtab-link-0', mut((b) => w32(b, symtab.at + 40, 0)), `${symErr} sh_link 0 is out of range`);
err('symtab-link-self', mut((b) => w32(b, symtab.at + 40, symtab.i)), 'is not a string table');
err('symtab-offset-eof', mut((b) => w64(b, symtab.at + 24, base.length)), `^truncated: section ${symtab.i} ends`);
err('strtab-offset-eof', mut((b) => w64(b, strtab.at + 24, base.length - 4)), `^truncated: section ${strtab.i} ends`);
err('strtab-offset-huge', mut((b) => w64(b, strtab.at + 24, 1n << 63n)), `^truncated: section ${strtab.i} ends`);
err('strtab-size-huge', mut((b) => w64(b, strtab.at + 32, 1n << 62n)), `^truncated: section ${strtab.i} ends`);
err('sym-name-beyond-strtab', mut((b) => w32(b, symAt(nsyms - 1), 0xffff)), `symbol ${nsyms - 1}: name offset 0xffff is outside`);
err('strtab-unterminated', mut((b) => {
  b[strtab.offset + strtab.size - 1] = 0x41;
  w32(b, symAt(nsyms - 1), strtab.size - 1);
}), 'not NUL-terminated');
const fileSections = shdrs.filter((s) => s.i > 0 && s.type !== 8 && s.size > 0);
for (let k = 0; k < 4; k++) {
  const s = fileSections[randInt(0, fileSections.length)];
  err(`section${s.i}-offset-bitflip`, mut((b) => w64(b, s.at + 24, BigInt(s.offset) ^ (1n << BigInt(randInt(16, 64))))),
    `^truncated: section ${s.i} ends`);
}

// ---------------------------------------------------------------- truncations
const cuts = [2];
const region = (lo, hi, n) => { for (let k = 0; k < n; k++) cuts.push(randInt(lo, hi)); };
region(4, 16, 2);                                  // inside e_ident
region(16, 64, 4);                                 // rest of the ELF header
region(E.phoff, E.phoff + E.phnum * 56, 5);        // program headers
region(Number(text.offset), Number(data.offset + data.filesz), 5); // segment data
region(symtab.offset, strtab.offset + strtab.size, 5);             // symbol and string tables
region(E.shoff, base.length, 6);                   // section headers
cuts.push(base.length - 1);
for (const n of [...new Set(cuts)].sort((a, b) => a - b)) {
  err(`truncated-at-${hex(n)}`, base.slice(0, n), n < 4 ? 'bad magic' : '^truncated: ');
}

// ---------------------------------------------------------------- valid but unusual
ok('osabi-gnu', mut((b) => { b[7] = 3; }), headerOk);
ok('ident-padding-noise', mut((b) => { b[8] = 1; b.set(randBytes(7), 9); }), headerOk);
ok('trailing-garbage', (() => { const b = new Uint8Array(base.length + 1000); b.set(base); b.set(randBytes(1000), base.length); return b; })(), headerOk);
ok('eflags-zero', mut((b) => w32(b, 48, 0)), headerOk);
ok('eflags-random', mut((b) => w32(b, 48, randInt(0, 0x100000000))), headerOk);
ok('entry-plus-4', mut((b) => w64(b, 24, E.entry + 4n)), { ...headerOk, entry: hex(E.entry + 4n) });
const high = 0xffffffff00000000n;
ok('high-half-vaddr', mut((b) => {
  for (const p of loads) w64(b, p.at + 16, p.vaddr + high);
  w64(b, 24, E.entry + high);
}), { ...headerOk, entry: hex(E.entry + high) });
ok('no-sections', (() => {
  const end = Math.max(...loads.map((p) => Number(p.offset + p.filesz)));
  const b = base.slice(0, end);
  w64(b, 40, 0); w16(b, 58, 0); w16(b, 60, 0); w16(b, 62, 0);
  return b;
})(), { ...headerOk, hasSymbols: false });
ok('attributes-as-pt-null', mut((b) => w32(b, other.at, 0)), headerOk);
ok('attributes-as-gnu-stack', mut((b) => w32(b, other.at, 0x6474e551)), headerOk);
ok('empty-pt-load', mut((b) => { w32(b, other.at, 1); w64(b, other.at + 32, 0); w64(b, other.at + 40, 0); }), headerOk);
ok('data-pure-bss', mut((b) => w64(b, data.at + 32, 0)), headerOk);
ok('odd-p-align', mut((b) => { for (const p of phdrs) w64(b, p.at + 48, 3); }), headerOk);
ok('extended-numbering', mut((b) => {
  w16(b, 60, 0); w64(b, sh(0) + 32, E.shnum);
  w16(b, 62, 0xffff); w32(b, sh(0) + 40, E.shstrndx);
}), headerOk);
ok('pn-xnum', mut((b) => { w16(b, 56, 0xffff); w32(b, sh(0) + 44, E.phnum); }), headerOk);
ok('phdrs-at-end', (() => {
  const tbl = base.slice(E.phoff, E.phoff + E.phnum * 56);
  const b = new Uint8Array(base.length + tbl.length);
  b.set(base); b.set(tbl, base.length);
  w64(b, 32, base.length);
  return b;
})(), headerOk);
ok('symbol-value-unrepresentable', mut((b) => {
  const k = [...Array(nsyms).keys()].find((j) => j > 0 && r16(base, symAt(j) + 6) === 0xfff1 && r32(base, symAt(j)) !== 0);
  w64(b, symAt(k) + 8, 0x7fffffffffff0000n);
}), { ...headerOk, warnings: 1 });
ok('symtab-hidden', mut((b) => w32(b, symtab.at + 4, 1)), { ...headerOk, hasSymbols: false });
ok('symtab-as-dynsym', mut((b) => w32(b, symtab.at + 4, 11)), headerOk);
ok('shstrndx-undef', mut((b) => w16(b, 62, 0)), headerOk);
ok('data-at-ram-end', mut((b) => w64(b, data.at + 24, RAM_BASE + RAM_SIZE - data.memsz)), headerOk);

// ---------------------------------------------------------------- write
for (const sub of ['corrupt', 'unusual']) {
  mkdirSync(join(dir, sub), { recursive: true });
  for (const f of readdirSync(join(dir, sub))) if (f.endsWith('.elf')) rmSync(join(dir, sub, f));
}
for (const e of entries) writeFileSync(join(dir, e.file), e.bytes);
const manifest = {
  comment: 'Generated by scripts/makeElfCorpus.mjs; do not edit. Regexes in "match" apply to the ElfError message.',
  ram: { base: hex(RAM_BASE), size: hex(RAM_SIZE), name: 'RAM' },
  files: [
    { file: 'valid.elf', kind: 'base', expect: 'ok', checks: headerOk },
    { file: 'valid-stripped.elf', kind: 'strip --strip-all', expect: 'ok', checks: { ...headerOk, hasSymbols: false } },
    ...entries.map(({ bytes: _bytes, ...rest }) => rest),
  ],
};
writeFileSync(join(dir, 'corpus.json'), JSON.stringify(manifest, null, 1) + '\n');
const nErr = entries.filter((e) => e.expect === 'error').length;
console.log(`wrote ${entries.length} files (${nErr} corrupt, ${entries.length - nErr} unusual) + corpus.json`);
