#!/usr/bin/env node
// Generates guests/isa/manifest.json from the ISA test sources.
//
// A "case" is one invocation of a harness macro whose first argument is the
// case number: CASE(n) or TEST_*(n, ...). The number is what a failing
// program reports through HTIF, so it must be unique within a program and in
// 1..255 (QEMU and process exit statuses keep only 8 bits).
//
// Usage: node scripts/isaManifest.mjs [--check]
//   --check  verify the committed manifest is up to date instead of writing it.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const isaDir = join(root, 'guests', 'isa');
const caseRe = /^\s*(?:CASE|TEST_[A-Z0-9_]+)\s*\(\s*(\d+)\s*[,)]/;

const errors = [];
const programs = [];
for (const file of readdirSync(isaDir).filter((f) => f.endsWith('.S')).sort()) {
  const name = file.slice(0, -2);
  const seen = new Map();
  readFileSync(join(isaDir, file), 'utf8').split('\n').forEach((line, i) => {
    const m = caseRe.exec(line);
    if (!m) return;
    const n = Number(m[1]);
    if (n < 1 || n > 255) errors.push(`${file}:${i + 1}: case number ${n} outside 1..255`);
    if (seen.has(n)) errors.push(`${file}:${i + 1}: case ${n} already used on line ${seen.get(n)}`);
    seen.set(n, i + 1);
  });
  if (seen.size === 0) errors.push(`${file}: no test cases found`);
  programs.push({ name, elf: `guests/isa/build/${name}.elf`, cases: seen.size });
}

if (errors.length) {
  for (const e of errors) console.error(e);
  process.exit(1);
}

const text = JSON.stringify(programs, null, 2) + '\n';
const out = join(isaDir, 'manifest.json');
if (process.argv.includes('--check')) {
  let old = '';
  try { old = readFileSync(out, 'utf8'); } catch { /* missing */ }
  if (old !== text) {
    console.error('guests/isa/manifest.json is out of date; run `make -C guests isa`');
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
}
const total = programs.reduce((s, p) => s + p.cases, 0);
console.log(`isaManifest: ${programs.length} programs, ${total} cases`);
