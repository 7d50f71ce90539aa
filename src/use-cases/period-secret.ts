import { commitmentOf, nextPeriod, periodBounds, periodOf, type PeriodLength } from '../domain/audit/seed.js';
import { isCommittedLate } from '../domain/audit/commitment-timing.js';
import type { CommitmentFields } from '../domain/audit/commitment-note.js';
import type { SeedPeriodRepository } from '../storage/seed-period-repository.js';

/**
 * The secret of the period `now` belongs to, drawn and stored with its commitment the first time
 * the period is needed. Called inside the referral's transaction, so a rolled-back first referral
 * takes its secret with it: nothing is cached here that the database does not hold.
 */
export function periodSecret(seedPeriods: SeedPeriodRepository, drawSecret: () => Buffer, now: Date, length: PeriodLength = 'day'): Buffer {
  const period = periodOf(now, length);
  const stored = seedPeriods.findSecret(period);
  if (stored) return stored;
  const secret = drawSecret();
  seedPeriods.insert(period, secret, commitmentOf(secret), now);
  return seedPeriods.findSecret(period) as Buffer;
}

/**
 * Draws the secrets of the current period and the two after it if they are not drawn yet, so
 * that every period's commitment is public at least one whole period before its first seed
 * (DESIGN §5): the period after next is committed during this one. The server calls it at start
 * and every few minutes. Only the current period of a first start (or after the service was down
 * when a period began) is committed late, and published as such.
 */
export function commitPeriods(seedPeriods: SeedPeriodRepository, drawSecret: () => Buffer, now: Date, length: PeriodLength = 'day'): void {
  const current = periodOf(now, length);
  for (const period of [current, nextPeriod(current), nextPeriod(nextPeriod(current))]) {
    if (seedPeriods.findSecret(period)) continue;
    const secret = drawSecret();
    seedPeriods.insert(period, secret, commitmentOf(secret), now);
  }
}

export interface PublishedCommitment {
  readonly period: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly commitment: string;
  readonly committedAt: string;
  /** Committed once the period had begun: its seeds were not committed in advance. */
  readonly committedLate: boolean;
  /** The commitment as a signed note by the log's key (see commitment-note.ts). */
  readonly signedNote: string;
  /** The secret as hex once the period has ended; null before, whatever the caller's role. */
  readonly secret: string | null;
}

/** Every period's commitment, oldest first, with the secret revealed only for periods already over. */
export function publishedCommitments(seedPeriods: SeedPeriodRepository, now: Date, sign: (fields: CommitmentFields) => string): PublishedCommitment[] {
  return seedPeriods.list().map((stored) => {
    const bounds = periodBounds(stored.period);
    const fields = { period: stored.period, startsAt: bounds.startsAt, commitment: stored.commitment, committedAt: stored.createdAt };
    return {
      period: stored.period,
      ...bounds,
      commitment: stored.commitment,
      committedAt: stored.createdAt,
      committedLate: isCommittedLate({ period: stored.period, committedAt: stored.createdAt }),
      signedNote: sign(fields),
      secret: Date.parse(bounds.endsAt) <= now.getTime() ? stored.secret.toString('hex') : null,
    };
  });
}
