/**
 * The extension page and what the VSIX carries for a new user: the file list comes from
 * vsce itself (listFiles with .vscodeignore and the --readme-path of `npm run package`),
 * and must hold the icon, every walkthrough page, every file MARKETPLACE.md and the
 * walkthrough link to, and the examples "HyperStep: Open Example…" copies
 * (extension/exampleFiles.ts), which are then copied and matched like a user's F5 would.
 */
import { strict as assert } from 'assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { execFileSync } from 'child_process';
import { tmpdir } from 'os';
import { dirname, join, posix } from 'path';
import { listFiles, PackageManager } from '@vscode/vsce';
import { EXAMPLES, copyExample, freshDirectory } from '../../extension/exampleFiles';
import { ElfSourceIndex } from '../../extension/elfForSource';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  icon?: string;
  scripts: Record<string, string>;
  contributes: {
    commands: { command: string }[];
    walkthroughs?: { id: string; steps: { id: string; description: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }[] }[];
  };
};

/** --readme-path of the package script: the page scripts/marketplaceReadme.mjs writes from MARKETPLACE.md. */
function readmePath(): string {
  const m = /node scripts\/marketplaceReadme\.mjs && .*--readme-path\s+(\S+)/.exec(pkg.scripts.package);
  assert.ok(m, 'npm run package writes the page and passes it with --readme-path');
  return m[1];
}

/** Relative link and image targets of a markdown file, resolved against its directory (repository paths). */
function relativeLinks(mdPath: string): string[] {
  const text = readFileSync(join(ROOT, mdPath), 'utf8').replace(/```[\s\S]*?```/g, '');
  const out: string[] = [];
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1].split('#')[0];
    if (target === '' || /^[a-z]+:/i.test(target)) continue; // anchors, http:, command:
    out.push(posix.normalize(posix.join(posix.dirname(mdPath), target)));
  }
  return out;
}

describe('extension: the extension page, walkthrough and examples in the VSIX', function () {
  this.timeout(60_000);
  let files: Set<string>;

  before(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/marketplaceReadme.mjs'), join(ROOT, readmePath())]);
    // vsce's API passes readmePath through to the packager; its typings do not declare it.
    const options: Parameters<typeof listFiles>[0] & { readmePath: string } = { cwd: ROOT, packageManager: PackageManager.None, readmePath: readmePath() };
    files = new Set(await listFiles(options));
  });

  it('the extension page is MARKETPLACE.md with its pictures inlined, not the developer README', () => {
    const source = readFileSync(join(ROOT, 'MARKETPLACE.md'), 'utf8');
    const page = readFileSync(join(ROOT, readmePath()), 'utf8');
    assert.ok(files.has(readmePath()));
    assert.ok(!files.has('README.md'), 'the repository README stays out');
    assert.match(page.split('\n')[0], /^# HyperStep/);
    assert.ok(!/npm (ci|start|test)/.test(page.slice(0, 2000)), 'no set-up commands at the top');
    // VS Code's extension page shows only https: and data: images and opens only http(s) links.
    const shot = /!\[[^\]]+\]\((docs\/images\/[\w-]+\.png)\)/.exec(source);
    assert.ok(shot, 'a screenshot');
    assert.ok(page.includes(`](data:image/png;base64,${readFileSync(join(ROOT, shot[1])).toString('base64')})`), 'inlined as a data: URI');
    assert.deepEqual(relativeLinks(readmePath()), [], 'no relative links or images on the page');
    // The repository README still starts with the two set-up commands.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok(readme.startsWith('```sh\nnpm ci && npm start\n```\n\n```sh\nnpm test\n```'), 'README.md starts with the set-up commands');
  });

  it('every relative link of the page and the walkthrough is in the VSIX', () => {
    const pages = [...(pkg.contributes.walkthroughs ?? []).flatMap((w) => w.steps.map((s) => s.media.markdown ?? s.media.image ?? ''))];
    let links = 0;
    for (const page of pages) {
      assert.ok(page !== '' && files.has(page), `${page} in the VSIX`);
      if (!page.endsWith('.md')) continue;
      for (const target of relativeLinks(page)) {
        links++;
        assert.ok(existsSync(join(ROOT, target)), `${page} links to ${target}, which exists`);
        assert.ok(files.has(target), `${page} links to ${target}, which is in the VSIX`);
      }
    }
    assert.ok(links >= 2, `links checked: ${links}`);
  });

  it('has a 128x128 PNG icon', () => {
    assert.ok(pkg.icon !== undefined && files.has(pkg.icon), 'package.json icon in the VSIX');
    const png = readFileSync(join(ROOT, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('the walkthrough steps complete on events and use commands that exist', () => {
    const walk = pkg.contributes.walkthroughs?.[0];
    assert.ok(walk !== undefined && walk.steps.length >= 6);
    const ours = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const step of walk.steps) {
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id} has completion events`);
      for (const m of step.description.matchAll(/\(command:(hyperstep\.[\w.]+)/g)) assert.ok(ours.has(m[1]), `${step.id}: ${m[1]} is a command`);
      for (const e of step.completionEvents ?? []) {
        const m = /^onCommand:(hyperstep\.[\w.]+)$/.exec(e);
        if (m) assert.ok(ours.has(m[1]), `${step.id}: ${m[1]} is a command`);
      }
    }
  });

  it('the examples are in the VSIX, and a copy of hello debugs with F5 (hello.c → hello.elf)', async () => {
    for (const ex of EXAMPLES) for (const [from] of ex.files) assert.ok(files.has(from), `${from} in the VSIX`);
    const parent = mkdtempSync(join(tmpdir(), 'hyperstep-example-'));
    try {
      const hello = EXAMPLES.find((e) => e.id === 'hello');
      assert.ok(hello);
      const dir = copyExample(hello, ROOT, parent);
      assert.equal(dir, join(parent, 'hyperstep-hello'));
      for (const [from, to] of hello.files) assert.deepEqual(readFileSync(join(dir, to)), readFileSync(join(ROOT, from)));
      const m = await new ElfSourceIndex().find(join(dir, 'hello.c'), [join(dir, 'hello.elf')], dir);
      assert.equal(m[0]?.exact, true);
      // A second copy goes to a new directory.
      assert.equal(copyExample(hello, ROOT, parent), join(parent, 'hyperstep-hello-2'));
      assert.equal(freshDirectory(parent, 'x', (p) => p === join(parent, 'x') || p === join(parent, 'x-2')), join(parent, 'x-3'));
      assert.equal(dirname(freshDirectory(parent, 'y')), parent);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
