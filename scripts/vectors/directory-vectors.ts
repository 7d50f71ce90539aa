/**
 * Known-answer vectors of the directory state, the directory log and forming a pool again
 * (docs/audit-log.md, "Directory state", "Directory log", "Forming the pool again"), as
 * `docs/vectors/directory.json`: enough to reimplement that part of the verifier in another
 * language without reading src/.
 *
 * Made by the service itself: a real SQLite file in a temporary directory, the fixed directory,
 * clock and requests of directory-scenario.ts; the index's own versions, the directory log as the
 * service writes it (initial states, a suspension and a resumption through the use case the API
 * calls, a move made behind its back), referrals by `makeReferral` and `makeMoreReferral`. Every
 * known answer is read back from what the service stored or computed with its own functions, and
 * the service's verifier (`audit verify`'s) must accept the log before the file is written.
 * `npm run gen:vectors` writes it; test/storage/directory-vectors.test.ts makes it again and
 * checks it with independent code.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openServices, type Services } from '../../src/compose.js';
import { hashPool } from '../../src/domain/audit/hash-chain.js';
import { formPoolAgain } from '../../src/domain/audit/pool-formation.js';
import { parseDirectoryEntry } from '../../src/domain/directory/directory-log-entry.js';
import { bucketDigest, bucketOf, DIRECTORY_BUCKETS, DIRECTORY_STATE_FORMAT, directoryVersion, rowLine, type DirectoryRow } from '../../src/domain/directory/directory-state.js';
import { matchesFilters } from '../../src/domain/filters/referral-filters.js';
import { searchCandidates } from '../../src/domain/geo/candidate-search.js';
import { fastDistanceMeters } from '../../src/domain/geo/distance.js';
import { createSiteIndex } from '../../src/domain/geo/site-index.js';
import { mayReachAnotherTerritory, territoryOf } from '../../src/domain/geo/territory.js';
import type { Referral } from '../../src/domain/model.js';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from '../../src/storage/gazetteer-file.js';
import { makeMoreReferral, makeReferral } from '../../src/use-cases/make-referral.js';
import { directoryStateOf } from '../../src/use-cases/directory-log.js';
import { changePractitionerStatus } from '../../src/use-cases/practitioner-status.js';
import { verifyLog } from '../../src/use-cases/verify-log.js';
import {
  ADMIN_KEY, DECLARED, DIRECTORY_LOADED_AT, DIRECTORY_STEPS, MOVED, MOVED_TO, PRACTITIONERS, SPECIALTY, SUSPENDED, type DirectoryStep,
} from './directory-scenario.js';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`directory vectors: ${message}`);
}

/** The fixed directory, with what the practices declared, indexed: the directory log begins. */
function fillDirectory(services: Services): void {
  const { practitioners } = services.referralContext;
  const loadedAt = new Date('2026-11-01T00:00:00.000Z');
  practitioners.insertMany(PRACTITIONERS, loadedAt);
  for (const [nationalId, declared] of DECLARED) services.statusChanges.setAttributes(practitionerId(services, nationalId), declared, 'directory-vectors', loadedAt);
  services.reindex();
}

function practitionerId(services: Services, nationalId: string): number {
  const found = services.referralContext.practitioners.search({ nationalId, page: 1, pageSize: 1 }).items[0];
  assert(found !== undefined, `practitioner ${nationalId} was not stored`);
  return found.id;
}

/** Suspends or resumes as PATCH /v1/practitioners/{id} does: the same use case, the key's name as `by`. */
async function changeStatus(services: Services, now: () => Date, status: 'suspended' | 'active'): Promise<void> {
  const deps = {
    practitioners: services.referralContext.practitioners, statusChanges: services.statusChanges, clock: now,
    directoryChanged: services.practitionerChanged,
  };
  const request = status === 'suspended' ? { status, reason: 'Complaint under review' } : { status };
  await changePractitionerStatus(deps, practitionerId(services, SUSPENDED), request, ADMIN_KEY);
}

