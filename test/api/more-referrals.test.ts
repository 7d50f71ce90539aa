import { expect } from 'chai';
import { chainedEntryOf, hashEntry } from '../../src/domain/audit/hash-chain.js';
import { LogReplay, type LogRecord } from '../../src/domain/audit/replay.js';
import { verifyLog } from '../../src/use-cases/verify-log.js';
import { practitionersAround } from '../support/factories.js';
import { fixedClock, givenService, type TestService } from '../support/test-service.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };
const LYON = { lat: 45.76, lon: 4.85 };

describe('POST /v1/referrals/{id}/more: five more from the same pool', () => {
  let t: TestService;
  beforeEach(() => {
    t = givenService([...practitionersAround(12, PARIS_2E, 'ophtalmologie', 1), ...practitionersAround(8, LYON, 'ophtalmologie', 1)]);
  });
  afterEach(() => t.close());

  const refer = () => t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E, radiusKm: 5 }, 'agent');
  const more = (id: string, body?: object) => t.call('post', `/v1/referrals/${id}/more`, body, 'agent');
  const ids = (res: { body: { practitioners: { nationalId: string }[] } }) => res.body.practitioners.map((p) => p.nationalId);

  it('when asked twice down the chain, then each gives others from the pool, linked to its parent, until nobody is left', async () => {
    const parent = await refer();
    expect(parent.body.poolSize).to.equal(12);
    const first = await more(parent.body.id);
    expect(first.status).to.equal(201);
    expect(first.headers.location).to.equal(`/v1/referrals/${first.body.id}`);
    expect(first.body).to.include({ parentId: parent.body.id, poolSize: 7, count: 5, radiusKm: 5 });
    expect(ids(first).filter((id) => ids(parent).includes(id))).to.deep.equal([]);

    const second = await more(first.body.id, { count: 5 });
    expect(second.body).to.include({ parentId: first.body.id, poolSize: 2 });
    expect(ids(second)).to.have.length(2);
    expect(second.body.warnings).to.deep.equal(['12 active practitioners of Ophtalmologie within 5 km, 10 of them already proposed in this call: 2 more, fewer than the 5 asked for.']);
    expect(new Set([...ids(parent), ...ids(first), ...ids(second)]).size).to.equal(12);

    // 5 km was asked for: a hard limit, even though Lyon's ophthalmologists lie beyond it.
    const none = await more(second.body.id);
    expect(none.status).to.equal(404);
    expect(none.body).to.include({ code: 'no-more-practitioners' });
    expect(none.body.detail).to.match(/within 5 km, the radius asked for/);
    expect((await t.call('get', `/v1/referrals/${second.body.id}`)).body.parentId).to.equal(first.body.id);
  });

  it('when "more" is asked twice from the same referral, then the second leaves out what the first proposed too', async () => {
    const parent = await refer();
    const first = await more(parent.body.id);
    const second = await more(parent.body.id);
    expect(second.body).to.include({ parentId: parent.body.id, poolSize: 2 });
    expect(new Set([...ids(parent), ...ids(first), ...ids(second)]).size).to.equal(12);
    const verification = await t.call('get', `/v1/referrals/${second.body.id}/verification`, undefined, 'auditor');
    expect(verification.body).to.include({ verified: true });
    expect(verification.body.checks).to.include('parent');
    expect(verifyLog(t.services.referralContext)).to.include({ verified: true, entries: 3 });
  });

  it('when verified, then a "more" replays like any referral, and the whole log with its counters verifies', async () => {
    const parent = await refer();
    const first = await more(parent.body.id, { count: 3 });
    const verification = await t.call('get', `/v1/referrals/${first.body.id}/verification`, undefined, 'auditor');
    expect(verification.body.verified).to.equal(true);
    expect(verifyLog(t.services.referralContext)).to.include({ verified: true, entries: 2 });
  });

  it('when a "more" entry names another parent (hashes recomputed), then the replay stops at it on the parent check', async () => {
    const parent = await refer();
    const other = await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: LYON, radiusKm: 5 }, 'agent');
    await more(parent.body.id);
    const records = [...t.services.referralContext.referrals.log()];
    const last = records[2] as LogRecord;
    const forged = { ...last.referral, parentId: other.body.id as string };
    const resealed = { ...forged, audit: { ...forged.audit, hash: hashEntry(chainedEntryOf(forged)) } };
    const replay = new LogReplay(() => Buffer.alloc(32, 1));
    for (const record of [...records.slice(0, 2), { ...last, referral: resealed }]) replay.apply(record);
    expect(replay.result.divergence).to.include({ sequence: 3, check: 'parent' });
  });

  it('when the parent is unknown or older than the call can be, then 404 or 409', async () => {
    expect((await more('00000000-0001-8000-8000-000000000000')).status).to.equal(404);
    const late = givenService(practitionersAround(8, PARIS_2E, 'ophtalmologie', 1), { clock: stepClock() });
    try {
      const parent = await late.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E }, 'agent');
      const res = await late.call('post', `/v1/referrals/${parent.body.id}/more`, undefined, 'agent');
      expect(res.status).to.equal(409);
      expect(res.body).to.include({ code: 'referral-too-old' });
    } finally {
      late.close();
    }
  });
});

