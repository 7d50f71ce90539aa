import type { ImportCounts, SiteCounts } from '../domain/import/import-report.js';
import type { Db } from './database.js';

/** What applying a staged file would change, counted before anything is written. */
export interface ImportPlan {
  readonly people: Omit<ImportCounts, 'rejected' | 'skipped'>;
  readonly sites: SiteCounts;
  readonly activeBefore: number;
}

/**
 * Compares the staged file with the directory and records, in the staging file, only what
 * differs: people and sites to insert, to update (their row hash changed) or to bring back,
 * sites no longer listed for a person still present, and people missing from the file. The
 * directory is only read, under WAL, so referrals go on meanwhile.
 */
export function planImport(db: Db, stagingPath: string): ImportPlan {
  return withStaging(db, stagingPath, () => {
    db.exec(`
      DROP TABLE IF EXISTS staging.person_changes;
      DROP TABLE IF EXISTS staging.site_changes;
      DROP TABLE IF EXISTS staging.retired_sites;
      DROP TABLE IF EXISTS staging.deactivated;
      DROP TABLE IF EXISTS staging.attribute_changes;
      CREATE TABLE staging.person_changes AS
        SELECT sp.national_id, p.id AS practitioner_id,
          CASE WHEN p.id IS NULL THEN 'insert' WHEN p.status = 'inactive' THEN 'reactivate' ELSE 'update' END AS action
        FROM staging.staged_people sp LEFT JOIN main.practitioners p ON p.national_id = sp.national_id
        WHERE p.id IS NULL OR p.status = 'inactive' OR p.row_hash IS NOT sp.row_hash;
      CREATE TABLE staging.site_changes AS
        SELECT ss.national_id, ss.structure_id, s.id AS site_id, CASE WHEN s.id IS NULL THEN 'insert' ELSE 'update' END AS action
        FROM staging.staged_sites ss
        LEFT JOIN main.practitioners p ON p.national_id = ss.national_id
        LEFT JOIN main.sites s ON s.practitioner_id = p.id AND s.structure_id = ss.structure_id
        WHERE s.id IS NULL OR s.active = 0 OR s.row_hash IS NOT ss.row_hash;
      CREATE TABLE staging.retired_sites AS
        SELECT s.id AS site_id, p.national_id FROM main.sites s JOIN main.practitioners p ON p.id = s.practitioner_id
        WHERE s.active = 1
          AND EXISTS (SELECT 1 FROM staging.staged_people sp WHERE sp.national_id = p.national_id)
          -- A person with a rejected row keeps their sites: that row may have been one of them.
          AND NOT EXISTS (SELECT 1 FROM staging.staged_rejects sr WHERE sr.national_id = p.national_id)
          AND NOT EXISTS (SELECT 1 FROM staging.staged_sites ss WHERE ss.national_id = p.national_id AND ss.structure_id = s.structure_id);
      CREATE TABLE staging.attribute_changes AS
        SELECT sa.* FROM staging.staged_attributes sa
        LEFT JOIN main.practitioners p ON p.national_id = sa.national_id
        LEFT JOIN main.practitioner_attributes a ON a.practitioner_id = p.id
        WHERE a.practitioner_id IS NULL OR a.sector IS NOT sa.sector OR a.accepts_new_patients IS NOT sa.accepts_new_patients
          OR a.languages IS NOT sa.languages OR a.wheelchair_access IS NOT sa.wheelchair_access;
      CREATE TABLE staging.deactivated AS
        SELECT p.id AS practitioner_id FROM main.practitioners p
        WHERE p.status <> 'inactive' AND NOT EXISTS (SELECT 1 FROM staging.staged_people sp WHERE sp.national_id = p.national_id)
          -- A person whose rows were all rejected is in the file: they keep yesterday's entry.
          AND NOT EXISTS (SELECT 1 FROM staging.staged_rejects sr WHERE sr.national_id = p.national_id);
    `);
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const staged = count('SELECT COUNT(*) FROM staging.staged_people');
    const inserted = count(`SELECT COUNT(*) FROM staging.person_changes WHERE action = 'insert'`);
    const reactivated = count(`SELECT COUNT(*) FROM staging.person_changes WHERE action = 'reactivate'`);
    // Updated: a person whose own fields changed, or who kept them but gained, changed or lost a site.
    const updated = count(`
      SELECT COUNT(*) FROM (
        SELECT national_id FROM staging.person_changes WHERE action = 'update'
        UNION SELECT national_id FROM staging.site_changes
        UNION SELECT national_id FROM staging.retired_sites
        UNION SELECT national_id FROM staging.attribute_changes
      ) WHERE national_id NOT IN (SELECT national_id FROM staging.person_changes WHERE action <> 'update')`);
    const stagedSites = count('SELECT COUNT(*) FROM staging.staged_sites');
    const sitesInserted = count(`SELECT COUNT(*) FROM staging.site_changes WHERE action = 'insert'`);
    const sitesUpdated = count(`SELECT COUNT(*) FROM staging.site_changes WHERE action = 'update'`);
    return {
      people: { inserted, reactivated, updated, unchanged: staged - inserted - reactivated - updated, deactivated: count('SELECT COUNT(*) FROM staging.deactivated') },
      sites: { inserted: sitesInserted, updated: sitesUpdated, unchanged: stagedSites - sitesInserted - sitesUpdated, retired: count('SELECT COUNT(*) FROM staging.retired_sites') },
      // The brake's base: everyone an import could deactivate, suspended practitioners included.
      activeBefore: count(`SELECT COUNT(*) FROM main.practitioners WHERE status <> 'inactive'`),
    };
  });
}

