import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from './rng.js';

/**
 * Fisher–Yates shuffle drawing each swap index with pure-rand's unbiased `uniformInt`
 * (no modulo bias, never Math.random). Returns a new array; advances `rng`.
 * Every one of the n! orders is equally likely for a uniformly random generator state.
 */
export function seededShuffle<T>(items: readonly T[], rng: RandomGenerator): T[] {
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const held = shuffled[i] as T;
    shuffled[i] = shuffled[j] as T;
    shuffled[j] = held;
  }
  return shuffled;
}
