/**
 * `npm run bench`: the referral endpoint under load beside an Express hello-world, on seeded
 * directories of 100,000 and 1,000,000 practitioners, each server started as in production
 * (SERVICE_COMMAND, as `npm start` does) in its own process; then the log writer's serial
 * section alone (bench/writer-bench.ts); then the nightly import of a seeded 1,000,000-row
 * registry extract (bench/import-bench.ts); then the advisor's place search in-process
 * (bench/place-search-bench.ts); then status changes (PATCH of a practitioner) while referrals
 * run (bench/status-change-bench.ts). Prints tables and writes bench/results/referrals.json,
 * writer.json, imports.json, places.json and status-changes.json.
 *
 * Besides throughput at saturation, each server is driven at a fixed rate (--rate, 1,000 requests
 * per second) to measure its CPU time per request: a figure that depends far less than
 * throughput on what else the shared host is running.
 *
 * Options: --sizes 100000,1000000  --duration 15  --connections 10  --rate 1000  --synchronous FULL|NORMAL
 *          --import-rows 1000000  --changes 200  --status-rate 50  --tlog-entries 100000
 *          --only referrals|writer|imports|places|status|transparency
 *          --fresh (rebuild the directories and extracts)  --out bench/results/referrals.json
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { removeDatabaseFiles } from '../src/storage/database.js';
import { loadGazetteer, DEFAULT_GAZETTEER_PATH } from '../src/storage/gazetteer-file.js';
import { MAX_BATCH } from '../src/storage/group-commit.js';
import { buildBenchDirectory } from './bench-directory.js';
import { cpuMillis, SERVICE_COMMAND, startNodeServer } from './processes.js';
import type { Gazetteer } from '../src/domain/geo/gazetteer.js';
import { runImportBench } from './import-bench.js';
import { runWriterBench } from './writer-bench.js';
import { runStatusChangeBench } from './status-change-bench.js';
import { runPlaceSearchBench } from './place-search-bench.js';
import { runTransparencyBench } from './transparency-bench.js';
import { benchAgentKey, driveLoad, referralBodies, type LoadResult } from './referral-load.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '10' },
    rate: { type: 'string', default: '1000' },
    fresh: { type: 'boolean', default: false },
    synchronous: { type: 'string', default: 'FULL' },
    out: { type: 'string', default: 'bench/results/referrals.json' },
    'import-rows': { type: 'string', default: '1000000' },
    'imports-out': { type: 'string', default: 'bench/results/imports.json' },
    'writer-out': { type: 'string', default: 'bench/results/writer.json' },
    'places-out': { type: 'string', default: 'bench/results/places.json' },
    changes: { type: 'string', default: '200' },
    'status-rate': { type: 'string', default: '50' },
    'status-out': { type: 'string', default: 'bench/results/status-changes.json' },
    only: { type: 'string' },
    'tlog-entries': { type: 'string', default: '100000' },
    'transparency-out': { type: 'string', default: 'bench/results/transparency.json' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const duration = Number(values.duration);
const connections = Number(values.connections);
const fixedRate = Number(values.rate);
const WORK_DIR = 'var/bench';
const WARM_UP_SECONDS = 3;

/** A measurement at saturation, then at the fixed rate: the server's CPU per request and its latency there. */
type Measured = LoadResult & {
  readonly atFixedRate: {
    readonly ratePerSecond: number;
    /** What the server answered: below ratePerSecond when it could not keep up. */
    readonly requestsPerSecond: number;
    readonly cpuMicrosPerRequest?: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly non2xx: number;
    readonly errors: number;
  };
};

