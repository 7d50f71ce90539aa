import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openServices, type Services } from '../../src/compose.js';
import { GENESIS_HASH } from '../../src/domain/audit/hash-chain.js';
import { deriveSeed } from '../../src/domain/audit/seed.js';
import { applyDraw, draw } from '../../src/domain/draw.js';
import { fairShareUnits, type FairnessCounter } from '../../src/domain/selection/fairness-counters.js';
import type { Db } from '../../src/storage/database.js';
import type { NewPractitioner } from '../../src/storage/practitioner-repository.js';
import { makeReferral, type ReferralRequest } from '../../src/use-cases/make-referral.js';
import { practitionersAround } from '../support/factories.js';
import { fixedClock, givenService, testGazetteer } from '../support/test-service.js';

const SPECIALTY = 'ophtalmologie';
const PARIS_2E = { lat: 48.8686, lon: 2.3314 };
/** Origins about a kilometre apart: with a 2 km radius their pools overlap without being equal. */
const ORIGINS = [
  PARIS_2E,
  { lat: 48.8776, lon: 2.3314 },
  { lat: 48.8596, lon: 2.3314 },
  { lat: 48.8686, lon: 2.3451 },
  { lat: 48.8686, lon: 2.3177 },
];
const DRAW_SECRET = () => Buffer.alloc(32, 1);

type Counters = Map<string, FairnessCounter>;

interface ReplayedEntry {
  readonly sequence: number;
  readonly pool: readonly string[];
  readonly seed: string;
  readonly k: number;
  readonly previousOrder: readonly string[] | null;
  readonly proposed: readonly string[];
  /** The counters of the specialty just before this entry. */
  readonly countersBefore: Counters;
  /** What the pure draw gives for this entry from the replayed counters. */
  readonly redrawn: readonly string[];
}

interface Replay {
  readonly counters: Counters;
  readonly entries: readonly ReplayedEntry[];
}

/**
 * Recomputes the counters of one specialty from the log alone (DESIGN §4 "Replay"): empty
 * counters, then every entry in sequence order through the pure `applyDraw` over its stored pool.
 */
function replayLog(db: Db, specialty = SPECIALTY): Replay {
  const rows = db.prepare(
    `SELECT r.sequence, r.seed, r.count, r.proposed_json AS proposedJson, r.pool_id AS poolId, p.members_json AS membersJson
     FROM referrals r JOIN pools p ON p.id = r.pool_id WHERE r.specialty = ? ORDER BY r.sequence`,
  ).all(specialty) as { sequence: number; seed: string; count: number; proposedJson: string; poolId: number; membersJson: string }[];
  let counters: Counters = new Map();
  const lastOrderOfPool = new Map<number, readonly string[]>();
  const entries: ReplayedEntry[] = [];
  for (const row of rows) {
    const pool = JSON.parse(row.membersJson) as string[];
    const proposed = JSON.parse(row.proposedJson) as string[];
    const previousOrder = lastOrderOfPool.get(row.poolId) ?? null;
    const redrawn = draw({ pool, counters, seed: row.seed, k: row.count, previousOrder }).order;
    entries.push({ sequence: row.sequence, pool, seed: row.seed, k: row.count, previousOrder, proposed, countersBefore: counters, redrawn });
    counters = applyDraw(counters, pool, { order: proposed, shareUnits: fairShareUnits(pool.length, proposed.length), redraws: 0 });
    lastOrderOfPool.set(row.poolId, proposed);
  }
  return { counters, entries };
}

/**
 * What a service's in-memory ledger holds for `ids`, as of the log's current newest entry (so
 * that a ledger already in step answers from memory, without rebuilding).
 */
function ledgerCounters(services: Services, ids: readonly string[], specialty = SPECIALTY): Counters {
  const { ledger, referrals } = services.referralContext;
  return ledger.countersFor(specialty, ids, referrals.lastEntry()?.hash ?? GENESIS_HASH);
}

