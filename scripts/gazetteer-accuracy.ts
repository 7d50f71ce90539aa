/**
 * Measures a gazetteer file against the official commune file: for each official commune
 * (`COM`, Paris, Lyon and Marseille through their arrondissements' codes too) the precision the
 * gazetteer records and how far its point lies from the official one; for each official
 * postcode the precision a look-up reaches. Reads this version's format and the one before it
 * (without postcode rows), so that the README can state both, from a command.
 *
 * Run: `npx tsx scripts/gazetteer-accuracy.ts [gazetteer.json]` (default data/gazetteer.json);
 * for the gazetteer before official data: `git show 1067498:data/gazetteer.json > /tmp/old.json`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { fastDistanceMeters } from '../src/domain/geo/distance.js';
import type { GazetteerCommuneRow, GazetteerPostcodeRow, RecordedPrecision } from '../src/domain/geo/gazetteer-snapshot.js';

const path = process.argv[2] ?? 'data/gazetteer.json';
const snapshot = JSON.parse(readFileSync(path, 'utf8')) as { communes: GazetteerCommuneRow[]; postcodes?: GazetteerPostcodeRow[] };
const official = parse(readFileSync('data/sources/communes-2024.csv', 'utf8'), { from_line: 2 }) as string[][];

const current = new Map(snapshot.communes.filter((c) => c[8] === 'commune-actuelle' || c[8] === 'arrondissement-municipal').map((c) => [c[0], c]));
const communes = new Map(official.filter(([, type]) => type === 'COM').map(([code, , , , , , lat, lon, population]) => [code as string, { lat, lon, population: Number(population) }]));

type Tally = { communes: number; population: number; errorsKm: number[] };
const byPrecision = new Map<RecordedPrecision | 'unknown', Tally>();
for (const [code, { lat, lon, population }] of communes) {
  const row = current.get(code);
  const precision = row?.[7] ?? 'unknown';
  const tally = byPrecision.get(precision) ?? { communes: 0, population: 0, errorsKm: [] };
  tally.communes += 1;
  tally.population += population;
  if (row?.[5] != null && row[6] != null && lat !== '') tally.errorsKm.push(fastDistanceMeters(row[5], row[6], Number(lat), Number(lon)) / 1000);
  byPrecision.set(precision, tally);
}

const postcodes = new Set(official.map(([, , , , postcode]) => postcode as string));
const postcodePrecision = (postcode: string): string => {
  if (snapshot.postcodes !== undefined) return snapshot.postcodes.some(([p]) => p === postcode) ? 'postcode' : 'none';
  // The format before: a postcode took the centre of its communes with a point of their own, else its department's.
  const carriers = [...current.values()].filter((c) => c[3].includes(postcode) && !['75056', '69123', '13055'].includes(c[0]));
  return carriers.some((c) => c[7] === 'commune') ? 'postcode' : carriers.length > 0 ? 'department' : 'none';
};
const postcodesByPrecision: Record<string, number> = {};
for (const postcode of postcodes) {
  const precision = postcodePrecision(postcode);
  postcodesByPrecision[precision] = (postcodesByPrecision[precision] ?? 0) + 1;
}

const quantile = (sorted: readonly number[], q: number) => sorted.length === 0 ? null : Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(1));
const summary = Object.fromEntries([...byPrecision].map(([precision, { communes: count, population, errorsKm }]) => {
  const sorted = [...errorsKm].sort((a, b) => a - b);
  return [precision, {
    communes: count, population,
    medianErrorKm: quantile(sorted, 0.5), maxErrorKm: quantile(sorted, 1),
    within1Km: sorted.filter((e) => e <= 1).length, from5To20Km: sorted.filter((e) => e >= 5 && e < 20).length, atLeast20Km: sorted.filter((e) => e >= 20).length,
  }];
}));
console.log(JSON.stringify({ gazetteer: path, officialCommunes: communes.size, officialPostcodes: postcodes.size, communesByPrecision: summary, postcodesByPrecision }, null, 2));
