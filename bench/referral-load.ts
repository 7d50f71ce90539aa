import autocannon from 'autocannon';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Gazetteer } from '../src/domain/geo/gazetteer.js';
import { withApiKeys } from '../src/compose.js';
import { createApiKey } from '../src/use-cases/api-keys.js';
import { populationSampler } from '../src/domain/geo/population-sampler.js';
import { SPECIALTIES } from '../src/domain/specialties/catalogue.js';

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Responses by HTTP status. */
  readonly statusCodes: Readonly<Record<string, number>>;
}

/**
 * Referral bodies from random French locations: a commune drawn in proportion to its population,
 * a point within about 2 km of its centre, and a specialty drawn uniformly. Seeded, so every run
 * sends the same requests.
 */
export function referralBodies(gazetteer: Gazetteer, count: number, seed: number): string[] {
  const rng = xoroshiro128plus(seed);
  const somewhere = populationSampler(gazetteer.communes());
  return Array.from({ length: count }, () => {
    const location = somewhere(rng);
    const specialty = SPECIALTIES[uniformInt(rng, 0, SPECIALTIES.length - 1)]?.code;
    return JSON.stringify({ specialty, location });
  });
}

/**
 * Drives `url` with autocannon; `bodies` are sent in turn as JSON POST bodies, with `apiKey` as a
 * bearer token: as fast as the server answers, or at `ratePerSecond` in all.
 */
export async function driveLoad(url: string, bodies: readonly string[], connections: number, durationSeconds: number, apiKey = '', ratePerSecond?: number): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: durationSeconds,
    ...(ratePerSecond !== undefined && { overallRate: ratePerSecond }),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] as string }),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats?.count ?? 0])),
  };
}

/** Creates an agent key in the database a benchmarked server will use (the server prints none then). */
export function benchAgentKey(databasePath: string): string {
  return withApiKeys(databasePath, (keys) => createApiKey(keys, `bench-${Date.now()}`, 'agent', new Date()).key);
}
