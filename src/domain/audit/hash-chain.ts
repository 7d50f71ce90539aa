import { createHash } from 'node:crypto';
import { canonicalFilters, type ReferralFilters } from '../filters/referral-filters.js';
import type { ProposedPractitioner, Referral } from '../model.js';

/** The previousHash of the first entry of the log. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The log format new entries are written in: 2 adds who asked (the API key's name), 3 the
 * version of the directory the pool was formed from.
 */
export const LOG_FORMAT = 3;

export type LogFormat = 1 | 2 | 3;

/** What a log entry commits to; see docs/audit-log.md for the canonical serialization. */
export interface ChainedEntry {
  /** Absent in entries of format 1, written before the format was named. */
  readonly logFormat?: 2 | 3;
  readonly sequence: number;
  readonly id: string;
  readonly createdAt: string;
  readonly algorithm: string;
  readonly generator: string;
  readonly seed: string;
  readonly specialty: string;
  readonly location: Referral['location'];
  readonly radiusKm: number;
  readonly radiusSource: Referral['radiusSource'];
  readonly count: number;
  readonly poolHash: string;
  readonly poolSize: number;
  /** National identifiers of the proposed practitioners, rank 1 first. */
  readonly proposed: readonly string[];
  /** SHA-256 of what the advisor was shown (see `hashShown`). */
  readonly shownHash: string;
  readonly previousHash: string;
  /** Only for a "five more" referral: the referral it continues. */
  readonly parentId?: string;
  /** Only when filters were asked for, in canonical form. */
  readonly filters?: ReferralFilters;
  /** Only for a "five more" drawn beyond its parent's radius: the parent's radius. */
  readonly widenedFromKm?: number;
  /** Formats 2 and 3: the name of the API key that asked, or null for a referral no key asked for (the CLI's simulation). */
  readonly requestedBy?: string | null;
  /** Format 3: the version of the specialty's directory the pool was formed from. */
  readonly directoryVersion?: string;
  /** Format 3: the hash of the directory log entry that made that version. */
  readonly directoryEntry?: string;
  /** Only after an accepted rollback: the log epoch the entry was made in (16 hex digits). */
  readonly epoch?: string;
}

/** A referral before its own hash is known. */
export type UnsealedReferral = Omit<Referral, 'audit'> & { readonly audit: Omit<Referral['audit'], 'hash'> };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Canonical serialization (docs/audit-log.md): a JSON object with exactly these keys in this
 * order, no whitespace, strings as JSON.stringify writes them, numbers in ECMAScript's shortest
 * round-trip form, absent optional values as null. Format 1 (entries without `logFormat`) is as
 * it always was; format 2 starts with `"logFormat":2` and has `requestedBy` after `previousHash`;
 * format 3 starts with `"logFormat":3` and has `directoryVersion` and `directoryEntry` after `requestedBy`.
 * Then, in both, a "five more" entry has `parentId`, a filtered one `filters` after it, and a
 * "five more" drawn beyond its parent's radius `widenedFromKm`, and an entry
 * made after an accepted rollback `epoch` last. Building the object literal
 * here fixes the key order whatever the input.
 */
export function canonicalEntry(entry: ChainedEntry): string {
  const { location } = entry;
  return JSON.stringify({
    ...(entry.logFormat !== undefined && { logFormat: entry.logFormat }),
    sequence: entry.sequence,
    id: entry.id,
    createdAt: entry.createdAt,
    algorithm: entry.algorithm,
    generator: entry.generator,
    seed: entry.seed,
    specialty: entry.specialty,
    location: {
      lat: location.lat, lon: location.lon, precision: location.precision,
      postcode: location.postcode ?? null, commune: location.commune ?? null, label: location.label ?? null,
    },
    radiusKm: entry.radiusKm,
    radiusSource: entry.radiusSource,
    count: entry.count,
    poolHash: entry.poolHash,
    poolSize: entry.poolSize,
    proposed: entry.proposed,
    shownHash: entry.shownHash,
    previousHash: entry.previousHash,
    ...(entry.logFormat !== undefined && { requestedBy: entry.requestedBy ?? null }),
    ...(entry.logFormat === 3 && { directoryVersion: entry.directoryVersion ?? null, directoryEntry: entry.directoryEntry ?? null }),
    ...(entry.parentId !== undefined && { parentId: entry.parentId }),
    ...(entry.filters !== undefined && { filters: canonicalFilters(entry.filters) ?? null }),
    ...(entry.widenedFromKm !== undefined && { widenedFromKm: entry.widenedFromKm }),
    ...(entry.epoch !== undefined && { epoch: entry.epoch }),
  });
}

