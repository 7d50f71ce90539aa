import { createHash, createHmac } from 'node:crypto';

/**
 * A referral's seed: the first 128 bits of HMAC-SHA256(period secret, "seed:" + sequence), as hex
 * (DESIGN §5). Once the period's secret is revealed, anyone can recompute every seed; before,
 * nobody outside the service can predict one, and the operator cannot choose it.
 */
export function deriveSeed(secret: Buffer, sequence: number): string {
  return createHmac('sha256', secret).update(`seed:${sequence}`).digest('hex').slice(0, 32);
}

/** A referral's public id, derived the same way so that tests with a fixed secret get fixed ids. */
export function deriveReferralId(secret: Buffer, sequence: number): string {
  const hex = createHmac('sha256', secret).update(`id:${sequence}`).digest('hex');
  // Formatted as an RFC 9562 version-4-style UUID so clients can store it as one.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The public commitment to a period's secret, published before the period starts. */
export function commitmentOf(secret: Buffer): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The UTC day a moment belongs to, e.g. "2026-11-23": the period of its seed secret. */
export function periodOf(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}
