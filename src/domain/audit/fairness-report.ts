import { FILTER_NAMES } from '../filters/referral-filters.js';
import { departmentOfCommune, departmentOfPostcode } from '../geo/department.js';
import type { Referral } from '../model.js';
import { normaliseName } from '../practitioners/normalise-name.js';
import { fairShareUnits, MAX_PROPOSALS, SHARE_UNIT } from '../selection/fairness-counters.js';
import { chiSquarePValue, chiSquareStatistic } from '../stats/chi-square.js';
import { gini } from '../stats/gini.js';
import { kendallTau, kendallTauNullVariance } from '../stats/kendall-tau.js';
import { MIN_EXPECTED_PER_RANK, RANK_TEST_ALPHA, testRanksPerPractitioner, type PractitionerRankTest, type RankTestOutline } from './practitioner-rank-test.js';
import type { LogRecord } from './replay.js';

export interface ReportFilter {
  /** First and last UTC day included, YYYY-MM-DD. */
  readonly from: string;
  readonly to: string;
  readonly specialty: string | null;
  readonly department: string | null;
  /** Referrals by the filters they were asked with: `none`, `any`, or those using one filter; null for all. */
  readonly filtered: FilterCut | null;
}

export type FilterCut = 'none' | 'any' | (typeof FILTER_NAMES)[number];
export const FILTER_CUTS: readonly FilterCut[] = ['none', 'any', ...FILTER_NAMES];

export interface PractitionerFairness {
  readonly nationalId: string;
  /** "LAST First" from the directory (as last shown to an advisor for someone no longer in it). */
  readonly name: string;
  readonly specialty: string;
  /** Fair share of proposals received in the period (sum of k/n over the pools containing them). */
  readonly expected: number;
  readonly offered: number;
  /** offered / expected; null when expected is 0. */
  readonly ratio: number | null;
  /** expected − offered. */
  readonly deficit: number;
  /** Proposals at each rank, rank 1 first. */
  readonly ranks: number[];
  /** Their chi-square of ranks 1..k against uniform; null when proposed too few times in referrals of k. */
  readonly rankTest: PractitionerRankTest | null;
}

export interface RankUniformity {
  /** The number of proposals of the referrals tested (the most common one in the period). */
  readonly k: number;
  readonly referrals: number;
  /** Referrals of k needed for a p-value: MIN_EXPECTED_PER_RANK × k. */
  readonly minimumReferrals: number;
  /** How often the alphabetically first of the proposed was put at each rank, rank 1 first. */
  readonly alphabeticalFirstAtRank: number[];
  /** Null, like the p-value, below minimumReferrals. */
  readonly chiSquare: number | null;
  readonly degreesOfFreedom: number;
  readonly pValue: number | null;
}

/** A practitioner whose ranks the per-practitioner test finds uneven. */
export interface FlaggedPractitioner {
  readonly nationalId: string;
  readonly name: string;
  readonly specialty: string;
  /** Their proposals at each rank 1..k in referrals of k. */
  readonly ranksAtK: number[];
  readonly pValue: number;
  readonly adjustedPValue: number;
}

/**
 * Below this many referrals the summary carries a caveat: it is the least for which the rank
 * tests of five proposals have MIN_EXPECTED_PER_RANK expected per rank.
 */
export const SMALL_SAMPLE = MIN_EXPECTED_PER_RANK * 5;

export interface FairnessReport {
  readonly filter: ReportFilter;
  readonly summary: {
    readonly referrals: number;
    /** Referrals by the name of the API key that asked (log format 2), most first; null for older entries or no key. */
    readonly referralsByKey: { readonly key: string | null; readonly referrals: number }[];
    readonly practitioners: number;
    readonly largestAbsoluteDeficit: { readonly nationalId: string; readonly specialty: string; readonly deficit: number } | null;
    readonly giniOfRatios: number;
    readonly rankUniformity: RankUniformity | null;
    /**
     * Mean Kendall tau between the proposed order and alphabetical order, and distance order,
     * over the referrals of two or more; `chance95` is the half-width of the band a uniformly
     * random order keeps the alphabetical mean within 95% of the time, for these referrals.
     */
    readonly meanKendallTau: { readonly alphabetical: number; readonly distance: number; readonly referrals: number; readonly chance95: number };
    /** Each practitioner's ranks 1..k tested against uniform; null when no referral proposed two or more. */
    readonly practitionerRankTest: (RankTestOutline & { readonly flagged: FlaggedPractitioner[] }) | null;
  };
  readonly practitioners: PractitionerFairness[];
  /** The largest absolute deficit after each sampled referral, for the chart of deficits over time. */
  readonly deficitsOverTime: { readonly sequence: number; readonly createdAt: string; readonly largestAbsoluteDeficit: number }[];
}

