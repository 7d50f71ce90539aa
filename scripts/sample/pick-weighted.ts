import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * Draws an index in proportion to weights given as a non-decreasing cumulative table whose
 * last entry is the total (> 0): index i is returned with probability
 * (cumulative[i] − cumulative[i−1]) / total. Binary search: O(log n).
 */
export function pickWeighted(rng: RandomGenerator, cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const target = uniformInt(rng, 0, total - 1);
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((cumulative[mid] ?? 0) > target) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Picks one item uniformly. The list must not be empty. */
export function pickOne<T>(rng: RandomGenerator, items: readonly T[]): T {
  return items[uniformInt(rng, 0, items.length - 1)] as T;
}
