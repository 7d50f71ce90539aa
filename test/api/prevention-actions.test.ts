import { expect } from 'chai';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

// Saint-Priest in Ardèche (07288): department 07, region Auvergne-Rhône-Alpes (84). The clock reads 2026-11-23.
const SAINT_PRIEST_07 = { lat: 44.7148, lon: 4.5389 };

const ACTION = {
  title: 'Dépistage de la rétinopathie diabétique', summary: 'Un examen du fond d\'œil gratuit pour les personnes diabétiques.',
  url: 'https://www.ameli.fr/retinopathie', startsOn: '2026-11-01', endsOn: '2026-12-31',
  national: false, regions: [], departments: ['07'], specialties: [], themes: ['vision'],
};

describe('/v1/prevention-actions', () => {
  let t: TestService;
  beforeEach(() => {
    t = givenService(practitionersAround(12, SAINT_PRIEST_07, 'ophtalmologie', 1));
  });
  afterEach(() => t.close());

  const create = (overrides: object = {}) => t.call('post', '/v1/prevention-actions', { ...ACTION, ...overrides });

  it('when none were created, then the service has none: it ships empty', async () => {
    expect((await t.call('get', '/v1/prevention-actions', undefined, 'agent')).body).to.deep.equal({ items: [] });
  });

  it('when an admin creates, edits and retires an action, then each change is recorded with the key\'s name, and a retired one is listed only on demand', async () => {
    const created = await create();
    expect(created.status).to.equal(201);
    expect(created.headers.location).to.equal(`/v1/prevention-actions/${created.body.id}`);
    expect(created.body).to.include({ title: ACTION.title, createdBy: 'test-admin', updatedBy: 'test-admin', retiredAt: null });

    const edited = await t.call('put', `/v1/prevention-actions/${created.body.id}`, { ...ACTION, endsOn: '2027-01-31' });
    expect(edited.status).to.equal(200);
    expect(edited.body).to.include({ endsOn: '2027-01-31' });
    const retired = await t.call('delete', `/v1/prevention-actions/${created.body.id}`);
    expect(retired.body).to.include({ retiredBy: 'test-admin' });
    expect(retired.body.history.map((change: { change: string; by: string }) => `${change.change} by ${change.by}`))
      .to.deep.equal(['created by test-admin', 'edited by test-admin', 'retired by test-admin']);

    expect((await t.call('get', '/v1/prevention-actions', undefined, 'agent')).body.items).to.deep.equal([]);
    expect((await t.call('get', '/v1/prevention-actions?includeRetired=true', undefined, 'auditor')).body.items).to.have.length(1);
    const editRetired = await t.call('put', `/v1/prevention-actions/${created.body.id}`, ACTION);
    expect(editRetired.status).to.equal(409);
    expect(editRetired.body.code).to.equal('prevention-action-retired');
  });

  it('when an agent or auditor key tries to change actions, then 403; an unknown id is a 404', async () => {
    expect((await t.call('post', '/v1/prevention-actions', ACTION, 'agent')).status).to.equal(403);
    expect((await t.call('delete', '/v1/prevention-actions/1', undefined, 'auditor')).status).to.equal(403);
    expect((await t.call('get', '/v1/prevention-actions/99', undefined, 'agent')).status).to.equal(404);
    expect((await t.call('delete', '/v1/prevention-actions/99')).status).to.equal(404);
  });

  it('when an action is inconsistent, then 400 naming every problem, and nothing is recorded', async () => {
    const res = await create({ startsOn: '2026-12-01', endsOn: '2026-11-01', departments: ['20'], specialties: ['astrologie'] });
    expect(res.status).to.equal(400);
    expect(res.body.code).to.equal('invalid-prevention-action');
    expect(res.body.detail).to.match(/endsOn 2026-11-01 is before startsOn 2026-12-01; "20" is not a department code.*; "astrologie" is not a specialty code/);
    expect((await create({ themes: ['hearing'] })).status).to.equal(400);
    expect((await t.call('get', '/v1/prevention-actions?includeRetired=true')).body.items).to.deep.equal([]);
  });

  it('when a referral is made at a place, then its answer lists up to three actions under way or starting within 30 days for its specialty, most local first', async () => {
    await create({ title: 'national', national: true, departments: [] });
    await create({ title: 'region 84', departments: [], regions: ['84'] });
    await create({ title: 'department 07' });
    await create({ title: 'department 26', departments: ['26'] });
    await create({ title: 'dental in 07', themes: ['dental'] });
    await create({ title: 'in 40 days', startsOn: '2027-01-02', endsOn: '2027-02-28' });
    await create({ title: 'national in 20 days', national: true, departments: [], startsOn: '2026-12-13' });
    const retired = await create({ title: 'retired' });
    await t.call('delete', `/v1/prevention-actions/${retired.body.id}`);

    const made = await t.call('post', '/v1/referrals', { specialty: 'ophtalmo', location: { commune: '07288' } }, 'agent');
    expect(made.status).to.equal(201);
    expect(made.body.preventionActions.map((a: { title: string; reach: string }) => `${a.title}/${a.reach}`))
      .to.deep.equal(['department 07/department', 'region 84/region', 'national/national']);
    expect(made.body.preventionActions[0]).to.have.keys('id', 'title', 'summary', 'url', 'startsOn', 'endsOn', 'reach');

    // By postcode, the postcode's department; by coordinates, national actions only.
    const byPostcode = await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: { postcode: '07200' } }, 'agent');
    expect(byPostcode.body.preventionActions[0]).to.include({ title: 'department 07' });
    const byCoordinates = await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: SAINT_PRIEST_07 }, 'agent');
    expect(byCoordinates.body.preventionActions.map((a: { title: string }) => a.title)).to.deep.equal(['national', 'national in 20 days']);

    // "Five more" mentions them too.
    const more = await t.call('post', `/v1/referrals/${made.body.id}/more`, {}, 'agent');
    expect(more.body.preventionActions.map((a: { title: string }) => a.title)).to.deep.equal(['department 07', 'region 84', 'national']);
  });

  it('when a referral mentioning actions is read back and verified, then it is the logged referral, without them, and it verifies', async () => {
    await create();
    const made = await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: { commune: '07288' } }, 'agent');
    expect(made.body.preventionActions).to.have.length(1);
    const read = await t.call('get', `/v1/referrals/${made.body.id}`, undefined, 'agent');
    const { preventionActions: _mentioned, ...referral } = made.body;
    expect(read.body).to.deep.equal(referral);
    const verification = await t.call('get', `/v1/referrals/${made.body.id}/verification`, undefined, 'auditor');
    expect(verification.body).to.include({ verified: true });
  });

  it('when a referral is retried under its Idempotency-Key, then the original referral comes back with the actions of the moment', async () => {
    await create();
    const ask = () => t.as('agent').post('/v1/referrals').set('idempotency-key', 'call-42').send({ specialty: 'ophtalmologie', location: { commune: '07288' } });
    const first = await ask();
    const again = await ask();
    expect(again.status).to.equal(201);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body).to.deep.equal(first.body);
    expect(again.body.preventionActions.map((a: { title: string }) => a.title)).to.deep.equal([ACTION.title]);
  });

  it('when an action is created, edited or retired, then the next referral sees the change at once', async () => {
    const referral = async () => (await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: { commune: '07288' } }, 'agent')).body.preventionActions as { title: string }[];
    expect(await referral()).to.deep.equal([]);
    const created = await create();
    expect((await referral()).map((a) => a.title)).to.deep.equal([ACTION.title]);
    await t.call('put', `/v1/prevention-actions/${created.body.id}`, { ...ACTION, title: 'Renamed' });
    expect((await referral()).map((a) => a.title)).to.deep.equal(['Renamed']);
    await t.call('delete', `/v1/prevention-actions/${created.body.id}`);
    expect(await referral()).to.deep.equal([]);
  });
});
