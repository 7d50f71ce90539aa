-- Log epochs (docs/audit-log.md, "Restores and epochs"): a service restarted on a database
-- behind the last checkpoint it signed serves again only after an operator accepts the rollback,
-- which starts a new epoch. Entries of an epoch carry its name, and their ids derive from it, so
-- that a sequence number handed out again never gives a lost referral's id to another.
CREATE TABLE log_epochs (
  epoch       TEXT PRIMARY KEY CHECK (length(epoch) = 16),
  accepted_at TEXT NOT NULL,
  -- The fork event as canonical JSON, and its SHA-256: what was lost, and when it was accepted.
  event_json  TEXT NOT NULL,
  hash        TEXT NOT NULL
) STRICT;

ALTER TABLE referrals ADD COLUMN epoch TEXT;
