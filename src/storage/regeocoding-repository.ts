import type { Db } from './database.js';
import type { PlacedSite, RegeocodeReport, SiteMove } from '../domain/import/regeocode-plan.js';

/** One placing-again of the directory's sites, as stored. */
export interface RegeocodingRun {
  readonly id: number;
  readonly fromVersion: string | null;
  readonly toVersion: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly report: RegeocodeReport;
}

export interface RegeocodingRepository {
  /** The gazetteer version that placed the sites; null when never recorded (a database older than versions). */
  placedWith(): string | null;
  /** Every site a gazetteer placed (not those placed by their address), active or not. */
  placedSites(): Iterable<PlacedSite>;
  /** Writes some of the moves (call inside a transaction, a few thousand at a time). */
  move(moves: readonly SiteMove[]): void;
  /** Records the run and the new version, and tells servers the directory changed. */
  record(run: Omit<RegeocodingRun, 'id'>): RegeocodingRun;
  /** Sets the version without a run: for a directory with no site yet. */
  setVersion(version: string, at: string): void;
  list(limit: number): RegeocodingRun[];
}

export function createRegeocodingRepository(db: Db): RegeocodingRepository {
  const version = db.prepare('SELECT version FROM gazetteer_state').pluck();
  const upsertVersion = db.prepare(
    `INSERT INTO gazetteer_state (singleton, version, placed_at) VALUES (1, ?, ?)
     ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, placed_at = excluded.placed_at`,
  );
  const sites = db.prepare(
    `SELECT s.id, p.national_id AS nationalId, s.postcode, s.commune_code AS communeCode, s.city, s.lat, s.lon, s.precision
     FROM sites s JOIN practitioners p ON p.id = s.practitioner_id WHERE s.precision <> 'address' ORDER BY s.id`,
  );
  const moveSite = db.prepare('UPDATE sites SET lat = ?, lon = ?, precision = ? WHERE id = ?');
  const bumpRevision = db.prepare('UPDATE directory_revision SET revision = revision + 1');
  const insertRun = db.prepare(
    `INSERT INTO regeocodings (from_version, to_version, started_at, finished_at, sites_checked, sites_moved, report_json)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const runs = db.prepare('SELECT * FROM regeocodings ORDER BY id DESC LIMIT ?');

  return {
    placedWith: () => (version.get() as string | undefined) ?? null,
    placedSites: () => sites.iterate() as Iterable<PlacedSite>,
    move(moves) {
      for (const move of moves) moveSite.run(move.lat, move.lon, move.precision, move.id);
    },
    record(run) {
      if (run.report.sitesMoved > 0) bumpRevision.run();
      upsertVersion.run(run.toVersion, run.finishedAt);
      const { lastInsertRowid } = insertRun.run(run.fromVersion, run.toVersion, run.startedAt, run.finishedAt, run.report.sitesChecked, run.report.sitesMoved, JSON.stringify(run.report));
      return { id: Number(lastInsertRowid), ...run };
    },
    setVersion: (to, at) => void upsertVersion.run(to, at),
    list: (limit) => (runs.all(limit) as RunRow[]).map((row) => ({
      id: row.id, fromVersion: row.from_version, toVersion: row.to_version, startedAt: row.started_at, finishedAt: row.finished_at,
      report: JSON.parse(row.report_json) as RegeocodeReport,
    })),
  };
}

interface RunRow {
  id: number;
  from_version: string | null;
  to_version: string;
  started_at: string;
  finished_at: string;
  report_json: string;
}
