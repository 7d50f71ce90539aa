import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVerifierKey } from '../domain/transparency/verifier-key.js';
import { runWitness } from '../use-cases/witness.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface WitnessOptions {
  readonly url: string;
  /** The log's verifier key string, taken out of band. */
  readonly key: string;
  /** The witness's own directory: the checkpoint it kept last time. */
  readonly stateDir: string;
  readonly referralId?: string;
  /** An auditor's API key, for --referral (from REFERRAL_SERVICE_API_KEY: never on the command line). */
  readonly apiKey?: string;
}

/** The only file the witness keeps: the latest consistent checkpoint, as the log signed it. */
const KEPT = 'checkpoint';

/**
 * `audit witness`: one run (cron it every minute). Exit 0 consistent; 1 a fork, a tree that
 * shrank, a bad signature or a bad proof, both checkpoints named; 2 nothing concluded (the log
 * unreachable, a referral not in a checkpoint yet, wrong arguments).
 */
export async function auditWitness(options: WitnessOptions, out: (line: string) => void, err: (line: string) => void): Promise<ExitCode> {
  const key = parseVerifierKey(options.key);
  const base = new URL(options.url);
  if (options.referralId !== undefined && options.apiKey === undefined) throw new Error('--referral needs an auditor key in REFERRAL_SERVICE_API_KEY.');
  mkdirSync(options.stateDir, { recursive: true });
  const keptPath = join(options.stateDir, KEPT);
  const report = await runWitness({
    key,
    kept: existsSync(keptPath) ? readFileSync(keptPath, 'utf8') : undefined,
    keep(note) {
      // Written whole or not at all: a run cut short never leaves half a checkpoint.
      writeFileSync(`${keptPath}.new`, note);
      renameSync(`${keptPath}.new`, keptPath);
    },
    ...(options.referralId !== undefined && { referralId: options.referralId }),
    async get(path, authorized) {
      try {
        const res = await fetch(new URL(path, base), { headers: authorized && options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {} });
        return { status: res.status, body: await res.text() };
      } catch (error) {
        return { status: 0, body: error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error) };
      }
    },
  });
  const write = report.outcome === 'consistent' ? out : err;
  for (const line of report.lines) write(line);
  return report.outcome === 'consistent' ? EXIT.ok : report.outcome === 'failed' ? EXIT.diverged : EXIT.usage;
}
