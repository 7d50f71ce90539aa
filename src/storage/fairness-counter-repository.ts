import { MAX_PROPOSALS } from '../domain/selection/fairness-counters.js';
import type { Db } from './database.js';

export interface FairnessCounterRepository {
  /** Counts one proposal at each rank, rank 1 first. Call inside the log's transaction. */
  recordOffers(specialty: string, proposed: readonly string[]): void;
  /** Every practitioner's proposal count, for rebuilding the fairness ledger. */
  offers(): Iterable<{ specialty: string; nationalId: string; offered: number }>;
  /** Every stored counter with its proposals at each rank (rank 1 first), for the audit's comparison with a replay. */
  all(): Iterable<StoredCounter>;
}

export interface StoredCounter {
  readonly specialty: string;
  readonly nationalId: string;
  readonly offered: number;
  readonly ranks: readonly number[];
}

export function createFairnessCounterRepository(db: Db): FairnessCounterRepository {
  // One statement for all the proposed, walking them in C: json_each's `key` is the rank − 1.
  const ranks = Array.from({ length: MAX_PROPOSALS }, (_, index) => index + 1);
  const countAll = db.prepare(
    `INSERT INTO fairness_counters (specialty, national_id, offered, ${ranks.map((r) => `rank_${r}`).join(', ')})
     SELECT ?, value, 1, ${ranks.map((r) => `key = ${r - 1}`).join(', ')} FROM json_each(?) WHERE true
     ON CONFLICT (specialty, national_id) DO UPDATE SET offered = offered + 1,
       ${ranks.map((r) => `rank_${r} = rank_${r} + excluded.rank_${r}`).join(', ')}`,
  );
  const offers = db.prepare('SELECT specialty, national_id AS nationalId, offered FROM fairness_counters');
  const all = db.prepare(`SELECT specialty, national_id AS nationalId, offered, ${ranks.map((r) => `rank_${r}`).join(', ')} FROM fairness_counters`).raw();

  return {
    recordOffers(specialty, proposed) {
      countAll.run(specialty, JSON.stringify(proposed));
    },
    offers: () => offers.iterate() as Iterable<{ specialty: string; nationalId: string; offered: number }>,
    *all() {
      for (const [specialty, nationalId, offered, ...rankCounts] of all.iterate() as Iterable<[string, string, number, ...number[]]>) {
        yield { specialty, nationalId, offered, ranks: rankCounts };
      }
    },
  };
}
