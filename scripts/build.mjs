// Build script: bundles the extension, the standalone debug adapter, the CLI and the
// benchmark runner into dist/ with esbuild (node20, CommonJS, linked source maps), and
// the webview scripts and styles (browser, IIFE) into dist/webview/.
// Entry points whose source file does not exist yet are skipped with a notice.
// Usage: node scripts/build.mjs [--watch] [--minify]
import { build, context } from 'esbuild';
import { chmod, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/** @type {{ src: string, out: string, external?: string[], executable?: boolean, browser?: boolean }[]} */
const entries = [
  { src: 'extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
  { src: 'debug-adapter/main.ts', out: 'dist/debugAdapter.js' },
  { src: 'cli/main.ts', out: 'dist/cli.js', executable: true },
  // The comparison's worker thread (emulator/host/compareRunner.ts starts it next to the caller).
  { src: 'emulator/host/compareWorker.ts', out: 'dist/compareWorker.js' },
  { src: 'bench/main.ts', out: 'dist/bench.js' },
  { src: 'language-server/server.ts', out: 'dist/languageServer.js' },
  // The translation view (extension/translationView.ts): its webview script and stylesheet.
  { src: 'extension/webview/translation.ts', out: 'dist/webview/translation.js', browser: true },
  { src: 'extension/webview/translation.css', out: 'dist/webview/translation.css', browser: true },
  // The ELF viewer (extension/elfViewer.ts): its webview script, stylesheet and the codicon font for its button.
  { src: 'extension/webview/elf.ts', out: 'dist/webview/elf.js', browser: true },
  { src: 'extension/webview/elf.css', out: 'dist/webview/elf.css', browser: true },
  { src: 'node_modules/@vscode/codicons/dist/codicon.css', out: 'dist/webview/codicon.css', browser: true },
  // The memory view (extension/memoryView.ts): its webview script and stylesheet.
  { src: 'extension/webview/memory.ts', out: 'dist/webview/memory.js', browser: true },
  { src: 'extension/webview/memory.css', out: 'dist/webview/memory.css', browser: true },
  // The timeline (extension/timelineView.ts): its webview script (with uPlot) and stylesheet (with uPlot's CSS).
  { src: 'extension/webview/timeline.ts', out: 'dist/webview/timeline.js', browser: true },
  { src: 'extension/webview/timeline.css', out: 'dist/webview/timeline.css', browser: true },
  // The virtualization-mode comparison (extension/compareView.ts): its webview script (with uPlot) and stylesheet (with uPlot's CSS).
  { src: 'extension/webview/compare.ts', out: 'dist/webview/compare.js', browser: true },
  { src: 'extension/webview/compare.css', out: 'dist/webview/compare.css', browser: true },
  // The snapshot diff (extension/timeTravelCommands.ts): a static page, its stylesheet only.
  { src: 'extension/webview/snapshotDiff.css', out: 'dist/webview/snapshotDiff.css', browser: true },
];

function hasHashbang(src) {
  return readFileSync(join(root, src), 'utf8').startsWith('#!');
}

/** esbuild options for one entry point. */
function optionsFor(entry) {
  return {
    absWorkingDir: root,
    entryPoints: [entry.src],
    outfile: entry.out,
    bundle: true,
    platform: entry.browser ? 'browser' : 'node',
    target: entry.browser ? 'chrome120' : 'node20',
    format: entry.browser ? 'iife' : 'cjs',
    sourcemap: 'linked',
    minify,
    external: entry.external ?? [],
    // Guest ELFs imported by the CLI (the built-in demo) are embedded as Uint8Array.
    loader: { '.elf': 'binary', '.ttf': 'file' },
    // esbuild keeps a hashbang already present in the source; never emit two.
    banner: entry.executable && !hasHashbang(entry.src) ? { js: '#!/usr/bin/env node' } : undefined,
    logLevel: 'warning',
  };
}

async function main() {
  const started = performance.now();
  await mkdir(join(root, 'dist/webview'), { recursive: true });
  const present = entries.filter((e) => {
    if (existsSync(join(root, e.src))) return true;
    console.log(`build: skipping ${e.out} (${e.src} does not exist yet)`);
    return false;
  });

  if (watch) {
    for (const e of present) {
      const ctx = await context(optionsFor(e));
      await ctx.watch();
    }
    console.log(`build: watching ${present.length} entry point(s)`);
    return;
  }

  await Promise.all(present.map(async (e) => {
    await build(optionsFor(e));
    if (e.executable) await chmod(join(root, e.out), 0o755);
  }));
  const ms = Math.round(performance.now() - started);
  console.log(`build: ${present.map((e) => e.out).join(', ')} in ${ms} ms`);
}

main().catch((err) => {
  // esbuild has already printed the diagnostics for build failures.
  if (!(err && Array.isArray(err.errors))) console.error(err);
  process.exitCode = 1;
});
