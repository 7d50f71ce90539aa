import { expect } from 'chai';
import type { Response } from 'supertest';
import { currentImportOwner } from '../../src/import/import-owner.js';
import { expectConformsToSpec } from '../support/contract.js';
import { gp, registryText } from '../support/registry-fixture.js';
import { givenService, type TestService } from '../support/test-service.js';

describe('imports over HTTP', () => {
  let t: TestService;
  beforeEach(() => {
    t = givenService();
  });
  afterEach(async () => {
    await t.importsIdle();
    t.close();
  });

  async function upload(body: string, query = '', contentType = 'text/plain'): Promise<Response> {
    const url = `/v1/imports${query}`;
    const res = await t.as().post(url).set('content-type', contentType).send(body);
    expectConformsToSpec(res, 'post', url);
    return res;
  }
  const people = Array.from({ length: 12 }, (_, i) => `8100013${String(i).padStart(5, '0')}`);

  it('when a registry extract is uploaded, then it is accepted, imported in the background, reported, and referrals draw from it', async () => {
    const res = await upload(registryText([...people.map((id) => gp(id)), gp('12')]), '?source=ps-libreacces-personne-activite.txt');
    expect(res.status).to.equal(202);
    expect(res.body).to.include({ status: 'running', source: 'ps-libreacces-personne-activite.txt', dryRun: false });
    expect(res.headers.location).to.equal(`/v1/imports/${res.body.id}`);

    await t.importsIdle();
    const run = await t.call('get', res.headers.location as string);
    expect(run.body).to.include({ status: 'succeeded', format: 'registry' });
    expect(run.body.counts).to.include({ inserted: 12, rejected: 1 });
    expect(run.body.sha256).to.match(/^[0-9a-f]{64}$/);
    const list = await t.call('get', '/v1/imports');
    expect(list.body.items.map((item: { id: number }) => item.id)).to.deep.equal([res.body.id]);
    const rejects = await t.call('get', `/v1/imports/${res.body.id}/rejects`);
    expect(rejects.body.items).to.have.length(1);
    expect(rejects.body.items[0]).to.include({ line: 14 });

    const referral = await t.call('post', '/v1/referrals', { specialty: 'generaliste', location: { postcode: '69003' } });
    expect(referral.status).to.equal(201);
    expect(referral.body.practitioners).to.have.length(5);
  });

  it('when an upload is run dry or refused by the brake, then the run says so and the directory is unchanged', async () => {
    await upload(registryText(people.map((id) => gp(id))));
    await t.importsIdle();
    const dry = await upload(registryText([...people, '810001399999'].map((id) => gp(id))), '?dryRun=true&format=registry');
    await t.importsIdle();
    const dryRun = (await t.call('get', `/v1/imports/${dry.body.id}`)).body;
    expect(dryRun).to.include({ status: 'dry-run', dryRun: true });
    expect(dryRun.counts).to.include({ inserted: 1, unchanged: 12 });
    const refused = await upload(registryText(people.slice(0, 2).map((id) => gp(id))));
    await t.importsIdle();
    const run = (await t.call('get', `/v1/imports/${refused.body.id}`)).body;
    expect(run.status).to.equal('refused');
    expect(run.message).to.match(/would deactivate 10 of 12/);
    expect(t.services.db.prepare(`SELECT COUNT(*) FROM practitioners WHERE status = 'active'`).pluck().get()).to.equal(12);
  });

  it('when another import is running, then an upload gets 409 with the running one named', async () => {
    t.services.importer.imports.claim({ source: 'nightly', dryRun: false, forced: false, startedAt: new Date() }, currentImportOwner());
    const res = await upload(registryText([gp(people[0] as string)]));
    expect(res.status).to.equal(409);
    expect(res.body).to.include({ code: 'import-running' });
    expect(res.body.detail).to.match(/Import 1 \(nightly\) has been running/);
  });

  it('when the upload is JSON, has no body or asks for an unknown format, then it is refused before anything is stored', async () => {
    expect((await upload('{"a":1}', '', 'application/json')).status).to.equal(415);
    expect((await upload('x', '?format=xml')).status).to.equal(400);
    const empty = await t.as().post('/v1/imports');
    expect(empty.status).to.equal(400);
    expect((await t.call('get', '/v1/imports')).body.items).to.deep.equal([]);
  });

  it('when an import id is unknown or not a number, then 404 or 400', async () => {
    expect((await t.call('get', '/v1/imports/99')).status).to.equal(404);
    expect((await t.call('get', '/v1/imports/abc')).status).to.equal(400);
    expect((await t.call('get', '/v1/imports/Infinity')).status).to.equal(400);
    expect((await t.call('get', '/v1/imports?before=1e400')).status).to.equal(400);
    expect((await t.call('get', '/v1/imports/99/rejects')).status).to.equal(404);
  });
});

describe('referrals during an import', () => {
  it('when referrals are sent throughout an upload\'s import, then every one is answered', async () => {
    const t = givenService();
    try {
      const people = Array.from({ length: 30_000 }, (_, i) => `810002${String(i).padStart(6, '0')}`);
      await t.as().post('/v1/imports').set('content-type', 'text/plain').send(registryText(people.slice(0, 1_000).map((id) => gp(id))));
      await t.importsIdle();

      const upload = t.as().post('/v1/imports').set('content-type', 'text/plain').send(registryText(people.map((id) => gp(id))));
      const statuses: number[] = [];
      let importing = true;
      const finished = upload.then(() => t.importsIdle()).then(() => {
        importing = false;
      });
      while (importing) {
        const res = await t.as().post('/v1/referrals').send({ specialty: 'generaliste', location: { postcode: '69003' } });
        statuses.push(res.status);
      }
      await finished;

      const run = (await t.call('get', '/v1/imports/2')).body;
      expect(run.status).to.equal('succeeded');
      expect(run.counts.inserted).to.equal(29_000);
      expect(statuses.length).to.be.greaterThan(10);
      expect(statuses.filter((status) => status !== 201)).to.deep.equal([]);
    } finally {
      await t.importsIdle();
      t.close();
    }
  }).timeout(120_000);
});
