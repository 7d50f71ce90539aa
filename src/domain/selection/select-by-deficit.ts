import type { RandomGenerator } from '../shuffle/rng.js';
import { seededShuffle } from '../shuffle/seeded-shuffle.js';
import { deficitUnits, EMPTY_COUNTER, type FairnessCounter } from './fairness-counters.js';

/**
 * Takes the `k` pool members with the largest fairness deficit (DESIGN §4.4). Ties are broken by
 * a seeded random permutation of the whole pool, never by name or id, so that among equally
 * owed practitioners each is equally likely to be chosen.
 * @param pool member ids in canonical order (by national identifier)
 * @returns up to k ids, largest deficit first; the caller shuffles them for display
 */
export function selectByDeficit(
  pool: readonly string[],
  counters: ReadonlyMap<string, FairnessCounter>,
  k: number,
  rng: RandomGenerator,
): string[] {
  const tieBreak = seededShuffle(pool, rng);
  const keyed = tieBreak.map((id, position) => ({ id, position, deficit: deficitUnits(counters.get(id) ?? EMPTY_COUNTER) }));
  keyed.sort((a, b) => b.deficit - a.deficit || a.position - b.position);
  return keyed.slice(0, k).map((entry) => entry.id);
}
