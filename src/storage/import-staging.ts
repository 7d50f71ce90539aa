import Database from 'better-sqlite3';
import type { RejectedRow, UnplacedSite } from '../domain/import/import-report.js';
import type { Precision } from '../domain/geo/gazetteer-snapshot.js';
import { personHash, siteHash } from '../domain/import/row-hash.js';
import type { DeclaredAttributes, StagedPerson, StagedSite } from '../domain/import/staged-row.js';
import { normaliseName } from '../domain/practitioners/normalise-name.js';
import { removeDatabaseFiles, type Db } from './database.js';

/** Rows written per staging transaction: large enough to be fast, small enough to bound the journal. */
const BATCH_ROWS = 20_000;

/**
 * The staging file of one import (DESIGN §7): everything read from the file, validated,
 * geocoded and merged, written to a scratch SQLite file beside the database and never to the
 * database itself, so that parsing a 0.8 GB extract holds no lock a referral waits on and uses
 * little memory. The diff against the directory and its application read it (import-apply.ts).
 * Nothing in it needs to survive a crash: the next import starts a new one.
 */
export interface ImportStaging {
  readonly path: string;
  /** Stages one row's site; `merged` when this person and site were already staged. */
  addSite(line: number, person: StagedPerson, site: StagedSite, attributes?: DeclaredAttributes): 'added' | 'merged';
  /** A rejected row; `nationalId` when its identifier was valid, so that person keeps what they had. */
  addReject(row: RejectedRow & { readonly nationalId?: string }): void;
  /** Commits what is staged; the staging file is complete once this returns. */
  finish(): void;
  sitesByPrecision(): Record<Precision, number>;
  unplacedSites(limit: number): UnplacedSite[];
  rejects(limit: number): RejectedRow[];
  /** Closes and deletes the staging file. */
  discard(): void;
}

const SCHEMA = `
  CREATE TABLE staged_people (
    national_id TEXT PRIMARY KEY, civility TEXT, last_name TEXT NOT NULL, first_name TEXT NOT NULL,
    search_name TEXT NOT NULL, profession_code TEXT NOT NULL, specialty_code TEXT NOT NULL, row_hash TEXT NOT NULL, gender TEXT
  ) WITHOUT ROWID;
  CREATE TABLE staged_attributes (
    national_id TEXT PRIMARY KEY, sector TEXT, accepts_new_patients INTEGER, languages TEXT NOT NULL, wheelchair_access INTEGER
  ) WITHOUT ROWID;
  CREATE TABLE staged_sites (
    national_id TEXT NOT NULL, structure_id TEXT NOT NULL, line INTEGER NOT NULL, address TEXT NOT NULL,
    postcode TEXT NOT NULL, commune_code TEXT, city TEXT NOT NULL, phone TEXT, lat REAL, lon REAL,
    precision TEXT NOT NULL, row_hash TEXT NOT NULL, PRIMARY KEY (national_id, structure_id)
  ) WITHOUT ROWID;
  -- national_id: set when the row's identifier was valid (the person is in the file).
  CREATE TABLE staged_rejects (line INTEGER PRIMARY KEY, reason TEXT NOT NULL, national_id TEXT);
  CREATE INDEX staged_rejects_by_person ON staged_rejects (national_id) WHERE national_id IS NOT NULL;
`;

/** Creates an empty staging file at `path`, replacing any left by an interrupted import. */
export function createImportStaging(path: string): ImportStaging {
  removeDatabaseFiles(path);
  const db: Db = new Database(path);
  // Scratch data: no journal, no fsync; a crash simply leaves a file the next import replaces.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -16384');
  db.exec(SCHEMA);
  const insertPerson = db.prepare(
    `INSERT INTO staged_people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (national_id) DO NOTHING`,
  );
  const insertAttributes = db.prepare(
    `INSERT INTO staged_attributes VALUES (?, ?, ?, ?, ?) ON CONFLICT (national_id) DO NOTHING`,
  );
  const insertSite = db.prepare(
    `INSERT INTO staged_sites VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (national_id, structure_id) DO NOTHING`,
  );
  const insertReject = db.prepare('INSERT OR REPLACE INTO staged_rejects VALUES (?, ?, ?)');
  let pending = 0;
  db.exec('BEGIN');
  const tick = () => {
    if (++pending < BATCH_ROWS) return;
    db.exec('COMMIT; BEGIN');
    pending = 0;
  };

  return {
    path,
    addSite(line, person, site, attributes) {
      // The first row of a person wins: the registry repeats a person on every activity row.
      insertPerson.run(person.nationalId, person.civility, person.lastName, person.firstName,
        normaliseName(`${person.lastName} ${person.firstName}`), person.professionCode, person.specialtyCode, personHash(person), person.gender);
      if (attributes) {
        insertAttributes.run(person.nationalId, attributes.sector, flag(attributes.acceptsNewPatients), attributes.languages.join(','), flag(attributes.wheelchairAccess));
      }
      const { changes } = insertSite.run(person.nationalId, site.structureId, line, site.address, site.postcode, site.communeCode,
        site.city, site.phone, site.lat, site.lon, site.precision, siteHash(site));
      tick();
      return changes === 0 ? 'merged' : 'added';
    },
    addReject(row) {
      insertReject.run(row.line, row.reason, row.nationalId ?? null);
      tick();
    },
    finish() {
      if (db.inTransaction) db.exec('COMMIT');
    },
    sitesByPrecision() {
      const counts: Record<Precision, number> = { address: 0, commune: 0, postcode: 0, department: 0, none: 0 };
      for (const row of db.prepare('SELECT precision, COUNT(*) AS n FROM staged_sites GROUP BY precision').all() as { precision: Precision; n: number }[]) {
        counts[row.precision] = row.n;
      }
      return counts;
    },
    unplacedSites(limit) {
      return db.prepare(
        `SELECT line, national_id AS nationalId, structure_id AS structureId, postcode, city
         FROM staged_sites WHERE precision = 'none' ORDER BY line LIMIT ?`,
      ).all(limit) as UnplacedSite[];
    },
    rejects(limit) {
      return db.prepare('SELECT line, reason FROM staged_rejects ORDER BY line LIMIT ?').all(limit) as RejectedRow[];
    },
    discard() {
      if (db.open) db.close();
      removeDatabaseFiles(path);
    },
  };
}

function flag(value: boolean | null): number | null {
  return value === null ? null : Number(value);
}

