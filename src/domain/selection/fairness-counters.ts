/** A practitioner's standing within one specialty (DESIGN §3): fair share received so far and proposals. */
export interface FairnessCounter {
  readonly expected: number;
  readonly offered: number;
}

export const EMPTY_COUNTER: FairnessCounter = { expected: 0, offered: 0 };

/**
 * Deficits are compared after rounding to 1e-9 so that float sums reached in different orders
 * (5/7 + 5/7 against 10/7) count as the tie they are; the tie is then broken by the seeded
 * permutation, never by whichever float happened to round down.
 */
const DEFICIT_RESOLUTION = 1e9;

/** deficit = expected − offered, as an integer number of nano-proposals (see DEFICIT_RESOLUTION). */
export function deficitKey(counter: FairnessCounter): number {
  return Math.round((counter.expected - counter.offered) * DEFICIT_RESOLUTION);
}

/** The share of a proposal each pool member accrues per referral: k/n, capped at 1 when n ≤ k (DESIGN §4.6). */
export function fairShare(poolSize: number, proposed: number): number {
  return Math.min(1, proposed / poolSize);
}
