/**
 * A status change's latency (issue 15, item 7): `PATCH /v1/practitioners/{id}` on the production
 * server (SERVICE_COMMAND) over a copy of a benchmark directory, while referrals arrive at a fixed
 * rate. Suspensions of seeded random practitioners, then their resumptions, one every PACE_MS;
 * each PATCH is preceded by a `GET` of the same practitioner, the baseline measured in the same
 * run (a read of the same row through the same middleware, without the change). Referral latency
 * is measured at the same rate without changes first, then during them. Last, in this process,
 * the in-memory part alone (Services.practitionerChanged: reading the practitioner, updating the
 * index), without HTTP and without the commit. Run by `npm run bench`
 * (or `--only status`), which writes bench/results/status-changes.json.
 */
import { copyFileSync } from 'node:fs';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { openServices, withApiKeys } from '../src/compose.js';
import type { Gazetteer } from '../src/domain/geo/gazetteer.js';
import { removeDatabaseFiles } from '../src/storage/database.js';
import { createApiKey } from '../src/use-cases/api-keys.js';
import { SERVICE_COMMAND, startNodeServer } from './processes.js';
import { benchAgentKey, driveLoad, type LoadResult } from './referral-load.js';

/** Time between two changes: the referral load overlaps every one of them. */
const PACE_MS = 25;

export interface Latencies {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface StatusChangeBenchResult {
  readonly practitioners: number;
  /** Half suspensions, half the resumptions of the same people. */
  readonly changes: number;
  readonly patch: Latencies & { readonly suspend: Latencies; readonly resume: Latencies; readonly non200: number };
  /** `GET /v1/practitioners/{id}` of the same people, interleaved with the changes. */
  readonly getBaseline: Latencies;
  /** Services.practitionerChanged alone, in-process, for the same practitioners: the work a change adds to the event loop besides its commit. */
  readonly indexUpdate: Latencies;
  readonly patchToGetP50: number;
  readonly referralRatePerSecond: number;
  readonly referralsWithoutChanges: Pick<LoadResult, 'p50Ms' | 'p99Ms' | 'maxMs' | 'requests' | 'non2xx' | 'errors'>;
  readonly referralsDuringChanges: Pick<LoadResult, 'p50Ms' | 'p99Ms' | 'maxMs' | 'requests' | 'non2xx' | 'errors'>;
}

export async function runStatusChangeBench(options: {
  directoryPath: string; workPath: string; practitioners: number; changes: number; referralRate: number; bodies: readonly string[]; seed: number; gazetteer: Gazetteer;
}): Promise<StatusChangeBenchResult> {
  const { workPath } = options;
  removeDatabaseFiles(workPath);
  copyFileSync(options.directoryPath, workPath);
  const adminKey = withApiKeys(workPath, (keys) => createApiKey(keys, `bench-admin-${Date.now()}`, 'admin', new Date()).key);
  const agentKey = benchAgentKey(workPath);
  const env = { DATABASE_PATH: workPath, SAMPLE_DIRECTORY_PATH: '', LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' };
  // /healthz answers once the index is built: nothing below waits for it.
  const server = await startNodeServer([...SERVICE_COMMAND], env, '/healthz');
  try {
    const people = distinctIds(options.practitioners, options.changes / 2, options.seed);
    const referralsUrl = `${server.url}/v1/referrals`;
    const loadSeconds = Math.ceil((options.changes * PACE_MS) / 1000) + 2;
    await driveLoad(referralsUrl, options.bodies, 2, 2, agentKey, options.referralRate);
    const without = await driveLoad(referralsUrl, options.bodies, 2, loadSeconds, agentKey, options.referralRate);

    const during = driveLoad(referralsUrl, options.bodies, 2, loadSeconds, agentKey, options.referralRate);
    await pause(500);
    const call = callAs(server.url, adminKey);
    const gets: number[] = [];
    const suspensions: number[] = [];
    const resumptions: number[] = [];
    let non200 = 0;
    for (const [timings, body] of [[suspensions, { status: 'suspended', reason: 'Benchmark' }], [resumptions, { status: 'active' }]] as const) {
      for (const id of people) {
        gets.push((await call('GET', id)).ms);
        const patched = await call('PATCH', id, body);
        if (patched.status !== 200) {
          non200++;
          if (non200 === 1) console.error(`PATCH answered ${patched.status}: ${patched.text}`);
        }
        timings.push(patched.ms);
        await pause(PACE_MS);
      }
    }
    const referrals = await during;
    await server.stop();
    const indexUpdate = timeIndexUpdates(workPath, options.gazetteer, people);

    const patch = latencies([...suspensions, ...resumptions]);
    const getBaseline = latencies(gets);
    return {
      practitioners: options.practitioners,
      changes: suspensions.length + resumptions.length,
      patch: { ...patch, suspend: latencies(suspensions), resume: latencies(resumptions), non200 },
      getBaseline,
      indexUpdate,
      patchToGetP50: Math.round((patch.p50Ms / getBaseline.p50Ms) * 100) / 100,
      referralRatePerSecond: options.referralRate,
      referralsWithoutChanges: loadFigures(without),
      referralsDuringChanges: loadFigures(referrals),
    };
  } finally {
    await server.stop();
    removeDatabaseFiles(workPath);
  }
}

/** Services.practitionerChanged for each practitioner (all active again by now), timed one by one. */
function timeIndexUpdates(databasePath: string, gazetteer: Gazetteer, ids: readonly number[]): Latencies {
  const services = openServices({ databasePath, gazetteer });
  try {
    void services.referralContext.directory.totalActive; // builds the index before the timing
    return latencies(ids.map((practitionerId) => {
      const started = performance.now();
      services.practitionerChanged({ practitionerId, statusBefore: 'active', cause: { kind: 'attributes', by: 'bench', reason: null } });
      return performance.now() - started;
    }));
  } finally {
    services.close();
  }
}

/** `count` distinct practitioner ids in 1..size, seeded (the benchmark directories number them from 1). */
function distinctIds(size: number, count: number, seed: number): number[] {
  const rng = xoroshiro128plus(seed);
  const ids = new Set<number>();
  while (ids.size < count) ids.add(uniformInt(rng, 1, size));
  return [...ids];
}

function callAs(url: string, key: string) {
  return async (method: 'GET' | 'PATCH', id: number, body?: object): Promise<{ status: number; ms: number; text: string }> => {
    const started = performance.now();
    const response = await fetch(`${url}/v1/practitioners/${id}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body && { 'content-type': 'application/json' }) },
      ...(body && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, ms: performance.now() - started, text };
  };
}

function latencies(samples: readonly number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest rank: the smallest sample with at least p of them at or below it.
  const at = (p: number) => round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN);
  return { count: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: round(sorted[sorted.length - 1] ?? NaN) };
}

function loadFigures(load: LoadResult) {
  return { p50Ms: load.p50Ms, p99Ms: load.p99Ms, maxMs: load.maxMs, requests: load.requests, non2xx: load.non2xx, errors: load.errors };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
