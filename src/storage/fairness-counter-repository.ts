import type { FairnessCounter } from '../domain/selection/fairness-counters.js';
import type { Db } from './database.js';

export interface FairnessCounterRepository {
  /** The counters of a stored pool's members, keyed by national identifier; absent members are at zero. */
  forPool(specialty: string, poolId: number): Map<string, FairnessCounter>;
  /**
   * Applies one draw (DESIGN §4.6): every pool member's expected += share; the proposed,
   * rank 1 first, each get offered += 1 and their rank counted. Call inside the log's transaction.
   */
  applyDraw(specialty: string, poolId: number, share: number, proposed: readonly string[]): void;
}

export function createFairnessCounterRepository(db: Db): FairnessCounterRepository {
  const counters = db.prepare(
    `SELECT c.national_id AS nationalId, c.expected, c.offered
     FROM pools p, json_each(p.members_json) m
     JOIN fairness_counters c ON c.specialty = ? AND c.national_id = m.value
     WHERE p.id = ?`,
  );
  // One statement for the whole pool: SQLite walks the members in C, not once per member in JS.
  const accrueShare = db.prepare(
    `INSERT INTO fairness_counters (specialty, national_id, expected)
     SELECT ?, m.value, ? FROM pools p, json_each(p.members_json) m WHERE p.id = ?
     ON CONFLICT (specialty, national_id) DO UPDATE SET expected = expected + excluded.expected`,
  );
  const countOffer = db.prepare('UPDATE fairness_counters SET offered = offered + 1 WHERE specialty = ? AND national_id = ?');
  const countRank = db.prepare(
    `INSERT INTO rank_counters (specialty, national_id, rank, times) VALUES (?, ?, ?, 1)
     ON CONFLICT (specialty, national_id, rank) DO UPDATE SET times = times + 1`,
  );

  return {
    forPool(specialty, poolId) {
      const rows = counters.all(specialty, poolId) as (FairnessCounter & { nationalId: string })[];
      return new Map(rows.map(({ nationalId, expected, offered }) => [nationalId, { expected, offered }]));
    },
    applyDraw(specialty, poolId, share, proposed) {
      accrueShare.run(specialty, share, poolId);
      proposed.forEach((nationalId, index) => {
        countOffer.run(specialty, nationalId);
        countRank.run(specialty, nationalId, index + 1);
      });
    },
  };
}
