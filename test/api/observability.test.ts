import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../src/http/app.js';
import { startingHandler } from '../../src/http/starting-handler.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createReadiness } from '../../src/observability/readiness.js';
import { createAuthenticator } from '../../src/use-cases/api-keys.js';
import { expectConformsToSpec } from '../support/contract.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };

describe('observability: request ids, logs, metrics, readiness', () => {
  let t: TestService;
  beforeEach(() => {
    t = givenService(practitionersAround(8, PARIS_2E, 'ophtalmologie', 1));
  });
  afterEach(() => t.close());

  it('when a request carries an X-Request-Id, then it is echoed; otherwise, or when implausible, a UUID is given', async () => {
    expect((await t.as().get('/v1/specialties').set('x-request-id', 'desk-12:call-0042')).headers['x-request-id']).to.equal('desk-12:call-0042');
    expect((await t.as().get('/v1/specialties')).headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect((await t.as().get('/v1/specialties').set('x-request-id', 'no spaces allowed')).headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('when requests are logged, then each line has the id, route template, status, duration and key name, and no personal data', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done(); } });
    const app = createApp({
      referralContext: t.services.referralContext, openApiPath: fileURLToPath(new URL('../../openapi.yaml', import.meta.url)),
      logError: () => {}, imports: { runner: { start: () => Promise.reject(new Error('no')), idle: () => Promise.resolve() }, imports: t.services.importer.imports, maxDeactivationShare: 0.05 },
      authenticate: createAuthenticator(t.services.apiKeys), statusChanges: t.services.statusChanges, prevention: t.services.prevention, directoryChanged: () => {},
      logger: createLogger('info', sink), metrics: createMetrics(null, () => 0, { processMetrics: false }), readiness: createReadiness(),
      protection: { rateLimitPerMinute: 0, authFailuresPerMinute: 0, corsOrigins: [], bodyTimeouts: { bodyMs: 10_000, uploadIdleMs: 30_000, uploadMs: 3_600_000 } },
      signer: t.signer,
    });
    await request(app).get('/v1/practitioners?name=martin&postcode=75002').set('authorization', `Bearer ${t.keys.agent}`).set('x-request-id', 'call-7');
    await request(app).post('/v1/referrals').set('authorization', `Bearer ${t.keys.agent}`).send({ specialty: 'ophtalmologie', location: { lat: 48.868612, lon: 2.331437 } });
    const [search, referral] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(search).to.include({ requestId: 'call-7', method: 'GET', route: '/v1/practitioners', status: 200, key: 'test-agent', msg: 'request' });
    expect(search?.ms).to.be.a('number');
    expect(referral).to.include({ route: '/v1/referrals', status: 201 });
    expect(lines.join('')).to.not.match(/martin|75002|48\.86|2\.33/i);
  });

  it('when scraped, then /metrics has latency by route and status, referrals, pool sizes, active practitioners and the database size', async () => {
    await t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E }, 'agent');
    await t.call('get', '/v1/referrals/not-an-id');
    const res = await request(t.app).get('/metrics');
    expectConformsToSpec(res, 'get', '/metrics');
    expect(res.text).to.match(/http_request_duration_seconds_count\{method="POST",route="\/v1\/referrals",status="201"\} 1/);
    expect(res.text).to.match(/http_request_duration_seconds_count\{method="GET",route="\/v1\/referrals\/\{id\}",status="400"\} 1/);
    expect(res.text).to.match(/referrals_total\{specialty="ophtalmologie"\} 1/);
    expect(res.text).to.match(/referral_pool_size_count 1/);
    expect(res.text).to.match(/directory_active_practitioners 8/);
    expect(Number(/database_size_bytes (\d+)/.exec(res.text)?.[1])).to.be.greaterThan(0);
  });

  it('when something holds readiness, then /readyz is 503 naming it; released, 200', async () => {
    const ready = await request(t.app).get('/readyz');
    expectConformsToSpec(ready, 'get', '/readyz');
    expect(ready.body).to.deep.equal({ status: 'ready' });
    t.readiness.hold('an import is applying its changes');
    const held = await request(t.app).get('/readyz');
    expectConformsToSpec(held, 'get', '/readyz');
    expect(held.status).to.equal(503);
    expect(held.headers['retry-after']).to.equal('5');
    expect(held.body.reasons).to.deep.equal(['an import is applying its changes']);
    t.readiness.release('an import is applying its changes');
    expect((await request(t.app).get('/readyz')).status).to.equal(200);
  });

  it('when the server is still starting, then every request, /readyz included, gets a 503 saying so', async () => {
    const server: Server = createServer(startingHandler(createReadiness('starting: migrating the database')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of ['/readyz', '/v1/referrals']) {
        const res = await fetch(`${url}${path}`);
        expect(res.status).to.equal(503);
        expect(res.headers.get('content-type')).to.equal('application/problem+json');
        expect(((await res.json()) as { reasons: string[] }).reasons).to.deep.equal(['starting: migrating the database']);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