async function measure(label: string, start: () => ReturnType<typeof startNodeServer>, path: string, bodies: string[], apiKey: string): Promise<Measured> {
  const server = await start();
  const url = `${server.url}${path}`;
  try {
    await driveLoad(url, bodies, connections, WARM_UP_SECONDS, apiKey);
    const result = await driveLoad(url, bodies, connections, duration, apiKey);
    const cpuBefore = cpuMillis(server.child.pid as number);
    const paced = await driveLoad(url, bodies, connections, duration, apiKey, fixedRate);
    const cpuAfter = cpuMillis(server.child.pid as number);
    const cpuMicrosPerRequest = cpuBefore === undefined || cpuAfter === undefined ? undefined : Math.round(((cpuAfter - cpuBefore) * 1000) / paced.requests);
    console.log(`${label.padEnd(34)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  non-2xx ${result.non2xx}  errors ${result.errors}` +
      `  | at ${fixedRate}/s: ${paced.requestsPerSecond.toFixed(0)} answered per s, ${cpuMicrosPerRequest ?? '?'} µs CPU per request, p50 ${paced.p50Ms} ms, p99 ${paced.p99Ms} ms, non-2xx ${paced.non2xx}, errors ${paced.errors}`);
    return {
      ...result,
      atFixedRate: {
        ratePerSecond: fixedRate, requestsPerSecond: paced.requestsPerSecond, ...(cpuMicrosPerRequest !== undefined && { cpuMicrosPerRequest }),
        p50Ms: paced.p50Ms, p99Ms: paced.p99Ms, non2xx: paced.non2xx, errors: paced.errors,
      },
    };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  mkdirSync(WORK_DIR, { recursive: true });
  mkdirSync('bench/results', { recursive: true });
  console.log('building the service (npm run build)…');
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  const gazetteer = loadGazetteer(DEFAULT_GAZETTEER_PATH);
  const bodies = referralBodies(gazetteer, 20_000, 20261123);
  const parts = values.only === undefined ? ['referrals', 'writer', 'imports', 'places', 'status', 'transparency'] : [values.only];
  if (!parts.every((part) => ['referrals', 'writer', 'imports', 'places', 'status', 'transparency'].includes(part))) {
    throw new Error(`--only takes referrals, writer, imports, places, status or transparency, not "${values.only}"`);
  }
  if (parts.includes('places')) benchPlaces();
  if (parts.includes('referrals')) await benchReferrals(gazetteer, bodies);
  if (parts.includes('writer')) await benchWriter(gazetteer, bodies);
  if (parts.includes('imports')) await benchImports(gazetteer, bodies);
  if (parts.includes('status')) await benchStatusChanges(gazetteer, bodies);
  if (parts.includes('transparency')) await benchTransparency();
}

/** The Merkle tree and checkpoints over a log of --tlog-entries real referrals (bench/transparency-bench.ts). */
async function benchTransparency(): Promise<void> {
  const entries = Number(values['tlog-entries']);
  console.log(`\nthe transparency log over ${entries.toLocaleString('en')} referrals`);
  const result = await runTransparencyBench({ workDir: WORK_DIR, entries, fresh: values.fresh });
  console.log(`whole log into the tree: ${result.wholeLog.seconds} s in ${result.wholeLog.batches} transactions of up to ${result.treeBatch} leaves (longest ${result.wholeLog.maxBatchMs} ms, mean ${result.wholeLog.meanBatchMs} ms)`);
  console.log(`steady state: ${result.steady.entries} new entries into the tree in ${result.steady.extendMs} ms, checkpoint signed in ${result.steady.signMs} ms`);
  console.log(`inclusion proof p50 ${result.inclusionProof.p50Micros} µs, p99 ${result.inclusionProof.p99Micros} µs; consistency proof p50 ${result.consistencyProof.p50Micros} µs, p99 ${result.consistencyProof.p99Micros} µs`);
  writeFileSync(values['transparency-out'], `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: machine(), ...result }, null, 2)}\n`);
  console.log(`written to ${values['transparency-out']}`);
}

const builtThisRun = new Set<number>();

/** The seeded directory of `size` practitioners, built when missing (and once per run with --fresh). */
function pristineDirectory(size: number, gazetteer: Gazetteer): string {
  const path = `${WORK_DIR}/directory-${size}.sqlite`;
  if ((values.fresh && !builtThisRun.has(size)) || !existsSync(path)) {
    const started = Date.now();
    buildBenchDirectory(path, size, gazetteer);
    builtThisRun.add(size);
    console.log(`built ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return path;
}

/** The writer's serial section alone (bench/writer-bench.ts), on each directory, under FULL and NORMAL. */
async function benchWriter(gazetteer: Gazetteer, bodies: string[]): Promise<void> {
  console.log(`\nthe log writer alone: forming pools, then drawing, logging and committing in batches of ${MAX_BATCH}`);
  const results = [];
  for (const size of sizes) {
    const directoryPath = pristineDirectory(size, gazetteer);
    for (const synchronous of ['FULL', 'NORMAL'] as const) {
      const result = await runWriterBench({ directoryPath, workPath: `${WORK_DIR}/writer-${size}.sqlite`, gazetteer, bodies: bodies.slice(0, 10_000), batchSize: MAX_BATCH, synchronous });
      console.log(`${size.toLocaleString('en').padStart(9)} practitioners, ${synchronous.padEnd(6)}  forming ${result.formMicrosPerReferral} µs, writing ${result.writeMicrosPerReferral} µs per referral (${result.referrals} referrals, mean pool ${result.meanPoolSize})`);
      results.push({ size, ...result });
    }
  }
  writeFileSync(values['writer-out'], `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: machine(), results }, null, 2)}\n`);
  console.log(`written to ${values['writer-out']}`);
}

async function benchImports(gazetteer: Gazetteer, bodies: string[]): Promise<void> {
  console.log(`\nnightly import of a ${Number(values['import-rows']).toLocaleString('en')}-row registry extract`);
  const result = await runImportBench({ workDir: WORK_DIR, rows: Number(values['import-rows']), seed: 20261123, connections, gazetteer, bodies, fresh: values.fresh });
  const summary = { measuredAt: new Date().toISOString(), machine: machine(), method: { connections, changedShare: result.changedReimport.changedShare }, ...result };
  writeFileSync(values['imports-out'], `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`written to ${values['imports-out']}`);
}

