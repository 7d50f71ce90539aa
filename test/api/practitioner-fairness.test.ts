import { expect } from 'chai';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };

interface Explained { sequence: number; proposed: boolean; rank: number | null; deficit: number; lowestSelectedDeficit: number; explanation: string }

describe('GET /v1/practitioners/{id}/fairness', () => {
  let service: TestService;
  const proposedIds: string[][] = [];
  before(async () => {
    service = givenService(practitionersAround(8, PARIS_2E, 'ophtalmologie', 1));
    for (let i = 0; i < 25; i++) {
      const res = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E, radiusKm: 5 });
      proposedIds.push(res.body.practitioners.map((p: { nationalId: string }) => p.nationalId));
    }
  });
  after(() => service.close());

  it('when asked about a practitioner, then their counters match the log and each recent referral says why', async () => {
    const found = await service.call('get', '/v1/practitioners?specialty=ophtalmologie&pageSize=1');
    const { id, nationalId } = found.body.items[0];

    const res = await service.call('get', `/v1/practitioners/${id}/fairness`);

    expect(res.status).to.equal(200);
    const timesProposed = proposedIds.filter((ids) => ids.includes(nationalId)).length;
    expect(res.body.practitioner).to.include({ id, nationalId, specialty: 'ophtalmologie' });
    expect(res.body.counters.offered).to.equal(timesProposed);
    // Every referral had all 8 in its pool: 25 × 5/8 shares.
    expect(res.body.counters.expected).to.be.closeTo(25 * 5 / 8, 1e-6);
    expect(res.body.counters.deficit).to.be.closeTo(25 * 5 / 8 - timesProposed, 1e-6);
    const recent = res.body.recentReferrals as Explained[];
    expect(recent.map((r) => r.sequence)).to.deep.equal(Array.from({ length: 20 }, (_, i) => 25 - i));
    for (const referral of recent) {
      expect(referral.proposed).to.equal(proposedIds[referral.sequence - 1]?.includes(nationalId));
      if (referral.proposed) {
        expect(referral.rank).to.equal((proposedIds[referral.sequence - 1]?.indexOf(nationalId) as number) + 1);
        expect(referral.deficit).to.be.at.least(referral.lowestSelectedDeficit);
        expect(referral.explanation).to.match(/^Proposed at rank \d/);
      } else {
        expect(referral.rank).to.equal(null);
        expect(referral.deficit).to.be.at.most(referral.lowestSelectedDeficit);
        expect(referral.explanation).to.match(/^Not proposed: their deficit/);
      }
    }
    expect(res.body.divergence).to.equal(null);
  });

  it('when the practitioner does not exist, then 404 problem', async () => {
    const res = await service.call('get', '/v1/practitioners/999999/fairness');
    expect(res.status).to.equal(404);
  });
});
