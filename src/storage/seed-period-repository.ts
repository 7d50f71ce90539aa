import { commitmentOf } from '../domain/audit/seed.js';
import type { Db } from './database.js';

export interface SeedPeriodRepository {
  /**
   * The secret of a period, drawn with `drawSecret` and stored with its commitment the first
   * time the period is asked for. Call inside the referral's transaction.
   */
  secretFor(period: string, drawSecret: () => Buffer, now: Date): Buffer;
}

export function createSeedPeriodRepository(db: Db): SeedPeriodRepository {
  const find = db.prepare('SELECT secret FROM seed_periods WHERE period = ?').pluck();
  const insert = db.prepare('INSERT INTO seed_periods (period, secret, commitment, created_at) VALUES (?, ?, ?, ?)');

  // A period's secret never changes once stored: remember the current one.
  let current: { period: string; secret: Buffer } | undefined;

  return {
    secretFor(period, drawSecret, now) {
      if (current?.period === period) return current.secret;
      let secret = find.get(period) as Buffer | undefined;
      if (!secret) {
        secret = drawSecret();
        insert.run(period, secret, commitmentOf(secret), now.toISOString());
      }
      current = { period, secret };
      return secret;
    },
  };
}