/**
 * Applies a planned import in one write transaction that touches only what changed, so that
 * referrals wait at most for that; `alsoInTransaction` records the run's report with it, so that
 * a run is marked succeeded exactly when its changes are in. Nothing is deleted: a person
 * missing from the file becomes `inactive`, a site no longer listed leaves the pools.
 */
export function applyImport(db: Db, stagingPath: string, now: Date, alsoInTransaction: () => void): void {
  withStaging(db, stagingPath, () => {
    const stamp = now.toISOString();
    db.transaction(() => {
      db.prepare(`
        INSERT INTO main.practitioners (national_id, civility, last_name, first_name, search_name, profession_code, specialty_code,
          status, created_at, updated_at, row_hash, gender)
        SELECT sp.national_id, sp.civility, sp.last_name, sp.first_name, sp.search_name, sp.profession_code, sp.specialty_code,
          'active', @now, @now, sp.row_hash, sp.gender
        FROM staging.person_changes pc JOIN staging.staged_people sp ON sp.national_id = pc.national_id
        WHERE pc.action = 'insert'`).run({ now: stamp });
      // A suspension is the admin's decision, not the registry's: someone coming back while their
      // suspension still runs comes back suspended; only an ended one (or none) makes them active.
      db.prepare(`
        UPDATE main.practitioners SET civility = sp.civility, last_name = sp.last_name, first_name = sp.first_name,
          search_name = sp.search_name, profession_code = sp.profession_code, specialty_code = sp.specialty_code,
          row_hash = sp.row_hash, gender = sp.gender, updated_at = @now,
          status = CASE WHEN practitioners.status <> 'inactive' THEN practitioners.status
            WHEN practitioners.suspension_reason IS NOT NULL AND (practitioners.suspended_until IS NULL OR practitioners.suspended_until > @now)
              THEN 'suspended' ELSE 'active' END
        FROM staging.person_changes pc JOIN staging.staged_people sp ON sp.national_id = pc.national_id
        WHERE pc.action <> 'insert' AND practitioners.id = pc.practitioner_id`).run({ now: stamp });
      db.prepare(`
        UPDATE main.practitioners SET status = 'inactive', updated_at = ?
        WHERE id IN (SELECT practitioner_id FROM staging.deactivated) AND status <> 'inactive'`).run(stamp);
      db.exec(`
        INSERT INTO main.sites (practitioner_id, structure_id, address, postcode, commune_code, city, phone, lat, lon, precision, row_hash, active)
        SELECT p.id, ss.structure_id, ss.address, ss.postcode, ss.commune_code, ss.city, ss.phone, ss.lat, ss.lon, ss.precision, ss.row_hash, 1
        FROM staging.site_changes sc
        JOIN staging.staged_sites ss ON ss.national_id = sc.national_id AND ss.structure_id = sc.structure_id
        JOIN main.practitioners p ON p.national_id = sc.national_id
        WHERE sc.action = 'insert';
        UPDATE main.sites SET address = ss.address, postcode = ss.postcode, commune_code = ss.commune_code, city = ss.city,
          phone = ss.phone, lat = ss.lat, lon = ss.lon, precision = ss.precision, row_hash = ss.row_hash, active = 1
        FROM staging.site_changes sc
        JOIN staging.staged_sites ss ON ss.national_id = sc.national_id AND ss.structure_id = sc.structure_id
        WHERE sc.action = 'update' AND sites.id = sc.site_id;
        UPDATE main.sites SET active = 0 WHERE id IN (SELECT site_id FROM staging.retired_sites);
        UPDATE main.directory_revision SET revision = revision + 1;
      `);
      // What the service's CSV declares; the registry's extract declares nothing, so it never clears these.
      db.prepare(`
        INSERT INTO main.practitioner_attributes (practitioner_id, sector, accepts_new_patients, languages, wheelchair_access, updated_by, updated_at)
        SELECT p.id, ac.sector, ac.accepts_new_patients, ac.languages, ac.wheelchair_access, 'import', @now
        FROM staging.attribute_changes ac JOIN main.practitioners p ON p.national_id = ac.national_id WHERE true
        ON CONFLICT (practitioner_id) DO UPDATE SET sector = excluded.sector, accepts_new_patients = excluded.accepts_new_patients,
          languages = excluded.languages, wheelchair_access = excluded.wheelchair_access, updated_by = excluded.updated_by,
          updated_at = excluded.updated_at`).run({ now: stamp });
      alsoInTransaction();
    }).immediate();
  });
}

/** Copies every rejected row of the staged file to the run's record; inside `withStaging`. */
export function copyStagedRejects(db: Db, importId: number): void {
  db.prepare('INSERT INTO main.import_rejects (import_id, line, reason) SELECT ?, line, reason FROM staging.staged_rejects').run(importId);
}

/** Attaches the staging file as `staging` for the duration of `work` (ATTACH is not allowed inside a transaction). */
export function withStaging<T>(db: Db, stagingPath: string, work: () => T): T {
  db.prepare('ATTACH DATABASE ? AS staging').run(stagingPath);
  try {
    db.pragma('staging.journal_mode = OFF');
    db.pragma('staging.synchronous = OFF');
    return work();
  } finally {
    db.exec('DETACH DATABASE staging');
  }
}
