import { expect } from 'chai';
import { resumeEndedSuspensions } from '../../src/use-cases/practitioner-status.js';
import { makeReferral } from '../../src/use-cases/make-referral.js';
import { practitionersAround } from '../support/factories.js';
import { fixedClock, givenService, type TestService } from '../support/test-service.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };

describe('PATCH /v1/practitioners/{id}: suspending and resuming', () => {
  let t: TestService;
  beforeEach(() => {
    t = givenService(practitionersAround(6, PARIS_2E, 'ophtalmologie', 1), { clock: fixedClock(Date.parse('2026-11-23T10:00:00Z')) });
  });
  afterEach(() => t.close());

  const suspend = (id: number, body: object = { status: 'suspended', reason: 'Complaint under review' }) => t.call('patch', `/v1/practitioners/${id}`, body);
  const proposedIds = async (times: number) => {
    const ids = new Set<number>();
    for (let i = 0; i < times; i++) {
      const res = await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E }, 'agent');
      for (const practitioner of res.body.practitioners as { id: number }[]) ids.add(practitioner.id);
    }
    return ids;
  };

  it('when an admin suspends a practitioner, then they leave every pool at once, and the change is recorded with the key\'s name', async () => {
    const res = await suspend(1);
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ status: 'suspended' });
    expect(res.body.suspension).to.include({ reason: 'Complaint under review', until: null, by: 'test-admin' });
    expect(res.body.statusHistory).to.have.length(1);
    expect(res.body.statusHistory[0]).to.include({ from: 'active', to: 'suspended', by: 'test-admin' });

    const proposed = await proposedIds(6);
    expect(proposed.has(1)).to.equal(false);
    expect(proposed.size).to.equal(5);
    expect((await t.call('get', '/v1/practitioners/1')).body.statusHistory).to.have.length(1);
  });

  it('when a proposed practitioner is suspended, then the answer, the head count and the very next referral already reflect it', async () => {
    const many = givenService(practitionersAround(12, PARIS_2E, 'ophtalmologie', 1));
    try {
      const refer = async () => (await many.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E, radiusKm: 5 }, 'agent')).body;
      const activeCount = async () => ((await many.call('get', '/v1/specialties')).body.items as { code: string; activeCount: number }[])
        .find((item) => item.code === 'ophtalmologie')?.activeCount;
      const suspended = new Set<number>();
      for (let round = 1; round <= 4; round++) {
        const proposedFirst = (await refer()).practitioners[0].id as number;
        const res = await many.call('patch', `/v1/practitioners/${proposedFirst}`, { status: 'suspended', reason: 'Complaint under review' });
        suspended.add(proposedFirst);

        expect(res.body.status).to.equal('suspended');
        expect(await activeCount()).to.equal(12 - round);
        const next = await refer();
        expect(next.poolSize).to.equal(12 - round);
        expect(next.practitioners.map((p: { id: number }) => p.id).filter((id: number) => suspended.has(id))).to.deep.equal([]);
      }
    } finally {
      many.close();
    }
  });

  it('when resumed, then they are back in the pools and both changes are in the history', async () => {
    await suspend(1);
    const res = await t.call('patch', '/v1/practitioners/1', { status: 'active' });
    expect(res.body.status).to.equal('active');
    expect(res.body).to.not.have.property('suspension');
    expect(res.body.statusHistory.map((change: { to: string }) => change.to)).to.deep.equal(['suspended', 'active']);
    expect((await proposedIds(6)).has(1)).to.equal(true);
  });

  it('when the suspension\'s end date comes, then the practitioner resumes by themselves, recorded as such', async () => {
    await suspend(2, { status: 'suspended', reason: 'Holiday closure', until: '2026-11-24T00:00:00Z' });
    const deps = { practitioners: t.services.referralContext.practitioners, statusChanges: t.services.statusChanges, directoryChanged: t.services.practitionerChanged };
    expect(resumeEndedSuspensions({ ...deps, clock: () => new Date('2026-11-23T23:59:59Z') })).to.equal(0);
    expect(resumeEndedSuspensions({ ...deps, clock: () => new Date('2026-11-24T00:00:00Z') })).to.equal(1);
    const practitioner = (await t.call('get', '/v1/practitioners/2')).body;
    expect(practitioner.status).to.equal('active');
    expect(practitioner.statusHistory[1]).to.include({ from: 'suspended', to: 'active', by: 'suspension-ended' });
    expect(practitioner.statusHistory[0]).to.include({ until: '2026-11-24T00:00:00.000Z' });
  });

  it('when the change is malformed, then 400 and nothing changes; unknown: 404; inactive: 409; another role: 403', async () => {
    const cases: [object, RegExp][] = [
      [{ status: 'suspended' }, /needs a reason/],
      [{ status: 'suspended', reason: 'Late', until: '2020-01-01T00:00:00Z' }, /not in the future/],
      // In year 10000 UTC: stored as "+010000-…", it would sort before today and end at once.
      [{ status: 'suspended', reason: 'For ever', until: '9999-12-31T23:59:59-23:59' }, /after the year 9999/],
      [{ status: 'active', reason: 'Back from leave' }, /takes no reason/],
      [{ status: 'inactive', reason: 'Gone' }, /allowed values/],
      [{ status: 'suspended', reason: 'ok reason', extra: 1 }, /not allowed/],
    ];
    for (const [body, detail] of cases) {
      const res = await t.call('patch', '/v1/practitioners/3', body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body.detail).to.match(detail);
    }
    for (const until of ['2030-12-31T23:59:60Z', '2030-01-01T00:00:00+01']) {
      const res = await t.call('patch', '/v1/practitioners/3', { status: 'suspended', reason: 'Odd date', until, attributes: { sector: '1' } });
      expect(res.status, until).to.equal(400);
      expect(res.body.detail).to.match(/not a time this service can read/);
    }
    expect((await t.call('get', '/v1/practitioners/3')).body.statusHistory).to.deep.equal([]);
    expect((await t.call('get', '/v1/practitioners/3')).body.attributes.sector).to.equal(null);
    expect((await suspend(999)).status).to.equal(404);
    t.services.db.prepare(`UPDATE practitioners SET status = 'inactive' WHERE id = 4`).run();
    expect((await suspend(4)).body).to.include({ status: 409, code: 'practitioner-inactive' });
    expect((await t.call('patch', '/v1/practitioners/3', { status: 'suspended', reason: 'Desk says so' }, 'agent')).status).to.equal(403);
  });

  it('when referrals were given before a suspension, then they still read back and verify', async () => {
    const before = await makeReferral(t.services.referralContext, { specialty: 'ophtalmologie', location: PARIS_2E });
    const suspendedId = before.practitioners[0]?.id as number;
    await suspend(suspendedId);
    const again = await t.call('get', `/v1/referrals/${before.id}`);
    expect(again.body.practitioners[0].id).to.equal(suspendedId);
    expect((await t.call('get', `/v1/referrals/${before.id}/verification`)).body.verified).to.equal(true);
  });
});
