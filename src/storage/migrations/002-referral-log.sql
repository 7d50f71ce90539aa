-- The referral log, its deduplicated pools, the seed secrets and the fairness counters.

-- One secret per period (a UTC day); its SHA-256 is the public commitment (DESIGN §5).
CREATE TABLE seed_periods (
  period      TEXT PRIMARY KEY,
  secret      BLOB NOT NULL,
  commitment  TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

-- Pools repeat, so each distinct (specialty, members) is stored once: members as one JSON array
-- of national identifiers in canonical order. A pool also carries its share of the fairness
-- counters: the total share (in 2^-32 units) accrued by each of its members through referrals
-- drawn from it, so a referral writes one pool row instead of one counter per member; a
-- member's `expected` is the sum over the pools that contain them. `last_proposed_json` is the
-- order of the latest referral drawn from the pool ("never the same order twice in a row").
CREATE TABLE pools (
  id                 INTEGER PRIMARY KEY,
  hash               TEXT NOT NULL UNIQUE,
  specialty          TEXT NOT NULL REFERENCES specialties (code),
  size               INTEGER NOT NULL CHECK (size > 0),
  members_json       TEXT NOT NULL,
  accrued_units      INTEGER NOT NULL DEFAULT 0,
  last_proposed_json TEXT
) STRICT;

CREATE TABLE referrals (
  sequence      INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  specialty     TEXT NOT NULL REFERENCES specialties (code),
  location_json TEXT NOT NULL,
  radius_km     REAL NOT NULL,
  radius_source TEXT NOT NULL CHECK (radius_source IN ('ladder', 'request')),
  count         INTEGER NOT NULL CHECK (count BETWEEN 1 AND 10),
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
  hash          TEXT NOT NULL
) STRICT;

-- Per practitioner (by permanent national identifier) and specialty: times proposed, in total
-- and at each rank. Expected shares live with the pools (see above).
CREATE TABLE fairness_counters (
  specialty   TEXT NOT NULL,
  national_id TEXT NOT NULL,
  offered     INTEGER NOT NULL DEFAULT 0,
  rank_1      INTEGER NOT NULL DEFAULT 0,
  rank_2      INTEGER NOT NULL DEFAULT 0,
  rank_3      INTEGER NOT NULL DEFAULT 0,
  rank_4      INTEGER NOT NULL DEFAULT 0,
  rank_5      INTEGER NOT NULL DEFAULT 0,
  rank_6      INTEGER NOT NULL DEFAULT 0,
  rank_7      INTEGER NOT NULL DEFAULT 0,
  rank_8      INTEGER NOT NULL DEFAULT 0,
  rank_9      INTEGER NOT NULL DEFAULT 0,
  rank_10     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (specialty, national_id)
) STRICT, WITHOUT ROWID;
