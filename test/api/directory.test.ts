import { expect } from 'chai';
import { aPractitioner, aSite } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

describe('directory look-ups', () => {
  let service: TestService;
  const dupont = aPractitioner({ lastName: 'DUPONT', firstName: 'Marie', specialtyCode: 'chirurgie-dentaire', professionCode: '40',
    sites: [aSite({ postcode: '69003', city: 'LYON', communeCode: '69383' }), aSite({ postcode: '69006', city: 'LYON', communeCode: '69386' })] });
  const others = [
    aPractitioner({ lastName: 'Dupond', firstName: 'Éric', civility: 'M' }),
    aPractitioner({ lastName: 'DURAND', firstName: 'Léa' }),
    aPractitioner({ lastName: "D'ARTAGNAN", firstName: 'Charles', specialtyCode: 'kinesitherapie', professionCode: '70' }),
  ];
  beforeEach(() => {
    service = givenService([dupont, ...others]);
  });
  afterEach(() => service.close());

  it('when listing specialties, then each has its label, profession, synonyms and count of active practitioners', async () => {
    const res = await service.call('get', '/v1/specialties');

    expect(res.status).to.equal(200);
    const byCode = new Map(res.body.items.map((s: { code: string }) => [s.code, s]));
    expect(byCode.get('ophtalmologie')).to.deep.equal({
      code: 'ophtalmologie', label: 'Ophtalmologie', profession: 'Médecin', synonyms: ['ophtalmo', 'ophtalmologue', 'ophtalmologiste', 'oculiste'], activeCount: 2,
    });
    expect(byCode.get('chirurgie-dentaire')).to.include({ activeCount: 1 });
    expect(byCode.get('pediatrie')).to.include({ activeCount: 0 });
    expect(res.body.items.length).to.be.at.least(15);
  });

  it('when searching by name prefix, then accents and case do not matter and results are in name order', async () => {
    const res = await service.call('get', '/v1/practitioners?name=dup');

    expect(res.status).to.equal(200);
    expect(res.body.items.map((p: { lastName: string }) => p.lastName)).to.deep.equal(['Dupond', 'DUPONT']);
    expect(res.body).to.include({ page: 1, pageSize: 20, total: 2 });
    const accented = await service.call('get', '/v1/practitioners?name=DUPOND%20ERIC');
    expect(accented.body.items.map((p: { firstName: string }) => p.firstName)).to.deep.equal(['Éric']);
  });

  it('when searching by national id, postcode or specialty synonym, then only matches come back', async () => {
    const byId = await service.call('get', `/v1/practitioners?nationalId=${dupont.nationalId}`);
    expect(byId.body.items.map((p: { nationalId: string }) => p.nationalId)).to.deep.equal([dupont.nationalId]);
    const byPostcode = await service.call('get', '/v1/practitioners?postcode=69006');
    expect(byPostcode.body.total).to.equal(1);
    const bySynonym = await service.call('get', '/v1/practitioners?specialty=kin%C3%A9');
    expect(bySynonym.body.items.map((p: { lastName: string }) => p.lastName)).to.deep.equal(["D'ARTAGNAN"]);
  });

  it('when paginating, then pages partition the results and the total stays the same', async () => {
    const first = await service.call('get', '/v1/practitioners?pageSize=3');
    const second = await service.call('get', '/v1/practitioners?pageSize=3&page=2');

    expect(first.body.items).to.have.length(3);
    expect(second.body.items).to.have.length(1);
    expect(first.body.total).to.equal(4);
    expect(second.body.total).to.equal(4);
  });

  const badQueries: [string, string, number][] = [
    ['a page size of 0', '/v1/practitioners?pageSize=0', 400],
    ['a page size of 101', '/v1/practitioners?pageSize=101', 400],
    ['a malformed national id', '/v1/practitioners?nationalId=123', 400],
    ['a malformed postcode', '/v1/practitioners?postcode=7500', 400],
    ['an unknown parameter', '/v1/practitioners?colour=blue', 400],
    ['an unknown specialty', '/v1/practitioners?specialty=astrologie', 422],
    ['a name with no letter or digit', "/v1/practitioners?name=--'", 400],
    ['a name of punctuation and invisible characters', '/v1/practitioners?name=!!%E2%80%8B%00', 400],
    ['an infinite practitioner id', '/v1/practitioners/1e400', 400],
    ['an infinite position in the log (a parameter with no maximum)', '/v1/audit/log?after=Infinity', 400],
    ['a position in the log beyond floating point', '/v1/audit/log?after=1e400', 400],
  ];
  for (const [name, url, status] of badQueries) {
    it(`when the query has ${name}, then ${status} problem`, async () => {
      const res = await service.call('get', url);
      expect(res.status).to.equal(status);
      expect(res.body.detail).to.be.a('string').and.not.equal('');
    });
  }

  it('when reading a practitioner, then every site is listed with its geocoding precision', async () => {
    const found = await service.call('get', `/v1/practitioners?nationalId=${dupont.nationalId}`);
    const res = await service.call('get', `/v1/practitioners/${found.body.items[0].id}`);

    expect(res.status).to.equal(200);
    expect(res.body).to.include({ nationalId: dupont.nationalId, lastName: 'DUPONT', profession: 'Chirurgien-dentiste', status: 'active' });
    expect(res.body.specialty).to.deep.equal({ code: 'chirurgie-dentaire', label: 'Chirurgie dentaire' });
    expect(res.body.sites.map((s: { postcode: string }) => s.postcode)).to.deep.equal(['69003', '69006']);
    expect(res.body.sites[0]).to.include({ precision: 'address', communeCode: '69383' });
  });

  it('when the practitioner id is unknown or not a number, then 404 or 400', async () => {
    expect((await service.call('get', '/v1/practitioners/999999')).status).to.equal(404);
    expect((await service.call('get', '/v1/practitioners/abc')).status).to.equal(400);
  });
});
