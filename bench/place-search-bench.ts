import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Gazetteer } from '../src/domain/geo/gazetteer.js';

export interface PlaceSearchResult {
  readonly queries: number;
  readonly buildMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * `GET /v1/places` in-process, as an advisor types: for communes drawn from a seeded stream,
 * every prefix of their name (from one letter), half the time lower-cased without accents,
 * plus postcode prefixes and INSEE codes; 1,000 warm-up queries, then `queries` timed one by one.
 */
export function runPlaceSearchBench(gazetteer: Gazetteer, queries: number, seed: number): PlaceSearchResult {
  const communes = gazetteer.communes();
  const rng = xoroshiro128plus(seed);
  const typed: string[] = [];
  while (typed.length < queries + 1000) {
    const commune = communes[uniformInt(rng, 0, communes.length - 1)];
    if (commune === undefined) continue;
    const name = uniformInt(rng, 0, 1) === 0 ? commune.name : commune.name.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
    for (let length = 1; length <= name.length; length++) typed.push(name.slice(0, length));
    const postcode = commune.postcodes[0];
    if (postcode !== undefined) for (let length = 1; length <= 5; length++) typed.push(postcode.slice(0, length));
    typed.push(commune.code);
  }
  const started = performance.now();
  gazetteer.searchPlaces('a', 10);
  const buildMs = performance.now() - started;
  for (const query of typed.slice(0, 1000)) gazetteer.searchPlaces(query, 10);
  const times = typed.slice(1000, 1000 + queries).map((query) => {
    const before = performance.now();
    gazetteer.searchPlaces(query, 10);
    return performance.now() - before;
  }).sort((a, b) => a - b);
  const at = (q: number) => Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] as number).toFixed(3));
  return { queries: times.length, buildMs: Math.round(buildMs), p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}
