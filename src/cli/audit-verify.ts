import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { openLogSource } from '../compose.js';
import { verifyExport, type Commitment, type ExportVerification } from '../use-cases/verify-export.js';
import { verifyLog, type LogVerification } from '../use-cases/verify-log.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { parseVerifierKey, type VerifierKey } from '../domain/transparency/verifier-key.js';

export interface AuditVerifyOptions {
  readonly databasePath: string;
  readonly json: boolean;
  /** An NDJSON export of /v1/audit/log to verify instead of the database. */
  readonly exportPath?: string;
  /** The JSON of /v1/audit/commitments, whose revealed secrets check the export's seeds. */
  readonly commitmentsPath?: string;
  /** Seeds not committed in advance fail the verification instead of being reported. */
  readonly strict?: boolean;
  /** The log's verifier key (GET /v1/audit/key): every commitment's signed note is checked with it. */
  readonly verifierKey?: string;
  /** An NDJSON export of /v1/audit/directory-log, from which every pool of the export is formed again. */
  readonly directoryPath?: string;
}

/** `audit verify`: replays the whole log from empty counters; exit 0 when it all checks out, 1 at the first divergence. */
export async function auditVerify(options: AuditVerifyOptions, out: (line: string) => void): Promise<ExitCode> {
  if (options.exportPath !== undefined) {
    const key = options.verifierKey === undefined ? undefined : parseVerifierKey(options.verifierKey);
    const report = await verifyExportFile(options.exportPath, options.commitmentsPath, {
      strict: options.strict === true, ...(key !== undefined && { key }), ...(options.directoryPath !== undefined && { directoryPath: options.directoryPath }),
    });
    out(options.json ? JSON.stringify(report, null, 2) : describe(report));
    return report.verified ? EXIT.ok : EXIT.diverged;
  }
  const source = openLogSource(options.databasePath);
  try {
    const report = verifyLog(source, { strict: options.strict === true });
    out(options.json ? JSON.stringify(report, null, 2) : describe(report));
    return report.verified ? EXIT.ok : EXIT.diverged;
  } finally {
    source.close();
  }
}

function verifyExportFile(exportPath: string, commitmentsPath: string | undefined, options: { strict: boolean; key?: VerifierKey; directoryPath?: string }): Promise<ExportVerification> {
  if (!existsSync(exportPath)) throw new Error(`No export at ${exportPath}.`);
  if (options.directoryPath !== undefined && !existsSync(options.directoryPath)) throw new Error(`No directory log at ${options.directoryPath}.`);
  const commitments = commitmentsPath === undefined ? [] : readCommitments(commitmentsPath);
  // Opened when first read: a line read before anything iterates would be lost.
  async function* lines(path: string): AsyncIterable<string> {
    yield* createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  }
  const { directoryPath, ...rest } = options;
  return verifyExport(lines(exportPath), commitments, { ...rest, ...(directoryPath !== undefined && { directoryLines: lines(directoryPath) }) });
}

/** The body of /v1/audit/commitments as saved, or just its items. */
function readCommitments(path: string): Commitment[] {
  if (!existsSync(path)) throw new Error(`No commitments file at ${path}.`);
  const notCommitments = `${path} is not the JSON of /v1/audit/commitments`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${notCommitments}: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items;
  // A malformed item is the auditor's file at fault, not a divergence of the log.
  if (!Array.isArray(items) || !items.every(isCommitment)) throw new Error(`${notCommitments} (items of period, commitment and secret).`);
  return items;
}

function isCommitment(item: unknown): item is Commitment {
  const { period, commitment, secret, committedAt, startsAt, signedNote } = (item ?? {}) as Record<string, unknown>;
  const isTime = (value: unknown) => value === undefined || (typeof value === 'string' && !Number.isNaN(Date.parse(value)));
  return typeof period === 'string' && typeof commitment === 'string' && (secret === null || typeof secret === 'string')
    && isTime(committedAt) && isTime(startsAt) && (signedNote === undefined || typeof signedNote === 'string');
}

