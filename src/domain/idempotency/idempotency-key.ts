import { createHash } from 'node:crypto';
import { DomainError } from '../errors.js';

/**
 * How long an `Idempotency-Key` answers its original referral: a day, as payment APIs keep
 * theirs, long enough for a desktop's retry after a crash and a restart.
 */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The longest key accepted, quotes aside (Stripe's limit): a UUID is 36. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** A request made safe to retry: whose key it is, the key, and what was asked under it. */
export interface IdempotentRequest {
  /** The API key's name: keys of different API keys never meet. */
  readonly scope: string;
  readonly key: string;
  /** `requestFingerprint` of the request. */
  readonly fingerprint: string;
}

/**
 * The header's value as a key: 1 to 255 visible ASCII characters, taken as is or from a quoted
 * string (the draft's Structured Field form, `"abc"`).
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 * @throws DomainError `invalid-idempotency-key`
 */
export function parseIdempotencyKey(header: string): string {
  const quoted = /^"(.*)"$/.exec(header);
  const key = quoted ? (quoted[1] as string) : header;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key) || (quoted && /["\\]/.test(key))) {
    throw new DomainError(
      'invalid-idempotency-key',
      `The Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters without spaces (a UUID, say), sent as is or in double quotes.`,
    );
  }
  return key;
}

/**
 * SHA-256, hex, of the operation and its body as canonical JSON (object keys sorted, no
 * spaces): the same request however its client orders keys or spaces its JSON.
 */
export function requestFingerprint(operation: string, body: unknown): string {
  return createHash('sha256').update(`${operation}\n${canonicalJson(body)}`, 'utf8').digest('hex');
}

/** JSON with every object's keys in code-point order, `undefined` members left out as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .filter((name) => (value as Record<string, unknown>)[name] !== undefined)
      .map((name) => `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The earliest moment, ISO 8601, at which a key must have been stored to still answer at `now`: 24 hours before, included. */
export function rememberedSince(now: Date): string {
  return new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS).toISOString();
}