interface Tally {
  specialty: string;
  name: string | null;
  expectedUnits: number;
  offered: number;
  ranks: number[];
  /** Rank counts by the number k of proposals of the referral: index k holds ranks 1..k. */
  ranksByK: number[][];
}

/** Directory names ("LAST First") of the national identifiers asked for, those it has. */
export type DirectoryNames = (nationalIds: readonly string[]) => ReadonlyMap<string, string>;

/** At most this many points in the deficits-over-time series. */
const TIMELINE_POINTS = 200;

/** Whether a logged referral falls in the filter (period, specialty, department of its location). */
export function matchesFilter(referral: Referral, filter: ReportFilter): boolean {
  const day = referral.createdAt.slice(0, 10);
  if (day < filter.from || day > filter.to) return false;
  if (filter.specialty !== null && referral.specialty.code !== filter.specialty) return false;
  if (filter.filtered !== null && !matchesCut(referral, filter.filtered)) return false;
  return filter.department === null || departmentOfReferral(referral) === filter.department;
}

function matchesCut(referral: Referral, cut: FilterCut): boolean {
  if (cut === 'none') return referral.filters === undefined;
  if (cut === 'any') return referral.filters !== undefined;
  return referral.filters?.[cut] !== undefined;
}

/**
 * The department a referral was asked for: its commune's, else its postcode's; for a location
 * given by coordinates, that of the nearest site proposed.
 */
export function departmentOfReferral(referral: Referral): string | null {
  const { location } = referral;
  if (location.commune) return departmentOfCommune(location.commune);
  if (location.postcode) return departmentOfPostcode(location.postcode);
  const nearest = [...referral.practitioners].sort((a, b) => a.distanceKm - b.distanceKm)[0];
  return nearest ? departmentOfPostcode(nearest.postcode) : null;
}

/**
 * The fairness report of DESIGN §5 over the referrals given (already filtered), with counters
 * started from zero at the period's start, so that it describes the period alone. Everyone is
 * named from the directory through `namesOf`, called once. Pure: the same records and names
 * always give the same report.
 */
