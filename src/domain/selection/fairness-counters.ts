/**
 * Shares of a proposal are counted in units of 2^-32 so that `expected` is an exact integer:
 * sums come out the same in any order, and the live service, a replay of the whole log and a
 * rebuild from the per-pool totals all reach identical deficits, ties included. Rounding k/n to
 * a unit costs at most 2^-33 of a proposal per referral (under 0.001 after a million referrals);
 * integers stay exact up to 2^53, that is 2 million proposals' worth for one practitioner.
 */
export const SHARE_UNIT = 2 ** 32;

/** The most practitioners one referral may propose (and so the number of rank counters). */
export const MAX_PROPOSALS = 10;

/** A practitioner's standing within one specialty (DESIGN §3): fair share received so far and proposals. */
export interface FairnessCounter {
  /** Fair share received so far, in SHARE_UNITs. */
  readonly expectedUnits: number;
  readonly offered: number;
}

export const EMPTY_COUNTER: FairnessCounter = { expectedUnits: 0, offered: 0 };

/** deficit = expected − offered, exactly, in SHARE_UNITs. */
export function deficitUnits(counter: FairnessCounter): number {
  return counter.expectedUnits - counter.offered * SHARE_UNIT;
}

/** deficit = expected − offered, in proposals. */
export function deficitOf(counter: FairnessCounter): number {
  return deficitUnits(counter) / SHARE_UNIT;
}

/** The share each pool member accrues per referral (DESIGN §4.6): k/n, capped at 1 when n ≤ k, in SHARE_UNITs. */
export function fairShareUnits(poolSize: number, proposed: number): number {
  return Math.round(Math.min(1, proposed / poolSize) * SHARE_UNIT);
}