/** Moves a practice in the database, as a hand edit would, and reindexes: nothing on record explains it. */
function moveBehindTheBack(services: Services): void {
  const id = practitionerId(services, MOVED);
  const { changes } = services.db.prepare('UPDATE sites SET lat = ?, lon = ? WHERE practitioner_id = ?').run(MOVED_TO.lat, MOVED_TO.lon, id);
  assert(changes === 1, `${MOVED} should have one practice`);
  services.reindex();
}

async function refer(services: Services, step: DirectoryStep, made: ReadonlyMap<number, Referral>): Promise<Referral> {
  const ctx = services.referralContext;
  const { ask } = step;
  if (ask.kind === 'more') {
    const parent = made.get(ask.parentStep);
    assert(parent !== undefined, `step "${step.name}" continues a step that made no referral`);
    return makeMoreReferral(ctx, parent.id, { requestedBy: 'desk-vectors' });
  }
  assert(ask.kind === 'referral', 'not a referral');
  return makeReferral(ctx, {
    specialty: SPECIALTY, location: ask.origin, requestedBy: 'desk-vectors',
    ...(ask.radiusKm !== undefined && { radiusKm: ask.radiusKm }),
    ...(ask.count !== undefined && { count: ask.count }),
    ...(ask.filters !== undefined && { filters: ask.filters }),
  });
}

/** A state as the vectors show it: each row's line and bucket, the 64 digests, the hashed text and the version. */
function stateVector(specialty: string, rows: readonly DirectoryRow[]) {
  const sorted = [...rows].sort((a, b) => a.siteId - b.siteId);
  const digests = Array.from({ length: DIRECTORY_BUCKETS }, (_, bucket) => bucketDigest(sorted.filter((row) => bucketOf(row.siteId) === bucket).map(rowLine)));
  const versionText = `${DIRECTORY_STATE_FORMAT}\n${specialty}\n${digests.map((digest) => `${digest}\n`).join('')}`;
  const version = directoryVersion(specialty, sorted);
  assert(sha256Hex(versionText) === version, 'the version is not SHA-256 of its text');
  return {
    specialty,
    rows: sorted.map((row) => ({ siteId: row.siteId, bucket: bucketOf(row.siteId), line: rowLine(row) })),
    bucketDigests: digests,
    versionText,
    version,
  };
}

/** Every site of the state as forming `referral`'s pool sees it: distance, land, filters, radius, and the site kept per person. */
function sitesSeenFrom(rows: readonly DirectoryRow[], referral: Referral, radiusKm: number, kept: ReadonlyMap<string, number>) {
  const origin = referral.location;
  const originTerritory = territoryOf(origin);
  const landMatters = mayReachAnotherTerritory(origin);
  return [...rows].sort((a, b) => a.siteId - b.siteId).map((row) => {
    const distanceM = fastDistanceMeters(origin.lat, origin.lon, row.lat, row.lon);
    const territory = territoryOf(row);
    const sameLand = !landMatters || territory === originTerritory;
    const meetsFilters = referral.filters === undefined || matchesFilters(row.attributes, referral.filters);
    const withinRadius = distanceM <= radiusKm * 1000;
    return {
      siteId: row.siteId, nationalId: row.nationalId, distanceM, territory, sameLand, meetsFilters, withinRadius,
      counts: sameLand && meetsFilters && withinRadius, keptForPerson: kept.get(row.nationalId) === row.siteId,
    };
  });
}