export function fairnessReport(records: Iterable<LogRecord>, filter: ReportFilter, totalInPeriod = 0, namesOf: DirectoryNames = () => new Map()): FairnessReport {
  const tallies = new Map<string, Tally>();
  // Orders of fewer than two say nothing about bias: they count in neither mean.
  const taus = { alphabetical: 0, distance: 0, orders: 0, variance: 0 };
  const ranksOfAlphabeticalFirst = new Map<number, number[]>();
  const timeline: { sequence: number; createdAt: string; largestAbsoluteDeficit: number }[] = [];
  const sampleEvery = Math.max(1, Math.ceil(totalInPeriod / TIMELINE_POINTS));
  let referrals = 0;
  const byKey = new Map<string | null, number>();

  for (const record of records) {
    referrals++;
    const key = record.referral.audit.requestedBy ?? null;
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
    tallyReferral(tallies, record);
    const { referral, proposed } = record;
    const ranks = referral.practitioners.map((_, index) => index);
    const alphabetical = alphabeticalPositions(referral);
    if (proposed.length >= 2) {
      taus.alphabetical += kendallTau(ranks, alphabetical);
      taus.distance += kendallTau(ranks, referral.practitioners.map((shown) => shown.distanceKm));
      taus.variance += kendallTauNullVariance(proposed.length);
      taus.orders++;
      const counts = ranksOfAlphabeticalFirst.get(proposed.length) ?? new Array<number>(proposed.length).fill(0);
      const rankOfFirst = alphabetical.indexOf(0);
      counts[rankOfFirst] = (counts[rankOfFirst] ?? 0) + 1;
      ranksOfAlphabeticalFirst.set(proposed.length, counts);
    }
    if (referrals % sampleEvery === 0) {
      timeline.push({ sequence: record.referral.audit.sequence, createdAt: record.referral.createdAt, largestAbsoluteDeficit: Math.abs(largestDeficit(tallies)?.deficit ?? 0) });
    }
  }

  const k = mostCommonK(ranksOfAlphabeticalFirst);
  const practitioners = toPractitioners(tallies, k, namesOf);
  const largest = largestDeficit(tallies);
  return {
    filter,
    summary: {
      referrals,
      referralsByKey: [...byKey].map(([key, count]) => ({ key, referrals: count }))
        .sort((a, b) => b.referrals - a.referrals || String(a.key ?? '').localeCompare(String(b.key ?? ''))),
      practitioners: practitioners.length,
      largestAbsoluteDeficit: largest ? { nationalId: largest.nationalId, specialty: largest.specialty, deficit: largest.deficit } : null,
      giniOfRatios: gini(practitioners.flatMap((practitioner) => (practitioner.ratio === null ? [] : [practitioner.ratio]))),
      rankUniformity: rankUniformity(ranksOfAlphabeticalFirst, k),
      meanKendallTau: {
        alphabetical: taus.orders === 0 ? 0 : taus.alphabetical / taus.orders,
        distance: taus.orders === 0 ? 0 : taus.distance / taus.orders,
        referrals: taus.orders,
        // The mean of independent taus has variance Σ var / m²; 1.96 standard deviations hold 95%.
        chance95: taus.orders === 0 ? 0 : (1.96 * Math.sqrt(taus.variance)) / taus.orders,
      },
      practitionerRankTest: k === null ? null : rankTestOutline(tallies, practitioners, k),
    },
    practitioners,
    deficitsOverTime: timeline,
  };
}

function tallyReferral(tallies: Map<string, Tally>, { referral, pool, proposed }: LogRecord): void {
  const specialty = referral.specialty.code;
  const shareUnits = fairShareUnits(pool.length, proposed.length);
  for (const nationalId of pool) tallyOf(tallies, specialty, nationalId).expectedUnits += shareUnits;
  const k = referral.practitioners.length;
  referral.practitioners.forEach((shown, index) => {
    const tally = tallyOf(tallies, specialty, shown.nationalId);
    tally.offered += 1;
    tally.ranks[index] = (tally.ranks[index] ?? 0) + 1;
    const atK = (tally.ranksByK[k] ??= new Array<number>(k).fill(0));
    atK[index] = (atK[index] ?? 0) + 1;
    tally.name = `${shown.lastName.toUpperCase()} ${shown.firstName}`;
  });
}

function tallyOf(tallies: Map<string, Tally>, specialty: string, nationalId: string): Tally {
  const key = `${specialty} ${nationalId}`;
  let tally = tallies.get(key);
  if (!tally) tallies.set(key, (tally = { specialty, name: null, expectedUnits: 0, offered: 0, ranks: new Array<number>(MAX_PROPOSALS).fill(0), ranksByK: [] }));
  return tally;
}

/** Everyone, named, with their rank test, in decreasing deficit (then national id). */
function toPractitioners(tallies: Map<string, Tally>, k: number | null, namesOf: DirectoryNames): PractitionerFairness[] {
  const entries = [...tallies];
  const names = namesOf([...new Set(entries.map(([key]) => nationalIdOf(key)))]);
  const tests = k === null ? entries.map(() => null) : testRanksPerPractitioner(entries.map(([, tally]) => ranksAtK(tally, k)), k);
  return entries
    .map(([key, tally], index) => toFairness(key, tally, names.get(nationalIdOf(key)), tests[index] ?? null))
    .sort((a, b) => b.deficit - a.deficit || (a.nationalId < b.nationalId ? -1 : a.nationalId > b.nationalId ? 1 : a.specialty < b.specialty ? -1 : 1));
}

function toFairness(key: string, tally: Tally, directoryName: string | undefined, rankTest: PractitionerRankTest | null): PractitionerFairness {
  const expected = tally.expectedUnits / SHARE_UNIT;
  return {
    nationalId: nationalIdOf(key),
    // Nothing is deleted from the directory: the last fallback is for a database that lost rows.
    name: directoryName ?? tally.name ?? 'unknown (not in the directory)',
    specialty: tally.specialty,
    expected,
    offered: tally.offered,
    ratio: tally.expectedUnits === 0 ? null : tally.offered / expected,
    deficit: (tally.expectedUnits - tally.offered * SHARE_UNIT) / SHARE_UNIT,
    ranks: tally.ranks,
    rankTest,
  };
}

