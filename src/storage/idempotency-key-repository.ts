import type { Db } from './database.js';

/** A remembered `Idempotency-Key`: what was asked under it and which referral answered. */
export interface RememberedKey {
  readonly fingerprint: string;
  readonly referralId: string;
  /** ISO 8601: the referral's createdAt. */
  readonly createdAt: string;
}

export interface IdempotencyKeyRepository {
  find(scope: string, key: string): RememberedKey | undefined;
  /** Stores the key, replacing a forgotten one (older than 24 hours) under the same scope and key. */
  remember(scope: string, key: string, remembered: RememberedKey): void;
  /** Deletes the keys stored before `since` (ISO 8601), by the index on their age. */
  forgetBefore(since: string): void;
}

export function createIdempotencyKeyRepository(db: Db): IdempotencyKeyRepository {
  const byKey = db.prepare('SELECT fingerprint, referral_id AS referralId, created_at AS createdAt FROM idempotency_keys WHERE scope = ? AND key = ?');
  const upsert = db.prepare(
    `INSERT INTO idempotency_keys (scope, key, fingerprint, referral_id, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, referral_id = excluded.referral_id, created_at = excluded.created_at`,
  );
  const olderThan = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');
  return {
    find: (scope, key) => byKey.get(scope, key) as RememberedKey | undefined,
    remember(scope, key, { fingerprint, referralId, createdAt }) {
      upsert.run(scope, key, fingerprint, referralId, createdAt);
    },
    forgetBefore(since) {
      olderThan.run(since);
    },
  };
}
