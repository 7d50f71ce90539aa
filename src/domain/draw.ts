import { EMPTY_COUNTER, fairShareUnits, type FairnessCounter } from './selection/fairness-counters.js';
import { selectByDeficit } from './selection/select-by-deficit.js';
import { createRng } from './shuffle/rng.js';
import { seededShuffle } from './shuffle/seeded-shuffle.js';

/** Names the rules below in every log entry; any change to a draw's outcome is a new version. */
export const ALGORITHM_VERSION = 'deficit-fisher-yates/1';

export interface DrawInput {
  /** Member ids (national identifiers) in canonical order; no duplicates. */
  readonly pool: readonly string[];
  /** Counters of the pool members in this specialty; a missing member counts as zero. */
  readonly counters: ReadonlyMap<string, FairnessCounter>;
  /** 128-bit seed, 32 hex digits, chosen by the server. */
  readonly seed: string;
  /** How many to propose, ≥ 1; fewer are proposed when the pool is smaller. */
  readonly k: number;
  /** The order proposed by the previous referral drawn from this same pool, if any. */
  readonly previousOrder: readonly string[] | null;
}

export interface DrawResult {
  /** The proposed ids, rank 1 first. */
  readonly order: readonly string[];
  /** What every pool member's `expected` grows by (k/n, capped at 1), in SHARE_UNITs. */
  readonly shareUnits: number;
  /** How many extra shuffles the "never the same order twice" rule needed. */
  readonly redraws: number;
}

/**
 * The one draw of DESIGN §4, shared by the live referral and by every replay:
 * (pool, counters, seed, k, previous order) → (order, counter changes). Pure and deterministic.
 *
 * One generator stream, in this order: the tie-break permutation of the pool, then
 * Fisher–Yates of the selected, then further shuffles while the order repeats the previous
 * order of the same set (impossible to avoid only when a single practitioner is proposed).
 */
export function draw(input: DrawInput): DrawResult {
  const rng = createRng(input.seed);
  const selected = selectByDeficit(input.pool, input.counters, input.k, rng);
  let order = seededShuffle(selected, rng);
  let redraws = 0;
  if (selected.length > 1 && input.previousOrder && isSameSet(input.previousOrder, order)) {
    while (isSameOrder(input.previousOrder, order)) {
      order = seededShuffle(selected, rng);
      redraws++;
    }
  }
  return { order, shareUnits: fairShareUnits(input.pool.length, selected.length), redraws };
}

/** What one draw does to one pool member's counters (DESIGN §4.6). */
export interface CounterChange {
  readonly nationalId: string;
  /** Share accrued, in SHARE_UNITs: the same for every member of the pool. */
  readonly expectedUnits: number;
  /** 1-based rank at which the member was proposed, or null when they were not. */
  readonly rank: number | null;
}

/**
 * The one statement of the counter rule: every pool member's expected grows by the share;
 * each proposed member is offered once more, at their rank. The live ledger, replays and
 * tests all apply these changes; storage keeps them as per-pool totals and per-member offers.
 */
export function counterChanges(pool: readonly string[], result: DrawResult): CounterChange[] {
  const rankOf = new Map(result.order.map((nationalId, index) => [nationalId, index + 1]));
  return pool.map((nationalId) => ({ nationalId, expectedUnits: result.shareUnits, rank: rankOf.get(nationalId) ?? null }));
}

/** The counters after a draw, as a new map: `counterChanges` applied to `counters`. */
export function applyDraw(
  counters: ReadonlyMap<string, FairnessCounter>,
  pool: readonly string[],
  result: DrawResult,
): Map<string, FairnessCounter> {
  const next = new Map(counters);
  for (const change of counterChanges(pool, result)) {
    const before = next.get(change.nationalId) ?? EMPTY_COUNTER;
    next.set(change.nationalId, {
      expectedUnits: before.expectedUnits + change.expectedUnits,
      offered: before.offered + (change.rank === null ? 0 : 1),
    });
  }
  return next;
}

function isSameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const members = new Set(a);
  return b.every((id) => members.has(id));
}

function isSameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}
