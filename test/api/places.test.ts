import { expect } from 'chai';
import { givenService, type TestService } from '../support/test-service.js';

describe('GET /v1/places (the advisor\'s place search)', () => {
  let service: TestService;
  before(() => {
    service = givenService();
  });
  after(() => service.close());

  it('when an advisor types "saint priest", then the homonyms come back told apart by department, as the contract says', async () => {
    const res = await service.call('get', '/v1/places?q=saint%20priest&limit=3', undefined, 'agent');

    expect(res.status).to.equal(200);
    expect(res.body.items.map((p: { label: string }) => p.label)).to.deep.equal(['Saint-Priest (69)', 'Saint-Priest (07)', 'Saint-Priest (23)']);
  });

  it('when a place found is sent as a referral\'s commune, then the referral is drawn around that place\'s point', async () => {
    const [village] = (await service.call('get', '/v1/places?q=saint-priest&limit=2', undefined, 'agent')).body.items.slice(1);
    const referral = await service.call('post', '/v1/referrals', { specialty: 'dentiste', location: { commune: village.code } }, 'agent');

    // No practitioner in this empty directory: the 404 still shows the place was understood.
    expect(referral.status).to.equal(404);
    expect(service.services.referralContext.gazetteer.findByCommuneCode(village.code)).to.include({ lat: village.lat, lon: village.lon, precision: 'commune' });
  });

  it('when the query is missing, empty or too long, or the limit out of range, then it is a 400 problem', async () => {
    for (const url of ['/v1/places', '/v1/places?q=', `/v1/places?q=${'a'.repeat(101)}`, '/v1/places?q=lyon&limit=0', '/v1/places?q=lyon&limit=51']) {
      const res = await service.call('get', url, undefined, 'agent');
      expect(res.status, url).to.equal(400);
      expect(res.type, url).to.equal('application/problem+json');
    }
  });

  it('when a key that cannot make referrals asks, then it is refused', async () => {
    expect((await service.call('get', '/v1/places?q=lyon', undefined, 'importer')).status).to.equal(403);
    expect((await service.call('get', '/v1/places?q=lyon', undefined, 'admin')).status).to.equal(200);
  });
});
