import { createHash, createHmac } from 'node:crypto';

/**
 * A referral's seed: the first 128 bits of HMAC-SHA256(period secret, "seed:" + sequence), as hex
 * (DESIGN §5). Once the period's secret is revealed, anyone can recompute every seed; before,
 * nobody outside the service can predict one, and the operator cannot choose it.
 */
export function deriveSeed(secret: Buffer, sequence: number): string {
  return createHmac('sha256', secret).update(`seed:${sequence}`).digest('hex').slice(0, 32);
}

/**
 * A referral's public id: an RFC 9562 version-8 (custom) UUID whose first 48 bits are the
 * sequence number and whose other 74 free bits come from HMAC-SHA256(period secret, "id:" +
 * sequence). Ids therefore sort in log order, so the id index grows at its end instead of
 * dirtying a random page per referral, and tests with a fixed secret get fixed ids. The
 * sequence is no secret: every answer shows it in its audit block.
 */
export function deriveReferralId(secret: Buffer, sequence: number): string {
  const random = createHmac('sha256', secret).update(`id:${sequence}`).digest('hex');
  const ordered = sequence.toString(16).padStart(12, '0');
  const variant = ((parseInt(random.slice(3, 4), 16) & 0x3) | 0x8).toString(16);
  return `${ordered.slice(0, 8)}-${ordered.slice(8, 12)}-8${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 19)}`;
}

/** The public commitment to a period's secret, published before the period starts. */
export function commitmentOf(secret: Buffer): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The UTC day a moment belongs to, e.g. "2026-11-23": the period of its seed secret. */
export function periodOf(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** The period after `period`: the next UTC day. */
export function nextPeriod(period: string): string {
  return periodOf(new Date(Date.parse(`${period}T00:00:00Z`) + 86_400_000));
}

/** When a period starts and ends (exclusive), as ISO 8601 UTC. */
export function periodBounds(period: string): { startsAt: string; endsAt: string } {
  return { startsAt: `${period}T00:00:00.000Z`, endsAt: `${nextPeriod(period)}T00:00:00.000Z` };
}
