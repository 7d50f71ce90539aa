import { LogReplay, type Divergence, type LogRecord, type ReplayCheck } from '../domain/audit/replay.js';
import { secretsAt } from '../domain/audit/seed.js';
import { LateSeedTally } from '../domain/audit/commitment-timing.js';
import { failOnLateSeeds, type LateSeeds } from './verify-export.js';
import type { FairnessCounterRepository } from '../storage/fairness-counter-repository.js';
import type { PoolRepository } from '../storage/pool-repository.js';
import type { ReferralRepository } from '../storage/referral-repository.js';
import type { SeedPeriodRepository } from '../storage/seed-period-repository.js';
import { getReferral } from './get-referral.js';
import type { DirectoryLogRepository } from '../storage/directory-log-repository.js';
import { DirectoryHistory, type DirectoryDivergence } from '../domain/directory/directory-history.js';
import type { DirectoryLogEntry } from '../domain/directory/directory-log-entry.js';

export interface LogSource {
  readonly referrals: ReferralRepository;
  readonly pools: PoolRepository;
  readonly counters: FairnessCounterRepository;
  readonly seedPeriods: SeedPeriodRepository;
  readonly directoryLog: DirectoryLogRepository;
}

/** The directory log replayed and checked (directory-history.ts). */
export function directoryHistoryOf(directoryLog: DirectoryLogRepository): DirectoryHistory {
  const history = new DirectoryHistory();
  for (const stored of directoryLog.all()) {
    if (!history.apply(stored.entryJson, stored.hash)) break;
  }
  return history;
}

/** What the directory log says beside the replay: its length, its first divergence, and the changes nothing on record explains. */
export interface DirectoryLogSummary {
  readonly entries: number;
  readonly divergence: DirectoryDivergence | null;
  readonly unrecorded: readonly (Pick<DirectoryLogEntry, 'sequence' | 'createdAt' | 'specialty'> & { readonly sitesRemoved: number; readonly sitesAddedOrChanged: number })[];
}

export function summarizeDirectory(history: DirectoryHistory): DirectoryLogSummary {
  const { entries, divergence } = history.result;
  return {
    entries, divergence,
    unrecorded: history.unrecorded.map(({ sequence, createdAt, specialty, change }) => ({ sequence, createdAt, specialty, sitesRemoved: change.removed.length, sitesAddedOrChanged: change.upserted.length })),
  };
}

export interface LogVerification {
  readonly verified: boolean;
  /** Entries replayed without a divergence. */
  readonly entries: number;
  /** Entries whose seed and id were recomputed from their period's secret. */
  readonly seedsChecked: number;
  /** Entries whose pool was formed again from the directory state they name (format 3). */
  readonly poolsFormed: number;
  /** The directory log: its own divergence fails the verification; unrecorded changes fail it under `strict`. */
  readonly directory: DirectoryLogSummary;
  /** Stored counters and pools compared with the replay (0 when the replay stopped earlier). */
  readonly countersChecked: number;
  readonly poolsChecked: number;
  /** The newest entry's hash, to compare with one published or exported earlier. */
  readonly lastHash: string;
  /** Entries whose period was committed once it had begun, and those periods (see isCommittedLate). */
  readonly seedsNotCommittedInAdvance: LateSeeds;
  readonly divergence: Divergence | null;
}

/**
 * The whole-history audit (`audit verify`): replays every entry from empty counters, then checks
 * that the stored counters and pool totals are exactly what the log implies, so that an edited
 * counter is caught as surely as an edited entry.
 */
export function verifyLog(source: LogSource, options: { strict?: boolean } = {}): LogVerification {
  const history = directoryHistoryOf(source.directoryLog);
  const replay = new LogReplay((period) => source.seedPeriods.findSecret(period), () => false, history);
  const late = new LateSeedTally(source.seedPeriods.list().map((stored) => ({ period: stored.period, committedAt: stored.createdAt })));
  replayLog(replay, tallied(source.referrals.log(), late));
  if (options.strict === true) failOnLateSeeds(replay, late);
  let countersChecked = 0;
  let poolsChecked = 0;
  if (replay.result.divergence === null) {
    countersChecked = compareCounters(source, replay);
    if (replay.result.divergence === null) poolsChecked = comparePools(source, replay);
  }
  const { entries, seedsChecked, poolsFormed, lastHash, divergence } = replay.result;
  const directory = summarizeDirectory(history);
  const verified = divergence === null && directory.divergence === null && !(options.strict === true && directory.unrecorded.length > 0);
  return { verified, entries, seedsChecked, poolsFormed, directory, countersChecked, poolsChecked, lastHash, seedsNotCommittedInAdvance: late.summary(), divergence };
}

