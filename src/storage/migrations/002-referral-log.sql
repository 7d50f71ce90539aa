-- The referral log, its deduplicated pools, the seed secrets and the fairness counters.

-- One secret per period (a UTC day); its SHA-256 is the public commitment (DESIGN §5).
CREATE TABLE seed_periods (
  period      TEXT PRIMARY KEY,
  secret      BLOB NOT NULL,
  commitment  TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

-- Pools repeat a lot, so each distinct (specialty, members) is stored once. The members are one
-- JSON array of national identifiers in canonical order: one row to write for a new pool, and
-- json_each() lets a single statement update the counters of every member.
CREATE TABLE pools (
  id           INTEGER PRIMARY KEY,
  hash         TEXT NOT NULL UNIQUE,
  specialty    TEXT NOT NULL REFERENCES specialties (code),
  size         INTEGER NOT NULL CHECK (size > 0),
  members_json TEXT NOT NULL
) STRICT;

CREATE TABLE referrals (
  sequence      INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  specialty     TEXT NOT NULL REFERENCES specialties (code),
  location_json TEXT NOT NULL,
  radius_km     REAL NOT NULL,
  radius_source TEXT NOT NULL CHECK (radius_source IN ('ladder', 'request')),
  count         INTEGER NOT NULL CHECK (count > 0),
  pool_id       INTEGER NOT NULL REFERENCES pools (id),
  seed          TEXT NOT NULL,
  algorithm     TEXT NOT NULL,
  generator     TEXT NOT NULL,
  -- National identifiers proposed, rank 1 first, as a JSON array.
  proposed_json TEXT NOT NULL,
  -- What the advisor was shown: names and addresses as they were at the time.
  result_json   TEXT NOT NULL,
  warnings_json TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash          TEXT NOT NULL UNIQUE
) STRICT;

-- "The previous referral drawn from the same pool" (DESIGN §4.5).
CREATE INDEX referrals_by_pool ON referrals (pool_id, sequence);

-- Per practitioner (by permanent national identifier) and specialty: fair share received so far
-- and times proposed, in total and at each rank.
CREATE TABLE fairness_counters (
  specialty   TEXT NOT NULL,
  national_id TEXT NOT NULL,
  expected    REAL NOT NULL DEFAULT 0,
  offered     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (specialty, national_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE rank_counters (
  specialty   TEXT NOT NULL,
  national_id TEXT NOT NULL,
  rank        INTEGER NOT NULL CHECK (rank > 0),
  times       INTEGER NOT NULL,
  PRIMARY KEY (specialty, national_id, rank)
) STRICT, WITHOUT ROWID;
