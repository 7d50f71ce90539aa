import { explainInclusion, type InclusionExplanation } from '../domain/audit/explanation.js';
import { LogReplay, type Divergence } from '../domain/audit/replay.js';
import { MAX_PROPOSALS, SHARE_UNIT } from '../domain/selection/fairness-counters.js';
import type { PractitionerRepository } from '../storage/practitioner-repository.js';
import { getPractitioner } from './directory-queries.js';
import type { LogSource } from './verify-log.js';

/** How many of the latest referrals whose pool held the practitioner are explained. */
const RECENT = 20;

export interface ExplainedReferral extends InclusionExplanation {
  readonly referralId: string;
  readonly sequence: number;
  readonly createdAt: string;
  readonly poolSize: number;
}

export interface PractitionerFairnessExplanation {
  readonly practitioner: { readonly id: number; readonly nationalId: string; readonly name: string; readonly specialty: string };
  readonly counters: { readonly expected: number; readonly offered: number; readonly deficit: number; readonly ranks: number[] };
  readonly recentReferrals: ExplainedReferral[];
  /** Set when the log does not replay: explanations stop at the divergence. */
  readonly divergence: Divergence | null;
}

/**
 * A practitioner's standing, with facts to answer a complaint (DESIGN §5): their counters
 * recomputed from the log, and for the latest referrals whose pool held them, whether they were
 * proposed and why, against the deficits as they stood at that moment.
 */
export function explainPractitioner(source: LogSource & { readonly practitioners: PractitionerRepository }, id: number): PractitionerFairnessExplanation {
  const practitioner = getPractitioner(source.practitioners, id);
  const { nationalId, specialty } = practitioner;
  const replay = new LogReplay((period) => source.seedPeriods.findSecret(period));
  const recent: ExplainedReferral[] = [];
  for (const record of source.referrals.log()) {
    const { referral, pool, proposed } = record;
    if (referral.specialty.code === specialty && pool.includes(nationalId)) {
      const explained = explainInclusion(nationalId, pool, proposed, replay.countersOf(specialty));
      recent.push({ referralId: referral.id, sequence: referral.audit.sequence, createdAt: referral.createdAt, poolSize: pool.length, ...explained });
      if (recent.length > RECENT) recent.shift();
    }
    if (!replay.apply(record)) break;
  }
  const counter = replay.countersOf(specialty).get(nationalId);
  const expectedUnits = counter?.expectedUnits ?? 0;
  const offered = counter?.offered ?? 0;
  return {
    practitioner: { id: practitioner.id, nationalId, name: `${practitioner.lastName.toUpperCase()} ${practitioner.firstName}`, specialty },
    counters: {
      expected: expectedUnits / SHARE_UNIT,
      offered,
      deficit: (expectedUnits - offered * SHARE_UNIT) / SHARE_UNIT,
      ranks: [...(counter?.ranks ?? new Array<number>(MAX_PROPOSALS).fill(0))],
    },
    recentReferrals: recent.reverse(),
    divergence: replay.result.divergence,
  };
}
