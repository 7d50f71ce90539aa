import { expect } from 'chai';
import request from 'supertest';
import { expectConformsToSpec } from '../support/contract.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

describe('operations and documentation', () => {
  let service: TestService;
  beforeEach(() => {
    service = givenService(practitionersAround(3, { lat: 48.86, lon: 2.33 }, 'ophtalmologie'));
  });
  afterEach(() => service.close());

  it('when asking /healthz, then it reports the directory and log sizes', async () => {
    const res = await service.call('get', '/healthz');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ok', practitioners: 3, referrals: 0 });
  });

  it('when asking /openapi.yaml, then the contract is served as YAML', async () => {
    const res = await request(service.app).get('/openapi.yaml');
    expectConformsToSpec(res, 'get', '/openapi.yaml');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/yaml/);
    expect(res.text).to.match(/^openapi: 3\.1\.0/);
  });

  it('when /openapi.yaml is asked for a range past its end or with a precondition it fails, then 416 or 412 problem', async () => {
    const range = await service.as().get('/openapi.yaml').set('range', 'bytes=99999999-');
    expectConformsToSpec(range, 'get', '/openapi.yaml');
    expect(range.status).to.equal(416);
    expect(range.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(range.body).to.include({ code: 'range-not-satisfiable', title: 'Range Not Satisfiable' });
    const precondition = await service.as().get('/openapi.yaml').set('if-match', '"nope"');
    expectConformsToSpec(precondition, 'get', '/openapi.yaml');
    expect(precondition.status).to.equal(412);
    expect(precondition.body).to.include({ code: 'precondition-failed', title: 'Precondition Failed' });
  });

  it('when asking /docs, then a page and its script are served locally, without any CDN', async () => {
    const page = await request(service.app).get('/docs');
    expectConformsToSpec(page, 'get', '/docs');
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.text).to.not.match(/https?:\/\//);
    const script = await request(service.app).get('/docs/assets/swagger-ui-bundle.js');
    expect(script.status).to.equal(200);
    expect(script.text.length).to.be.greaterThan(100_000);
  });

  // The one response checked by hand: its route is, by definition, not in the contract.
  it('when a route does not exist, then 404 problem', async () => {
    const res = await request(service.app).get('/v2/nothing');
    expect(res.status).to.equal(404);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.detail).to.match(/No route for GET \/v2\/nothing|not found/i);
  });

  it('when a route exists but not for the method, then 405 problem naming the methods it accepts', async () => {
    const res = await service.as().delete('/v1/specialties');
    expect(res.status).to.equal(405);
    expect(res.headers.allow).to.equal('GET');
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body).to.include({ code: 'method-not-allowed', status: 405 });
  });

  it('when a path parameter is not valid percent-encoding, then 400 problem rather than a crash', async () => {
    const res = await service.call('get', '/v1/practitioners/%E0%A4%A');
    expect(res.status).to.equal(400);
    expect(res.body.code).to.equal('invalid-request');
  });
});
