import { createHash } from 'node:crypto';
import { UNKNOWN_ATTRIBUTES, type PractitionerAttributes } from '../filters/referral-filters.js';

/**
 * One referable site of a specialty: what forming a pool reads of it (docs/audit-log.md,
 * "Directory state"). A site is referable while its practitioner is active and it has a point.
 */
export interface DirectoryRow {
  readonly nationalId: string;
  readonly siteId: number;
  readonly lat: number;
  readonly lon: number;
  readonly attributes: PractitionerAttributes;
}

/** The state of one specialty's directory: its referable sites, by site id. */
export type DirectoryState = ReadonlyMap<number, DirectoryRow>;

/** Names the rules below in every version; a change to them is a new name. */
export const DIRECTORY_STATE_FORMAT = 'directory-state/1';

/**
 * Sites are spread over this many buckets by site id, so that a change to one practitioner
 * rehashes a bucket or two rather than a whole specialty (300,000 nurses).
 */
export const DIRECTORY_BUCKETS = 64;

export const bucketOf = (siteId: number): number => siteId % DIRECTORY_BUCKETS;

/**
 * A row's canonical line: a JSON array `[nationalId, siteId, lat, lon, sector,
 * acceptsNewPatients, languages, wheelchairAccess, gender]`, unknown attributes as null (an
 * empty list for languages), numbers as ECMAScript writes them.
 */
export function rowLine(row: DirectoryRow): string {
  const a = row.attributes;
  return JSON.stringify([row.nationalId, row.siteId, row.lat, row.lon, a.sector, a.acceptsNewPatients, a.languages, a.wheelchairAccess, a.gender]);
}

/** A row read back from its line (the directory log stores rows as lines). */
export function parseRowLine(line: string): DirectoryRow {
  const [nationalId, siteId, lat, lon, sector, acceptsNewPatients, languages, wheelchairAccess, gender] = JSON.parse(line) as unknown[];
  if (typeof nationalId !== 'string' || typeof siteId !== 'number' || typeof lat !== 'number' || typeof lon !== 'number' || !Array.isArray(languages)) {
    throw new Error(`Not a directory row: ${line.slice(0, 120)}`);
  }
  return {
    nationalId, siteId, lat, lon,
    attributes: { sector, acceptsNewPatients, languages, wheelchairAccess, gender } as PractitionerAttributes,
  };
}

/** A row from a site as the index holds it: unknown attributes spelled out. */
export function toDirectoryRow(site: { nationalId: string; siteId: number; lat: number; lon: number; attributes?: PractitionerAttributes | undefined }): DirectoryRow {
  return { nationalId: site.nationalId, siteId: site.siteId, lat: site.lat, lon: site.lon, attributes: site.attributes ?? UNKNOWN_ATTRIBUTES };
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** One bucket's digest: SHA-256 of its rows' lines, each followed by LF, in ascending site id. */
export function bucketDigest(lines: readonly string[]): string {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`, 'utf8');
  return hash.digest('hex');
}

/**
 * The version of a specialty's directory: SHA-256 (hex) of `directory-state/1`, LF, the
 * specialty code, LF, then the 64 bucket digests in hex, each followed by LF.
 */
export function versionOfBuckets(specialty: string, digests: readonly string[]): string {
  return sha256Hex(`${DIRECTORY_STATE_FORMAT}\n${specialty}\n${digests.map((digest) => `${digest}\n`).join('')}`);
}

/** The version of a state, computed from scratch: the reference every faster path must agree with. */
export function directoryVersion(specialty: string, rows: Iterable<DirectoryRow>): string {
  const buckets: DirectoryRow[][] = Array.from({ length: DIRECTORY_BUCKETS }, () => []);
  for (const row of rows) buckets[bucketOf(row.siteId)]?.push(row);
  return versionOfBuckets(specialty, buckets.map((bucket) => bucketDigest(bucket.sort((a, b) => a.siteId - b.siteId).map(rowLine))));
}

/** What turns one state into the next: sites no longer referable (by id), and sites added or changed. */
export interface DirectoryChange {
  readonly removed: readonly number[];
  readonly upserted: readonly DirectoryRow[];
}

/** The change from `before` to `after`, both in ascending site id. */
export function diffStates(before: DirectoryState, after: DirectoryState): DirectoryChange {
  const removed = [...before.keys()].filter((siteId) => !after.has(siteId)).sort((a, b) => a - b);
  const upserted = [...after.values()]
    .filter((row) => {
      const held = before.get(row.siteId);
      return held === undefined || rowLine(held) !== rowLine(row);
    })
    .sort((a, b) => a.siteId - b.siteId);
  return { removed, upserted };
}

/** The state after a change, as a new map. */
export function applyChange(state: DirectoryState, change: DirectoryChange): Map<number, DirectoryRow> {
  const next = new Map(state);
  for (const siteId of change.removed) next.delete(siteId);
  for (const row of change.upserted) next.set(row.siteId, row);
  return next;
}

export function stateOf(rows: Iterable<DirectoryRow>): Map<number, DirectoryRow> {
  return new Map([...rows].map((row) => [row.siteId, row]));
}