/** A clock that jumps an hour at every reading, so that any parent is too old by the time "more" is asked. */
function stepClock(): () => Date {
  const clock = fixedClock();
  let hours = 0;
  return () => new Date(clock().getTime() + 3_600_000 * hours++);
}

describe('POST /v1/referrals/{id}/more beyond the first radius (a rural call)', () => {
  // Seven ophthalmologists in and around a village, six more in the town 30 km away.
  const VILLAGE = { lat: 45.0, lon: 3.0 };
  const TOWN = { lat: 45.0 + 30 / 111.32, lon: 3.0 };
  let t: TestService;
  beforeEach(() => {
    t = givenService([...practitionersAround(7, VILLAGE, 'ophtalmologie', 0.8), ...practitionersAround(6, TOWN, 'ophtalmologie', 0.8)]);
  });
  afterEach(() => t.close());

  const more = (id: string) => t.call('post', `/v1/referrals/${id}/more`, undefined, 'agent');
  const ids = (res: { body: { practitioners: { nationalId: string }[] } }) => res.body.practitioners.map((p) => p.nationalId);

  it('when everyone within the radius the ladder chose has been proposed, then "five more" climbs to the next step holding someone new, says so, and verifies', async () => {
    const first = await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: VILLAGE }, 'agent');
    expect(first.body).to.include({ radiusKm: 1, radiusSource: 'ladder', poolSize: 7 });
    const second = await more(first.body.id);
    expect(second.body).to.include({ radiusKm: 1, poolSize: 2 });
    expect(second.body.warnings).to.deep.equal(['7 active practitioners of Ophtalmologie within 1 km, 5 of them already proposed in this call: 2 more, fewer than the 5 asked for. Asked again, five more looks further.']);

    const third = await more(second.body.id);

    expect(third.status).to.equal(201);
    expect(third.body).to.include({ parentId: second.body.id, radiusKm: 50, radiusSource: 'ladder', widenedFromKm: 1, poolSize: 6 });
    expect(third.body.warnings).to.deep.equal(['Everyone of Ophtalmologie within 1 km has already been proposed in this call: the radius was widened to 50 km.']);
    expect(ids(third).filter((id) => [...ids(first), ...ids(second)].includes(id))).to.deep.equal([]);
    const verification = await t.call('get', `/v1/referrals/${third.body.id}/verification`, undefined, 'auditor');
    expect(verification.body).to.include({ verified: true });
    expect(verifyLog(t.services.referralContext)).to.include({ verified: true, entries: 3 });
  });

  it('when the widened pool is used up too and nobody is left within 200 km, then the answer is a 404 naming the largest radius', async () => {
    let last = await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: VILLAGE }, 'agent');
    for (let i = 0; i < 3; i++) last = await more(last.body.id);
    expect(last.body.practitioners).to.have.length(1);
    const none = await more(last.body.id);
    expect(none.status).to.equal(404);
    expect(none.body.detail).to.match(/within 200 km, the largest radius/);
  });

  it('when a widened entry is rewritten to claim another starting radius (hash recomputed), then the replay stops at it on the parent check', async () => {
    const first = await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: VILLAGE }, 'agent');
    const second = await more(first.body.id);
    await more(second.body.id);
    const records = [...t.services.referralContext.referrals.log()];
    const last = records[2] as LogRecord;
    const forged = { ...last.referral, widenedFromKm: 2 };
    const resealed = { ...forged, audit: { ...forged.audit, hash: hashEntry(chainedEntryOf(forged)) } };
    const replay = new LogReplay(() => Buffer.alloc(32, 1));
    for (const record of [...records.slice(0, 2), { ...last, referral: resealed }]) replay.apply(record);
    expect(replay.result.divergence).to.include({ sequence: 3, check: 'parent' });
  });
});
