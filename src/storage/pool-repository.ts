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
  /** Every pool's accrued share and latest order, by hash, for the audit's comparison with a replay. */
  drawStates(): Iterable<{ hash: string; accruedUnits: number; lastProposed: string[] | null }>;
}

export function createPoolRepository(db: Db): PoolRepository {
  // Look up before inserting: an upsert would rewrite the stored row, members and all, at every referral.
  const find = db.prepare('SELECT id, last_proposed_json AS lastProposedJson FROM pools WHERE hash = ?');
  const insert = db.prepare('INSERT INTO pools (hash, specialty, size, members_json) VALUES (?, ?, ?, ?)');
  const record = db.prepare('UPDATE pools SET accrued_units = accrued_units + ?, last_proposed_json = ? WHERE id = ?');
  const totals = db.prepare(
    'SELECT specialty, members_json AS membersJson, accrued_units AS accruedUnits FROM pools WHERE accrued_units > 0',
  );

  const states = db.prepare('SELECT hash, accrued_units AS accruedUnits, last_proposed_json AS lastProposedJson FROM pools');

  return {
    findOrCreate(hash, specialty, members) {
      const stored = find.get(hash) as { id: number; lastProposedJson: string | null } | undefined;
      if (!stored) return { id: Number(insert.run(hash, specialty, members.length, JSON.stringify(members)).lastInsertRowid), lastProposed: null };
      return { id: stored.id, lastProposed: stored.lastProposedJson === null ? null : (JSON.parse(stored.lastProposedJson) as string[]) };
    },
    recordDraw(poolId, shareUnits, proposed) {
      record.run(shareUnits, JSON.stringify(proposed), poolId);
    },
    *drawStates() {
      for (const row of states.iterate() as Iterable<{ hash: string; accruedUnits: number; lastProposedJson: string | null }>) {
        yield { hash: row.hash, accruedUnits: row.accruedUnits, lastProposed: row.lastProposedJson === null ? null : (JSON.parse(row.lastProposedJson) as string[]) };
      }
    },
    accruedTotals: () => totals.iterate() as Iterable<{ specialty: string; membersJson: string; accruedUnits: number }>,
  };
}
