#!/usr/bin/env node
/**
 * Generates the GNU reference bytes for the assembler corpus (test/asm/corpus/*.s).
 *
 *   node scripts/asmReference.mjs                 regenerate every test/asm/corpus/<name>.ref.json
 *   node scripts/asmReference.mjs --check         compare the committed refs with live GNU output
 *                                                 (exit 1 and list the stale files on a difference)
 *   node scripts/asmReference.mjs --json <file.s> print the reference JSON of one file to stdout
 *                                                 (used by test/asm/gnuCompare.test.ts)
 *   node scripts/asmReference.mjs [--check] <file.s>...   only these files
 *
 * For each file: `riscv64-unknown-elf-as -march=rv64gc -mno-relax` then
 * `riscv64-unknown-elf-ld -Ttext=<ttext> [-Tdata=<tdata>]` in a temporary directory. The link
 * addresses come from an optional header line in the first comment block of the source,
 *   # asm-test: -Ttext=0x80000000 -Tdata=0x80010000
 * (-Ttext defaults to 0x80000000, the assembler's default; no -Tdata means ld's default
 * placement). The output sections .text, .data, .rodata, .sdata (contents and addresses) and
 * .sbss, .bss (addresses and sizes) are read from the ELF section headers. A second assembly
 * with -g gives a .text address -> source line map (from .debug_line via objdump) so that test
 * failures can name the source line. The JSON is deterministic: the same binutils gives the
 * same bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = join(ROOT, 'test', 'asm', 'corpus');
const AS = 'riscv64-unknown-elf-as';
const LD = 'riscv64-unknown-elf-ld';
const OBJDUMP = 'riscv64-unknown-elf-objdump';
const AS_FLAGS = ['-march=rv64gc', '-mno-relax'];
const DEFAULT_TTEXT = 0x80000000n;
/** Output sections recorded; the test compares .text and .data (and reports the others). */
const SECTIONS = ['.text', '.rodata', '.data', '.sdata', '.sbss', '.bss'];

/** Link addresses from the "# asm-test:" header (first comment block of the file). */
export function parseHeader(source) {
  let ttext = DEFAULT_TTEXT;
  let tdata = null;
  for (const line of source.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    if (!t.startsWith('#')) break;
    const m = /^#\s*asm-test:(.*)$/.exec(t);
    if (!m) continue;
    for (const opt of m[1].trim().split(/\s+/)) {
      const o = /^-T(text|data)=(0x[0-9a-fA-F]+|\d+)$/.exec(opt);
      if (!o) throw new Error(`bad asm-test option "${opt}"`);
      if (o[1] === 'text') ttext = BigInt(o[2]); else tdata = BigInt(o[2]);
    }
  }
  return { ttext, tdata };
}

const hex = (n) => '0x' + n.toString(16);

/** Section headers of an ELF64 little-endian file: name, type, addr, size and contents. */
function elfSections(buf) {
  if (buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) throw new Error('not an ELF64 LE file');
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a);
  const shnum = buf.readUInt16LE(0x3c);
  const shstrndx = buf.readUInt16LE(0x3e);
  const hdr = (i) => {
    const o = shoff + i * shentsize;
    return {
      nameOff: buf.readUInt32LE(o),
      type: buf.readUInt32LE(o + 4),
      addr: buf.readBigUInt64LE(o + 0x10),
      offset: Number(buf.readBigUInt64LE(o + 0x18)),
      size: Number(buf.readBigUInt64LE(o + 0x20)),
    };
  };
  const strtab = hdr(shstrndx);
  const out = new Map();
  for (let i = 1; i < shnum; i++) {
    const h = hdr(i);
    const start = strtab.offset + h.nameOff;
    const name = buf.toString('latin1', start, buf.indexOf(0, start));
    const nobits = h.type === 8; // SHT_NOBITS
    out.set(name, { addr: h.addr, size: h.size, nobits, data: nobits ? null : buf.subarray(h.offset, h.offset + h.size) });
  }
  return out;
}