/** Makes the scenario in a fresh database and reads back every known answer. */
export async function directoryVectors() {
  const dir = mkdtempSync(join(tmpdir(), 'directory-vectors-'));
  let now = new Date(DIRECTORY_LOADED_AT);
  const clock = () => now;
  const services = openServices({
    databasePath: join(dir, 'referrals.sqlite'),
    gazetteer: loadGazetteer(fileURLToPath(DEFAULT_GAZETTEER_PATH)),
    clock,
    drawSecret: () => Buffer.alloc(32, 7),
  });
  try {
    fillDirectory(services);
    const ctx = services.referralContext;
    const made = new Map<number, Referral>();
    const referralSteps: { step: DirectoryStep; referral: Referral }[] = [];
    for (const [i, step] of DIRECTORY_STEPS.entries()) {
      now = new Date(step.at);
      const { kind } = step.ask;
      if (kind === 'suspend' || kind === 'resume') await changeStatus(services, clock, kind === 'suspend' ? 'suspended' : 'active');
      else if (kind === 'move-behind-the-back') moveBehindTheBack(services);
      else {
        const referral = await refer(services, step, made);
        made.set(i + 1, referral);
        referralSteps.push({ step, referral });
      }
    }

    const verified = verifyLog(ctx, { strict: false });
    assert(verified.verified && verified.poolsFormed === referralSteps.length, `the service's own verifier rejects the log: ${JSON.stringify(verified.divergence ?? verified.directory)}`);
    const stored = [...ctx.directoryLog.all()];
    const parsed = stored.map((entry) => parseDirectoryEntry(entry.entryJson));
    assert(parsed.map((entry) => entry.cause.kind).join() === 'initial,initial,suspension,resumption,unrecorded', `unexpected causes ${parsed.map((entry) => entry.cause.kind).join()}`);

    // The state of a version as GET /v1/audit/directory serves it: the log replayed up to the first entry that made it.
    const rowsOf = (version: string) => {
      const state = directoryStateOf(ctx.directoryLog, version);
      assert(directoryVersion(state.specialty, state.rows) === version, `the state served for ${version} does not hash to it`);
      return state.rows;
    };
    const initial = parsed[0];
    assert(initial !== undefined && initial.specialty === SPECIALTY, 'the first entry is not the initial state of ophthalmology');

    // Forming each pool again: the call so far (parent's pool, proposed earlier in the call) as the replay builds it.
    const poolOf = (referral: Referral) => ctx.referrals.findRecord(referral.id)?.pool ?? [];
    const rootOf = new Map<string, string>();
    const proposedIn = new Map<string, Set<string>>();
    const cases = referralSteps.map(({ step, referral }) => {
      const version = referral.audit.directoryVersion;
      assert(version !== undefined, `referral ${referral.audit.sequence} names no directory version`);
      const rows = rowsOf(version);
      const index = createSiteIndex(rows.map((row) => ({ practitionerId: 0, ...row })));
      const parent = referral.parentId === undefined ? undefined : [...made.values()].find((r) => r.id === referral.parentId);
      const root = parent === undefined ? referral.id : (rootOf.get(parent.id) ?? parent.id);
      const proposedInCall = [...(proposedIn.get(root) ?? new Set<string>())].sort();
      const call = parent === undefined ? null : { parentPool: new Set(poolOf(parent)), proposedInCall: new Set(proposedInCall) };
      const formed = formPoolAgain(index, referral, call);
      const pool = poolOf(referral);
      assert(formed.radiusKm === referral.radiusKm && formed.pool.join() === pool.join(), `referral ${referral.audit.sequence}: the pool formed again is not the one logged`);
      assert(hashPool(SPECIALTY, pool) === referral.audit.poolHash, `referral ${referral.audit.sequence}: pool hash`);
      const candidates = searchCandidates(index, referral.location, referral.count, formed.radiusKm, referral.filters).candidates;
      const kept = new Map(candidates.map((c) => [c.site.nationalId, c.site.siteId]));
      for (const proposed of referral.practitioners) assert(kept.get(proposed.nationalId) === proposed.siteId, `referral ${referral.audit.sequence}: ${proposed.nationalId} shown at another site than their nearest`);
      rootOf.set(referral.id, root);
      proposedIn.set(root, new Set([...(proposedIn.get(root) ?? []), ...referral.practitioners.map((p) => p.nationalId)]));
      const stateEntry = parsed.findIndex((entry) => entry.versionAfter === version);
      return {
        name: step.name,
        referral: { sequence: referral.audit.sequence, id: referral.id, createdAt: referral.createdAt },
        specialty: SPECIALTY,
        directoryVersion: version,
        madeByDirectoryEntry: (parsed[stateEntry] as { sequence: number }).sequence,
        origin: { lat: referral.location.lat, lon: referral.location.lon },
        count: referral.count,
        radiusSource: referral.radiusSource,
        radiusKm: referral.radiusKm,
        ...(referral.filters !== undefined && { filters: referral.filters }),
        ...(parent !== undefined && { parentId: parent.id, call: { parentPool: poolOf(parent), proposedInCall } }),
        ...(referral.widenedFromKm !== undefined && { widenedFromKm: referral.widenedFromKm }),
        proposed: referral.practitioners.map((p) => p.nationalId),
        formed: { radiusKm: formed.radiusKm, pool: formed.pool, poolHash: referral.audit.poolHash, nearestSites: formed.pool.map((nationalId) => ({ nationalId, siteId: kept.get(nationalId) ?? null })) },
        ...(step.distances && { sites: sitesSeenFrom(rows, referral, formed.radiusKm, kept) }),
      };
    });

    const emptyVersions = [...new Set(parsed.map((entry) => entry.specialty))].map((specialty) => ({ specialty, version: directoryVersion(specialty, []) }));
    return {
      about: 'Known answers for docs/audit-log.md, "Directory state", "Directory log" and "Forming the pool again": made by the service itself (real SQLite, fixed directory, clock and requests; scripts/vectors/directory-scenario.ts). Hashes are lower-case hex SHA-256 of UTF-8 text.',
      emptyState: {
        about: 'The version of a specialty with no referable site: its 64 bucket digests are all emptyBucketDigest, SHA-256 of the empty string.',
        emptyBucketDigest: bucketDigest([]),
        versions: emptyVersions,
      },
      state: {
        about: 'The initial state of ophthalmology (the first entry of the directory log): each row\'s line, a JSON array [nationalId, siteId, lat, lon, sector, acceptsNewPatients, languages, wheelchairAccess, gender], and its bucket, siteId mod 64, in ascending siteId; bucketDigests[b] is SHA-256 of the lines of bucket b, each followed by LF, in ascending siteId; version is SHA-256 of versionText. Site ids 14 to 69 are practices no geocoder placed (not rows), so that buckets 6 to 12 hold two rows each.',
        ...stateVector(SPECIALTY, rowsOf(initial.versionAfter)),
      },
      log: {
        about: 'The directory log as GET /v1/audit/directory-log exports it, one entry per line: canonicalText is the line, hash its SHA-256; previousHash is the previous entry\'s hash (64 zeros for the first); versionBefore is the specialty\'s versionAfter so far (the empty state\'s version for its first entry); applying removed, then upserted, to the specialty\'s state gives versionAfter. The other members repeat those of canonicalText, for reading.',
        entries: stored.map((entry, i) => {
          const e = parsed[i] as (typeof parsed)[number];
          return {
            name: ['initial state of ophthalmology', 'initial state of paediatrics', ...DIRECTORY_STEPS.filter((s) => s.ask.kind !== 'referral' && s.ask.kind !== 'more').map((s) => s.name)][i],
            sequence: e.sequence, createdAt: e.createdAt, specialty: e.specialty, cause: e.cause,
            versionBefore: e.versionBefore, versionAfter: e.versionAfter, removed: e.change.removed, upserted: e.change.upserted.map(rowLine),
            previousHash: e.previousHash, canonicalText: entry.entryJson, hash: entry.hash,
          };
        }),
      },
      pools: {
        about: 'Referrals the service logged, each with what forming its pool again takes: the state of directoryVersion (replay the log; madeByDirectoryEntry is the entry that made it), origin, count, radiusSource and radiusKm, filters (absent: none), and for a "five more" call.parentPool and call.proposedInCall (everyone proposed earlier in the call) and widenedFromKm when widened; proposed, the order the referral proposed (for the calls of later "five more"). formed is the answer: radiusKm (must equal the entry\'s), the pool in canonical order and its poolHash, and the site kept for each person (the nearest; the lower siteId on a tie). sites, where given: every row of the state seen from the origin, distanceM by the law of cosines on 6,378,137 m, its territory, whether the same-land rule, the filters and the radius let it count, and whether it is the site kept for its person.',
        cases,
      },
    };
  } finally {
    services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const DIRECTORY_VECTORS_PATH = 'docs/vectors/directory.json';

if (process.argv[1]?.endsWith('directory-vectors.ts')) {
  writeFileSync(DIRECTORY_VECTORS_PATH, `${JSON.stringify(await directoryVectors(), null, 2)}\n`);
  console.log(`wrote ${DIRECTORY_VECTORS_PATH}`);
}
