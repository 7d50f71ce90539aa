import type { LogRecord } from '../domain/audit/replay.js';
import type { ReferralFilters } from '../domain/filters/referral-filters.js';
import type { Referral } from '../domain/model.js';
import type { Db } from './database.js';

/** A log entry as it is written: the referral and the stored pool it was drawn from. */
export interface ReferralEntry {
  readonly referral: Referral;
  readonly poolId: number;
  /** The API key's name; not part of the audited entry. */
  readonly requestedBy: string | null;
}

export interface ReferralRepository {
  /** The newest log entry's sequence and hash, or undefined for an empty log. */
  lastEntry(): { sequence: number; hash: string; leafIndex: number } | undefined;
  insert(entry: ReferralEntry): void;
  findById(id: string): Referral | undefined;
  /** One entry with its pool's members and what it proposed, as the log holds it. */
  findRecord(id: string): LogRecord | undefined;
  /** The first referral of the call a referral belongs to ("five more" chains lead back to it). */
  callRoot(id: string): { id: string; createdAt: string } | undefined;
  /** Everyone proposed in a call so far: by its first referral and every "five more" after it. */
  proposedInCall(rootId: string): Set<string>;
  /** The log in sequence order, each entry with its pool's members, from `first` through `last` (inclusive). */
  log(first?: number, last?: number): Iterable<LogRecord>;
  /** The referrals from sequence `first` on, in sequence order, without their pools' members (what the Merkle tree's leaves need). */
  referralsFrom(first: number): Iterable<Referral>;
  /** At most `limit` entries with a sequence greater than `after`, in sequence order, whatever gaps lie between. */
  page(after: number, limit: number): LogRecord[];
  count(): number;
}

/** Distinct pools whose parsed members a log read keeps at once. */
const POOL_CACHE_SIZE = 10_000;

interface ReferralRow {
  sequence: number;
  pool_id: number;
  id: string;
  created_at: string;
  specialty: string;
  location_json: string;
  radius_km: number;
  radius_source: 'ladder' | 'request';
  count: number;
  pool_hash: string;
  pool_size: number;
  seed: string;
  algorithm: string;
  generator: string;
  result_json: string;
  warnings_json: string;
  parent_id: string | null;
  filters_json: string | null;
  widened_from_km: number | null;
  log_format: number;
  requested_by: string | null;
  previous_hash: string;
  hash: string;
  leaf_index: number | null;
  epoch: string | null;
  directory_version: string | null;
  directory_entry: string | null;
  specialty_label: string;
}

