import type { ImportFormat, ImportReport, ImportRun, ImportStatus, RejectedRow } from '../domain/import/import-report.js';

export type { ImportRun } from '../domain/import/import-report.js';
import type { Db } from './database.js';

/** Who holds the import: a run is interrupted once this process is gone. */
export interface ImportOwner {
  readonly host: string;
  readonly pid: number;
  /** Whether a process of this host with this id is still running. */
  readonly isAlive: (pid: number) => boolean;
}

export interface NewImportRun {
  readonly source: string;
  readonly dryRun: boolean;
  readonly forced: boolean;
  readonly startedAt: Date;
}

export interface ImportOutcome {
  readonly status: Exclude<ImportStatus, 'running'>;
  readonly sha256: string | null;
  readonly format: ImportFormat | null;
  readonly finishedAt: Date;
  readonly message: string | null;
  readonly report: ImportReport | null;
}

export interface ImportRepository {
  /**
   * Records a new run as `running`, unless another one is: one import at a time (DESIGN §7).
   * A `running` run whose process has died is marked `failed` (interrupted) first.
   * @returns the new run's id, or the run already going on
   */
  claim(run: NewImportRun, owner: ImportOwner): { id: number } | { busy: ImportRun };
  /** Records how a run ended (its rejected rows are copied from the staging file by import-diff.ts). */
  finish(id: number, outcome: ImportOutcome): void;
  /**
   * At a server's start: marks `failed` (interrupted) the runs of this host whose process is
   * gone, and those bearing this process's own id, left by an earlier life of it (pid 1 in a
   * container is every life's).
   */
  markInterrupted(owner: ImportOwner, now: Date): number;
  find(id: number): ImportRun | undefined;
  /** Newest first. */
  list(limit: number, before?: number): ImportRun[];
  rejects(id: number, limit: number, afterLine?: number): RejectedRow[];
}

interface ImportRow {
  id: number;
  source: string;
  sha256: string | null;
  format: ImportFormat | null;
  dry_run: number;
  forced: number;
  status: ImportStatus;
  started_at: string;
  finished_at: string | null;
  host: string;
  pid: number;
  message: string | null;
  report_json: string | null;
}

const INTERRUPTED = 'interrupted: the importing process stopped before it finished; the directory was left as it was';

export function createImportRepository(db: Db): ImportRepository {
  const running = db.prepare(`SELECT * FROM imports WHERE status = 'running' ORDER BY id`);
  const insert = db.prepare(
    `INSERT INTO imports (source, dry_run, forced, status, started_at, host, pid) VALUES (?, ?, ?, 'running', ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE imports SET status = ?, sha256 = ?, format = ?, finished_at = ?, message = ?, report_json = ? WHERE id = ?`,
  );
  const interrupt = db.prepare(`UPDATE imports SET status = 'failed', finished_at = ?, message = ? WHERE id = ?`);
  const byId = db.prepare('SELECT * FROM imports WHERE id = ?');
  const newest = db.prepare('SELECT * FROM imports WHERE id < ? ORDER BY id DESC LIMIT ?');
  const rejectsOf = db.prepare('SELECT line, reason FROM import_rejects WHERE import_id = ? AND line > ? ORDER BY line LIMIT ?');

  return {
    claim: (run, owner) => db.transaction(() => {
      for (const row of running.all() as ImportRow[]) {
        const gone = row.host === owner.host && !owner.isAlive(row.pid);
        if (!gone) return { busy: toImportRun(row) };
        interrupt.run(run.startedAt.toISOString(), INTERRUPTED, row.id);
      }
      const { lastInsertRowid } = insert.run(run.source, Number(run.dryRun), Number(run.forced), run.startedAt.toISOString(), owner.host, owner.pid);
      return { id: Number(lastInsertRowid) };
    }).immediate(),
    finish(id, outcome) {
      update.run(outcome.status, outcome.sha256, outcome.format, outcome.finishedAt.toISOString(), outcome.message,
        outcome.report === null ? null : JSON.stringify(outcome.report), id);
    },
    markInterrupted(owner, now) {
      const stale = (running.all() as ImportRow[]).filter((row) => row.host === owner.host && (row.pid === owner.pid || !owner.isAlive(row.pid)));
      for (const row of stale) interrupt.run(now.toISOString(), INTERRUPTED, row.id);
      return stale.length;
    },
    find(id) {
      const row = byId.get(id) as ImportRow | undefined;
      return row && toImportRun(row);
    },
    list: (limit, before = Number.MAX_SAFE_INTEGER) => (newest.all(before, limit) as ImportRow[]).map(toImportRun),
    rejects: (id, limit, afterLine = 0) => rejectsOf.all(id, afterLine, limit) as RejectedRow[],
  };
}

function toImportRun(row: ImportRow): ImportRun {
  const report = row.report_json === null ? null : (JSON.parse(row.report_json) as ImportReport);
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    sha256: row.sha256,
    format: row.format,
    dryRun: row.dry_run === 1,
    forced: row.forced === 1,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    message: row.message,
    counts: report?.counts ?? null,
    report,
  };
}
