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
  const historyOf = db.prepare(
    `SELECT from_status AS "from", to_status AS "to", reason, until, changed_by AS by, changed_at AS at
     FROM practitioner_status_changes WHERE practitioner_id = ? ORDER BY id`,
  );
  const ended = db.prepare(`SELECT id FROM practitioners WHERE status = 'suspended' AND suspended_until <= ? ORDER BY id`).pluck();

  return {
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
