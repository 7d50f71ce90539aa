import { createHash, createHmac } from 'node:crypto';
import { expect } from 'chai';
import { GENESIS_HASH, sealReferral } from '../../src/domain/audit/hash-chain.js';
import { LogReplay, type LogRecord } from '../../src/domain/audit/replay.js';
import { directoryHistoryOf } from '../../src/use-cases/verify-log.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

/**
 * Recomputes a live referral's audit block from docs/audit-log.md alone, written here again
 * on purpose (not imported from src/): if the code and the documentation part ways, this fails.
 */
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (secret: Buffer, message: string) => createHmac('sha256', secret).update(message).digest('hex');

describe('the audit block of a live referral, recomputed from docs/audit-log.md', () => {
  const PARIS_2E = { lat: 48.8686, lon: 2.3314 };
  const pool = practitionersAround(12, PARIS_2E, 'ophtalmologie', 1.5);
  let service: TestService;
  beforeEach(() => {
    service = givenService(pool);
  });
  afterEach(() => service.close());

  it('when a referral is made, then its seed, id, pool hash, shown hash and entry hash are those the documentation defines', async () => {
    const { body } = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: { postcode: '75002' }, radiusKm: 5 });
    const secret = Buffer.alloc(32, 1); // the test service's fixed period secret
    const idRandom = hmac(secret, 'id:1');

    expect(body.audit.seed).to.equal(hmac(secret, 'seed:1').slice(0, 32));
    expect(body.id).to.equal(`00000000-0001-8${idRandom.slice(0, 3)}-${((parseInt(idRandom[3] as string, 16) & 3) | 8).toString(16)}${idRandom.slice(4, 7)}-${idRandom.slice(7, 19)}`);
    const members = pool.map((p) => p.nationalId).sort();
    expect(body.poolSize).to.equal(12);
    expect(body.audit.poolHash).to.equal(sha256(['ophtalmologie', ...members].join('\n')));

    const shown = JSON.stringify({
      practitioners: body.practitioners.map((p: Record<string, unknown>) => ({
        rank: p.rank, id: p.id, nationalId: p.nationalId, civility: p.civility, lastName: p.lastName, firstName: p.firstName,
        specialty: p.specialty, siteId: p.siteId, address: p.address, postcode: p.postcode, city: p.city, phone: p.phone,
        lat: p.lat, lon: p.lon, distanceKm: p.distanceKm,
      })),
      warnings: body.warnings,
    });
    const { location } = body;
    expect(body.audit).to.include({ logFormat: 3, requestedBy: 'test-admin' });
    const canonical = JSON.stringify({
      logFormat: 3, sequence: 1, id: body.id, createdAt: body.createdAt, algorithm: body.audit.algorithm, generator: body.audit.generator,
      seed: body.audit.seed, specialty: 'ophtalmologie',
      location: { lat: location.lat, lon: location.lon, precision: location.precision, postcode: location.postcode ?? null, commune: location.commune ?? null, label: location.label ?? null },
      radiusKm: body.radiusKm, radiusSource: body.radiusSource, count: body.count, poolHash: body.audit.poolHash, poolSize: body.poolSize,
      proposed: body.practitioners.map((p: { nationalId: string }) => p.nationalId), shownHash: sha256(shown), previousHash: '0'.repeat(64),
      requestedBy: 'test-admin', directoryVersion: body.audit.directoryVersion, directoryEntry: body.audit.directoryEntry,
    });
    expect(body.audit.hash).to.equal(sha256(canonical));

    // The directory version, from its rows as docs/audit-log.md ("Directory state") says: 64 buckets by site id.
    const state = (await service.call('get', `/v1/audit/directory?version=${body.audit.directoryVersion}`, undefined, 'auditor')).body as { sites: [string, number][] };
    expect(state.sites.map((site) => site[0]).sort()).to.deep.equal(members);
    const buckets = Array.from({ length: 64 }, (_, b) => state.sites.filter((site) => site[1] % 64 === b).sort((x, y) => x[1] - y[1]).map((site) => `${JSON.stringify(site)}\n`).join(''));
    expect(sha256(`directory-state/1\nophtalmologie\n${buckets.map((text) => `${sha256(text)}\n`).join('')}`)).to.equal(body.audit.directoryVersion);
    // And the directory log entry that made it, by the SHA-256 of its canonical text as exported.
    const directoryLog = (await service.call('get', '/v1/audit/directory-log', undefined, 'auditor')).text.trimEnd().split('\n');
    const made = directoryLog.find((line) => sha256(line) === body.audit.directoryEntry) as string;
    expect(JSON.parse(made)).to.include({ specialty: 'ophtalmologie', versionAfter: body.audit.directoryVersion });
  });

  it('when an advisor-visible field is edited in the stored referral, then the recomputed hash no longer matches', async () => {
    const { body } = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E });
    const result = JSON.parse(service.services.db.prepare('SELECT result_json FROM referrals').pluck().get() as string);
    result[0].phone = '01 00 00 00 00';
    service.services.db.prepare('UPDATE referrals SET result_json = ?').run(JSON.stringify(result));

    const read = await service.call('get', `/v1/referrals/${body.id}`);
    const { sealReferral } = await import('../../src/domain/audit/hash-chain.js');
    const { hash: _stored, ...audit } = read.body.audit;
    expect(read.body.practitioners[0].phone).to.equal('01 00 00 00 00');
    expect(sealReferral({ ...read.body, audit }).audit.hash).to.not.equal(read.body.audit.hash);
  });
});