function describe(report: LogVerification | ExportVerification): string {
  const directory = describeDirectory(report);
  if (report.divergence === null && report.verified) {
    const checked = 'countersChecked' in report
      ? `counters checked: ${report.countersChecked}; pools checked: ${report.poolsChecked}.`
      : `revealed secrets matching their commitment: ${report.secretsChecked}; commitments whose signature was checked: ${report.commitmentsSigned}${report.commitmentsSigned === 0 ? ' (give --key VERIFIER to check them)' : ''}; entries of periods not yet revealed keep their logged seed.`;
    const { seedsNotCommittedInAdvance: late } = report;
    return [
      `verified: ${report.entries} entries replayed from empty counters; every selection, order and hash recomputed.`,
      `seeds recomputed from their period secret: ${report.seedsChecked}; ${checked}`,
      ...(late.entries === 0 ? [] : [`seed not committed in advance: ${late.entries} entries, of periods committed after they began (${late.periods.join(', ')}); --strict makes this a failure.`]),
      ...directory,
      `newest hash: ${report.lastHash}`,
    ].join('\n');
  }
  // The directory log's own failure first: a referral naming a state it cannot give follows from it.
  const directoryFailure = report.directory?.divergence ?? null;
  const first = directoryFailure === null ? [] : [
    `NOT VERIFIED: the directory log diverges at its entry ${directoryFailure.sequence} (check: ${directoryFailure.check}).`,
    `  expected: ${directoryFailure.expected}`,
    `  found:    ${directoryFailure.found}`,
  ];
  if (report.divergence === null) {
    return [...(first.length > 0 ? first : ['NOT VERIFIED: every entry replays, but:']), ...directory, `${report.entries} entries replayed.`].join('\n');
  }
  const { sequence, check, expected, found } = report.divergence;
  // A check made once every entry was replayed (counters, --strict) fails at an entry already counted.
  const replayedAll = sequence <= report.entries;
  return [
    ...first,
    `${first.length > 0 ? 'And' : 'NOT VERIFIED:'} the referral log diverges at entry ${sequence} (check: ${check}).`,
    `  expected: ${expected}`,
    `  found:    ${found}`,
    replayedAll ? `${report.entries} entries replayed; this check, made on them, fails.` : `${report.entries} entries before it replayed without divergence.`,
    // Whatever else was found is said too: a first failure must not hide the others.
    ...directory.filter((line) => !line.startsWith('the directory log diverges')),
  ].join('\n');
}

/** What the report says of pools formed again and of the directory log. */
function describeDirectory(report: LogVerification | ExportVerification): string[] {
  const lines = [`pools formed again from the directory log: ${report.poolsFormed}.`];
  if ('poolsNotFormed' in report && report.poolsNotFormed > 0) {
    lines.push(`pools not formed again: ${report.poolsNotFormed} entries (give --directory, the export of GET /v1/audit/directory-log); --strict makes this a failure.`);
  }
  const { directory } = report;
  if (directory === null) return lines;
  if (directory.divergence !== null) {
    const { sequence, check, expected, found } = directory.divergence;
    lines.push(`the directory log diverges at its entry ${sequence} (check: ${check}): expected ${expected}, found ${found}.`);
  }
  if (directory.unrecorded.length > 0) {
    lines.push(`directory changes nothing on record explains (noticed by the service at the time given; --strict makes them a failure): ${directory.unrecorded.length}`);
    for (const entry of directory.unrecorded) {
      lines.push(`  directory log entry ${entry.sequence} (${entry.specialty}, ${entry.createdAt}): ${entry.sitesRemoved} sites removed, ${entry.sitesAddedOrChanged} added or changed.`);
    }
  }
  lines.push(`directory log: ${directory.entries} entries.`);
  return lines;
}
