-- Geography from official data (issue 13).

-- The gazetteer version that placed the directory's sites: when the service starts with
-- another, the sites it placed are placed again (see src/use-cases/regeocode-sites.ts).
CREATE TABLE gazetteer_state (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  version   TEXT NOT NULL,
  placed_at TEXT NOT NULL
) STRICT;

-- Every placing-again of the sites, with its report: how many were checked and moved, and by how much.
CREATE TABLE regeocodings (
  id            INTEGER PRIMARY KEY,
  -- NULL when the sites were placed before versions were recorded.
  from_version  TEXT,
  to_version    TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  finished_at   TEXT NOT NULL,
  sites_checked INTEGER NOT NULL,
  sites_moved   INTEGER NOT NULL,
  report_json   TEXT NOT NULL
) STRICT;

-- A "five more" drawn beyond its parent's radius: the parent's radius, as its hashed entry commits to it.
ALTER TABLE referrals ADD COLUMN widened_from_km REAL;

-- The log format of each entry (docs/audit-log.md): 1 before it was named, 2 once entries commit
-- to the name of the key that asked (requested_by, until then kept beside the hash).
ALTER TABLE referrals ADD COLUMN log_format INTEGER NOT NULL DEFAULT 1 CHECK (log_format IN (1, 2));