function* tallied(records: Iterable<LogRecord>, late: LateSeedTally): Iterable<LogRecord> {
  for (const record of records) {
    late.note(record.referral.audit.sequence, record.referral.createdAt);
    yield record;
  }
}

/**
 * Applies the stored entries in order until one diverges. An entry whose stored JSON does not
 * parse fails before the replay sees it: it is the same divergence as any other malformed entry,
 * not a crash of the audit.
 */
function replayLog(replay: LogReplay, records: Iterable<LogRecord>): void {
  try {
    for (const record of records) {
      if (!replay.apply(record)) return;
    }
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    replay.failMalformed(error);
  }
}

function compareCounters(source: LogSource, replay: LogReplay): number {
  const at = replay.result.entries;
  const seen = new Set<string>();
  let checked = 0;
  for (const stored of source.counters.all()) {
    const replayed = replay.countersOf(stored.specialty).get(stored.nationalId);
    const expected = replayed ? `offered ${replayed.offered}, ranks ${replayed.ranks.join(' ')}` : 'no counter';
    const found = `offered ${stored.offered}, ranks ${stored.ranks.join(' ')}`;
    if (!replayed || expected !== found) {
      replay.fail({ sequence: at, check: 'counters', expected: `${stored.specialty} ${stored.nationalId}: ${expected}`, found: `${stored.specialty} ${stored.nationalId}: ${found}` });
      return checked;
    }
    seen.add(`${stored.specialty} ${stored.nationalId}`);
    checked++;
  }
  for (const specialty of replay.specialties()) {
    for (const [nationalId, replayed] of replay.countersOf(specialty)) {
      if (replayed.offered > 0 && !seen.has(`${specialty} ${nationalId}`)) {
        replay.fail({ sequence: at, check: 'counters', expected: `${specialty} ${nationalId}: offered ${replayed.offered}`, found: `${specialty} ${nationalId}: no counter` });
        return checked;
      }
    }
  }
  return checked;
}

function comparePools(source: LogSource, replay: LogReplay): number {
  const at = replay.result.entries;
  const replayed = replay.pools();
  let checked = 0;
  for (const stored of source.pools.drawStates()) {
    const implied = replayed.get(stored.hash);
    const expected = implied ? `accrued ${implied.accruedUnits}, last order ${implied.lastOrder.join(' ')}` : 'accrued 0, last order none';
    const found = `accrued ${stored.accruedUnits}, last order ${stored.lastProposed?.join(' ') ?? 'none'}`;
    if (expected !== found) {
      replay.fail({ sequence: at, check: 'counters', expected: `pool ${stored.hash}: ${expected}`, found: `pool ${stored.hash}: ${found}` });
      return checked;
    }
    checked++;
  }
  return checked;
}

export interface ReferralVerification {
  readonly referralId: string;
  readonly sequence: number;
  readonly verified: boolean;
  /** The checks the entry passed, in the order they are made. */
  readonly checks: EntryCheck[];
  /** Why it is not verified: the first divergence, in this entry or an earlier one. */
  readonly divergence: Divergence | null;
}

type EntryCheck = Exclude<ReplayCheck, 'counters'>;
const ENTRY_CHECKS: readonly EntryCheck[] = ['sequence', 'previous-hash', 'hash', 'algorithm', 'pool', 'seed', 'id', 'parent', 'directory', 'selection', 'order', 'shown'];

/**
 * One referral's verification (GET /v1/referrals/{id}/verification): the counters as they stood
 * before it are recomputed from the earlier log, and its selection, order, seed and hashes are
 * checked against them. A divergence in an earlier entry is reported as the reason too: the
 * counters this referral was drawn from could not then be trusted.
 */
export function verifyReferral(source: LogSource, referralId: string): ReferralVerification {
  const referral = getReferral(source.referrals, referralId);
  const { sequence } = referral.audit;
  const replay = new LogReplay((period) => source.seedPeriods.findSecret(period), () => false, directoryHistoryOf(source.directoryLog));
  replayLog(replay, source.referrals.log(1, sequence));
  const { divergence, entries } = replay.result;
  if (divergence === null && entries !== sequence) {
    replay.fail({ sequence, check: 'sequence', expected: `entries 1 to ${sequence}`, found: `${entries} entries` });
  }
  const failed = replay.result.divergence;
  const seedKnown = secretsAt(new Date(referral.createdAt), (period) => source.seedPeriods.findSecret(period)).length > 0;
  const passed = failed === null
    ? ENTRY_CHECKS.filter((check) => (seedKnown || (check !== 'seed' && check !== 'id')) && (check !== 'parent' || referral.parentId !== undefined)
      && (check !== 'directory' || referral.audit.logFormat === 3))
    : [];
  return { referralId, sequence, verified: failed === null, checks: passed, divergence: failed };
}
