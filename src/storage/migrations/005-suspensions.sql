-- Suspensions (issue 5): an admin takes a practitioner out of the pools for a reason, until a
-- date or until resumed; every status change is recorded with the key that made it.

ALTER TABLE practitioners ADD COLUMN suspension_reason TEXT;
ALTER TABLE practitioners ADD COLUMN suspended_until TEXT;
ALTER TABLE practitioners ADD COLUMN suspended_since TEXT;
ALTER TABLE practitioners ADD COLUMN suspended_by TEXT;

CREATE INDEX practitioners_suspension_end ON practitioners (suspended_until) WHERE status = 'suspended';

CREATE TABLE practitioner_status_changes (
  id              INTEGER PRIMARY KEY,
  practitioner_id INTEGER NOT NULL REFERENCES practitioners (id),
  from_status     TEXT NOT NULL,
  to_status       TEXT NOT NULL,
  reason          TEXT,
  until           TEXT,
  -- The key's name, or 'suspension-ended' when a suspension ran out.
  changed_by      TEXT NOT NULL,
  changed_at      TEXT NOT NULL
) STRICT;

CREATE INDEX practitioner_status_changes_by_practitioner ON practitioner_status_changes (practitioner_id, id);