function nationalIdOf(key: string): string {
  return key.slice(key.indexOf(' ') + 1);
}

function ranksAtK(tally: Tally, k: number): number[] {
  return tally.ranksByK[k] ?? new Array<number>(k).fill(0);
}

function rankTestOutline(tallies: Map<string, Tally>, practitioners: readonly PractitionerFairness[], k: number): RankTestOutline & { flagged: FlaggedPractitioner[] } {
  let proposalsAtK = 0;
  let offered = 0;
  for (const tally of tallies.values()) {
    proposalsAtK += sum(ranksAtK(tally, k));
    offered += tally.offered;
  }
  const flagged = practitioners
    .flatMap((practitioner) => {
      const test = practitioner.rankTest;
      if (test === null || !test.flagged) return [];
      const { nationalId, name, specialty } = practitioner;
      return [{ nationalId, name, specialty, ranksAtK: test.ranksAtK, pValue: test.pValue, adjustedPValue: test.adjustedPValue }];
    })
    .sort((a, b) => a.adjustedPValue - b.adjustedPValue || a.pValue - b.pValue);
  const tested = practitioners.filter((practitioner) => practitioner.rankTest !== null).length;
  const proposedAtK = [...tallies.values()].filter((tally) => sum(ranksAtK(tally, k)) > 0).length;
  return {
    k,
    minimumProposals: MIN_EXPECTED_PER_RANK * k,
    correction: 'holm-bonferroni',
    familyWiseAlpha: RANK_TEST_ALPHA,
    tested,
    untested: proposedAtK - tested,
    proposalsLeftOut: offered - proposalsAtK,
    flagged,
  };
}

function largestDeficit(tallies: Map<string, Tally>): { nationalId: string; specialty: string; deficit: number } | null {
  let largest: { nationalId: string; specialty: string; deficit: number } | null = null;
  for (const [key, tally] of tallies) {
    const deficit = (tally.expectedUnits - tally.offered * SHARE_UNIT) / SHARE_UNIT;
    if (largest === null || Math.abs(deficit) > Math.abs(largest.deficit)) largest = { nationalId: nationalIdOf(key), specialty: tally.specialty, deficit };
  }
  return largest;
}

/** Each proposed practitioner's position in alphabetical order of "last name first name", in rank order. */
function alphabeticalPositions(referral: Referral): number[] {
  const keys = referral.practitioners.map((shown) => `${normaliseName(shown.lastName)} ${normaliseName(shown.firstName)} ${shown.nationalId}`);
  const sorted = [...keys].sort();
  return keys.map((key) => sorted.indexOf(key));
}

/**
 * The number k of proposals the rank tests look at: the most common among referrals of two or
 * more (the larger on a tie); null when there is none.
 */
function mostCommonK(countsByK: Map<number, number[]>): number | null {
  return [...countsByK].sort((a, b) => sum(b[1]) - sum(a[1]) || b[0] - a[0])[0]?.[0] ?? null;
}

/**
 * Whether ranks are uniform: among referrals of k proposals, the rank given to the alphabetically
 * first of the proposed should be 1..k equally often. A chi-square goodness-of-fit test with
 * k − 1 degrees of freedom; no statistic below five expected per rank.
 */
function rankUniformity(countsByK: Map<number, number[]>, k: number | null): RankUniformity | null {
  const counts = k === null ? undefined : countsByK.get(k);
  if (k === null || counts === undefined) return null;
  const referrals = sum(counts);
  const minimumReferrals = MIN_EXPECTED_PER_RANK * k;
  // Pearson's approximation wants at least five expected per cell; below that, no p-value.
  const statistic = referrals < minimumReferrals ? null : chiSquareStatistic(counts, counts.map(() => referrals / k));
  return {
    k, referrals, minimumReferrals, alphabeticalFirstAtRank: counts, chiSquare: statistic, degreesOfFreedom: k - 1,
    pValue: statistic === null ? null : chiSquarePValue(statistic, k - 1),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
