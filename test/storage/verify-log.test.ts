import { expect } from 'chai';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openServices, type Services } from '../../src/compose.js';
import { chainedEntryOf, hashEntry } from '../../src/domain/audit/hash-chain.js';
import type { Db } from '../../src/storage/database.js';
import { makeReferral } from '../../src/use-cases/make-referral.js';
import { verifyLog, verifyReferral } from '../../src/use-cases/verify-log.js';
import { practitionersAround } from '../support/factories.js';
import { fixedClock, givenService, testGazetteer } from '../support/test-service.js';

const SPECIALTY = 'ophtalmologie';
const ORIGINS = [
  { lat: 48.8686, lon: 2.3314 },
  { lat: 48.8776, lon: 2.3314 },
  { lat: 48.8596, lon: 2.3314 },
  { lat: 48.8686, lon: 2.3451 },
];
const ENTRIES = 40;

/** Recomputes every hash from `from` on, as an insider covering their tracks would. */
function resealFrom(db: Db, services: Services, from: number): void {
  const update = db.prepare('UPDATE referrals SET previous_hash = ?, hash = ? WHERE sequence = ?');
  let previousHash = [...services.referralContext.referrals.log(from - 1, from - 1)][0]?.referral.audit.hash;
  for (const { referral } of [...services.referralContext.referrals.log(from)]) {
    const resealed = { ...referral, audit: { ...referral.audit, previousHash: previousHash as string } };
    const hash = hashEntry(chainedEntryOf(resealed));
    update.run(previousHash, hash, referral.audit.sequence);
    previousHash = hash;
  }
}

function proposedOf(db: Db, sequence: number): string[] {
  return JSON.parse(db.prepare('SELECT proposed_json FROM referrals WHERE sequence = ?').pluck().get(sequence) as string) as string[];
}

/** Reverses what entry `sequence` proposed, in the log and in what the advisor was shown, consistently. */
function reverseOrder(db: Db, sequence: number): void {
  const row = db.prepare('SELECT proposed_json, result_json FROM referrals WHERE sequence = ?').get(sequence) as { proposed_json: string; result_json: string };
  const proposed = (JSON.parse(row.proposed_json) as string[]).reverse();
  const shown = (JSON.parse(row.result_json) as { rank: number }[]).reverse().map((p, index) => ({ ...p, rank: index + 1 }));
  db.prepare('UPDATE referrals SET proposed_json = ?, result_json = ? WHERE sequence = ?').run(JSON.stringify(proposed), JSON.stringify(shown), sequence);
}

function poolOf(db: Db, sequence: number): { id: number; members: string[] } {
  const row = db.prepare('SELECT p.id, p.members_json FROM pools p JOIN referrals r ON r.pool_id = p.id WHERE r.sequence = ?').get(sequence) as { id: number; members_json: string };
  return { id: row.id, members: JSON.parse(row.members_json) as string[] };
}

