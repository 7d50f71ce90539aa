import type { Db } from './database.js';

export interface StoredPool {
  readonly id: number;
  /** The order proposed by the latest referral drawn from this pool, if any. */
  readonly lastProposed: string[] | null;
}

export interface PoolRepository {
  /** The stored pool with this hash, created with its members (national ids, canonical order) if new. */
  findOrCreate(hash: string, specialty: string, members: readonly string[]): StoredPool;
  /** Adds a referral's share to the pool's accrued total and remembers its order. Call inside the log's transaction. */
  recordDraw(poolId: number, shareUnits: number, proposed: readonly string[]): void;
  /** Every pool that has accrued a share, for rebuilding the fairness ledger. */
  accruedTotals(): Iterable<{ specialty: string; membersJson: string; accruedUnits: number }>;
}

export function createPoolRepository(db: Db): PoolRepository {
  // One statement whether the pool is new or known; the no-op update makes RETURNING give the stored row.
  const upsert = db.prepare(
    `INSERT INTO pools (hash, specialty, size, members_json) VALUES (?, ?, ?, ?)
     ON CONFLICT (hash) DO UPDATE SET hash = excluded.hash RETURNING id, last_proposed_json AS lastProposedJson`,
  );
  const record = db.prepare('UPDATE pools SET accrued_units = accrued_units + ?, last_proposed_json = ? WHERE id = ?');
  const totals = db.prepare(
    'SELECT specialty, members_json AS membersJson, accrued_units AS accruedUnits FROM pools WHERE accrued_units > 0',
  );

  return {
    findOrCreate(hash, specialty, members) {
      const stored = upsert.get(hash, specialty, members.length, JSON.stringify(members)) as { id: number; lastProposedJson: string | null };
      return { id: stored.id, lastProposed: stored.lastProposedJson === null ? null : (JSON.parse(stored.lastProposedJson) as string[]) };
    },
    recordDraw(poolId, shareUnits, proposed) {
      record.run(shareUnits, JSON.stringify(proposed), poolId);
    },
    accruedTotals: () => totals.iterate() as Iterable<{ specialty: string; membersJson: string; accruedUnits: number }>,
  };
}
