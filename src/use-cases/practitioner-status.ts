import { DomainError, NotFoundError } from '../domain/errors.js';
import type { DeclaredAttributes } from '../domain/import/staged-row.js';
import type { Practitioner, PractitionerStatus, StatusChangeRecord } from '../domain/model.js';
import type { PractitionerRepository } from '../storage/practitioner-repository.js';
import { SUSPENSION_ENDED, type RevisionStep, type StatusChangeRepository } from '../storage/status-change-repository.js';

export interface StatusDependencies {
  readonly practitioners: PractitionerRepository;
  readonly statusChanges: StatusChangeRepository;
  readonly clock: () => Date;
  /**
   * Told after each practitioner's change is committed; updates the pools in place (compose.ts,
   * practitionerChanged) before the answer is sent, so that the answer is true of the next referral.
   */
  readonly directoryChanged: (change: PractitionerChange) => void | Promise<void>;
}

/** One practitioner's committed change of status or attributes, as the search index needs to hear of it. */
export interface PractitionerChange {
  readonly practitionerId: number;
  /** Their status before the change. */
  readonly statusBefore: PractitionerStatus;
  readonly revisions: RevisionStep;
  /** Why, as the directory log records it (docs/audit-log.md, "Directory log"). */
  readonly cause: StatusCause;
}

/** A status or attribute change as the directory log names it: what, by whom, and the reason given. */
export interface StatusCause {
  readonly kind: 'suspension' | 'resumption' | 'attributes';
  readonly by: string;
  readonly reason: string | null;
}

/**
 * Ends are stored as ISO text and compared as text: from the year 10000 on, toISOString writes
 * "+010000-…", which sorts before every four-digit year.
 */
const LAST_STORABLE_END = Date.UTC(10000, 0, 1);

export interface StatusRequest {
  readonly status?: 'suspended' | 'active';
  readonly reason?: string;
  readonly until?: string;
  readonly attributes?: Partial<DeclaredAttributes>;
}

export type PractitionerWithHistory = Practitioner & { readonly statusHistory: StatusChangeRecord[] };

/**
 * Suspends or resumes a practitioner (issue 5). A suspension needs a reason and may end by
 * itself at `until`, which must be ahead; suspending a suspended practitioner updates the reason
 * and end. Resuming an active practitioner changes nothing. An inactive practitioner has left the
 * registry: only the import brings them back.
 * @throws NotFoundError, DomainError `invalid-status-change` (400) or `practitioner-inactive` (409)
 */
export async function changePractitionerStatus(deps: StatusDependencies, id: number, request: StatusRequest, by: string): Promise<PractitionerWithHistory> {
  const current = deps.practitioners.findById(id);
  if (!current) throw new NotFoundError('practitioner', id);
  if (current.status === 'inactive') {
    throw new DomainError('practitioner-inactive', `Practitioner ${id} is inactive: they are no longer in the national registry, so they can be neither suspended nor resumed.`);
  }
  const now = deps.clock();
  if (request.status === undefined && (request.reason !== undefined || request.until !== undefined)) {
    throw new DomainError('invalid-status-change', 'A reason or an end date goes with {"status": "suspended"}.');
  }
  if (request.status === 'suspended') {
    if (request.reason === undefined) throw new DomainError('invalid-status-change', 'A suspension needs a reason (say why, for the record).');
    // The contract's date-time admits forms Date cannot read (a leap second, "+01"): refused, not guessed.
    if (request.until !== undefined && Number.isNaN(Date.parse(request.until))) {
      throw new DomainError('invalid-status-change', `The suspension's end "${request.until}" is not a time this service can read; write it as 2026-12-31T00:00:00Z.`);
    }
    if (request.until !== undefined && Date.parse(request.until) <= now.getTime()) {
      throw new DomainError('invalid-status-change', `The suspension's end ${request.until} is not in the future.`);
    }
    if (request.until !== undefined && Date.parse(request.until) >= LAST_STORABLE_END) {
      throw new DomainError('invalid-status-change', `The suspension's end ${request.until} is after the year 9999 (UTC), which cannot be stored; leave "until" out for a suspension with no end.`);
    }
  } else if (request.reason !== undefined || request.until !== undefined) {
    throw new DomainError('invalid-status-change', 'Resuming takes no reason nor end date: send {"status": "active"}.');
  }
  const { status, attributes } = request;
  const changesStatus = status !== undefined && (status !== 'active' || current.status !== 'active');
  // One spelling of instants (toISOString's), so that ends compare as strings in SQL.
  const until = request.until === undefined ? null : new Date(request.until).toISOString();
  if (attributes || changesStatus) {
    const revisions = deps.statusChanges.together(() => {
      if (attributes) deps.statusChanges.setAttributes(id, attributes, by, now);
      if (changesStatus) deps.statusChanges.apply(id, { to: status, reason: request.reason ?? null, until, by, at: now });
    });
    const kind = !changesStatus ? 'attributes' : status === 'suspended' ? 'suspension' : 'resumption';
    await deps.directoryChanged({ practitionerId: id, statusBefore: current.status, revisions, cause: { kind, by, reason: request.reason ?? null } });
  }
  return withHistory(deps, id);
}

/** One practitioner with every suspension and resumption. */
export function withHistory(deps: Pick<StatusDependencies, 'practitioners' | 'statusChanges'>, id: number): PractitionerWithHistory {
  const practitioner = deps.practitioners.findById(id);
  if (!practitioner) throw new NotFoundError('practitioner', id);
  return { ...practitioner, statusHistory: deps.statusChanges.history(id) };
}

/**
 * Resumes the practitioners whose suspension has ended (run every minute by the server).
 * @returns how many were resumed
 */
export function resumeEndedSuspensions(deps: StatusDependencies): number {
  const now = deps.clock();
  const ended = deps.statusChanges.endedSuspensions(now);
  for (const id of ended) {
    const revisions = deps.statusChanges.together(() => deps.statusChanges.apply(id, { to: 'active', reason: null, until: null, by: SUSPENSION_ENDED, at: now }));
    void deps.directoryChanged({ practitionerId: id, statusBefore: 'suspended', revisions, cause: { kind: 'resumption', by: SUSPENSION_ENDED, reason: null } });
  }
  return ended.length;
}
