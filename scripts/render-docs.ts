/**
 * Rewrites the generated regions of the README and docs/ from the JSON the measuring commands
 * wrote (scripts/docs/figures.ts lists them). `--check` changes nothing and exits 1 when a
 * document differs from what it would render.
 *
 * Run: `npm run docs:render` (or `npm run docs:render -- --check`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSources, renderDocument } from './docs/figures.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const check = process.argv.includes('--check');
const documents = ['README.md', ...readdirSync(`${ROOT}docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const sources = readSources();
let stale = 0;
for (const document of documents) {
  const before = readFileSync(`${ROOT}${document}`, 'utf8');
  const after = renderDocument(before, sources);
  if (after === before) continue;
  stale++;
  if (check) console.error(`${document}: its generated figures differ from their JSON`);
  else {
    writeFileSync(`${ROOT}${document}`, after);
    console.log(`${document}: figures rendered`);
  }
}
process.exit(check && stale > 0 ? 1 : 0);
