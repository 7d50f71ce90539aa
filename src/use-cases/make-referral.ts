import { GENESIS_HASH, hashPool, sealReferral } from '../domain/audit/hash-chain.js';
import { deriveReferralId, deriveSeed } from '../domain/audit/seed.js';
import { ALGORITHM_VERSION, draw, type DrawResult } from '../domain/draw.js';
import { DomainError, NoPractitionerInRangeError, NotFoundError } from '../domain/errors.js';
import { MORE_WINDOW_MS } from '../domain/audit/replay.js';
import { searchCandidates, type Candidate } from '../domain/geo/candidate-search.js';
import { displayDistanceKm } from '../domain/geo/distance.js';
import { MAX_RADIUS_KM } from '../domain/geo/radius-ladder.js';
import type { ProposedPractitioner, Referral, ResolvedLocation } from '../domain/model.js';
import type { SpecialtyDefinition } from '../domain/specialties/catalogue.js';
import { findSpecialty } from '../domain/specialties/find-specialty.js';
import { GENERATOR } from '../domain/shuffle/rng.js';
import { canonicalFilters, type ReferralFilters } from '../domain/filters/referral-filters.js';
import { periodSecret } from './period-secret.js';
import type { LogContext, ReferralContext } from './referral-context.js';
import { resolveLocation, type LocationQuery } from './resolve-location.js';

const DEFAULT_COUNT = 5;

export interface ReferralRequest {
  /** The name of the API key that asked (a desk, not a person); recorded beside the entry. */
  readonly requestedBy?: string;
  readonly specialty: string;
  readonly location: LocationQuery;
  readonly radiusKm?: number;
  readonly count?: number;
  readonly filters?: ReferralFilters;
}

/**
 * One referral, end to end: resolve the specialty and the place, form the pool from the
 * in-memory index, then hand it to the log (`appendReferral`), which draws and logs it
 * atomically. Resolves once the entry is committed.
 */
export async function makeReferral(ctx: ReferralContext, request: ReferralRequest): Promise<Referral> {
  const specialty = findSpecialty(request.specialty);
  const location = resolveLocation(ctx.gazetteer, request.location);
  const count = request.count ?? DEFAULT_COUNT;
  const filters = canonicalFilters(request.filters);
  const search = searchCandidates(ctx.directory.forSpecialty(specialty.code), location, count, request.radiusKm, filters);
  if (search.candidates.length === 0) {
    throw new NoPractitionerInRangeError(specialty.label, request.radiusKm ?? MAX_RADIUS_KM);
  }
  return ctx.appendReferral({
    specialty, location, count, candidates: search.candidates, radiusKm: search.radiusKm,
    radiusSource: request.radiusKm === undefined ? 'ladder' : 'request',
    requestedBy: request.requestedBy ?? null,
    parentId: null,
    filters: filters ?? null,
  });
}

/**
 * How long after a call's first referral "five more" is offered: less than the replay's window
 * (an hour), so that the moments between this check and the entry's commit never matter.
 */
const MORE_OFFERED_MS = MORE_WINDOW_MS - 5 * 60 * 1000;

/**
 * "Five more" (issue 5): `count` more (default: as many as the parent asked for) from the
 * parent's pool, leaving out everyone already proposed in the call (its first referral and every
 * "five more" since, whichever they were asked from) and anyone no longer in the directory: a
 * referral of its own over the remaining members, at the parent's place and radius and with its
 * filters, logged with its parent's id.
 * @throws NotFoundError, NoMorePractitionersError, DomainError `referral-too-old` (409)
 */
export async function makeMoreReferral(ctx: ReferralContext, parentId: string, request: { count?: number; requestedBy?: string }): Promise<Referral> {
  const parent = ctx.referrals.findRecord(parentId);
  if (!parent) throw new NotFoundError('referral', parentId);
  const { referral } = parent;
  const root = ctx.referrals.callRoot(parentId) ?? { id: parentId, createdAt: referral.createdAt };
  if (ctx.clock().getTime() - Date.parse(root.createdAt) > MORE_OFFERED_MS) {
    throw new DomainError('referral-too-old', `The call's first referral was made at ${root.createdAt}: "five more" is offered within ${MORE_OFFERED_MS / 60_000} minutes of it, during the call. Ask for a new referral.`);
  }
  // Everyone proposed in the call so far, whichever referral of it "more" was asked from.
  const proposed = ctx.referrals.proposedInCall(root.id);
  const remaining = new Set(parent.pool.filter((nationalId) => !proposed.has(nationalId)));
  const specialty = findSpecialty(referral.specialty.code);
  const count = request.count ?? referral.count;
  const search = searchCandidates(ctx.directory.forSpecialty(specialty.code), referral.location, count, referral.radiusKm, referral.filters);
  const candidates = search.candidates.filter((candidate) => remaining.has(candidate.site.nationalId));
  if (candidates.length === 0) {
    throw new DomainError('no-more-practitioners', `Everyone of ${specialty.label} within ${referral.radiusKm} km has already been proposed in this call.`);
  }
  return ctx.appendReferral({
    specialty, location: referral.location, count, candidates, radiusKm: referral.radiusKm, radiusSource: referral.radiusSource,
    requestedBy: request.requestedBy ?? null, parentId, filters: referral.filters ?? null,
  });
}

