import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { ROLES } from '../../src/domain/access/roles.js';
import { createApiKey } from '../../src/use-cases/api-keys.js';
import { expectConformsToSpec } from '../support/contract.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const spec = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { 'x-roles'?: string[]; security?: unknown[] }>>;
};
const PARIS_2E = { lat: 48.8686, lon: 2.3314 };
/** Path parameters that pass the contract, so that only access decides. */
const SAMPLE_PARAMS: Record<string, string> = { id: '1' };
const REFERRAL_ID = '00000000-0001-8000-8000-000000000000';

describe('access control by API key and role', () => {
  let t: TestService;
  before(() => {
    t = givenService(practitionersAround(10, PARIS_2E, 'ophtalmologie', 1));
  });
  after(async () => {
    await t.importsIdle();
    t.close();
  });

  const secured = Object.entries(spec.paths).flatMap(([template, operations]) =>
    Object.entries(operations).filter(([, operation]) => operation['x-roles']).map(([method, operation]) => ({ template, method, roles: operation['x-roles'] as string[] })));
  const urlOf = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => (template.startsWith('/v1/referrals') ? REFERRAL_ID : SAMPLE_PARAMS[name] ?? '1'));

  it('when the contract is read, then every operation but health, readiness, metrics, documentation, the desk page and the public transparency log names its roles', () => {
    const open = Object.entries(spec.paths).flatMap(([template, operations]) =>
      Object.entries(operations).filter(([, operation]) => !operation['x-roles']).map(([method]) => `${method.toUpperCase()} ${template}`));
    // The checkpoint, its key and consistency proofs reveal only sizes and hashes, as a CT log's do (issue 14).
    expect([...open].sort()).to.deep.equal(['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.yaml', 'GET /desk', 'GET /docs',
      'GET /v1/audit/checkpoint', 'GET /v1/audit/key', 'GET /v1/audit/consistency', 'GET /v1/audit/epochs'].sort());
  });

  for (const role of ROLES) {
    it(`when a key of role ${role} calls every operation, then exactly those not listing ${role} answer 403`, async () => {
      for (const { template, method, roles } of secured) {
        const url = urlOf(template);
        let pending = t.as(role)[method as 'get' | 'post'](url);
        if (template === '/v1/referrals') pending = pending.send({ specialty: 'ophtalmologie', location: PARIS_2E });
        if (template === '/v1/imports' && method === 'post') pending = pending.set('content-type', 'text/plain').send('not a directory file\n');
        const res = await pending;
        expectConformsToSpec(res, method, url);
        if (roles.includes(role)) expect(res.status, `${role} ${method} ${template}`).to.not.be.oneOf([401, 403]);
        else expect(res.status, `${role} ${method} ${template}`).to.equal(403);
      }
      await t.importsIdle();
    });
  }

  it('when no key, an unknown key or a revoked key is sent, then 401 with a problem that says what to send', async () => {
    const none = await t.as().get('/v1/specialties').set('authorization', '');
    expect(none.status).to.equal(401);
    expect(none.headers['www-authenticate']).to.equal('Bearer');
    expect(none.body).to.include({ code: 'unauthenticated' });
    expect(none.body.detail).to.match(/Authorization: Bearer <key>/);
    expectConformsToSpec(none, 'get', '/v1/specialties');

    expect((await t.as().get('/v1/specialties').set('authorization', 'Bearer rsk_nope')).status).to.equal(401);
    const { key } = createApiKey(t.services.apiKeys, 'desk-leaving', 'agent', new Date());
    expect((await t.as().get('/v1/specialties').set('authorization', `Bearer ${key}`)).status).to.equal(200);
    t.services.apiKeys.revoke('desk-leaving', new Date());
    const revoked = await t.as().get('/v1/specialties').set('authorization', `Bearer ${key}`);
    expect(revoked.status).to.equal(401);
    expect(revoked.body.detail).to.match(/unknown or has been revoked/);
  });

  it('when health and documentation are asked for without a key, then they answer', async () => {
    for (const url of ['/healthz', '/openapi.yaml', '/docs']) {
      expect((await t.as().get(url).set('authorization', '')).status, url).to.equal(200);
    }
  });

  it('when a request without a key has a malformed body, then 401 before the body is read; health never reads one', async () => {
    const unread = await t.as().post('/v1/referrals').set('authorization', '').set('content-type', 'application/json').send('{bad');
    expect(unread.status).to.equal(401);
    expect(unread.body.code).to.equal('unauthenticated');
    const health = await t.as().get('/healthz').set('authorization', '').set('content-type', 'application/json').send('{bad');
    expect(health.status).to.equal(200);
    const nowhere = await t.as().post('/v1/nowhere').set('authorization', '').set('content-type', 'application/json').send('{bad');
    expect(nowhere.status).to.equal(404);
    expect(nowhere.body.code).to.equal('not-found');
  });

  it('when a desk asks for a referral, then the log records the key\'s name and a location rounded to about 1 km', async () => {
    const res = await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: { lat: 48.868612, lon: 2.331437 } }, 'agent');
    expect(res.status).to.equal(201);
    expect(res.body.location).to.include({ lat: 48.87, lon: 2.33, precision: 'coordinates' });
    const row = t.services.db.prepare('SELECT requested_by, location_json FROM referrals WHERE id = ?').get(res.body.id) as { requested_by: string; location_json: string };
    expect(row.requested_by).to.equal('test-agent');
    expect(JSON.parse(row.location_json)).to.include({ lat: 48.87, lon: 2.33 });
  });
});