function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stderr || e.message}`);
  }
}

let binutilsVersion;
function binutils() {
  binutilsVersion ??= run(AS, ['--version']).split('\n')[0].trim();
  return binutilsVersion;
}

/** Assembles and links one corpus file with the GNU tools; returns the reference object. */
export function reference(file) {
  const source = readFileSync(file, 'utf8');
  const { ttext, tdata } = parseHeader(source);
  const dir = mkdtempSync(join(tmpdir(), 'hs-asmref-'));
  try {
    // The source is copied so that diagnostics and the line table name only the base name.
    const name = basename(file);
    writeFileSync(join(dir, name), source);
    const ldArgs = [`-Ttext=${hex(ttext)}`, ...(tdata === null ? [] : [`-Tdata=${hex(tdata)}`])];
    const asOut = run(AS, [...AS_FLAGS, '-o', 'tmp.o', name], dir);
    const ldOut = run(LD, [...ldArgs, 'tmp.o', '-o', 'tmp.elf'], dir);
    if ((asOut + ldOut).trim() !== '') throw new Error(`${name}: unexpected tool output:\n${asOut}${ldOut}`);
    const secs = elfSections(readFileSync(join(dir, 'tmp.elf')));
    const sections = {};
    for (const s of SECTIONS) {
      const sec = secs.get(s);
      if (!sec) continue;
      sections[s] = sec.nobits
        ? { addr: hex(sec.addr), size: sec.size }
        : { addr: hex(sec.addr), size: sec.size, hex: Buffer.from(sec.data).toString('hex') };
    }
    // Line map: the same assembly with -g (checked to give the same .text).
    run(AS, [...AS_FLAGS, '-g', '-o', 'tmpg.o', name], dir);
    run(LD, [...ldArgs, 'tmpg.o', '-o', 'tmpg.elf'], dir);
    const gtext = elfSections(readFileSync(join(dir, 'tmpg.elf'))).get('.text');
    const lines = [];
    if (gtext && sections['.text'] && Buffer.from(gtext.data).toString('hex') === sections['.text'].hex) {
      const text = secs.get('.text');
      const dump = run(OBJDUMP, ['--dwarf=decodedline', 'tmpg.elf'], dir);
      const seen = new Set();
      for (const l of dump.split('\n')) {
        const m = /^\S+\s+(\d+)\s+0x([0-9a-f]+)/.exec(l);
        if (!m) continue;
        const off = Number(BigInt('0x' + m[2]) - text.addr);
        if (off < 0 || off >= text.size || seen.has(off)) continue;
        seen.add(off);
        lines.push([off, Number(m[1])]);
      }
      lines.sort((a, b) => a[0] - b[0]);
    }
    return {
      source: name,
      ttext: hex(ttext),
      tdata: tdata === null ? null : hex(tdata),
      binutils: binutils(),
      sections,
      lines,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** JSON text as committed: one key per line, each .text line-map entry compact. */
export function formatReference(ref) {
  const lines = ref.lines.map((p) => `[${p[0]},${p[1]}]`);
  const body = { ...ref, lines: '@LINES@' };
  return JSON.stringify(body, null, 2).replace('"@LINES@"', `[${lines.join(',')}]`) + '\n';
}

function corpusFiles() {
  return readdirSync(CORPUS).filter((f) => f.endsWith('.s')).sort().map((f) => join(CORPUS, f));
}

function main(argv) {
  const check = argv.includes('--check');
  const json = argv.includes('--json');
  const files = argv.filter((a) => !a.startsWith('--')).map((f) => resolve(f));
  if (json) {
    if (files.length !== 1) throw new Error('--json takes exactly one file');
    process.stdout.write(formatReference(reference(files[0])));
    return 0;
  }
  let stale = 0;
  for (const file of files.length ? files : corpusFiles()) {
    const refPath = file.replace(/\.s$/, '.ref.json');
    const text = formatReference(reference(file));
    if (check) {
      let old = '';
      try { old = readFileSync(refPath, 'utf8'); } catch { /* missing */ }
      if (old !== text) { stale++; console.log(`stale: ${refPath}`); }
    } else {
      writeFileSync(refPath, text);
      const r = JSON.parse(text);
      const desc = Object.entries(r.sections).map(([n, s]) => `${n}@${s.addr}+${s.size}`).join(' ');
      console.log(`${basename(refPath)}: ${desc}`);
    }
  }
  return stale ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  }
}