describe('audit verify: replaying the whole log against a tampered copy of a real database', () => {
  let dir: string;
  let original: string;
  let copies = 0;
  const opened: Services[] = [];

  before(async () => {
    const service = givenService(practitionersAround(60, ORIGINS[0] as { lat: number; lon: number }, SPECIALTY, 4));
    dir = service.dir;
    original = join(dir, 'referrals.sqlite');
    for (let made = 0; made < ENTRIES; made += ORIGINS.length) {
      await Promise.all(ORIGINS.map((location) => makeReferral(service.services.referralContext, { specialty: SPECIALTY, location, radiusKm: 2 })));
    }
    service.services.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    for (const services of opened.splice(0)) services.close();
  });

  /** A fresh copy of the untouched database, opened as the service would open it. */
  function aCopy(): Services {
    const path = join(mkdtempSync(join(dir, 'copy-')), `copy-${++copies}.sqlite`);
    copyFileSync(original, path);
    const services = openServices({ databasePath: path, gazetteer: testGazetteer(), clock: fixedClock(), drawSecret: () => Buffer.alloc(32, 1) });
    opened.push(services);
    return services;
  }

  function tamperedWith(tamper: (db: Db, services: Services) => void) {
    const services = aCopy();
    tamper(services.db, services);
    return verifyLog(services.referralContext);
  }

  it('when nothing was touched, then every entry, seed, counter and pool checks out', () => {
    const report = verifyLog(aCopy().referralContext);
    expect(report).to.include({ verified: true, entries: ENTRIES, seedsChecked: ENTRIES, divergence: null });
    expect(report.countersChecked).to.be.greaterThan(10);
    expect(report.poolsChecked).to.be.at.least(ORIGINS.length);
  });

  const tamperings: [string, (db: Db, services: Services) => void, { sequence: number; check: string[] }][] = [
    ['the proposed order of one entry is changed', (db) => reverseOrder(db, 10), { sequence: 10, check: ['order', 'hash'] }],
    ['the proposed order is changed and every later hash recomputed', (db, services) => {
      reverseOrder(db, 10);
      resealFrom(db, services, 10);
    }, { sequence: 10, check: ['order'] }],
    ['a proposed practitioner is swapped for another pool member, hashes recomputed', (db, services) => {
      const proposed = proposedOf(db, 12);
      const outsider = poolOf(db, 12).members.find((id) => !proposed.includes(id)) as string;
      const row = db.prepare('SELECT result_json FROM referrals WHERE sequence = 12').pluck().get() as string;
      db.prepare('UPDATE referrals SET proposed_json = ?, result_json = ? WHERE sequence = 12')
        .run(JSON.stringify([outsider, ...proposed.slice(1)]), row.replace(proposed[0] as string, outsider));
      resealFrom(db, services, 12);
    }, { sequence: 12, check: ['selection'] }],
    ['a member is added to a pool', (db) => {
      const pool = poolOf(db, 7);
      db.prepare('UPDATE pools SET members_json = ? WHERE id = ?').run(JSON.stringify([...pool.members, '899999999999'].sort()), pool.id);
    }, { sequence: 0, check: ['pool'] }],
    ['a member is dropped from a pool', (db) => {
      const pool = poolOf(db, 7);
      db.prepare('UPDATE pools SET members_json = ? WHERE id = ?').run(JSON.stringify(pool.members.slice(1)), pool.id);
    }, { sequence: 0, check: ['pool'] }],
    ['a seed is changed and the hashes recomputed', (db, services) => {
      db.prepare("UPDATE referrals SET seed = '0123456789abcdef0123456789abcdef' WHERE sequence = 20").run();
      resealFrom(db, services, 20);
    }, { sequence: 20, check: ['seed'] }],
    ['a practitioner\'s offer counter is edited', (db) => {
      db.prepare('UPDATE fairness_counters SET offered = offered + 1, rank_1 = rank_1 + 1 WHERE (specialty, national_id) = (SELECT specialty, national_id FROM fairness_counters LIMIT 1)').run();
    }, { sequence: ENTRIES, check: ['counters'] }],
    ['a pool\'s accrued share is edited', (db) => {
      db.prepare('UPDATE pools SET accrued_units = accrued_units - 1 WHERE id = (SELECT MIN(id) FROM pools)').run();
    }, { sequence: ENTRIES, check: ['counters'] }],
    ['an entry is deleted', (db) => {
      db.prepare('DELETE FROM referrals WHERE sequence = 15').run();
    }, { sequence: 16, check: ['sequence'] }],
    ['an entry is deleted and the later ones renumbered and resealed', (db, services) => {
      db.prepare('DELETE FROM referrals WHERE sequence = 15').run();
      db.prepare('UPDATE referrals SET sequence = -(sequence - 1) WHERE sequence > 15').run();
      db.prepare('UPDATE referrals SET sequence = -sequence WHERE sequence < 0').run();
      resealFrom(db, services, 15);
    }, { sequence: 15, check: ['seed', 'id'] }],
    ['the newest entry is deleted', (db) => {
      db.prepare(`DELETE FROM referrals WHERE sequence = ${ENTRIES}`).run();
    }, { sequence: ENTRIES - 1, check: ['counters'] }],
    ['an entry is inserted', (db) => {
      db.prepare('UPDATE referrals SET sequence = -(sequence + 1) WHERE sequence >= 15').run();
      db.prepare('UPDATE referrals SET sequence = -sequence WHERE sequence < 0').run();
      const columns = `created_at, specialty, location_json, radius_km, radius_source, count, pool_id, seed, algorithm, generator, proposed_json,
        result_json, warnings_json, previous_hash, hash, requested_by, parent_id, filters_json, widened_from_km, log_format, leaf_index, epoch, directory_version`;
      db.prepare(`INSERT INTO referrals (sequence, id, ${columns}) SELECT 15, id || 'x', ${columns} FROM referrals WHERE sequence = 14`).run();
    }, { sequence: 15, check: ['previous-hash'] }],
    ['two entries are swapped', (db) => {
      db.prepare('UPDATE referrals SET sequence = -1 WHERE sequence = 15').run();
      db.prepare('UPDATE referrals SET sequence = 15 WHERE sequence = 16').run();
      db.prepare('UPDATE referrals SET sequence = 16 WHERE sequence = -1').run();
    }, { sequence: 15, check: ['previous-hash'] }],
    ['the seed secrets are deleted, so that no seed can be checked', (db) => {
      db.prepare('DELETE FROM seed_periods').run();
    }, { sequence: 1, check: ['seed'] }],
    ['an entry\'s time is made unreadable', (db) => {
      db.prepare("UPDATE referrals SET created_at = 'garbage' WHERE sequence = 3").run();
    }, { sequence: 3, check: ['hash'] }],
    ['an entry\'s stored location is not JSON any more', (db) => {
      db.prepare("UPDATE referrals SET location_json = 'not json' WHERE sequence = 6").run();
    }, { sequence: 6, check: ['hash'] }],
    ['an entry\'s stored answer is not a list any more', (db) => {
      db.prepare("UPDATE referrals SET result_json = '{}' WHERE sequence = 4").run();
    }, { sequence: 4, check: ['hash'] }],
    ['what the advisor was shown is edited', (db) => {
      const row = db.prepare('SELECT result_json FROM referrals WHERE sequence = 5').pluck().get() as string;
      db.prepare('UPDATE referrals SET result_json = ? WHERE sequence = 5').run(row.replace(/"phone":"[^"]*"/, '"phone":"01 00 00 00 00"'));
    }, { sequence: 5, check: ['hash'] }],
  ];

  for (const [what, tamper, expected] of tamperings) {
    it(`when ${what}, then the replay stops at the first divergence and says which check failed`, () => {
      const report = tamperedWith(tamper);
      expect(report.verified).to.equal(false);
      expect(report.divergence?.check).to.be.oneOf(expected.check);
      // Pool edits are caught at the first entry drawn from that pool, whichever it is.
      if (expected.sequence > 0) expect(report.divergence?.sequence).to.equal(expected.sequence);
      else expect(report.divergence?.sequence).to.be.at.most(7);
      expect(report.divergence?.expected).to.not.equal(report.divergence?.found);
    });
  }

  it('when one referral is verified, then it is checked against the counters as they stood before it', () => {
    const services = aCopy();
    const id = [...services.referralContext.referrals.log(25, 25)][0]?.referral.id as string;
    const verification = verifyReferral(services.referralContext, id);
    expect(verification).to.deep.include({ referralId: id, sequence: 25, verified: true, divergence: null });
    expect(verification.checks).to.include.members(['seed', 'selection', 'order', 'hash']);
  });

  it('when an earlier entry was tampered with, then a later referral is not verified, and the reason names the earlier entry', () => {
    const services = aCopy();
    reverseOrder(services.db, 10);
    resealFrom(services.db, services, 10);
    const id = [...services.referralContext.referrals.log(25, 25)][0]?.referral.id as string;
    const verification = verifyReferral(services.referralContext, id);
    expect(verification.verified).to.equal(false);
    expect(verification.divergence).to.deep.include({ sequence: 10, check: 'order' });
  });
});
