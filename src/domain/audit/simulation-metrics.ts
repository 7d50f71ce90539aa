import { normaliseName } from '../practitioners/normalise-name.js';
import { fairShareUnits, SHARE_UNIT } from '../selection/fairness-counters.js';
import type { LogRecord } from './replay.js';

/** Weight of rank r in position-weighted exposure (DCG): 1 / log2(1 + r). */
export function exposureWeight(rank: number): number {
  return 1 / Math.log2(1 + rank);
}

interface Joiner {
  readonly nationalId: string;
  /** Referrals whose pool contained them so far, until first proposed. */
  poolsSeen: number;
  /** ceil(n / k) + 1 for the largest pool seen. */
  bound: number;
  firstProposedAfter: number | null;
}

export interface JoinerOutcome {
  readonly nationalId: string;
  /** Referrals of pools containing them up to and including the one that first proposed them. */
  readonly referralsUntilProposed: number | null;
  /** Referrals of pools containing them so far (all of them when never proposed). */
  readonly poolsSeen: number;
  /** ceil(n / k) + 1 for the largest such pool. */
  readonly bound: number;
}

export interface SimulationMetrics {
  readonly referrals: number;
  /** The largest |expected − offered| of any practitioner after any referral. */
  readonly largestAbsoluteDeficitEver: number;
  /** Referrals that repeated, for the same pool, the previous order of the same five. */
  readonly consecutiveIdenticalOrders: number;
  /** Exposure of the alphabetically first and of the nearest proposed, over their fair exposure, minus 1. */
  readonly exposureDeviation: { readonly alphabeticalFirst: number; readonly nearest: number };
  readonly joiners: readonly JoinerOutcome[];
}

/**
 * Watches a simulation's referrals one by one, in log order, for the figures that a fairness
 * report over the finished log cannot give: deficits at every prefix of the log, repeated orders,
 * how soon newcomers are proposed, and position-weighted exposure (DESIGN §8, issue 3).
 */
export class SimulationTracker {
  private readonly counters = new Map<string, { expectedUnits: number; offered: number }>();
  private readonly lastOrderOfPool = new Map<string, string>();
  private readonly joiners = new Map<string, Joiner>();
  private readonly exposure = { alphabeticalFirst: 0, nearest: 0, fair: 0 };
  private referrals = 0;
  private largestDeficit = 0;
  private identicalOrders = 0;

  /** Follows a practitioner who joins, or returns to, the directory from now on. */
  watchJoiner(nationalId: string): void {
    this.joiners.set(nationalId, { nationalId, poolsSeen: 0, bound: 0, firstProposedAfter: null });
  }

  record({ referral, pool, proposed }: LogRecord): void {
    this.referrals++;
    const specialty = referral.specialty.code;
    const shareUnits = fairShareUnits(pool.length, proposed.length);
    const offered = new Set(proposed);
    for (const nationalId of pool) {
      const key = `${specialty} ${nationalId}`;
      const counter = this.counters.get(key) ?? { expectedUnits: 0, offered: 0 };
      counter.expectedUnits += shareUnits;
      if (offered.has(nationalId)) counter.offered += 1;
      this.counters.set(key, counter);
      // Only pool members' counters move, so checking them after each referral covers every prefix.
      this.largestDeficit = Math.max(this.largestDeficit, Math.abs(counter.expectedUnits - counter.offered * SHARE_UNIT) / SHARE_UNIT);
      this.followJoiner(nationalId, pool.length, offered.has(nationalId), referral.count);
    }
    const order = proposed.join(' ');
    if (this.lastOrderOfPool.get(referral.audit.poolHash) === order && proposed.length > 1) this.identicalOrders++;
    this.lastOrderOfPool.set(referral.audit.poolHash, order);
    if (proposed.length > 1) this.recordExposure(referral.practitioners);
  }

  get metrics(): SimulationMetrics {
    const { alphabeticalFirst, nearest, fair } = this.exposure;
    return {
      referrals: this.referrals,
      largestAbsoluteDeficitEver: this.largestDeficit,
      consecutiveIdenticalOrders: this.identicalOrders,
      exposureDeviation: { alphabeticalFirst: fair === 0 ? 0 : alphabeticalFirst / fair - 1, nearest: fair === 0 ? 0 : nearest / fair - 1 },
      joiners: [...this.joiners.values()].map((joiner) => ({
        nationalId: joiner.nationalId,
        referralsUntilProposed: joiner.firstProposedAfter,
        poolsSeen: joiner.poolsSeen,
        bound: joiner.bound,
      })),
    };
  }

  private followJoiner(nationalId: string, poolSize: number, proposed: boolean, k: number): void {
    const joiner = this.joiners.get(nationalId);
    if (!joiner || joiner.firstProposedAfter !== null) return;
    joiner.poolsSeen++;
    joiner.bound = Math.max(joiner.bound, Math.ceil(poolSize / Math.max(1, k)) + 1);
    if (proposed) joiner.firstProposedAfter = joiner.poolsSeen;
  }

  /**
   * The fair exposure of one proposed practitioner is the mean weight of the k ranks (a uniform
   * order); the alphabetically first and the nearest of the proposed should get just that.
   */
  private recordExposure(practitioners: LogRecord['referral']['practitioners']): void {
    const weights = practitioners.map((shown) => exposureWeight(shown.rank));
    this.exposure.fair += weights.reduce((sum, weight) => sum + weight, 0) / weights.length;
    const byName = (shown: (typeof practitioners)[number]) => `${normaliseName(shown.lastName)} ${normaliseName(shown.firstName)} ${shown.nationalId}`;
    const alphabeticalFirst = practitioners.reduce((first, shown) => (byName(shown) < byName(first) ? shown : first));
    // Ties in the rounded distance go to the lower national id, never to the better rank.
    const nearer = (a: (typeof practitioners)[number], b: (typeof practitioners)[number]) =>
      a.distanceKm < b.distanceKm || (a.distanceKm === b.distanceKm && a.nationalId < b.nationalId);
    const nearest = practitioners.reduce((closest, shown) => (nearer(shown, closest) ? shown : closest));
    this.exposure.alphabeticalFirst += exposureWeight(alphabeticalFirst.rank);
    this.exposure.nearest += exposureWeight(nearest.rank);
  }
}