describe('log formats 1, 2 and 3 in one log', () => {
  const PARIS_2E = { lat: 48.8686, lon: 2.3314 };
  let service: TestService;
  beforeEach(() => {
    service = givenService(practitionersAround(12, PARIS_2E, 'ophtalmologie', 1.5));
  });
  afterEach(() => service.close());

  /**
   * The log, its first `older` entries rewritten as format 1 (no logFormat, who asked outside the
   * hash), the next `format2` as format 2 (no directory version), and the chain resealed.
   */
  async function logStartingWithFormat1(older: number, format2 = 0): Promise<LogRecord[]> {
    for (let i = 0; i < 3; i++) await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E }, 'agent');
    let previousHash = GENESIS_HASH;
    return [...service.services.referralContext.referrals.log()].map((record, i) => {
      const { hash: _hash, logFormat: _format, requestedBy: _by, directoryVersion: _version, ...format1 } = record.referral.audit;
      const { hash: _same, directoryVersion: _dropped, ...asFormat2 } = record.referral.audit;
      const { hash: _also, ...format3 } = record.referral.audit;
      const audit = i < older ? format1 : i < older + format2 ? { ...asFormat2, logFormat: 2 as const } : format3;
      const sealed = sealReferral({ ...record.referral, audit: { ...audit, previousHash } });
      previousHash = sealed.audit.hash;
      return { ...record, referral: sealed };
    });
  }

  it('when a log begins with entries of format 1, then 2, then 3, then each verifies as it always did, and only format 3 has its pool formed again', async () => {
    const replay = new LogReplay(() => Buffer.alloc(32, 1), () => false, directoryHistoryOf(service.services.referralContext.directoryLog));
    for (const record of await logStartingWithFormat1(1, 1)) replay.apply(record);
    expect(replay.result).to.include({ divergence: null, entries: 3, poolsFormed: 1 });
  });

  it('when the directory version of a format-3 entry is changed, then its hash no longer matches', async () => {
    const records = await logStartingWithFormat1(0);
    const last = records[2] as LogRecord;
    const replay = new LogReplay(() => Buffer.alloc(32, 1));
    for (const record of [...records.slice(0, 2), { ...last, referral: { ...last.referral, audit: { ...last.referral.audit, directoryVersion: 'f'.repeat(64) } } }]) replay.apply(record);
    expect(replay.result.divergence).to.include({ sequence: 3, check: 'hash' });
  });

  it('when who asked is changed in an entry of format 2, then its hash no longer matches', async () => {
    const records = await logStartingWithFormat1(0);
    const last = records[2] as LogRecord;
    const replay = new LogReplay(() => Buffer.alloc(32, 1));
    for (const record of [...records.slice(0, 2), { ...last, referral: { ...last.referral, audit: { ...last.referral.audit, requestedBy: 'someone-else' } } }]) replay.apply(record);
    expect(replay.result.divergence).to.include({ sequence: 3, check: 'hash' });
  });
});
