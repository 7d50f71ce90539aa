import type { Db } from './database.js';

export interface SeedPeriodRepository {
  /** The stored secret of a period, if it has one. */
  findSecret(period: string): Buffer | undefined;
  /** Stores a period's secret with its public commitment, unless the period already has one. */
  insert(period: string, secret: Buffer, commitment: string, createdAt: Date): void;
  /** Every period, oldest first, with its secret: callers decide what may be shown. */
  list(): StoredPeriod[];
}

export interface StoredPeriod {
  readonly period: string;
  readonly secret: Buffer;
  readonly commitment: string;
  readonly createdAt: string;
}

export function createSeedPeriodRepository(db: Db): SeedPeriodRepository {
  const find = db.prepare('SELECT secret FROM seed_periods WHERE period = ?').pluck();
  // Two connections (the committer and the log writer) may draw the same period's secret: the
  // first one stored is the one, and both read it back.
  const insert = db.prepare('INSERT INTO seed_periods (period, secret, commitment, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (period) DO NOTHING');
  const list = db.prepare('SELECT period, secret, commitment, created_at AS createdAt FROM seed_periods ORDER BY period');

  return {
    findSecret: (period) => find.get(period) as Buffer | undefined,
    insert(period, secret, commitment, createdAt) {
      insert.run(period, secret, commitment, createdAt.toISOString());
    },
    list: () => list.all() as StoredPeriod[],
  };
}
