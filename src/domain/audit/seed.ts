import { createHash, createHmac } from 'node:crypto';

/**
 * A referral's seed: the first 128 bits of HMAC-SHA256(period secret, "seed:" + sequence), as hex
 * (DESIGN §5). Once the period's secret is revealed, anyone can recompute every seed; before,
 * nobody outside the service can predict one, and the operator cannot choose it. An entry of
 * format 3 made in a log epoch (after an accepted rollback) uses "seed:" + epoch + ":" + sequence,
 * so that a sequence number handed out again does not replay a lost referral's draw.
 */
export function deriveSeed(secret: Buffer, sequence: number, epoch?: string): string {
  return createHmac('sha256', secret).update(epoch === undefined ? `seed:${sequence}` : `seed:${epoch}:${sequence}`).digest('hex').slice(0, 32);
}

/**
 * A referral's public id: an RFC 9562 version-8 (custom) UUID whose first 48 bits are the
 * sequence number and whose other 74 free bits come from HMAC-SHA256(period secret, "id:" +
 * sequence). Ids therefore sort in log order, so the id index grows at its end instead of
 * dirtying a random page per referral, and tests with a fixed secret get fixed ids. The
 * sequence is no secret: every answer shows it in its audit block. After an accepted rollback
 * (a restored backup), entries carry their log epoch and the HMAC covers it too, "id:" + epoch +
 * ":" + sequence: a sequence number handed out again never gives a lost referral's id to another.
 */
export function deriveReferralId(secret: Buffer, sequence: number, epoch?: string): string {
  const random = createHmac('sha256', secret).update(epoch === undefined ? `id:${sequence}` : `id:${epoch}:${sequence}`).digest('hex');
  const ordered = sequence.toString(16).padStart(12, '0');
  const variant = ((parseInt(random.slice(3, 4), 16) & 0x3) | 0x8).toString(16);
  return `${ordered.slice(0, 8)}-${ordered.slice(8, 12)}-8${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 19)}`;
}

/** The public commitment to a period's secret, published before the period starts. */
export function commitmentOf(secret: Buffer): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** How long one seed secret lasts: a UTC day (the default) or a UTC hour. */
export type PeriodLength = 'day' | 'hour';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The period a moment belongs to, named so that the name tells its length: "2026-11-23" for a
 * UTC day, "2026-11-23T10" for a UTC hour. A log that changed its period length stays verifiable:
 * each entry's secret is found under whichever name of its moment was used.
 */
export function periodOf(moment: Date, length: PeriodLength = 'day'): string {
  return moment.toISOString().slice(0, length === 'day' ? 10 : 13);
}

function periodStart(period: string): number {
  return Date.parse(period.length === 10 ? `${period}T00:00:00Z` : `${period}:00:00Z`);
}

function lengthOf(period: string): PeriodLength {
  return period.length === 10 ? 'day' : 'hour';
}

/** The period after `period`, of the same length. */
export function nextPeriod(period: string): string {
  const length = lengthOf(period);
  return periodOf(new Date(periodStart(period) + (length === 'day' ? DAY_MS : HOUR_MS)), length);
}

/** When a period starts and ends (exclusive), as ISO 8601 UTC. */
export function periodBounds(period: string): { startsAt: string; endsAt: string } {
  return { startsAt: new Date(periodStart(period)).toISOString(), endsAt: new Date(periodStart(nextPeriod(period))).toISOString() };
}

/**
 * The secrets a moment's seed may have been derived from: its day's and its hour's, whichever
 * exist (both only around a change of period length).
 */
export function secretsAt(moment: Date, secretOf: (period: string) => Buffer | undefined): Buffer[] {
  return [secretOf(periodOf(moment, 'day')), secretOf(periodOf(moment, 'hour'))].filter((secret) => secret !== undefined);
}
