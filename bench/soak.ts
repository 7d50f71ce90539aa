/**
 * `npm run soak`: a bounded soak on loopback (issue 5). The service as in production
 * (`node dist/main.js`) on a fresh database with the sample directory answers referrals at a
 * steady rate for --minutes; a third of the way in the nightly import runs (a seeded registry
 * extract, by the CLI, in its own process), two thirds in a backup is taken. Afterwards: no
 * error, as many log entries as referrals answered 201, `audit verify` succeeds on the database
 * and on the backup. Prints the figures and writes bench/results/soak.json.
 *
 * Options: --minutes 5  --rate 50 (referrals per second)  --connections 10  --import-rows 200000
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from '../src/storage/gazetteer-file.js';
import { SERVICE_COMMAND, startNodeServer } from './processes.js';
import { benchAgentKey, referralBodies } from './referral-load.js';
import { writeRegistryExtract } from './registry-extract.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    rate: { type: 'string', default: '50' },
    connections: { type: 'string', default: '10' },
    'import-rows': { type: 'string', default: '200000' },
    out: { type: 'string', default: 'bench/results/soak.json' },
  },
});
const seconds = Math.round(Number(values.minutes) * 60);
const rate = Number(values.rate);
const WORK_DIR = 'var/soak';

/** Runs `node dist/cli/main.js …` in its own process; resolves with its exit code and output. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('exit', (code) => resolve({ code, stdout, seconds: (Date.now() - started) / 1000 }));
  });
}

async function main(): Promise<void> {
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(WORK_DIR, { recursive: true });
  mkdirSync('bench/results', { recursive: true });
  console.log('building the service (npm run build)…');
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  const gazetteer = loadGazetteer(DEFAULT_GAZETTEER_PATH);
  const extract = `${WORK_DIR}/extract.txt`;
  await writeRegistryExtract(extract, { rows: Number(values['import-rows']), seed: 20261123, gazetteer });
  const database = `${WORK_DIR}/referrals.sqlite`;
  const backup = `${WORK_DIR}/backup.sqlite`;
  const apiKey = benchAgentKey(database);
  const bodies = referralBodies(gazetteer, 20_000, 20261124);

  const server = await startNodeServer([...SERVICE_COMMAND], { DATABASE_PATH: database, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' }, '/readyz');
  console.log(`soaking for ${seconds} s at ${rate} referrals/s; import at ${Math.round(seconds / 3)} s, backup at ${Math.round((2 * seconds) / 3)} s`);
  let next = 0;
  const load = autocannon({
    // A fixed number of requests rather than a duration: autocannon then waits for every answer,
    // so that none is in flight, logged but uncounted, when the figures are compared.
    url: `${server.url}/v1/referrals`, connections: Number(values.connections), overallRate: rate, amount: rate * seconds,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] as string }) }],
  });
  const importing = new Promise<Awaited<ReturnType<typeof runCli>>>((resolve) => setTimeout(() => {
    console.log('import starts');
    void runCli(['import', extract, '--database', database, '--force', '--quiet']).then(resolve);
  }, (seconds / 3) * 1000));
  const backingUp = new Promise<Awaited<ReturnType<typeof runCli>>>((resolve) => setTimeout(() => {
    console.log('backup starts');
    void runCli(['backup', backup, '--database', database]).then(resolve);
  }, ((2 * seconds) / 3) * 1000));
  const [result, imported, backedUp] = await Promise.all([load, importing, backingUp]);
  const stopCode = await server.stop();

  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats?.count ?? 0]));
  const answered = statuses['201'] ?? 0;
  const unexpected = Object.entries(statuses).filter(([code]) => code !== '201' && code !== '404').reduce((sum, [, n]) => sum + n, 0);
  const db = new Database(database, { readonly: true });
  const entries = db.prepare('SELECT COUNT(*) FROM referrals').pluck().get() as number;
  db.close();
  const verifyDatabase = await runCli(['audit', 'verify', '--database', database]);
  const verifyBackup = await runCli(['audit', 'verify', '--database', backup]);

  const summary = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    method: { seconds, ratePerSecond: rate, connections: Number(values.connections), importRows: Number(values['import-rows']) },
    requests: result.requests.total, statuses, errors: result.errors, timeouts: result.timeouts, unexpectedStatuses: unexpected,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    logEntries: entries, answered201: answered,
    import: { exitCode: imported.code, seconds: imported.seconds },
    backup: { exitCode: backedUp.code, seconds: backedUp.seconds },
    serverStopCode: stopCode,
    auditVerify: { database: verifyDatabase.code, backup: verifyBackup.code },
  };
  const passed = summary.errors === 0 && summary.timeouts === 0 && unexpected === 0 && entries === answered
    && imported.code === 0 && backedUp.code === 0 && verifyDatabase.code === 0 && verifyBackup.code === 0;
  console.log(JSON.stringify(summary, null, 2));
  writeFileSync(values.out, `${JSON.stringify({ ...summary, passed }, null, 2)}\n`);
  console.log(passed ? 'soak passed' : 'SOAK FAILED');
  process.exitCode = passed ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
