-- The directory: people, their practice sites and the specialties an advisor asks for.
-- Nothing is ever deleted: a practitioner who leaves the registry becomes 'inactive'.

CREATE TABLE specialties (
  code             TEXT PRIMARY KEY,
  label            TEXT NOT NULL,
  profession_code  TEXT NOT NULL,
  profession_label TEXT NOT NULL
) STRICT;

CREATE TABLE practitioners (
  id              INTEGER PRIMARY KEY,
  national_id     TEXT NOT NULL UNIQUE,
  civility        TEXT,
  last_name       TEXT NOT NULL,
  first_name      TEXT NOT NULL,
  -- Accent- and case-folded "last first", for look-ups by name.
  search_name     TEXT NOT NULL,
  profession_code TEXT NOT NULL,
  specialty_code  TEXT NOT NULL REFERENCES specialties (code),
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'inactive')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;

CREATE INDEX practitioners_by_search_name ON practitioners (search_name);
CREATE INDEX practitioners_by_specialty_status ON practitioners (specialty_code, status);

CREATE TABLE sites (
  id              INTEGER PRIMARY KEY,
  practitioner_id INTEGER NOT NULL REFERENCES practitioners (id),
  -- The registry's 'Identifiant technique de la structure': a site is keyed on (person, structure).
  structure_id    TEXT NOT NULL,
  address         TEXT NOT NULL,
  postcode        TEXT NOT NULL,
  commune_code    TEXT,
  city            TEXT NOT NULL,
  phone           TEXT,
  lat             REAL CHECK (lat BETWEEN -90 AND 90),
  lon             REAL CHECK (lon BETWEEN -180 AND 180),
  precision       TEXT NOT NULL CHECK (precision IN ('address', 'commune', 'postcode', 'department', 'none')),
  UNIQUE (practitioner_id, structure_id)
) STRICT;

CREATE INDEX sites_by_postcode ON sites (postcode);
