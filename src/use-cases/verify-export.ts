import { createHash } from 'node:crypto';
import { LogReplay, type Divergence, type LogRecord } from '../domain/audit/replay.js';

/** A period as /v1/audit/commitments publishes it (only the fields the verifier needs). */
export interface Commitment {
  readonly period: string;
  readonly commitment: string;
  readonly secret: string | null;
}

export interface ExportVerification {
  readonly verified: boolean;
  readonly entries: number;
  /** Entries whose seed and id were recomputed from a revealed secret. */
  readonly seedsChecked: number;
  /** Periods whose secret was revealed and matched its commitment. */
  readonly secretsChecked: number;
  readonly lastHash: string;
  readonly divergence: Divergence | null;
}

/**
 * What an outside auditor runs: an export (NDJSON, from sequence 1) and the published commitments
 * are enough to replay every referral, with no access to the service. A revealed secret that does
 * not hash to its commitment is itself a divergence: the seeds could have been chosen after the fact.
 */
export async function verifyExport(lines: AsyncIterable<string>, commitments: readonly Commitment[]): Promise<ExportVerification> {
  const secrets = new Map<string, Buffer>();
  let secretsChecked = 0;
  for (const { period, commitment, secret } of commitments) {
    if (secret === null) continue;
    const revealed = Buffer.from(secret, 'hex');
    const hashed = createHash('sha256').update(revealed).digest('hex');
    if (hashed !== commitment) {
      return { verified: false, entries: 0, seedsChecked: 0, secretsChecked, lastHash: '', divergence: { sequence: 0, check: 'seed', expected: `secret of ${period} hashing to ${commitment}`, found: `a secret hashing to ${hashed}` } };
    }
    secrets.set(period, revealed);
    secretsChecked++;
  }
  const replay = new LogReplay((period) => secrets.get(period));
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    try {
      if (!replay.apply(JSON.parse(line) as LogRecord)) break;
    } catch (error) {
      const reason = error instanceof SyntaxError ? 'not JSON' : 'not a log entry';
      replay.fail({ sequence: replay.result.entries + 1, check: 'sequence', expected: 'a log entry as /v1/audit/log exports it', found: `line ${lineNumber}: ${reason}` });
      break;
    }
  }
  const { entries, seedsChecked, lastHash, divergence } = replay.result;
  return { verified: divergence === null, entries, seedsChecked, secretsChecked, lastHash, divergence };
}
