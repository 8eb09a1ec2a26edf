// Writes the VSIX's README (the extension page, npm run package: vsce --readme-path) from
// MARKETPLACE.md: VS Code's extension page shows only https: and data: images and opens
// only http(s) links, and the repository has no public URL, so the pictures are inlined
// as data: URIs. Usage: node scripts/marketplaceReadme.mjs [out] (default dist/README.md).
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'dist', 'README.md');
const page = readFileSync(join(root, 'MARKETPLACE.md'), 'utf8').replace(/(!\[[^\]]*\]\()([\w./-]+\.png)\)/g,
  (_, head, path) => `${head}data:image/png;base64,${readFileSync(join(root, path)).toString('base64')})`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, page);
console.log(`${out} written`);
