/**
 * Writes a seeded synthetic national-registry extract (PS_LibreAcces_Personne_activite layout,
 * shared/formats/rpps-extract.md) for the import benchmark; see bench/registry-extract.ts.
 *
 * Run: `npx tsx scripts/generate-registry-extract.ts --rows 1000000 --seed 20261123 [--changed 0.01] --out var/bench/extract.txt`.
 * `--changed` makes "the next day's file": that share of the same seed's people changed.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { writeRegistryExtract } from '../bench/registry-extract.js';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from '../src/storage/gazetteer-file.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20261123' },
    changed: { type: 'string', default: '0' },
    out: { type: 'string', default: 'var/bench/extract.txt' },
  },
});
const rows = Number(values.rows);
const seed = Number(values.seed);
const changedShare = Number(values.changed);
if (!Number.isSafeInteger(rows) || rows < 0 || !Number.isInteger(seed) || Math.abs(seed) > 0xffff_ffff
  || !(changedShare >= 0 && changedShare <= 1)) {
  console.error('--rows must be an integer ≥ 0, --seed a 32-bit integer and --changed a share within 0..1');
  process.exit(2);
}

const started = performance.now();
const gazetteer = loadGazetteer(DEFAULT_GAZETTEER_PATH);
mkdirSync(dirname(values.out), { recursive: true });
const summary = await writeRegistryExtract(values.out, { rows, seed, gazetteer, changedShare });
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ out: values.out, ...summary, seconds: Number(seconds.toFixed(2)) }));
