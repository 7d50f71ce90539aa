import { chiSquarePValue, chiSquareStatistic } from '../stats/chi-square.js';
import { holmAdjusted } from '../stats/holm.js';

/**
 * Pearson's approximation wants at least this many expected per cell: a practitioner is tested
 * once they were proposed 5 × k times in referrals of k (25 for five proposals).
 */
export const MIN_EXPECTED_PER_RANK = 5;

/**
 * The family-wise error rate of the per-practitioner rank test: under a fair draw, the chance
 * that the report names even one practitioner is at most 5%, however many are tested.
 */
export const RANK_TEST_ALPHA = 0.05;

/** One practitioner's chi-square of their rank counts 1..k against uniform. */
export interface PractitionerRankTest {
  /** Proposals counted: those made in referrals of exactly k proposals. */
  readonly proposals: number;
  /** Those proposals at each rank 1..k. */
  readonly ranksAtK: number[];
  readonly chiSquare: number;
  readonly pValue: number;
  /** Holm–Bonferroni adjusted p-value over every practitioner tested in the report. */
  readonly adjustedPValue: number;
  /** Whether the adjusted p-value is at most RANK_TEST_ALPHA. */
  readonly flagged: boolean;
}

/** What the per-practitioner test did over the whole report. */
export interface RankTestOutline {
  /** The number of proposals of the referrals counted (the most common in the period). */
  readonly k: number;
  /** Proposals in referrals of k needed to be tested: MIN_EXPECTED_PER_RANK × k. */
  readonly minimumProposals: number;
  readonly correction: 'holm-bonferroni';
  readonly familyWiseAlpha: number;
  readonly tested: number;
  /** Practitioners proposed at least once in referrals of k, but fewer than minimumProposals times. */
  readonly untested: number;
  /** Proposals left out because their referral proposed a number other than k (a smaller pool, or a count asked). */
  readonly proposalsLeftOut: number;
}

/**
 * For each practitioner, given their rank counts in referrals of k proposals (rank 1 first), a
 * chi-square goodness-of-fit test against uniform ranks with k − 1 degrees of freedom, for those
 * with at least MIN_EXPECTED_PER_RANK × k proposals (null for the others); p-values adjusted by
 * Holm–Bonferroni over all those tested. Holm rather than Benjamini–Hochberg: each flag names a
 * person, so the guarantee wanted is that a fair draw names nobody (family-wise error), not a
 * tolerated share of wrongly named people (false discovery rate); and Holm holds under any
 * dependence, while practitioners proposed together share their referrals' ranks.
 * @throws Error when k < 2 or a row has not k counts
 */
export function testRanksPerPractitioner(ranksAtK: readonly (readonly number[])[], k: number): (PractitionerRankTest | null)[] {
  if (k < 2) throw new Error('a rank test needs referrals of at least two proposals');
  const minimum = MIN_EXPECTED_PER_RANK * k;
  const raw = ranksAtK.map((counts) => {
    if (counts.length !== k) throw new Error(`expected ${k} rank counts, got ${counts.length}`);
    const proposals = counts.reduce((total, count) => total + count, 0);
    if (proposals < minimum) return null;
    const chiSquare = chiSquareStatistic(counts, counts.map(() => proposals / k));
    return { proposals, ranksAtK: [...counts], chiSquare, pValue: chiSquarePValue(chiSquare, k - 1) };
  });
  const tested = raw.flatMap((test) => (test === null ? [] : [test]));
  const adjusted = holmAdjusted(tested.map((test) => test.pValue));
  let next = 0;
  return raw.map((test) => {
    if (test === null) return null;
    const adjustedPValue = adjusted[next++] as number;
    return { ...test, adjustedPValue, flagged: adjustedPValue <= RANK_TEST_ALPHA };
  });
}
