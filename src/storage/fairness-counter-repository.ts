import { MAX_PROPOSALS } from '../domain/selection/fairness-counters.js';
import type { Db } from './database.js';

export interface FairnessCounterRepository {
  /** Counts one proposal at each rank, rank 1 first. Call inside the log's transaction. */
  countOffers(specialty: string, proposed: readonly string[]): void;
  /** Every practitioner's proposal count, for rebuilding the fairness ledger. */
  offers(): Iterable<{ specialty: string; nationalId: string; offered: number }>;
}

export function createFairnessCounterRepository(db: Db): FairnessCounterRepository {
  // One statement per rank, so that a proposal updates its single row (and page) once.
  const countAtRank = Array.from({ length: MAX_PROPOSALS }, (_, index) =>
    db.prepare(
      `INSERT INTO fairness_counters (specialty, national_id, offered, rank_${index + 1}) VALUES (?, ?, 1, 1)
       ON CONFLICT (specialty, national_id) DO UPDATE SET offered = offered + 1, rank_${index + 1} = rank_${index + 1} + 1`,
    ),
  );
  const offers = db.prepare('SELECT specialty, national_id AS nationalId, offered FROM fairness_counters');

  return {
    countOffers(specialty, proposed) {
      proposed.forEach((nationalId, index) => countAtRank[index]?.run(specialty, nationalId));
    },
    offers: () => offers.iterate() as Iterable<{ specialty: string; nationalId: string; offered: number }>,
  };
}
