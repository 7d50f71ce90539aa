import { expect } from 'chai';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };

describe('GET /v1/referrals/{id}/verification', () => {
  let service: TestService;
  let ids: string[];
  beforeEach(async () => {
    service = givenService(practitionersAround(15, PARIS_2E, 'ophtalmologie', 2));
    ids = [];
    for (let i = 0; i < 6; i++) {
      const res = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E });
      ids.push(res.body.id as string);
    }
  });
  afterEach(() => service.close());

  it('when the log is intact, then the referral is verified and every check is listed', async () => {
    const res = await service.call('get', `/v1/referrals/${ids[4]}/verification`);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({
      referralId: ids[4], sequence: 5, verified: true, divergence: null,
      checks: ['sequence', 'previous-hash', 'hash', 'algorithm', 'pool', 'seed', 'id', 'directory', 'selection', 'order', 'shown'],
    });
  });

  it('when an earlier entry\'s order was edited, then a later referral is not verified and the reason names that entry', async () => {
    service.services.db.prepare(
      "UPDATE referrals SET proposed_json = json_array(json_extract(proposed_json, '$[1]'), json_extract(proposed_json, '$[0]'), json_extract(proposed_json, '$[2]'), json_extract(proposed_json, '$[3]'), json_extract(proposed_json, '$[4]')) WHERE sequence = 2",
    ).run();

    const later = await service.call('get', `/v1/referrals/${ids[4]}/verification`);
    const earlier = await service.call('get', `/v1/referrals/${ids[0]}/verification`);

    expect(later.body.verified).to.equal(false);
    expect(later.body.checks).to.deep.equal([]);
    expect(later.body.divergence).to.deep.include({ sequence: 2, check: 'order' });
    expect(earlier.body.verified, 'an entry before the edit still verifies').to.equal(true);
  });

  it('when the id is unknown or malformed, then 404 or 400 problem', async () => {
    const unknown = await service.call('get', '/v1/referrals/00000000-0063-8000-8000-000000000000/verification');
    expect(unknown.status).to.equal(404);
    const malformed = await service.call('get', '/v1/referrals/not-a-uuid/verification');
    expect(malformed.status).to.equal(400);
  });
});
