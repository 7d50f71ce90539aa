import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { SimulationTracker, type SimulationMetrics } from '../domain/audit/simulation-metrics.js';
import type { ProposedPractitioner } from '../domain/model.js';
import { DomainError } from '../domain/errors.js';
import { populationSampler } from '../domain/geo/population-sampler.js';
import { SPECIALTIES } from '../domain/specialties/catalogue.js';
import type { NewPractitioner } from '../storage/practitioner-repository.js';
import { buildFairnessReport, type FairnessReportWithChain } from './fairness-report.js';
import { makeReferral } from './make-referral.js';
import type { ReferralContext } from './referral-context.js';
import { verifyLog, type LogVerification } from './verify-log.js';

export interface SimulationOptions {
  readonly referrals: number;
  readonly seed: number;
  /** Practitioners who join half-way, to see how soon they are first proposed. */
  readonly joiners: number;
  /** Practitioners who leave at a quarter of the run and return half-way, watched likewise. */
  readonly returners: number;
  /** Referrals in flight at once (one group-commit batch). */
  readonly concurrency?: number;
}

export interface SimulationResult {
  readonly metrics: SimulationMetrics;
  /** Referrals that found nobody within 200 km (a rare specialty in a remote place). */
  readonly unanswered: number;
  readonly report: FairnessReportWithChain;
  readonly verification: LogVerification;
}

/**
 * Runs N referrals from random places weighted by population, a specialty drawn uniformly, over
 * the directory in `ctx` (the sample directory when run from the CLI), then reports on the log
 * they left: the report summary, the figures only a step-by-step watch can give, and a full
 * replay. Deterministic for a given seed, clock and period secret.
 */
/** How the simulation changes the directory; each change is seen by the next referral. */
export interface SimulatedDirectory {
  add(practitioners: readonly NewPractitioner[]): void;
  setStatus(nationalIds: readonly string[], status: 'active' | 'inactive'): void;
}

export async function simulate(
  ctx: ReferralContext,
  directory: SimulatedDirectory,
  options: SimulationOptions,
  onProgress: (done: number) => void = () => {},
): Promise<SimulationResult> {
  const rng = xoroshiro128plus(options.seed);
  const somewhere = populationSampler(ctx.gazetteer.communes());
  const tracker = new SimulationTracker();
  const concurrency = options.concurrency ?? 10;
  let unanswered = 0;
  const wanted = Math.max(options.joiners, options.returners);
  let lastProposed: ProposedPractitioner[] = [];
  let away: string[] = [];
  let phase: 'before' | 'away' | 'back' = 'before';

  for (let made = 0; made < options.referrals; ) {
    if (phase === 'before' && made >= options.referrals / 4) {
      away = lastProposed.slice(0, options.returners).map((shown) => shown.nationalId);
      directory.setStatus(away, 'inactive');
      phase = 'away';
    }
    if (phase === 'away' && made >= options.referrals / 2) {
      directory.setStatus(away, 'active');
      const joiners = newcomersBeside(lastProposed, options.joiners, options.seed);
      directory.add(joiners);
      for (const nationalId of [...away, ...joiners.map((joiner) => joiner.nationalId)]) tracker.watchJoiner(nationalId);
      phase = 'back';
    }
    const batch = Math.min(concurrency, options.referrals - made);
    const requests = Array.from({ length: batch }, () => ({
      location: somewhere(rng),
      specialty: (SPECIALTIES[uniformInt(rng, 0, SPECIALTIES.length - 1)] as (typeof SPECIALTIES)[number]).code,
    }));
    const settled = await Promise.allSettled(requests.map((request) => makeReferral(ctx, request)));
    for (const outcome of settled) {
      if (outcome.status === 'rejected') {
        if (!(outcome.reason instanceof DomainError)) throw outcome.reason;
        unanswered++;
      }
    }
    for (const record of ctx.referrals.log(tracker.metrics.referrals + 1)) {
      tracker.record(record);
      if (record.referral.practitioners.length >= wanted) lastProposed = [...record.referral.practitioners];
    }
    made += batch;
    onProgress(made);
  }

  const first = [...ctx.referrals.log(1, 1)][0];
  const from = (first?.referral.createdAt ?? ctx.clock().toISOString()).slice(0, 10);
  const to = ctx.clock().toISOString().slice(0, 10);
  const verification = verifyLog(ctx);
  const report = buildFairnessReport(ctx, { from, to, specialty: null, department: null, filtered: null }, verification);
  return { metrics: tracker.metrics, unanswered, report, verification };
}

/**
 * Newcomers at the sites of the practitioners just proposed, in the same specialties: where
 * referrals are made, so that pools soon contain them.
 */
function newcomersBeside(proposed: readonly ProposedPractitioner[], count: number, seed: number): NewPractitioner[] {
  return Array.from({ length: Math.min(count, proposed.length) }, (_, index) => {
    const beside = proposed[index] as ProposedPractitioner;
    const specialty = SPECIALTIES.find((definition) => definition.code === beside.specialty) ?? SPECIALTIES[0];
    return {
      nationalId: `8${String(99_000_000_000 + ((seed * 1000 + index) % 1_000_000_000)).padStart(11, '0')}`,
      civility: null,
      lastName: 'NOUVEL',
      firstName: `Arrivant ${index + 1}`,
      professionCode: specialty?.profession.code ?? '10',
      specialtyCode: specialty?.code ?? beside.specialty,
      sites: [{
        structureId: `SIM${index + 1}`, address: beside.address, postcode: beside.postcode, communeCode: null, city: beside.city,
        phone: null, lat: beside.lat, lon: beside.lon, precision: 'address',
      }],
    };
  });
}
