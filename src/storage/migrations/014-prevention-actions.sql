-- Prevention actions (issue 17): what the advisors mention at the end of a call. None ship with
-- the service; admins create, edit and retire them. Lists are JSON arrays of codes.

CREATE TABLE prevention_actions (
  id               INTEGER PRIMARY KEY,
  title            TEXT NOT NULL,
  summary          TEXT NOT NULL,
  url              TEXT NOT NULL,
  -- Calendar days, YYYY-MM-DD, the end included.
  starts_on        TEXT NOT NULL,
  ends_on          TEXT NOT NULL,
  national         INTEGER NOT NULL CHECK (national IN (0, 1)),
  regions_json     TEXT NOT NULL,
  departments_json TEXT NOT NULL,
  specialties_json TEXT NOT NULL,
  themes_json      TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  created_by       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  updated_by       TEXT NOT NULL,
  -- Retired actions are kept for the record and never mentioned again.
  retired_at       TEXT,
  retired_by       TEXT
) STRICT;

-- Every change, with who made it (an API key's name, or the CLI's --by) and the action as it
-- stood after it. Its last id is the actions' revision: servers reload them when it moves.
CREATE TABLE prevention_action_changes (
  id          INTEGER PRIMARY KEY,
  action_id   INTEGER NOT NULL REFERENCES prevention_actions (id),
  change      TEXT NOT NULL CHECK (change IN ('created', 'edited', 'retired')),
  at          TEXT NOT NULL,
  by          TEXT NOT NULL,
  action_json TEXT NOT NULL
) STRICT;

CREATE INDEX prevention_action_changes_by_action ON prevention_action_changes (action_id, id);
