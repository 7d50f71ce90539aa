import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * The generator every draw uses, named in each log entry. pure-rand is pinned to an exact
 * version in package.json because a major version may change the outputs (DESIGN §4.3).
 */
export const GENERATOR = 'pure-rand@8.4.2/xoroshiro128plus';

/** A seed is 128 bits written as 32 lower-case hex digits: the full xoroshiro128+ state. */
const SEED_PATTERN = /^[0-9a-f]{32}$/;

export type { RandomGenerator };

/**
 * Builds the generator from the full 128-bit seed, never from a 32-bit truncation:
 * 2^32 seeds could not reach every ordered choice of five from a large pool.
 * @throws Error when the seed is malformed or all zeros (xoroshiro's one forbidden state).
 */
export function createRng(seedHex: string): RandomGenerator {
  if (!SEED_PATTERN.test(seedHex)) throw new Error(`Seed must be 32 hex digits, got "${seedHex}"`);
  const state = [0, 8, 16, 24].map((offset) => parseInt(seedHex.slice(offset, offset + 8), 16) | 0);
  if (state.every((word) => word === 0)) throw new Error('Seed must not be all zeros');
  return xoroshiro128plusFromState(state);
}
