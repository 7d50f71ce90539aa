import { commitmentOf, periodOf } from '../domain/audit/seed.js';
import type { SeedPeriodRepository } from '../storage/seed-period-repository.js';

/**
 * The secret of the period `now` belongs to, drawn and stored with its commitment the first time
 * the period is needed. Called inside the referral's transaction, so a rolled-back first referral
 * takes its secret with it: nothing is cached here that the database does not hold.
 */
export function periodSecret(seedPeriods: SeedPeriodRepository, drawSecret: () => Buffer, now: Date): Buffer {
  const period = periodOf(now);
  const stored = seedPeriods.findSecret(period);
  if (stored) return stored;
  const secret = drawSecret();
  seedPeriods.insert(period, secret, commitmentOf(secret), now);
  return secret;
}