/** Counters as sorted plain entries, so that two maps compare exactly whatever their insertion order. */
function sorted(counters: ReadonlyMap<string, FairnessCounter>): [string, FairnessCounter][] {
  return [...counters.entries()]
    .map(([id, { expectedUnits, offered }]): [string, FairnessCounter] => [id, { expectedUnits, offered }])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Makes `total` referrals, `perTurn` at a time in one turn (one group-commit batch), cycling through `origins`. */
async function makeReferrals(services: Services, total: number, origins = ORIGINS, extra: Partial<ReferralRequest> = {}) {
  const perTurn = 10;
  for (let made = 0; made < total; made += perTurn) {
    const batch = Array.from({ length: Math.min(perTurn, total - made) }, (_, i) =>
      makeReferral(services.referralContext, { specialty: SPECIALTY, location: origins[(made + i) % origins.length] ?? PARIS_2E, ...extra }),
    );
    await Promise.all(batch);
  }
}

function reopen(databasePath: string, clockStart = Date.parse('2026-11-23T12:00:00Z')): Services {
  return openServices({ databasePath, gazetteer: testGazetteer(), clock: fixedClock(clockStart), drawSecret: DRAW_SECRET });
}

function logSize(db: Db): number {
  return db.prepare('SELECT COUNT(*) FROM referrals').pluck().get() as number;
}

type Settled = { status: 'fulfilled' } | { status: 'rejected'; reason: unknown };
function settle(promise: Promise<unknown>): Promise<Settled> {
  return promise.then(
    () => ({ status: 'fulfilled' }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

describe('fairness ledger against the referral log', () => {
  let dir: string;
  let databasePath: string;
  const opened: Services[] = [];

  /** A real service on a temp file; it and every service reopened on the file are closed after the test. */
  function given(practitioners: readonly NewPractitioner[]): Services {
    const service = givenService(practitioners);
    dir = service.dir;
    databasePath = join(dir, 'referrals.sqlite');
    opened.push(service.services);
    return service.services;
  }
  function reopened(clockStart?: number): Services {
    const services = reopen(databasePath, clockStart);
    opened.push(services);
    return services;
  }
  function close(services: Services) {
    services.close();
    opened.splice(opened.indexOf(services), 1);
  }

  afterEach(() => {
    for (const services of opened.splice(0)) services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the service is reopened on the same file, then the new ledger gives exactly the old ledger\'s counters, which equal a replay of the log', async () => {
    const practitioners = practitionersAround(40, PARIS_2E, SPECIALTY, 4);
    const ids = practitioners.map((p) => p.nationalId);
    const first = given(practitioners);
    await makeReferrals(first, 200);
    const beforeClose = sorted(ledgerCounters(first, ids));

    close(first);
    const second = reopened();
    const afterReopen = sorted(ledgerCounters(second, ids));
    const replay = replayLog(second.db);

    expect(logSize(second.db)).to.equal(200);
    expect(new Set(replay.entries.map((entry) => entry.pool.join())).size, 'distinct overlapping pools').to.be.at.least(3);
    expect(afterReopen).to.deep.equal(beforeClose);
    expect(afterReopen).to.deep.equal(sorted(replay.counters));
    for (const [, counter] of afterReopen) expect(Number.isSafeInteger(counter.expectedUnits)).to.equal(true);
    expect(afterReopen.reduce((sum, [, counter]) => sum + counter.offered, 0)).to.equal(200 * 5);
    // The log replays draw for draw, not only counter for counter.
    expect(replay.entries.filter((entry) => entry.redrawn.join() !== entry.proposed.join()).map((entry) => entry.sequence)).to.deep.equal([]);
  });

  it('when another connection appends to the log behind the ledger\'s back, then the next referral rebuilds and draws from counters including those referrals', async () => {
    const practitioners = practitionersAround(40, PARIS_2E, SPECIALTY, 4);
    const ids = practitioners.map((p) => p.nationalId);
    const first = given(practitioners);
    await makeReferrals(first, 30);
    const staleCounters = ledgerCounters(first, ids);
    const other = reopened();
    await makeReferrals(other, 20);
    close(other);

    await makeReferral(first.referralContext, { specialty: SPECIALTY, location: PARIS_2E });

    const replay = replayLog(first.db);
    const last = replay.entries[replay.entries.length - 1] as ReplayedEntry;
    expect(last.sequence).to.equal(51);
    expect(sorted(ledgerCounters(first, ids))).to.deep.equal(sorted(replay.counters));
    expect(last.proposed).to.deep.equal(last.redrawn);
    // The test can tell: from the stale counters the same seed would have proposed someone else.
    const fromStale = draw({ pool: last.pool, counters: staleCounters, seed: last.seed, k: last.k, previousOrder: last.previousOrder }).order;
    expect([...fromStale].sort()).to.not.deep.equal([...last.proposed].sort());
  });

  it('when a failed commit is followed by another connection logging the same number of entries, then the next referral still draws from the stored counters', async () => {
    const practitioners = practitionersAround(40, PARIS_2E, SPECIALTY, 4);
    const ids = practitioners.map((p) => p.nationalId);
    const first = given(practitioners);
    first.db.exec(`
      CREATE TABLE probe_parents (id INTEGER PRIMARY KEY);
      CREATE TABLE probe_children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES probe_parents (id) DEFERRABLE INITIALLY DEFERRED);
    `);
    await makeReferrals(first, 10);
    // A referral batched with a write that violates a deferred foreign key: the batch fails at COMMIT.
    const lost = settle(makeReferral(first.referralContext, { specialty: SPECIALTY, location: PARIS_2E }));
    const violation = settle(first.referralContext.transaction(() => first.db.prepare('INSERT INTO probe_children (parent_id) VALUES (1)').run()));
    const failures = await Promise.all([lost, violation]);
    const other = reopened();
    await makeReferral(other.referralContext, { specialty: SPECIALTY, location: ORIGINS[1] ?? PARIS_2E });
    close(other);

    await makeReferral(first.referralContext, { specialty: SPECIALTY, location: PARIS_2E });

    expect(failures.map((failure) => failure.status)).to.deep.equal(['rejected', 'rejected']);
    expect(logSize(first.db)).to.equal(12);
    const replay = replayLog(first.db);
    const last = replay.entries[replay.entries.length - 1] as ReplayedEntry;
    expect(sorted(ledgerCounters(first, ids))).to.deep.equal(sorted(replay.counters));
    expect(last.proposed).to.deep.equal(last.redrawn);
  });

  it('when the pool holds exactly k practitioners, then consecutive orders differ, even across a reopen', async () => {
    const practitioners = practitionersAround(3, PARIS_2E, SPECIALTY, 1);
    const request: ReferralRequest = { specialty: SPECIALTY, location: PARIS_2E, count: 3 };
    const first = given(practitioners);
    const orders: (readonly string[])[] = [];
    // Go on until a fresh draw of the next seed, blind to the stored order, would repeat the
    // last order: only the order stored with the pool can then keep the next one different.
    let wouldRepeat = false;
    for (let made = 0; made < 100 && !wouldRepeat; made++) {
      const referral = await makeReferral(first.referralContext, request);
      orders.push(referral.practitioners.map((p) => p.nationalId));
      const secret = first.db.prepare('SELECT secret FROM seed_periods').pluck().get() as Buffer;
      const blind = draw({ pool: [...practitioners.map((p) => p.nationalId)].sort(), counters: replayLog(first.db).counters, seed: deriveSeed(secret, referral.audit.sequence + 1), k: 3, previousOrder: null });
      wouldRepeat = blind.order.join() === orders[orders.length - 1]?.join();
    }
    close(first);
    const second = reopened();

    const afterReopen = await makeReferral(second.referralContext, request);

    orders.push(afterReopen.practitioners.map((p) => p.nationalId));
    expect(wouldRepeat, 'a next seed whose blind draw repeats the last order').to.equal(true);
    expect(afterReopen.poolSize).to.equal(3);
    for (let i = 1; i < orders.length; i++) expect(orders[i], `order ${i + 1} vs ${i}`).to.not.deep.equal(orders[i - 1]);
    const stored = second.db.prepare('SELECT last_proposed_json FROM pools').pluck().all() as string[];
    expect(stored.map((json) => JSON.parse(json) as string[])).to.deep.equal([orders[orders.length - 1]]);
  });
});