/**
 * Draws and logs a pending referral in the write transaction, so that the sequence, the counters
 * read and the counters written cannot interleave with another referral's. Runs where the log's
 * connection is: in this thread, or in the log writer's (see log-writer.ts).
 */
export function appendInTransaction(ctx: LogContext, pending: PendingReferral): Promise<Referral> {
  return ctx.transaction(() => drawAndLog(ctx, pending));
}

/** A referral whose pool is formed, ready to be drawn: plain data, so it can cross to a worker. */
export interface PendingReferral {
  readonly specialty: SpecialtyDefinition;
  readonly location: ResolvedLocation;
  readonly count: number;
  readonly candidates: readonly Candidate[];
  readonly radiusKm: number;
  readonly radiusSource: Referral['radiusSource'];
  readonly requestedBy: string | null;
  /** The referral this one continues ("five more"), or null. */
  readonly parentId: string | null;
  /** The filters the pool was formed with, canonical, or null. */
  readonly filters: ReferralFilters | null;
}

/** Inside the write transaction: number the entry, draw, update the counters, seal and log. */
function drawAndLog(ctx: LogContext, pending: PendingReferral): Referral {
  const now = ctx.clock();
  const previous = ctx.referrals.lastEntry();
  const sequence = (previous?.sequence ?? 0) + 1;
  const previousHash = previous?.hash ?? GENESIS_HASH;
  const secret = periodSecret(ctx.seedPeriods, ctx.drawSecret, now, ctx.seedPeriod);
  const seed = deriveSeed(secret, sequence);
  const drawn = drawFromPool(ctx, pending, seed, previousHash);

  const referral = sealReferral({
    id: deriveReferralId(secret, sequence),
    createdAt: now.toISOString(),
    specialty: { code: pending.specialty.code, label: pending.specialty.label },
    location: pending.location,
    radiusKm: pending.radiusKm,
    radiusSource: pending.radiusSource,
    count: pending.count,
    poolSize: drawn.pool.length,
    practitioners: toProposals(ctx, drawn.proposed, pending.location),
    warnings: warningsFor(pending, drawn.pool.length),
    ...(pending.parentId !== null && { parentId: pending.parentId }),
    ...(pending.filters !== null && { filters: pending.filters }),
    audit: { sequence, seed, algorithm: ALGORITHM_VERSION, generator: GENERATOR, poolHash: drawn.poolHash, previousHash },
  });
  ctx.referrals.insert({ referral, poolId: drawn.poolId, requestedBy: pending.requestedBy });
  ctx.ledger.record(pending.specialty.code, drawn.pool, drawn.result, referral.audit.hash);
  return referral;
}

interface Drawn {
  readonly pool: readonly string[];
  readonly poolHash: string;
  readonly poolId: number;
  readonly result: DrawResult;
  /** The proposed candidates, rank 1 first. */
  readonly proposed: readonly Candidate[];
}

/** The one draw of DESIGN §4 on the stored pool, with its counter changes written. */
function drawFromPool(ctx: LogContext, pending: PendingReferral, seed: string, previousHash: string): Drawn {
  const { specialty, candidates } = pending;
  const pool = candidates.map((candidate) => candidate.site.nationalId);
  const poolHash = hashPool(specialty.code, pool);
  const storedPool = ctx.pools.findOrCreate(poolHash, specialty.code, pool);
  const result = draw({
    pool, seed, k: pending.count,
    counters: ctx.ledger.countersFor(specialty.code, pool, previousHash),
    previousOrder: storedPool.lastProposed,
  });
  ctx.pools.recordDraw(storedPool.id, result.shareUnits, result.order);
  ctx.counters.recordOffers(specialty.code, result.order);
  const byNationalId = new Map(candidates.map((candidate) => [candidate.site.nationalId, candidate]));
  const proposed = result.order.map((nationalId) => byNationalId.get(nationalId) as Candidate);
  return { pool, poolHash, poolId: storedPool.id, result, proposed };
}

function toProposals(ctx: LogContext, proposed: readonly Candidate[], origin: ResolvedLocation): ProposedPractitioner[] {
  const descriptions = ctx.siteDescriptions.describe(proposed.map((candidate) => candidate.site.siteId));
  return proposed.map((candidate, index) => {
    const described = descriptions.get(candidate.site.siteId);
    if (!described) throw new Error(`Site ${candidate.site.siteId} is in the index but not in the database`);
    const { practitionerId, ...shown } = described;
    return { rank: index + 1, id: practitionerId, ...shown, lat: candidate.site.lat, lon: candidate.site.lon, distanceKm: displayDistanceKm(origin, candidate.site) };
  });
}

function warningsFor(pending: PendingReferral, poolSize: number): string[] {
  if (poolSize >= pending.count) return [];
  const where = pending.radiusSource === 'ladder' ? `the largest radius (${pending.radiusKm} km)` : `${pending.radiusKm} km`;
  return [
    `Only ${poolSize} active practitioner${poolSize === 1 ? '' : 's'} of ${pending.specialty.label} within ${where}: fewer than the ${pending.count} asked for.`,
  ];
}
