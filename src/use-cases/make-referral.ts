import { GENESIS_HASH, hashPool, LOG_FORMAT, sealReferral } from '../domain/audit/hash-chain.js';
import { deriveReferralId, deriveSeed } from '../domain/audit/seed.js';
import { ALGORITHM_VERSION, draw, type DrawResult } from '../domain/draw.js';
import { DomainError, NoPractitionerInRangeError, NotFoundError } from '../domain/errors.js';
import { MORE_WINDOW_MS } from '../domain/audit/replay.js';
import { searchBeyond, searchCandidates, type Candidate } from '../domain/geo/candidate-search.js';
import { displayDistanceKm } from '../domain/geo/distance.js';
import { MAX_RADIUS_KM } from '../domain/geo/radius-ladder.js';
import type { ProposedPractitioner, Referral, ResolvedLocation } from '../domain/model.js';
import type { SiteIndex } from '../domain/geo/site-index.js';
import type { SpecialtyDefinition } from '../domain/specialties/catalogue.js';
import { findSpecialty } from '../domain/specialties/find-specialty.js';
import { GENERATOR } from '../domain/shuffle/rng.js';
import { canonicalFilters, type ReferralFilters } from '../domain/filters/referral-filters.js';
import { rememberInTransaction, replayRemembered, type PendingIdempotency } from './idempotent-referral.js';
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
  /** The request's Idempotency-Key, when it sent one (idempotent-referral.ts). */
  readonly idempotency?: PendingIdempotency;
}

/**
 * A logged referral as the API answers it: its body serialized where it was drawn (the log
 * writer thread), so that the thread serving HTTP sends a string instead of rebuilding and
 * serializing an object; with what the edge needs to label the answer.
 */
export interface AnsweredReferral {
  readonly id: string;
  readonly specialtyCode: string;
  readonly poolSize: number;
  /** The referral as JSON: the response body. */
  readonly json: string;
  /** True when it is the original answer to an Idempotency-Key, sent again: nothing was drawn. */
  readonly replayed: boolean;
  /** The place it was drawn around, for what the edge adds to the answer (prevention actions). */
  readonly location: ResolvedLocation;
}

/**
 * One referral, end to end: resolve the specialty and the place, form the pool from the
 * in-memory index, then hand it to the log (`appendReferral`), which draws and logs it
 * atomically. Resolves, once the entry is committed, with the answer to send.
 */
export async function answerReferral(ctx: ReferralContext, request: ReferralRequest): Promise<AnsweredReferral> {
  const specialty = findSpecialty(request.specialty);
  const location = resolveLocation(ctx.gazetteer, request.location);
  const count = request.count ?? DEFAULT_COUNT;
  const filters = canonicalFilters(request.filters);
  const index = ctx.directory.forSpecialty(specialty.code);
  const search = searchCandidates(index, location, count, request.radiusKm, filters);
  if (search.candidates.length === 0) {
    throw new NoPractitionerInRangeError(specialty.label, request.radiusKm ?? MAX_RADIUS_KM, filters);
  }
  return ctx.appendReferral({
    specialty: { code: specialty.code, label: specialty.label }, location, count, members: poolMembers(search.candidates), radiusKm: search.radiusKm,
    ...directoryStateOf(ctx, index, specialty.code),
    radiusSource: request.radiusKm === undefined ? 'ladder' : 'request',
    requestedBy: request.requestedBy ?? null,
    parentId: null,
    filters: filters ?? null,
    widenedFromKm: null,
    call: null,
    ...(request.idempotency && { idempotency: request.idempotency }),
  });
}

