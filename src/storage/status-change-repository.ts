import type { DeclaredAttributes } from '../domain/import/staged-row.js';
import type { PractitionerStatus, StatusChangeRecord } from '../domain/model.js';
import type { Db } from './database.js';

export interface StatusChange {
  readonly to: 'active' | 'suspended';
  readonly reason: string | null;
  readonly until: string | null;
  readonly by: string;
  readonly at: Date;
}

export interface StatusChangeRepository {
  /**
   * Sets a practitioner's status with its record, in one transaction that also marks the
   * directory changed (so that every server rebuilds its pools).
   * @returns the status before, or undefined for an unknown practitioner
   */
  apply(practitionerId: number, change: StatusChange): PractitionerStatus | undefined;
  history(practitionerId: number): StatusChangeRecord[];
  /** Suspensions whose end has come, to resume. */
  endedSuspensions(now: Date): number[];
  /** Sets what the practice declares (the fields given; null clears one), and marks the directory changed. */
  setAttributes(practitionerId: number, attributes: Partial<DeclaredAttributes>, by: string, at: Date): void;
  /**
   * Runs `work` in one transaction, so that attributes and status change together or not at all.
   * @returns the directory's revision before and after it, so that the process that made the
   * change can tell its own from anyone else's (directory-watch.ts)
   */
  together(work: () => void): RevisionStep;
}

/** The directory's revision (PractitionerRepository.revision) as one transaction moved it. */
export interface RevisionStep {
  readonly from: number;
  readonly to: number;
}

/** The name recorded when a suspension ends by itself. */
export const SUSPENSION_ENDED = 'suspension-ended';

export function createStatusChangeRepository(db: Db): StatusChangeRepository {
  const statusOf = db.prepare('SELECT status FROM practitioners WHERE id = ?').pluck();
  const update = db.prepare(
    `UPDATE practitioners SET status = ?, suspension_reason = ?, suspended_until = ?, suspended_since = ?, suspended_by = ?, updated_at = ? WHERE id = ?`,
  );
  const record = db.prepare(
    `INSERT INTO practitioner_status_changes (practitioner_id, from_status, to_status, reason, until, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const bumpRevision = db.prepare('UPDATE directory_revision SET revision = revision + 1');
  const revision = db.prepare('SELECT revision FROM directory_revision').pluck();
  const historyOf = db.prepare(
    `SELECT from_status AS "from", to_status AS "to", reason, until, changed_by AS by, changed_at AS at
     FROM practitioner_status_changes WHERE practitioner_id = ? ORDER BY id`,
  );
  const ended = db.prepare(`SELECT id FROM practitioners WHERE status = 'suspended' AND suspended_until <= ? ORDER BY id`).pluck();

  const upsertAttributes = db.prepare(
    `INSERT INTO practitioner_attributes (practitioner_id, sector, accepts_new_patients, languages, wheelchair_access, updated_by, updated_at)
     VALUES (@id, @sector, @accepts, @languages, @wheelchair, @by, @at)
     ON CONFLICT (practitioner_id) DO UPDATE SET
       sector = CASE WHEN @setSector THEN excluded.sector ELSE sector END,
       accepts_new_patients = CASE WHEN @setAccepts THEN excluded.accepts_new_patients ELSE accepts_new_patients END,
       languages = CASE WHEN @setLanguages THEN excluded.languages ELSE languages END,
       wheelchair_access = CASE WHEN @setWheelchair THEN excluded.wheelchair_access ELSE wheelchair_access END,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
  const readThenWrite = db.transaction((work: () => void): RevisionStep => {
    const from = revision.get() as number;
    work();
    return { from, to: revision.get() as number };
  });
  const flag = (value: boolean | null | undefined) => (value === undefined || value === null ? null : Number(value));
  return {
    // IMMEDIATE: it reads before it writes, and a read transaction that another connection's commit
    // (the log writer's, many a second) overtakes cannot become a write one (SQLITE_BUSY_SNAPSHOT).
    together: (work) => readThenWrite.immediate(work),
    setAttributes: db.transaction((practitionerId: number, attributes: Partial<DeclaredAttributes>, by: string, at: Date) => {
      upsertAttributes.run({
        id: practitionerId, sector: attributes.sector ?? null, accepts: flag(attributes.acceptsNewPatients),
        languages: [...(attributes.languages ?? [])].sort().join(','), wheelchair: flag(attributes.wheelchairAccess), by, at: at.toISOString(),
        setSector: Number('sector' in attributes), setAccepts: Number('acceptsNewPatients' in attributes),
        setLanguages: Number('languages' in attributes), setWheelchair: Number('wheelchairAccess' in attributes),
      });
      bumpRevision.run();
    }),
    apply: db.transaction((practitionerId: number, change: StatusChange) => {
      const from = statusOf.get(practitionerId) as PractitionerStatus | undefined;
      if (from === undefined) return undefined;
      const at = change.at.toISOString();
      const suspended = change.to === 'suspended';
      update.run(change.to, suspended ? change.reason : null, suspended ? change.until : null, suspended ? at : null, suspended ? change.by : null, at, practitionerId);
      record.run(practitionerId, from, change.to, change.reason, change.until, change.by, at);
      bumpRevision.run();
      return from;
    }),
    history: (practitionerId) => historyOf.all(practitionerId) as StatusChangeRecord[],
    endedSuspensions: (now) => ended.all(now.toISOString()) as number[],
  };
}
