import type { LogRecord } from '../domain/audit/replay.js';
import type { ReferralRepository } from '../storage/referral-repository.js';

/** One page of the NDJSON export (GET /v1/audit/log). */
export interface ExportPage {
  readonly shown: LogRecord[];
  /** The `after` of the next page when more entries follow, gaps or not; null at the end. */
  readonly next: number | null;
  /** The missing sequence numbers between `after` and the last entry shown, as `first-last` ranges. */
  readonly gaps: string[];
}

/**
 * The entries after `after`, at most `limit`, found by sequence order rather than by a range of
 * sequence numbers: a gap in the log neither ends the export early nor goes unsaid. One more
 * than asked is read to tell whether a next page exists without counting the log.
 */
export function exportPage(referrals: ReferralRepository, after: number, limit: number): ExportPage {
  const page = referrals.page(after, limit + 1);
  const shown = page.slice(0, limit);
  const gaps: string[] = [];
  let previous = after;
  for (const { referral } of shown) {
    const { sequence } = referral.audit;
    if (sequence > previous + 1) gaps.push(`${previous + 1}-${sequence - 1}`);
    previous = sequence;
  }
  return { shown, next: page.length > limit ? previous : null, gaps };
}
