-- Filters callers ask for (issue 5): a practitioner's gender from the registry's civility, and
-- what practices declare (convention sector, new patients, languages, wheelchair access), set by
-- the service's CSV or by an admin, never by the registry extract, which does not carry them.

ALTER TABLE practitioners ADD COLUMN gender TEXT CHECK (gender IN ('female', 'male'));

CREATE TABLE practitioner_attributes (
  practitioner_id      INTEGER PRIMARY KEY REFERENCES practitioners (id),
  sector               TEXT CHECK (sector IN ('1', '2', 'optam')),
  accepts_new_patients INTEGER CHECK (accepts_new_patients IN (0, 1)),
  -- ISO 639-1 codes, sorted, comma-separated; empty when unknown.
  languages            TEXT NOT NULL DEFAULT '',
  -- Declared for all of the practitioner's sites.
  wheelchair_access    INTEGER CHECK (wheelchair_access IN (0, 1)),
  updated_by           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;

-- The filters a referral was asked with (JSON), as its hashed entry commits to them.
ALTER TABLE referrals ADD COLUMN filters_json TEXT;
