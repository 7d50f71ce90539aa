import { FILTER_CUTS, fairnessReport, matchesFilter, type FairnessReport, type FilterCut, type ReportFilter } from '../domain/audit/fairness-report.js';
import type { LogRecord } from '../domain/audit/replay.js';
import { periodOf } from '../domain/audit/seed.js';
import { InvalidQueryError } from '../domain/errors.js';
import { findSpecialty } from '../domain/specialties/find-specialty.js';
import type { PractitionerRepository } from '../storage/practitioner-repository.js';
import { verifyLog, type LogSource, type LogVerification } from './verify-log.js';

export type FairnessReportWithChain = FairnessReport & {
  readonly chain: Pick<LogVerification, 'verified' | 'entries' | 'lastHash' | 'seedsNotCommittedInAdvance' | 'divergence'>;
};

/** The log, and the directory that names everyone in the report, proposed or not. */
export type ReportSource = LogSource & { readonly practitioners: Pick<PractitionerRepository, 'namesOf'> };

/**
 * The fairness report of a period (DESIGN §5), with the verification of the whole chain: figures
 * drawn from a log that does not replay would mean nothing. A caller that has just verified the
 * log passes its verification instead of having it replayed again.
 */
export function buildFairnessReport(source: ReportSource, filter: ReportFilter, verification: LogVerification = verifyLog(source)): FairnessReportWithChain {
  // The first pass only counts, so that the timeline is sampled evenly with a fixed number of
  // scans of every counter; holding the period's entries in memory instead would not scale.
  let inPeriod = 0;
  for (const record of source.referrals.log()) if (matchesFilter(record.referral, filter)) inPeriod++;
  const report = fairnessReport(filtered(source.referrals.log(), filter), filter, inPeriod, (ids) => source.practitioners.namesOf(ids));
  const { verified, entries, lastHash, seedsNotCommittedInAdvance, divergence } = verification;
  return { ...report, chain: { verified, entries, lastHash, seedsNotCommittedInAdvance, divergence } };
}

function* filtered(records: Iterable<LogRecord>, filter: ReportFilter): Iterable<LogRecord> {
  for (const record of records) if (matchesFilter(record.referral, filter)) yield record;
}

export interface ReportQuery {
  readonly from?: string;
  readonly to?: string;
  readonly specialty?: string;
  readonly department?: string;
  readonly filtered?: string;
}

/**
 * The report's filter from what a caller asked: today by default, `to` defaulting to `from`, the
 * specialty by code, label or synonym. @throws UnknownSpecialtyError, InvalidQueryError
 */
export function reportFilter(query: ReportQuery, now: Date): ReportFilter {
  const from = query.from ?? periodOf(now);
  const to = query.to ?? from;
  for (const day of [from, to]) {
    if (!isCalendarDay(day)) throw new InvalidQueryError(`"${day}" is not a day of the calendar written YYYY-MM-DD.`);
  }
  if (query.department !== undefined && !/^(\d{2}|2A|2B|97[1-6])$/.test(query.department)) {
    throw new InvalidQueryError(`"${query.department}" is not a department code (01 to 95, 2A, 2B, 971 to 976).`);
  }
  if (to < from) throw new InvalidQueryError(`The period ends (${to}) before it starts (${from}).`);
  return {
    from,
    to,
    specialty: query.specialty === undefined ? null : findSpecialty(query.specialty).code,
    department: query.department ?? null,
    filtered: query.filtered === undefined ? null : toCut(query.filtered),
  };
}

function toCut(value: string): FilterCut {
  const cut = FILTER_CUTS.find((candidate) => candidate === value);
  if (cut === undefined) throw new InvalidQueryError(`"${value}" is not one of ${FILTER_CUTS.join(', ')}.`);
  return cut;
}

/** YYYY-MM-DD naming a day that exists: Date.parse would take 2026-02-30 for 2 March. */
function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}
