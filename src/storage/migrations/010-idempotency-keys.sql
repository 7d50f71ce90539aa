-- Idempotency-Key (issue 15, item 8): which referral answered a client's key, so that a retry
-- gets it again instead of a second draw. Written only for a request that sends the header, in
-- the same transaction as its referral: a crash cannot keep one without the other. Operational,
-- not part of the audited entry. Rows older than 24 hours are deleted by the next keyed referral.

CREATE TABLE idempotency_keys (
  -- The API key's name (api_keys.name is unique and kept after revocation).
  scope       TEXT NOT NULL,
  key         TEXT NOT NULL,
  -- SHA-256 of the operation and the canonical JSON body, hex.
  fingerprint TEXT NOT NULL,
  referral_id TEXT NOT NULL REFERENCES referrals (id),
  -- The referral's createdAt: the 24 hours run from the original answer.
  created_at  TEXT NOT NULL,
  PRIMARY KEY (scope, key)
) STRICT, WITHOUT ROWID;

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
