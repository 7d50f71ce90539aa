-- The directory log (docs/audit-log.md, "Directory log"): every change to a specialty's
-- referable sites (an import, a suspension, a resumption, new attributes, re-geocoding, or a
-- change nobody recorded), as a hash-chained entry holding the sites removed and added, so that
-- an auditor can rebuild the state each referral's pool was formed from and form the pool again.
CREATE TABLE directory_log (
  sequence       INTEGER PRIMARY KEY,
  created_at     TEXT NOT NULL,
  specialty      TEXT NOT NULL,
  version_before TEXT NOT NULL,
  version_after  TEXT NOT NULL,
  -- The entry's canonical JSON, exactly as hashed and exported.
  entry_json     TEXT NOT NULL,
  hash           TEXT NOT NULL
) STRICT;
CREATE INDEX directory_log_by_specialty ON directory_log (specialty, sequence);
CREATE INDEX directory_log_by_version ON directory_log (version_after);

-- Format 3 entries: the version of the specialty's directory the pool was formed from, and the
-- hash of the directory log entry that made it.
ALTER TABLE referrals ADD COLUMN directory_version TEXT;
ALTER TABLE referrals ADD COLUMN directory_entry TEXT;

-- Format 3 is a log format of its own: the column's check names it (a check cannot be altered in
-- SQLite, so the column is replaced by one that admits it, values kept).
ALTER TABLE referrals ADD COLUMN log_format_3 INTEGER NOT NULL DEFAULT 1 CHECK (log_format_3 IN (1, 2, 3));
UPDATE referrals SET log_format_3 = log_format;
ALTER TABLE referrals DROP COLUMN log_format;
ALTER TABLE referrals RENAME COLUMN log_format_3 TO log_format;
