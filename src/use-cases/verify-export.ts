import { createHash } from 'node:crypto';
import { LogReplay, type Divergence, type LogRecord } from '../domain/audit/replay.js';
import { periodOf } from '../domain/audit/seed.js';
import { LateSeedTally } from '../domain/audit/commitment-timing.js';
import { commitmentNoteProblem } from '../domain/audit/commitment-note.js';
import type { VerifierKey } from '../domain/transparency/verifier-key.js';
import { DirectoryHistory } from '../domain/directory/directory-history.js';
import { summarizeDirectory, type DirectoryLogSummary } from './verify-log.js';

/** A period as /v1/audit/commitments publishes it (only the fields the verifier needs). */
export interface Commitment {
  readonly period: string;
  readonly commitment: string;
  readonly secret: string | null;
  /** When it was made: absent from files saved before it was published. */
  readonly committedAt?: string;
  readonly startsAt?: string;
  /** The commitment signed by the log's key: absent from files saved before it was published. */
  readonly signedNote?: string;
}

export interface ExportVerification {
  readonly verified: boolean;
  readonly entries: number;
  /** Entries whose seed and id were recomputed from a revealed secret. */
  readonly seedsChecked: number;
  /** Periods whose secret was revealed and matched its commitment. */
  readonly secretsChecked: number;
  /** Commitments whose signed note was checked against the verifier key (0 without a key). */
  readonly commitmentsSigned: number;
  readonly lastHash: string;
  /** Entries whose period was committed once it had begun, and those periods (see isCommittedLate). */
  readonly seedsNotCommittedInAdvance: LateSeeds;
  /** Format-3 entries whose pool was formed again from the directory log, and those that were not (no directory log given). */
  readonly poolsFormed: number;
  readonly poolsNotFormed: number;
  /** The directory log given with --directory, or null without one. */
  readonly directory: DirectoryLogSummary | null;
  readonly divergence: Divergence | null;
}

export interface LateSeeds {
  readonly entries: number;
  readonly periods: string[];
}

/**
 * What an outside auditor runs: an export (NDJSON, from sequence 1) and the published commitments
 * are enough to replay every referral, with no access to the service. A revealed secret that does
 * not hash to its commitment is itself a divergence: the seeds could have been chosen after the fact.
 */
export async function verifyExport(
  lines: AsyncIterable<string>, commitments: readonly Commitment[], options: { strict?: boolean; key?: VerifierKey; directoryLines?: AsyncIterable<string> } = {},
): Promise<ExportVerification> {
  const late = new LateSeedTally(commitments.flatMap((c) => (c.committedAt === undefined ? [] : [{ period: c.period, committedAt: c.committedAt }])));
  const none = { seedsNotCommittedInAdvance: late.summary(), poolsFormed: 0, poolsNotFormed: 0, directory: null };
  let commitmentsSigned = 0;
  if (options.key !== undefined) {
    for (const c of commitments) {
      const problem = c.signedNote === undefined || c.startsAt === undefined || c.committedAt === undefined
        ? 'it carries no signed note'
        : commitmentNoteProblem(c.signedNote, { period: c.period, startsAt: c.startsAt, commitment: c.commitment, committedAt: c.committedAt }, options.key);
      if (problem !== null) {
        return { verified: false, entries: 0, seedsChecked: 0, secretsChecked: 0, commitmentsSigned, lastHash: '', ...none, divergence: { sequence: 0, check: 'seed', expected: `the commitment of ${c.period} signed by ${options.key.name}`, found: problem } };
      }
      commitmentsSigned++;
    }
  }
  const secrets = new Map<string, Buffer>();
  const unrevealed = new Set<string>();
  let secretsChecked = 0;
  for (const { period, commitment, secret } of commitments) {
    if (secrets.has(period) || unrevealed.has(period)) {
      return { verified: false, entries: 0, seedsChecked: 0, secretsChecked, commitmentsSigned, lastHash: '', ...none, divergence: { sequence: 0, check: 'seed', expected: `one commitment for ${period}`, found: 'two' } };
    }
    if (secret === null) {
      unrevealed.add(period);
      continue;
    }
    const revealed = Buffer.from(String(secret), 'hex');
    const hashed = createHash('sha256').update(revealed).digest('hex');
    if (hashed !== commitment) {
      return { verified: false, entries: 0, seedsChecked: 0, secretsChecked, commitmentsSigned, lastHash: '', ...none, divergence: { sequence: 0, check: 'seed', expected: `secret of ${period} hashing to ${commitment}`, found: `a secret hashing to ${hashed}` } };
    }
    secrets.set(period, revealed);
    secretsChecked++;
  }
  // Entries of a committed period that has not ended keep their logged seed; any other entry
  // without a revealed secret is a divergence.
  const history = options.directoryLines === undefined ? null : await readDirectoryLog(options.directoryLines);
  const replay = new LogReplay((period) => secrets.get(period), (moment) => unrevealed.has(periodOf(moment, 'day')) || unrevealed.has(periodOf(moment, 'hour')), history);
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      replay.fail({ sequence: replay.result.entries + 1, check: 'hash', expected: 'a log entry as /v1/audit/log exports it', found: `line ${lineNumber}: not JSON` });
      break;
    }
    if (!replay.apply(record)) break;
    late.note(record.referral.audit.sequence, record.referral.createdAt);
  }
  if (options.strict === true) failOnLateSeeds(replay, late);
  const { entries, seedsChecked, poolsFormed, poolsNotFormed, lastHash, divergence } = replay.result;
  const directory = history === null ? null : summarizeDirectory(history);
  // --strict: every pool formed again, and no change to the directory that nothing on record explains.
  const strictFailure = options.strict === true && (poolsNotFormed > 0 || (directory?.unrecorded.length ?? 0) > 0);
  const verified = divergence === null && directory?.divergence == null && !strictFailure;
  return { verified, entries, seedsChecked, secretsChecked, commitmentsSigned, lastHash, seedsNotCommittedInAdvance: late.summary(), poolsFormed, poolsNotFormed, directory, divergence };
}

/** The directory log as /v1/audit/directory-log exports it, one canonical entry per line, replayed and checked. */
async function readDirectoryLog(lines: AsyncIterable<string>): Promise<DirectoryHistory> {
  const history = new DirectoryHistory();
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (!history.apply(line)) break;
  }
  return history;
}

/** `--strict`: a seed not committed in advance is a failure, at the first such entry. */
export function failOnLateSeeds(replay: LogReplay, late: LateSeedTally): void {
  if (replay.result.divergence !== null || late.firstSequence === null) return;
  replay.fail({ sequence: late.firstSequence, check: 'seed', expected: 'a seed committed before its period began', found: `seed not committed in advance: period ${late.periods[0]} was committed after it began` });
}
