import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { removeDatabaseFiles } from '../src/storage/database.js';
import type { Gazetteer } from '../src/domain/geo/gazetteer.js';
import { SERVICE_COMMAND, startNodeServer } from './processes.js';
import { benchAgentKey, driveLoad, type LoadResult } from './referral-load.js';
import { writeRegistryExtract } from './registry-extract.js';

export interface ImportRunFigures {
  readonly wallSeconds: number;
  readonly rowsPerSecond: number;
  readonly peakMemoryMB: number;
  readonly exitCode: number | null;
  readonly counts: Record<string, number> | null;
}

export interface ImportBenchResult {
  readonly rows: number;
  readonly fileMB: number;
  readonly firstImport: ImportRunFigures;
  readonly unchangedReimport: ImportRunFigures;
  readonly changedReimport: ImportRunFigures & { readonly changedShare: number };
  /** Referrals sent to a running server throughout the changed re-import and the index rebuild that follows. */
  readonly referralsDuringImport: LoadResult;
}

export interface ImportBenchOptions {
  readonly workDir: string;
  readonly rows: number;
  readonly seed: number;
  readonly connections: number;
  readonly gazetteer: Gazetteer;
  readonly bodies: readonly string[];
  readonly fresh: boolean;
}

const CHANGED_SHARE = 0.01;

/**
 * The nightly import at national size (DESIGN §8): a seeded extract of `rows` rows in the
 * registry layout imported into an empty database, then again unchanged, then the next day's
 * file (1% of people changed) while a server answers referrals on the same database. Each import
 * runs as the nightly job would, `node dist/cli/main.js import`, in its own process.
 */
export async function runImportBench(options: ImportBenchOptions): Promise<ImportBenchResult> {
  const dayOne = `${options.workDir}/extract-${options.rows}-day1.txt`;
  const dayTwo = `${options.workDir}/extract-${options.rows}-day2.txt`;
  if (options.fresh || !existsSync(dayOne)) await writeRegistryExtract(dayOne, { rows: options.rows, seed: options.seed, gazetteer: options.gazetteer });
  if (options.fresh || !existsSync(dayTwo)) {
    await writeRegistryExtract(dayTwo, { rows: options.rows, seed: options.seed, gazetteer: options.gazetteer, changedShare: CHANGED_SHARE });
  }
  const database = `${options.workDir}/import-${options.rows}.sqlite`;
  removeDatabase(database);

  const firstImport = await timedImport(dayOne, database, options.rows);
  report('first import into an empty database', firstImport);
  const unchangedReimport = await timedImport(dayOne, database, options.rows);
  report('re-import of the same file', unchangedReimport);

  const served = `${options.workDir}/import-${options.rows}-served.sqlite`;
  removeDatabase(served);
  copyFileSync(database, served);
  const env = { DATABASE_PATH: served, SAMPLE_DIRECTORY_PATH: '', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' };
  const apiKey = benchAgentKey(served);
  const server = await startNodeServer([...SERVICE_COMMAND], env, '/healthz');
  try {
    await driveLoad(`${server.url}/v1/referrals`, options.bodies, options.connections, 3, apiKey);
    // The load outlasts the import by a margin that covers the server's index rebuild after it.
    const expectedSeconds = Math.ceil(unchangedReimport.wallSeconds * 1.5) + 40;
    const load = driveLoad(`${server.url}/v1/referrals`, options.bodies, options.connections, expectedSeconds, apiKey);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const changedReimport = { ...(await timedImport(dayTwo, served, options.rows)), changedShare: CHANGED_SHARE };
    report('re-import of the next day (1% changed), serving', changedReimport);
    const referralsDuringImport = await load;
    console.log(`referrals meanwhile: ${referralsDuringImport.requests} answered, longest ${referralsDuringImport.maxMs} ms, p99 ${referralsDuringImport.p99Ms} ms, by status ${JSON.stringify(referralsDuringImport.statusCodes)}, errors ${referralsDuringImport.errors}`);
    return {
      rows: options.rows, fileMB: Math.round(statSync(dayOne).size / 1e6),
      firstImport, unchangedReimport, changedReimport, referralsDuringImport,
    };
  } finally {
    await server.stop();
  }
}

/** Runs the CLI import, sampling its peak resident memory (VmHWM) from /proc while it runs. */
async function timedImport(file: string, database: string, rows: number): Promise<ImportRunFigures> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['dist/cli/main.js', 'import', file, '--database', database, '--json', '--force', '--quiet'], {
    env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let peakKB = 0;
  const sampler = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKB = Math.max(peakKB, Number(match[1]));
    } catch {
      // The process has just ended.
    }
  }, 20);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const run = output.trim() === '' ? null : (JSON.parse(output) as { counts: Record<string, number> | null });
  return { wallSeconds, rowsPerSecond: rows / wallSeconds, peakMemoryMB: Math.round(peakKB / 1024), exitCode, counts: run?.counts ?? null };
}

function report(label: string, figures: ImportRunFigures): void {
  console.log(`${label.padEnd(48)} ${figures.wallSeconds.toFixed(1).padStart(6)} s  ${Math.round(figures.rowsPerSecond).toLocaleString('en').padStart(8)} rows/s  peak ${figures.peakMemoryMB} MB  exit ${figures.exitCode}`);
}

/** A database and what lives beside it: a server's signing key and last signed checkpoint go with it, or the next run is refused as a rollback. */
function removeDatabase(path: string): void {
  removeDatabaseFiles(path);
  removeDatabaseFiles(`${path}.import-staging`);
  for (const beside of [`${path}.log-key`, `${path}.log-key.checkpoint`]) rmSync(beside, { force: true });
}
