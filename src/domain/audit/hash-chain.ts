import { createHash } from 'node:crypto';

/** The previousHash of the first entry of the log. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a log entry commits to; see docs/audit-log.md for the canonical serialization. */
export interface ChainedEntry {
  readonly sequence: number;
  readonly id: string;
  readonly createdAt: string;
  readonly algorithm: string;
  readonly generator: string;
  readonly seed: string;
  readonly specialty: string;
  readonly location: { readonly lat: number; readonly lon: number; readonly precision: string };
  readonly radiusKm: number;
  readonly count: number;
  readonly poolHash: string;
  readonly poolSize: number;
  /** National identifiers of the proposed practitioners, rank 1 first. */
  readonly proposed: readonly string[];
  readonly previousHash: string;
}

/**
 * Canonical serialization, version 1: a JSON object with exactly these keys in this order,
 * no whitespace, strings as JSON.stringify writes them, numbers in ECMAScript's shortest
 * round-trip form. Building the object literal here fixes the key order whatever the input.
 */
export function canonicalEntry(entry: ChainedEntry): string {
  return JSON.stringify({
    sequence: entry.sequence,
    id: entry.id,
    createdAt: entry.createdAt,
    algorithm: entry.algorithm,
    generator: entry.generator,
    seed: entry.seed,
    specialty: entry.specialty,
    location: { lat: entry.location.lat, lon: entry.location.lon, precision: entry.location.precision },
    radiusKm: entry.radiusKm,
    count: entry.count,
    poolHash: entry.poolHash,
    poolSize: entry.poolSize,
    proposed: [...entry.proposed],
    previousHash: entry.previousHash,
  });
}

/** SHA-256 (lower-case hex) of the entry's canonical serialization, which includes previousHash. */
export function hashEntry(entry: ChainedEntry): string {
  return createHash('sha256').update(canonicalEntry(entry), 'utf8').digest('hex');
}

/**
 * Identifies a pool by its specialty and members: SHA-256 of the specialty code and the national
 * identifiers in canonical order, one per line (LF), so identical pools are stored once.
 */
export function hashPool(specialty: string, members: readonly string[]): string {
  return createHash('sha256').update([specialty, ...members].join('\n'), 'utf8').digest('hex');
}