/** `answerReferral`, read back as a referral (for the CLI's simulation and the tests). */
export async function makeReferral(ctx: ReferralContext, request: ReferralRequest): Promise<Referral> {
  return readAnswer(await answerReferral(ctx, request));
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
export async function answerMoreReferral(
  ctx: ReferralContext, parentId: string, request: { count?: number; requestedBy?: string; idempotency?: PendingIdempotency },
): Promise<AnsweredReferral> {
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
  const index = ctx.directory.forSpecialty(specialty.code);
  const within = searchCandidates(index, referral.location, count, referral.radiusKm, referral.filters);
  const candidates = within.candidates.filter((candidate) => remaining.has(candidate.site.nationalId));
  // Everyone within the parent's radius proposed: a radius the ladder chose climbs to the next step holding someone new.
  const beyond = candidates.length === 0 && referral.radiusSource === 'ladder'
    ? searchBeyond(index, referral.location, count, referral.radiusKm, proposed, referral.filters)
    : undefined;
  if (candidates.length === 0 && beyond === undefined) {
    const where = referral.radiusSource === 'ladder' ? `within ${MAX_RADIUS_KM} km, the largest radius` : `within ${referral.radiusKm} km, the radius asked for`;
    throw new DomainError('no-more-practitioners', `Everyone of ${specialty.label} ${where}, has already been proposed in this call.`);
  }
  const members = poolMembers(beyond?.candidates ?? candidates);
  const radiusKm = beyond?.radiusKm ?? referral.radiusKm;
  const everyone = beyond === undefined ? within.candidates : searchCandidates(index, referral.location, count, radiusKm, referral.filters).candidates;
  return ctx.appendReferral({
    specialty: { code: specialty.code, label: specialty.label }, location: referral.location, count, members,
    ...directoryStateOf(ctx, index, specialty.code),
    radiusKm, radiusSource: referral.radiusSource, requestedBy: request.requestedBy ?? null, parentId, filters: referral.filters ?? null,
    widenedFromKm: beyond === undefined ? null : referral.radiusKm,
    call: { peopleWithin: everyone.length, alreadyProposed: everyone.filter((c) => proposed.has(c.site.nationalId)).length },
    ...(request.idempotency && { idempotency: request.idempotency }),
  });
}

/** `answerMoreReferral`, read back as a referral (for the tests). */
export async function makeMoreReferral(ctx: ReferralContext, parentId: string, request: { count?: number; requestedBy?: string }): Promise<Referral> {
  return readAnswer(await answerMoreReferral(ctx, parentId, request));
}

/** The state a pool is formed from, as the entry names it: its version, and the directory log entry that made it. */
function directoryStateOf(ctx: ReferralContext, index: SiteIndex, specialty: string): { directoryVersion: string; directoryEntry: string } {
  const directoryEntry = ctx.directoryEntryOf(specialty);
  if (directoryEntry === undefined) throw new Error(`No directory log entry for ${specialty}: the index was used before its state was logged`);
  return { directoryVersion: index.directoryVersion(specialty), directoryEntry };
}

function readAnswer(answer: AnsweredReferral): Referral {
  return JSON.parse(answer.json) as Referral;
}

/**
 * Draws and logs a pending referral in the write transaction, so that the sequence, the counters
 * read and the counters written cannot interleave with another referral's, and serializes the
 * answer there too, so that it is ready when the commit is. Runs where the log's connection is:
 * in this thread, or in the log writer's (see src/log-writer/).
 */
export function appendInTransaction(ctx: LogContext, pending: PendingReferral): Promise<AnsweredReferral> {
  return ctx.transaction(() => {
    const { idempotency } = pending;
    // Checked again under the write lock: another process may have answered the same key since.
    const replayed = idempotency && replayRemembered(ctx, idempotency, idempotency.rememberedSince);
    if (replayed) return replayed;
    const referral = drawAndLog(ctx, pending);
    if (idempotency) rememberInTransaction(ctx.idempotencyKeys, idempotency, referral);
    return { id: referral.id, specialtyCode: referral.specialty.code, poolSize: referral.poolSize, json: JSON.stringify(referral), replayed: false, location: referral.location };
  });
}

/** A pool member as the draw needs it: a person at their nearest site. */
export interface PoolMember {
  readonly nationalId: string;
  readonly siteId: number;
  readonly lat: number;
  readonly lon: number;
}

function poolMembers(candidates: readonly Candidate[]): PoolMember[] {
  return candidates.map(({ site }) => ({ nationalId: site.nationalId, siteId: site.siteId, lat: site.lat, lon: site.lon }));
}

/** A referral whose pool is formed, ready to be drawn: plain, flat data, cheap to pass to the writer thread. */
export interface PendingReferral {
  readonly specialty: Pick<SpecialtyDefinition, 'code' | 'label'>;
  readonly location: ResolvedLocation;
  readonly count: number;
  /** The pool in canonical order (by national identifier). */
  readonly members: readonly PoolMember[];
  /** The version of the specialty's directory the pool was formed from (directory-state.ts), logged before it was used. */
  readonly directoryVersion: string;
  /** The hash of the directory log entry that made that version. */
  readonly directoryEntry: string;
  readonly radiusKm: number;
  readonly radiusSource: Referral['radiusSource'];
  readonly requestedBy: string | null;
  /** The referral this one continues ("five more"), or null. */
  readonly parentId: string | null;
  /** The filters the pool was formed with, canonical, or null. */
  readonly filters: ReferralFilters | null;
  /** A "five more" drawn beyond its parent's radius: the parent's radius; otherwise null. */
  readonly widenedFromKm: number | null;
  /** For a "five more": how many people were within its radius, and how many of them the call had already proposed. */
  readonly call: { readonly peopleWithin: number; readonly alreadyProposed: number } | null;
  /** The Idempotency-Key to store with the referral, in its transaction; absent without one. */
  readonly idempotency?: PendingIdempotency;
}

/** Inside the write transaction: number the entry, draw, update the counters, seal and log. */
function drawAndLog(ctx: LogContext, pending: PendingReferral): Referral {
  const now = ctx.clock();
  const previous = ctx.referrals.lastEntry();
  const sequence = (previous?.sequence ?? 0) + 1;
  const previousHash = previous?.hash ?? GENESIS_HASH;
  // Its leaf in the Merkle tree: the next position, whatever gaps the sequence has (docs/audit-log.md).
  const leafIndex = previous === undefined ? 0 : previous.leafIndex + 1;
  const secret = periodSecret(ctx.seedPeriods, ctx.drawSecret, now, ctx.seedPeriod);
  const seed = deriveSeed(secret, sequence, ctx.epoch ?? undefined);
  const drawn = drawFromPool(ctx, pending, seed, previousHash);

  const referral = sealReferral({
    id: deriveReferralId(secret, sequence, ctx.epoch ?? undefined),
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
    ...(pending.widenedFromKm !== null && { widenedFromKm: pending.widenedFromKm }),
    audit: {
      logFormat: LOG_FORMAT, requestedBy: pending.requestedBy, directoryVersion: pending.directoryVersion, directoryEntry: pending.directoryEntry, sequence, seed, algorithm: ALGORITHM_VERSION, generator: GENERATOR, poolHash: drawn.poolHash, previousHash,
      leafIndex, treeSize: leafIndex + 1, ...(ctx.epoch !== null && { epoch: ctx.epoch }),
    },
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
  /** The proposed members, rank 1 first. */
  readonly proposed: readonly PoolMember[];
}

/** The one draw of DESIGN §4 on the stored pool, with its counter changes written. */
function drawFromPool(ctx: LogContext, pending: PendingReferral, seed: string, previousHash: string): Drawn {
  const { specialty, members } = pending;
  const pool = members.map((member) => member.nationalId);
  const poolHash = hashPool(specialty.code, pool);
  const storedPool = ctx.pools.findOrCreate(poolHash, specialty.code, pool);
  const result = draw({
    pool, seed, k: pending.count,
    counters: ctx.ledger.countersFor(specialty.code, pool, previousHash),
    previousOrder: storedPool.lastProposed,
  });
  ctx.pools.recordDraw(storedPool.id, result.shareUnits, result.order);
  ctx.counters.recordOffers(specialty.code, result.order);
  const byNationalId = new Map(members.map((member) => [member.nationalId, member]));
  const proposed = result.order.map((nationalId) => byNationalId.get(nationalId) as PoolMember);
  return { pool, poolHash, poolId: storedPool.id, result, proposed };
}

function toProposals(ctx: LogContext, proposed: readonly PoolMember[], origin: ResolvedLocation): ProposedPractitioner[] {
  const descriptions = ctx.siteDescriptions.describe(proposed.map((member) => member.siteId));
  return proposed.map((member, index) => {
    const described = descriptions.get(member.siteId);
    if (!described) throw new Error(`Site ${member.siteId} is in the index but not in the database`);
    const { practitionerId, ...shown } = described;
    return { rank: index + 1, id: practitionerId, ...shown, lat: member.lat, lon: member.lon, distanceKm: displayDistanceKm(origin, member) };
  });
}

function warningsFor(pending: PendingReferral, poolSize: number): string[] {
  const { specialty, count, radiusKm, call } = pending;
  const people = (n: number) => `${n} active practitioner${n === 1 ? '' : 's'}`;
  const widened = pending.widenedFromKm === null ? [] : [
    `Everyone of ${specialty.label} within ${pending.widenedFromKm} km has already been proposed in this call: the radius was widened to ${radiusKm} km.`,
  ];
  if (poolSize >= count) return widened;
  if (call !== null) {
    const further = pending.radiusSource === 'ladder' && radiusKm < MAX_RADIUS_KM ? ' Asked again, five more looks further.' : '';
    return [...widened, `${people(call.peopleWithin)} of ${specialty.label} within ${radiusKm} km, ${call.alreadyProposed} of them already proposed in this call: ${poolSize} more, fewer than the ${count} asked for.${further}`];
  }
  const where = pending.radiusSource === 'ladder' ? `the largest radius (${radiusKm} km)` : `${radiusKm} km`;
  return [`Only ${people(poolSize)} of ${specialty.label} within ${where}: fewer than the ${count} asked for.`];
}
