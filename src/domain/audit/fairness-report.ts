import { FILTER_NAMES } from '../filters/referral-filters.js';
import { departmentOfCommune, departmentOfPostcode } from '../geo/department.js';
import type { Referral } from '../model.js';
import { normaliseName } from '../practitioners/normalise-name.js';
import { fairShareUnits, MAX_PROPOSALS, SHARE_UNIT } from '../selection/fairness-counters.js';
import { chiSquarePValue, chiSquareStatistic } from '../stats/chi-square.js';
import { gini } from '../stats/gini.js';
import { kendallTau } from '../stats/kendall-tau.js';
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
  /** "LAST First" as last shown to an advisor; null for someone never proposed in the period. */
  readonly name: string | null;
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
}

export interface RankUniformity {
  /** The number of proposals of the referrals tested (the most common one in the period). */
  readonly k: number;
  readonly referrals: number;
  /** How often the alphabetically first of the proposed was put at each rank, rank 1 first. */
  readonly alphabeticalFirstAtRank: number[];
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
}

export interface FairnessReport {
  readonly filter: ReportFilter;
  readonly summary: {
    readonly referrals: number;
    readonly practitioners: number;
    readonly largestAbsoluteDeficit: { readonly nationalId: string; readonly specialty: string; readonly deficit: number } | null;
    readonly giniOfRatios: number;
    readonly rankUniformity: RankUniformity | null;
    /** Mean Kendall tau between the proposed order and alphabetical order, and distance order. */
    readonly meanKendallTau: { readonly alphabetical: number; readonly distance: number };
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
}

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
 * started from zero at the period's start, so that it describes the period alone. Pure: the same
 * records always give the same report.
 */
export function fairnessReport(records: Iterable<LogRecord>, filter: ReportFilter, totalInPeriod = 0): FairnessReport {
  const tallies = new Map<string, Tally>();
  // Orders of fewer than two say nothing about bias: they count in neither mean.
  const taus = { alphabetical: 0, distance: 0, orders: 0 };
  const ranksOfAlphabeticalFirst = new Map<number, number[]>();
  const timeline: { sequence: number; createdAt: string; largestAbsoluteDeficit: number }[] = [];
  const sampleEvery = Math.max(1, Math.ceil(totalInPeriod / TIMELINE_POINTS));
  let referrals = 0;

  for (const { referral, pool, proposed } of records) {
    referrals++;
    const specialty = referral.specialty.code;
    const shareUnits = fairShareUnits(pool.length, proposed.length);
    for (const nationalId of pool) tallyOf(tallies, specialty, nationalId).expectedUnits += shareUnits;
    referral.practitioners.forEach((shown, index) => {
      const tally = tallyOf(tallies, specialty, shown.nationalId);
      tally.offered += 1;
      tally.ranks[index] = (tally.ranks[index] ?? 0) + 1;
      tally.name = `${shown.lastName.toUpperCase()} ${shown.firstName}`;
    });
    const ranks = referral.practitioners.map((_, index) => index);
    const alphabetical = alphabeticalPositions(referral);
    if (proposed.length >= 2) {
      taus.alphabetical += kendallTau(ranks, alphabetical);
      taus.distance += kendallTau(ranks, referral.practitioners.map((shown) => shown.distanceKm));
      taus.orders++;
      const counts = ranksOfAlphabeticalFirst.get(proposed.length) ?? new Array<number>(proposed.length).fill(0);
      const rankOfFirst = alphabetical.indexOf(0);
      counts[rankOfFirst] = (counts[rankOfFirst] ?? 0) + 1;
      ranksOfAlphabeticalFirst.set(proposed.length, counts);
    }
    if (referrals % sampleEvery === 0) {
      timeline.push({ sequence: referral.audit.sequence, createdAt: referral.createdAt, largestAbsoluteDeficit: Math.abs(largestDeficit(tallies)?.deficit ?? 0) });
    }
  }

  const practitioners = [...tallies].map(([key, tally]) => toFairness(key, tally)).sort((a, b) => b.deficit - a.deficit || (a.nationalId < b.nationalId ? -1 : 1));
  const largest = largestDeficit(tallies);
  return {
    filter,
    summary: {
      referrals,
      practitioners: practitioners.length,
      largestAbsoluteDeficit: largest ? { nationalId: largest.nationalId, specialty: largest.specialty, deficit: largest.deficit } : null,
      giniOfRatios: gini(practitioners.flatMap((practitioner) => (practitioner.ratio === null ? [] : [practitioner.ratio]))),
      rankUniformity: rankUniformity(ranksOfAlphabeticalFirst),
      meanKendallTau: {
        alphabetical: taus.orders === 0 ? 0 : taus.alphabetical / taus.orders,
        distance: taus.orders === 0 ? 0 : taus.distance / taus.orders,
      },
    },
    practitioners,
    deficitsOverTime: timeline,
  };
}

function tallyOf(tallies: Map<string, Tally>, specialty: string, nationalId: string): Tally {
  const key = `${specialty} ${nationalId}`;
  let tally = tallies.get(key);
  if (!tally) tallies.set(key, (tally = { specialty, name: null, expectedUnits: 0, offered: 0, ranks: new Array<number>(MAX_PROPOSALS).fill(0) }));
  return tally;
}

function toFairness(key: string, tally: Tally): PractitionerFairness {
  const expected = tally.expectedUnits / SHARE_UNIT;
  return {
    nationalId: key.slice(key.indexOf(' ') + 1),
    name: tally.name,
    specialty: tally.specialty,
    expected,
    offered: tally.offered,
    ratio: tally.expectedUnits === 0 ? null : tally.offered / expected,
    deficit: (tally.expectedUnits - tally.offered * SHARE_UNIT) / SHARE_UNIT,
    ranks: tally.ranks,
  };
}

function largestDeficit(tallies: Map<string, Tally>): { nationalId: string; specialty: string; deficit: number } | null {
  let largest: { nationalId: string; specialty: string; deficit: number } | null = null;
  for (const [key, tally] of tallies) {
    const deficit = (tally.expectedUnits - tally.offered * SHARE_UNIT) / SHARE_UNIT;
    if (largest === null || Math.abs(deficit) > Math.abs(largest.deficit)) largest = { nationalId: key.slice(key.indexOf(' ') + 1), specialty: tally.specialty, deficit };
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
 * Whether ranks are uniform: among referrals with the most common number k of proposals, the
 * rank given to the alphabetically first of the proposed should be 1..k equally often. A
 * chi-square goodness-of-fit test with k − 1 degrees of freedom; null below five expected per rank.
 */
function rankUniformity(countsByK: Map<number, number[]>): RankUniformity | null {
  const [k, counts] = [...countsByK].sort((a, b) => sum(b[1]) - sum(a[1]) || b[0] - a[0])[0] ?? [];
  if (k === undefined || counts === undefined) return null;
  const referrals = sum(counts);
  // Pearson's approximation wants at least five expected per cell; below that, no p-value.
  if (referrals / k < 5) return null;
  const statistic = chiSquareStatistic(counts, counts.map(() => referrals / k));
  return { k, referrals, alphabeticalFirstAtRank: counts, chiSquare: statistic, degreesOfFreedom: k - 1, pValue: chiSquarePValue(statistic, k - 1) };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
