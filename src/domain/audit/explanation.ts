import { deficitUnits, EMPTY_COUNTER, SHARE_UNIT, type FairnessCounter } from '../selection/fairness-counters.js';

export interface InclusionExplanation {
  readonly proposed: boolean;
  /** 1-based rank when proposed. */
  readonly rank: number | null;
  /** The practitioner's deficit (expected − offered, in proposals) just before the referral. */
  readonly deficit: number;
  /** The smallest deficit among those selected: the bar the practitioner had to reach. */
  readonly lowestSelectedDeficit: number;
  readonly explanation: string;
}

/**
 * Why a pool member was or was not proposed by one referral (DESIGN §4): selection takes the k
 * largest deficits, ties broken by the seeded permutation; the order among the selected is then a
 * seeded shuffle. `counters` are the pool members' counters as they stood just before it.
 */
export function explainInclusion(
  nationalId: string,
  pool: readonly string[],
  proposed: readonly string[],
  counters: ReadonlyMap<string, FairnessCounter>,
): InclusionExplanation {
  const deficitUnitsOf = (id: string) => deficitUnits(counters.get(id) ?? EMPTY_COUNTER);
  const own = deficitUnitsOf(nationalId);
  const bar = Math.min(...proposed.map(deficitUnitsOf));
  const index = proposed.indexOf(nationalId);
  const deficit = own / SHARE_UNIT;
  const lowest = bar / SHARE_UNIT;
  const shown = (value: number) => value.toFixed(3);
  const of = `the ${proposed.length} largest of the ${pool.length} in the pool`;
  let explanation: string;
  if (index >= 0) {
    explanation = own > bar || proposed.length === pool.length
      ? `Proposed at rank ${index + 1}: their deficit (${shown(deficit)}) was among ${of}; the order of the selected was then shuffled with the referral's seed.`
      : `Proposed at rank ${index + 1}: their deficit (${shown(deficit)}) tied with the lowest selected, and the seeded tie-break put them in; the order was then shuffled with the referral's seed.`;
  } else if (own > bar) {
    explanation = `Not proposed although their deficit (${shown(deficit)}) exceeded the lowest selected (${shown(lowest)}): this entry does not follow the rules, and the log cannot verify.`;
  } else {
    explanation = own < bar
      ? `Not proposed: their deficit (${shown(deficit)}) was below that of every one selected (the lowest selected had ${shown(lowest)}); the ${proposed.length} proposed were owed more.`
      : `Not proposed: their deficit (${shown(deficit)}) tied with the lowest selected (${shown(lowest)}), and the seeded tie-break, a random permutation drawn from the referral's seed, put others first.`;
  }
  return { proposed: index >= 0, rank: index >= 0 ? index + 1 : null, deficit, lowestSelectedDeficit: lowest, explanation };
}
