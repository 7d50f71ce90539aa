-- Access control (issue 5): API keys with roles, stored hashed, and which key asked for each
-- referral (by name: the key's holder, a desk, never the caller's identity).

CREATE TABLE api_keys (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('agent', 'auditor', 'importer', 'admin')),
  -- SHA-256 of the key, hex: keys are 256 random bits, so a plain hash cannot be reversed.
  key_hash   TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;

-- Operational, not part of the audited entry: the hash chain does not cover it.
ALTER TABLE referrals ADD COLUMN requested_by TEXT;
