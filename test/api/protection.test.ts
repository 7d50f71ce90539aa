import { expect } from 'chai';
import request from 'supertest';
import { expectConformsToSpec } from '../support/contract.js';
import { givenService, type TestService } from '../support/test-service.js';

describe('protection: rate limits, security headers, CORS', () => {
  let t: TestService;
  afterEach(() => t.close());

  it('when a key goes over its budget per minute, then 429 with Retry-After; other keys are not affected', async () => {
    t = givenService([], { rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await t.call('get', '/v1/specialties', undefined, 'agent')).status).to.equal(200);
    const limited = await t.call('get', '/v1/specialties', undefined, 'agent');
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
    expect(limited.body).to.include({ code: 'rate-limited' });
    expect(limited.body.detail).to.match(/"test-agent" has made more than 3 requests this minute/);
    expect((await t.call('get', '/v1/specialties', undefined, 'auditor')).status).to.equal(200);
    expect((await t.as().get('/healthz')).status).to.equal(200);
  });

  it('when an address presents unknown keys beyond its budget, then 429 with Retry-After before any key is checked; other addresses and requests without a key are not counted', async () => {
    t = givenService([], { authFailuresPerMinute: 3, trustProxy: 1 });
    const from = (address: string, key?: string) => {
      const req = request(t.app).get('/v1/specialties').set('x-forwarded-for', address);
      return key === undefined ? req : req.set('authorization', `Bearer ${key}`);
    };
    for (let i = 0; i < 5; i++) expect((await from('198.51.100.9')).status, 'no key: costs nothing, not counted').to.equal(401);
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.7', `rsk_guess${i}`)).status).to.equal(401);
    for (const key of ['rsk_guess3', t.keys.agent]) {
      const limited = await from('203.0.113.7', key);
      expect(limited.status).to.equal(429);
      expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
      expect(limited.body).to.include({ code: 'too-many-failed-authentications' });
      expectConformsToSpec(limited, 'get', '/v1/specialties');
    }
    expect((await from('198.51.100.2', t.keys.agent)).status, 'a valid key from another address').to.equal(200);
    expect((await from('198.51.100.9', t.keys.agent)).status).to.equal(200);
  });

  it('when any response is sent, then it carries security headers and no stack trace', async () => {
    t = givenService();
    const res = await t.call('get', '/v1/specialties');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['content-security-policy']).to.match(/default-src 'self'/);
    expect(res.headers['x-frame-options']).to.equal('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).to.match(/max-age=/);
    expect(res.headers['x-powered-by']).to.equal(undefined);
  });

  it('when a browser calls from the advisor desktop\'s origin, then CORS allows it; from another origin, it does not', async () => {
    t = givenService();
    const allowed = await t.as('agent').get('/v1/specialties').set('origin', 'https://desk.example.org');
    expect(allowed.headers['access-control-allow-origin']).to.equal('https://desk.example.org');
    expect(allowed.headers['access-control-expose-headers']).to.match(/x-request-id/);
    const other = await t.as('agent').get('/v1/specialties').set('origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).to.equal(undefined);

    const preflight = await t.as().options('/v1/referrals').set('authorization', '')
      .set('origin', 'https://desk.example.org').set('access-control-request-method', 'POST').set('access-control-request-headers', 'authorization, content-type');
    expect(preflight.status).to.equal(204);
    expect(preflight.headers['access-control-allow-headers']).to.match(/authorization/);
  });

  it('when the advisor desktop retries from a browser, then CORS lets it send an Idempotency-Key and read Idempotent-Replayed', async () => {
    t = givenService();
    const preflight = await t.as().options('/v1/referrals').set('authorization', '')
      .set('origin', 'https://desk.example.org').set('access-control-request-method', 'POST').set('access-control-request-headers', 'authorization, content-type, idempotency-key');
    const allowed = await t.as('agent').get('/v1/specialties').set('origin', 'https://desk.example.org');
    expect(preflight.headers['access-control-allow-headers']).to.match(/idempotency-key/);
    expect(allowed.headers['access-control-expose-headers']).to.match(/idempotent-replayed/);
  });

  it('when a body is larger than 16 KiB, then 413 before anything is read into the service', async () => {
    t = givenService();
    const res = await t.call('post', '/v1/referrals', { specialty: 'x'.repeat(17_000), location: { postcode: '75002' } }, 'agent');
    expect(res.status).to.equal(413);
    expectConformsToSpec(res, 'post', '/v1/referrals');
  });
});