/** The advisor's place search in-process (bench/place-search-bench.ts): a fresh gazetteer, so that its index build is measured too. */
function benchPlaces(): void {
  const result = runPlaceSearchBench(loadGazetteer(DEFAULT_GAZETTEER_PATH), 10_000, 20261202);
  console.log(`\nplace search: ${result.queries.toLocaleString('en')} queries as typed, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms (index built in ${result.buildMs} ms)`);
  writeFileSync(values['places-out'], `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: machine(), ...result }, null, 2)}\n`);
  console.log(`written to ${values['places-out']}`);
}

/** PATCH of a practitioner on each directory, while referrals arrive at --status-rate (bench/status-change-bench.ts). */
async function benchStatusChanges(gazetteer: Gazetteer, bodies: string[]): Promise<void> {
  const changes = Number(values.changes);
  const referralRate = Number(values['status-rate']);
  console.log(`\nstatus changes: ${changes} PATCHes (suspend, then resume) while referrals arrive at ${referralRate}/s; GET of the same practitioner as baseline`);
  const results = [];
  for (const size of sizes) {
    const result = await runStatusChangeBench({
      directoryPath: pristineDirectory(size, gazetteer), workPath: `${WORK_DIR}/status-${size}.sqlite`, practitioners: size, changes, referralRate, bodies, seed: 20261202, gazetteer,
    });
    const { patch, getBaseline, indexUpdate, referralsWithoutChanges: without, referralsDuringChanges: during } = result;
    console.log(`${size.toLocaleString('en').padStart(9)} practitioners  PATCH p50 ${patch.p50Ms} ms, p99 ${patch.p99Ms} ms, max ${patch.maxMs} ms (non-200 ${patch.non200})` +
      `  | GET p50 ${getBaseline.p50Ms} ms, p99 ${getBaseline.p99Ms} ms  | index update alone p50 ${indexUpdate.p50Ms} ms, p99 ${indexUpdate.p99Ms} ms  | referrals p99 ${without.p99Ms} ms without changes, ${during.p99Ms} ms during (max ${during.maxMs} ms)`);
    results.push(result);
  }
  const method = { changes, referralRatePerSecond: referralRate, baseline: 'GET /v1/practitioners/{id} of the same practitioner, just before each PATCH' };
  writeFileSync(values['status-out'], `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: machine(), method, results }, null, 2)}\n`);
  console.log(`written to ${values['status-out']}`);
}

function machine() {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

async function benchReferrals(gazetteer: Gazetteer, bodies: string[]): Promise<void> {

  // The hello-world receives the same authorization header, unread.
  const hello = await measure('express hello-world', () => startNodeServer(['bench/hello-world.mjs'], {}, '/hello', 'POST'), '/hello', bodies, 'rsk_unused');
  const referrals: Record<string, Measured & { ratioToHello: number }> = {};
  for (const size of sizes) {
    const pristine = pristineDirectory(size, gazetteer);
    // Every run starts from the same directory with empty counters and log.
    const working = `${WORK_DIR}/run-${size}.sqlite`;
    removeDatabaseFiles(working);
    copyFileSync(pristine, working);
    const env = { DATABASE_PATH: working, DATABASE_SYNCHRONOUS: values.synchronous, SAMPLE_DIRECTORY_PATH: '', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' };
    const apiKey = benchAgentKey(working);
    const result = await measure(`POST /v1/referrals @ ${size.toLocaleString('en')}`, () => startNodeServer([...SERVICE_COMMAND], env, '/healthz'), '/v1/referrals', bodies, apiKey);
    referrals[String(size)] = { ...result, ratioToHello: result.requestsPerSecond / hello.requestsPerSecond };
  }

  const [small, large] = sizes.map((size) => referrals[String(size)]);
  const summary = {
    measuredAt: new Date().toISOString(),
    machine: machine(),
    method: { connections, durationSeconds: duration, warmUpSeconds: WARM_UP_SECONDS, fixedRatePerSecond: fixedRate, distinctBodies: bodies.length, synchronous: values.synchronous },
    hello,
    referrals,
    ...(small && large && { largeToSmallThroughput: large.requestsPerSecond / small.requestsPerSecond }),
  };
  for (const [size, result] of Object.entries(referrals)) {
    const cpu = result.atFixedRate.cpuMicrosPerRequest;
    const helloCpu = hello.atFixedRate.cpuMicrosPerRequest;
    console.log(`referrals @ ${size}: ${(result.ratioToHello * 100).toFixed(1)}% of hello-world throughput, p99 ${result.p99Ms} ms` +
      (cpu !== undefined && helloCpu !== undefined ? `; ${cpu} µs of CPU per referral at ${fixedRate}/s, ${(cpu / helloCpu).toFixed(1)} times hello-world's` : ''));
  }
  if (summary.largeToSmallThroughput !== undefined) console.log(`throughput at ${sizes[1]} / at ${sizes[0]}: ${(summary.largeToSmallThroughput * 100).toFixed(1)}%`);
  writeFileSync(values.out, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`written to ${values.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
