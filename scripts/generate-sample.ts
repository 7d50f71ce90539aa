/**
 * Writes the seeded synthetic directory in the service's own CSV format (header row,
 * RFC 4180 quoting, LF line ends).
 *
 * Run: `npx tsx scripts/generate-sample.ts [--seed 20261123] [--count 25000] [--out data/sample-directory.csv]`.
 * The checked-in data/sample-directory.csv is the default run; a test regenerates it byte for byte.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from '../src/storage/gazetteer-file.js';
import { generateDirectory } from './sample/generate-directory.js';
import { DEFAULT_SAMPLE_COUNT, DEFAULT_SAMPLE_SEED, SAMPLE_CSV_OPTIONS } from './sample/sample-defaults.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SAMPLE_SEED) },
    count: { type: 'string', default: String(DEFAULT_SAMPLE_COUNT) },
    out: { type: 'string', default: 'data/sample-directory.csv' },
  },
});
const seed = Number(values.seed);
const count = Number(values.count);
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(count) || count < 0) {
  console.error('--seed and --count must be integers, --count ≥ 0');
  process.exit(2);
}

const communes = loadGazetteer(DEFAULT_GAZETTEER_PATH).communes();
await pipeline(Readable.from(generateDirectory({ seed, count, communes })), stringify(SAMPLE_CSV_OPTIONS), createWriteStream(values.out));
console.log(`wrote ${count} people to ${values.out}`);
