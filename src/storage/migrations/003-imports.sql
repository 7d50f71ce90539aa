-- Nightly imports (DESIGN §7): row hashes so that unchanged rows are never rewritten, sites
-- that leave the registry retired rather than deleted, and a stored report of every run.

-- SHA-256 (first 32 hex digits) of the person's fields and of the site's fields as the last
-- import wrote them; NULL for rows written before imports existed (rewritten once).
ALTER TABLE practitioners ADD COLUMN row_hash TEXT;
ALTER TABLE sites ADD COLUMN row_hash TEXT;
-- A site the registry no longer lists for this person stays (past referrals name it) but
-- leaves the pools.
ALTER TABLE sites ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

-- Bumped by every change to the directory, so that a server notices an import made by another
-- process (the nightly CLI) and rebuilds its in-memory index.
CREATE TABLE directory_revision (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  revision  INTEGER NOT NULL
) STRICT;
INSERT INTO directory_revision (singleton, revision) VALUES (1, 0);

CREATE TABLE imports (
  id          INTEGER PRIMARY KEY,
  source      TEXT NOT NULL,
  sha256      TEXT,
  format      TEXT,
  dry_run     INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  forced      INTEGER NOT NULL CHECK (forced IN (0, 1)),
  status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'dry-run', 'refused', 'failed')),
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  -- Who runs it, so that a run whose process died is recognised as interrupted, not running.
  host        TEXT NOT NULL,
  pid         INTEGER NOT NULL,
  -- Why it was refused or failed.
  message     TEXT,
  -- The full report (counts, skipped by reason, geocoding precision, samples), as JSON.
  report_json TEXT
) STRICT;

-- Every rejected row of every run, with its line number and reason.
CREATE TABLE import_rejects (
  import_id INTEGER NOT NULL REFERENCES imports (id),
  line      INTEGER NOT NULL,
  reason    TEXT NOT NULL,
  PRIMARY KEY (import_id, line)
) STRICT, WITHOUT ROWID;