export function createReferralRepository(db: Db): ReferralRepository {
  // A row written before leaf indexes existed (or by hand) counts as leaf sequence − 1.
  const last = db.prepare('SELECT sequence, hash, COALESCE(leaf_index, sequence - 1) AS leafIndex FROM referrals ORDER BY sequence DESC LIMIT 1');
  const insertReferral = db.prepare(
    `INSERT INTO referrals (sequence, id, created_at, specialty, location_json, radius_km, radius_source, count, pool_id,
       seed, algorithm, generator, proposed_json, result_json, warnings_json, previous_hash, hash, requested_by, parent_id, filters_json,
       widened_from_km, log_format, leaf_index, epoch, directory_version, directory_entry)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare(
    `SELECT r.*, p.hash AS pool_hash, p.size AS pool_size, s.label AS specialty_label
     FROM referrals r JOIN pools p ON p.id = r.pool_id JOIN specialties s ON s.code = r.specialty WHERE r.id = ?`,
  );

  const rootOf = db.prepare(
    `WITH RECURSIVE up(id, parent_id, created_at) AS (
       SELECT id, parent_id, created_at FROM referrals WHERE id = ?
       UNION ALL SELECT r.id, r.parent_id, r.created_at FROM referrals r JOIN up ON r.id = up.parent_id)
     SELECT id, created_at AS createdAt FROM up WHERE parent_id IS NULL`,
  );
  const inCall = db.prepare(
    `WITH RECURSIVE call(id, proposed_json) AS (
       SELECT id, proposed_json FROM referrals WHERE id = ?
       UNION ALL SELECT r.id, r.proposed_json FROM referrals r JOIN call ON r.parent_id = call.id)
     SELECT proposed_json FROM call`,
  ).pluck();
  const recordById = db.prepare(
    `SELECT r.*, p.hash AS pool_hash, p.size AS pool_size, p.members_json, s.label AS specialty_label
     FROM referrals r JOIN pools p ON p.id = r.pool_id JOIN specialties s ON s.code = r.specialty WHERE r.id = ?`,
  );
  const inRange = db.prepare(
    `SELECT r.*, p.hash AS pool_hash, p.size AS pool_size, p.members_json, s.label AS specialty_label
     FROM referrals r JOIN pools p ON p.id = r.pool_id JOIN specialties s ON s.code = r.specialty
     WHERE r.sequence BETWEEN ? AND ? ORDER BY r.sequence`,
  );
  const fromSequence = db.prepare(
    `SELECT r.*, p.hash AS pool_hash, p.size AS pool_size, s.label AS specialty_label
     FROM referrals r JOIN pools p ON p.id = r.pool_id JOIN specialties s ON s.code = r.specialty
     WHERE r.sequence >= ? ORDER BY r.sequence`,
  );
  const afterSequence = db.prepare(
    `SELECT r.*, p.hash AS pool_hash, p.size AS pool_size, p.members_json, s.label AS specialty_label
     FROM referrals r JOIN pools p ON p.id = r.pool_id JOIN specialties s ON s.code = r.specialty
     WHERE r.sequence > ? ORDER BY r.sequence LIMIT ?`,
  );

  return {
    lastEntry: () => last.get() as { sequence: number; hash: string; leafIndex: number } | undefined,
    *log(first = 1, lastSequence = Number.MAX_SAFE_INTEGER) {
      // Pools repeat: parse each one's members once per run of the same pool id.
      const membersOf = new Map<number, readonly string[]>();
      for (const row of inRange.iterate(first, lastSequence) as Iterable<ReferralRow & { members_json: string; proposed_json: string }>) {
        let pool = membersOf.get(row.pool_id);
        if (!pool) {
          if (membersOf.size >= POOL_CACHE_SIZE) membersOf.clear();
          membersOf.set(row.pool_id, (pool = JSON.parse(row.members_json) as string[]));
        }
        yield { referral: toReferral(row), pool, proposed: JSON.parse(row.proposed_json) as string[] };
      }
    },
    *referralsFrom(first) {
      for (const row of fromSequence.iterate(first) as Iterable<ReferralRow>) yield toReferral(row);
    },
    page(after, limit) {
      return (afterSequence.all(after, limit) as (ReferralRow & { members_json: string; proposed_json: string })[]).map((row) => ({
        referral: toReferral(row), pool: JSON.parse(row.members_json) as string[], proposed: JSON.parse(row.proposed_json) as string[],
      }));
    },
    insert({ referral, poolId, requestedBy }) {
      const { audit } = referral;
      const proposed = referral.practitioners.map((practitioner) => practitioner.nationalId);
      insertReferral.run(audit.sequence, referral.id, referral.createdAt, referral.specialty.code,
        JSON.stringify(referral.location), referral.radiusKm, referral.radiusSource, referral.count, poolId,
        audit.seed, audit.algorithm, audit.generator, JSON.stringify(proposed), JSON.stringify(referral.practitioners),
        JSON.stringify(referral.warnings), audit.previousHash, audit.hash, requestedBy, referral.parentId ?? null,
        referral.filters === undefined ? null : JSON.stringify(referral.filters), referral.widenedFromKm ?? null, referral.audit.logFormat ?? 1, audit.leafIndex,
        audit.epoch ?? null, audit.directoryVersion ?? null, audit.directoryEntry ?? null);
    },
    callRoot: (id) => rootOf.get(id) as { id: string; createdAt: string } | undefined,
    proposedInCall(rootId) {
      const proposed = new Set<string>();
      for (const json of inCall.all(rootId) as string[]) for (const nationalId of JSON.parse(json) as string[]) proposed.add(nationalId);
      return proposed;
    },
    findRecord(id) {
      const row = recordById.get(id) as (ReferralRow & { members_json: string; proposed_json: string }) | undefined;
      return row && { referral: toReferral(row), pool: JSON.parse(row.members_json) as string[], proposed: JSON.parse(row.proposed_json) as string[] };
    },
    findById(id) {
      const row = byId.get(id) as ReferralRow | undefined;
      return row && toReferral(row);
    },
    // Sequences have no gaps, so the newest one is the count.
    count: () => (last.get() as { sequence: number } | undefined)?.sequence ?? 0,
  };
}

function toReferral(row: ReferralRow): Referral {
  return {
    id: row.id,
    createdAt: row.created_at,
    specialty: { code: row.specialty, label: row.specialty_label },
    location: JSON.parse(row.location_json) as Referral['location'],
    radiusKm: row.radius_km,
    radiusSource: row.radius_source,
    count: row.count,
    poolSize: row.pool_size,
    practitioners: JSON.parse(row.result_json) as Referral['practitioners'],
    warnings: JSON.parse(row.warnings_json) as string[],
    ...(row.parent_id !== null && { parentId: row.parent_id }),
    ...(row.filters_json !== null && { filters: JSON.parse(row.filters_json) as ReferralFilters }),
    ...(row.widened_from_km !== null && { widenedFromKm: row.widened_from_km }),
    audit: {
      ...(row.log_format !== 1 && { logFormat: row.log_format as 2 | 3, requestedBy: row.requested_by }),
      ...(row.directory_version !== null && { directoryVersion: row.directory_version }),
      ...(row.directory_entry !== null && { directoryEntry: row.directory_entry }),
      sequence: row.sequence,
      seed: row.seed,
      algorithm: row.algorithm,
      generator: row.generator,
      poolHash: row.pool_hash,
      hash: row.hash,
      previousHash: row.previous_hash,
      leafIndex: row.leaf_index ?? row.sequence - 1,
      treeSize: (row.leaf_index ?? row.sequence - 1) + 1,
      ...(row.epoch !== null && { epoch: row.epoch }),
    },
  };
}