/** SHA-256 (lower-case hex) of the entry's canonical serialization, which includes previousHash. */
export function hashEntry(entry: ChainedEntry): string {
  return sha256(canonicalEntry(entry));
}

/**
 * SHA-256 of what the advisor was shown, so that names, addresses, phones and distances are as
 * tamper-evident as the draw: `{"practitioners":[…],"warnings":[…]}`, each practitioner's keys
 * in the order below.
 */
export function hashShown(practitioners: readonly ProposedPractitioner[], warnings: readonly string[]): string {
  return sha256(shownText(practitioners, warnings));
}

/** The exact text `hashShown` hashes (published in the known-answer vectors). */
export function shownText(practitioners: readonly ProposedPractitioner[], warnings: readonly string[]): string {
  return JSON.stringify({
    practitioners: practitioners.map((p) => ({
      rank: p.rank, id: p.id, nationalId: p.nationalId, civility: p.civility, lastName: p.lastName, firstName: p.firstName,
      specialty: p.specialty, siteId: p.siteId, address: p.address, postcode: p.postcode, city: p.city, phone: p.phone,
      lat: p.lat, lon: p.lon, distanceKm: p.distanceKm,
    })),
    warnings: [...warnings],
  });
}

/** The entry a referral commits to. */
export function chainedEntryOf(referral: UnsealedReferral): ChainedEntry {
  const { audit } = referral;
  return {
    ...(audit.logFormat !== undefined && { logFormat: audit.logFormat, requestedBy: audit.requestedBy ?? null }),
    ...(audit.logFormat === 3 && { directoryVersion: audit.directoryVersion as string, directoryEntry: audit.directoryEntry as string }),
    sequence: audit.sequence,
    algorithm: audit.algorithm,
    generator: audit.generator,
    seed: audit.seed,
    poolHash: audit.poolHash,
    previousHash: audit.previousHash,
    id: referral.id,
    createdAt: referral.createdAt,
    specialty: referral.specialty.code,
    location: referral.location,
    radiusKm: referral.radiusKm,
    radiusSource: referral.radiusSource,
    count: referral.count,
    poolSize: referral.poolSize,
    proposed: referral.practitioners.map((practitioner) => practitioner.nationalId),
    shownHash: hashShown(referral.practitioners, referral.warnings),
    ...(referral.parentId !== undefined && { parentId: referral.parentId }),
    ...(referral.filters !== undefined && { filters: referral.filters }),
    ...(referral.widenedFromKm !== undefined && { widenedFromKm: referral.widenedFromKm }),
    ...(audit.epoch !== undefined && { epoch: audit.epoch }),
  };
}

/** The referral with its own hash in its audit block. */
export function sealReferral(referral: UnsealedReferral): Referral {
  return { ...referral, audit: { ...referral.audit, hash: hashEntry(chainedEntryOf(referral)) } };
}

/**
 * Identifies a pool by its specialty and members: SHA-256 of the specialty code and the national
 * identifiers in canonical order, one per line (LF), so identical pools are stored once.
 */
export function hashPool(specialty: string, members: readonly string[]): string {
  return sha256([specialty, ...members].join('\n'));
}
