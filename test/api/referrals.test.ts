import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { expectConformsToSpec } from '../support/contract.js';
import { aPractitioner, practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };
const LYON_3E = { lat: 45.7597, lon: 4.8422 };

function logSize(service: TestService): number {
  return service.services.db.prepare('SELECT COUNT(*) FROM referrals').pluck().get() as number;
}

/** Everything a referral writes: log, pools, counters and period secrets. */
function storedState(service: TestService): unknown[] {
  const { db } = service.services;
  return ['referrals', 'pools', 'fairness_counters', 'seed_periods'].map((table) => db.prepare(`SELECT * FROM ${table}`).all());
}

describe('POST /v1/referrals', () => {
  let service: TestService;
  beforeEach(() => {
    service = givenService([
      ...practitionersAround(12, PARIS_2E, 'ophtalmologie', 1.5),
      ...practitionersAround(8, LYON_3E, 'chirurgie-dentaire', 1),
      ...practitionersAround(5, LYON_3E, 'kinesitherapie', 1),
    ]);
  });
  afterEach(() => service.close());

  it('when asked by coordinates, then five distinct practitioners come back with distances and a real audit block', async () => {
    const res = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E });

    expect(res.status).to.equal(201);
    expect(res.headers.location).to.equal(`/v1/referrals/${res.body.id}`);
    expect(res.body.location).to.include({ precision: 'coordinates', lat: 48.87, lon: 2.33 }); // rounded to about 1 km
    // 8 of the 12 are within the first step of the ladder, 1 km.
    expect(res.body.radiusKm).to.equal(1);
    expect(res.body.radiusSource).to.equal('ladder');
    expect(res.body.poolSize).to.equal(8);
    expect(res.body.practitioners.map((p: { rank: number }) => p.rank)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(new Set(res.body.practitioners.map((p: { nationalId: string }) => p.nationalId)).size).to.equal(5);
    for (const p of res.body.practitioners) expect(p.distanceKm).to.be.at.most(1);
    expect(res.body.audit).to.include({ sequence: 1, previousHash: '0'.repeat(64), algorithm: 'deficit-fisher-yates/1' });
    expect(res.body.warnings).to.deep.equal([]);
  });

  it('when a referral is made, then the log entry and the counters are written together', async () => {
    await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E, radiusKm: 2 });

    const db = service.services.db;
    const pool = db.prepare('SELECT size, accrued_units AS accruedUnits, members_json AS members FROM pools').get() as { size: number; accruedUnits: number; members: string };
    const offers = db.prepare(
      `SELECT SUM(offered) AS offered, SUM(rank_1) r1, SUM(rank_2) r2, SUM(rank_3) r3, SUM(rank_4) r4, SUM(rank_5) r5, SUM(rank_6) r6
       FROM fairness_counters WHERE specialty = 'ophtalmologie'`,
    ).get();
    expect(logSize(service)).to.equal(1);
    expect(pool.size).to.equal(12);
    expect(JSON.parse(pool.members)).to.have.length(12);
    // Each of the 12 accrued 5/12 of a proposal, in units of 2^-32.
    expect(pool.accruedUnits).to.equal(Math.round((5 / 12) * 2 ** 32));
    expect(offers).to.deep.equal({ offered: 5, r1: 1, r2: 1, r3: 1, r4: 1, r5: 1, r6: 0 });
  });

  it('when asked by postcode, then the location is the postcode centre with precision postcode', async () => {
    const res = await service.call('post', '/v1/referrals', { specialty: 'dentiste', location: { postcode: '69003' } });

    expect(res.status).to.equal(201);
    expect(res.body.specialty).to.deep.equal({ code: 'chirurgie-dentaire', label: 'Chirurgie dentaire' });
    expect(res.body.location).to.include({ precision: 'postcode', postcode: '69003' });
    expect(res.body.practitioners).to.have.length(5);
  });

  it('when asked by INSEE commune code of an arrondissement, then the commune is located', async () => {
    const res = await service.call('post', '/v1/referrals', { specialty: 'kiné', location: { commune: '69383' } });

    expect(res.status).to.equal(201);
    expect(res.body.location).to.include({ commune: '69383' });
    expect(['commune', 'postcode', 'department']).to.include(res.body.location.precision);
    expect(res.body.practitioners).to.have.length(5);
  });

  it('when read back, then GET returns exactly what POST returned, but for the prevention actions, which are not part of the referral', async () => {
    const made = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E, count: 3 });
    const read = await service.call('get', `/v1/referrals/${made.body.id}`);

    expect(read.status).to.equal(200);
    const { preventionActions, ...referral } = made.body as { preventionActions: unknown[] };
    expect(preventionActions).to.deep.equal([]);
    expect(read.body).to.deep.equal(referral);
  });

  it('when two referrals follow, then the second is chained to the first', async () => {
    const first = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E });
    const second = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E });

    expect(second.body.audit.sequence).to.equal(2);
    expect(second.body.audit.previousHash).to.equal(first.body.audit.hash);
    expect(second.body.audit.seed).to.not.equal(first.body.audit.seed);
  });

  it('when the pool holds exactly the five asked for, then consecutive orders always differ', async () => {
    let previous: string[] | undefined;
    // Without the rule, 99 consecutive pairs from 120 orders would repeat one with probability 0.56.
    for (let i = 0; i < 100; i++) {
      const res = await service.call('post', '/v1/referrals', { specialty: 'kinesitherapie', location: LYON_3E });
      const order = res.body.practitioners.map((p: { nationalId: string }) => p.nationalId);
      expect(res.body.poolSize).to.equal(5);
      if (previous) expect(order).to.not.deep.equal(previous);
      previous = order;
    }
  });

  it('when the pool is fixed, then proposals rotate: after 12 referrals of 5 from 12, everyone was offered 5 times ± 1', async () => {
    for (let i = 0; i < 12; i++) await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E, radiusKm: 2 });
    const offered = service.services.db.prepare(`SELECT offered FROM fairness_counters WHERE specialty = 'ophtalmologie'`).pluck().all() as number[];
    expect(offered).to.have.length(12);
    for (const times of offered) expect(times).to.be.within(4, 6);
  });

  it('when fewer than k are within the largest radius, then those found come back with a warning', async () => {
    const res = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: { lat: 47.9, lon: 1.9 } });

    expect(res.status).to.equal(201);
    expect(res.body.radiusKm).to.equal(200);
    expect(res.body.poolSize).to.equal(12);
    expect(res.body.practitioners).to.have.length(5);
    const few = await service.call('post', '/v1/referrals', { specialty: 'kinesitherapie', location: LYON_3E, count: 8 });
    expect(few.body.practitioners).to.have.length(5);
    expect(few.body.warnings[0]).to.match(/Only 5 active practitioners of Masso-kinésithérapie within the largest radius \(200 km\)/);
  });
});

describe('POST /v1/referrals with bad input', () => {
  let service: TestService;
  beforeEach(() => {
    service = givenService([...practitionersAround(6, PARIS_2E, 'ophtalmologie'), aPractitioner({ specialtyCode: 'pediatrie', at: { lat: 16.24, lon: -61.53 } })]);
  });
  afterEach(() => service.close());

  const cases: [string, { body: unknown; status: number; code: string; detail: RegExp }][] = [
    ['an unknown specialty', { body: { specialty: 'dermatolgie', location: PARIS_2E }, status: 422, code: 'unknown-specialty', detail: /Did you mean: dermatologie/ }],
    ['an unknown postcode', { body: { specialty: 'ophtalmologie', location: { postcode: '99999' } }, status: 422, code: 'unknown-place', detail: /postcode "99999"/ }],
    ['an unknown commune', { body: { specialty: 'ophtalmologie', location: { commune: '75999' } }, status: 422, code: 'unknown-place', detail: /commune code "75999"/ }],
    ['a latitude out of range', { body: { specialty: 'ophtalmologie', location: { lat: 91, lon: 2 } }, status: 400, code: 'invalid-request', detail: /location/ }],
    ['a longitude of the wrong type', { body: { specialty: 'ophtalmologie', location: { lat: 48, lon: '2' } }, status: 400, code: 'invalid-request', detail: /location/ }],
    ['a specialty of the wrong type', { body: { specialty: 5, location: PARIS_2E }, status: 400, code: 'invalid-request', detail: /specialty/ }],
    ['a count of zero', { body: { specialty: 'ophtalmologie', location: PARIS_2E, count: 0 }, status: 400, code: 'invalid-request', detail: /count/ }],
    ['a count of 11', { body: { specialty: 'ophtalmologie', location: PARIS_2E, count: 11 }, status: 400, code: 'invalid-request', detail: /count/ }],
    ['a count that is not an integer', { body: { specialty: 'ophtalmologie', location: PARIS_2E, count: 2.5 }, status: 400, code: 'invalid-request', detail: /count/ }],
    ['a radius above 200 km', { body: { specialty: 'ophtalmologie', location: PARIS_2E, radiusKm: 201 }, status: 400, code: 'invalid-request', detail: /radiusKm/ }],
    ['a client-chosen seed', { body: { specialty: 'ophtalmologie', location: PARIS_2E, seed: 'abc' }, status: 400, code: 'invalid-request', detail: /seed/ }],
    ['two kinds of location at once', { body: { specialty: 'ophtalmologie', location: { postcode: '75002', lat: 48, lon: 2 } }, status: 400, code: 'invalid-request', detail: /location/ }],
    ['no location', { body: { specialty: 'ophtalmologie' }, status: 400, code: 'invalid-request', detail: /location/ }],
    // Only the kind of location meant is described, not every kind's requirements at once.
    ['a postcode of four digits', { body: { specialty: 'ophtalmologie', location: { postcode: '6900' } }, status: 400, code: 'invalid-request', detail: /^[^;]*body\.location\.postcode must match pattern "\^\[0-9\]\{5\}\$"[^;]*$/ }],
    ['a commune code of the wrong form', { body: { specialty: 'ophtalmologie', location: { commune: '6900' } }, status: 400, code: 'invalid-request', detail: /^[^;]*body\.location\.commune must match pattern[^;]*$/ }],
    ['nobody of the specialty within 200 km', { body: { specialty: 'pediatrie', location: PARIS_2E }, status: 404, code: 'no-practitioner-in-range', detail: /No active practitioner of Pédiatrie .* within 200 km/ }],
  ];
  for (const [name, { body, status, code, detail }] of cases) {
    it(`when the request has ${name}, then ${status} ${code} with a clear detail, and nothing is stored`, async () => {
      const before = storedState(service);
      const res = await service.call('post', '/v1/referrals', body);

      expect(res.status).to.equal(status);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.code).to.equal(code);
      expect(res.body.detail).to.match(detail);
      expect(logSize(service)).to.equal(0);
      expect(storedState(service)).to.deep.equal(before);
    });
  }

  it('when the body is malformed JSON, then 400 with a problem saying so', async () => {
    const res = await service.as().post('/v1/referrals').set('content-type', 'application/json').send('{"specialty": ');
    expectConformsToSpec(res, 'post', '/v1/referrals');
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.detail).to.equal('The request body is not valid JSON.');
    expect(logSize(service)).to.equal(0);
  });

  it('when the body does not decompress as its Content-Encoding says, then 400 with a problem saying so, and nothing is stored', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await service.as().post('/v1/referrals').set('content-type', 'application/json').set('content-encoding', encoding)
        .send(JSON.stringify({ specialty: 'ophtalmologie', location: PARIS_2E }));
      expectConformsToSpec(res, 'post', '/v1/referrals');
      expect(res.status, encoding).to.equal(400);
      expect(res.body.code, encoding).to.equal('malformed-body');
      expect(res.body.detail, encoding).to.match(/^The request body could not be decompressed as its Content-Encoding says/);
    }
    // serialize: superagent would otherwise send the Buffer as JSON, the content type being JSON
    // (its types say a serializer returns a string; it writes whatever it returns).
    const gzipped = await service.as().post('/v1/referrals').set('content-type', 'application/json').set('content-encoding', 'gzip')
      .serialize((body: Buffer) => body as unknown as string).send(gzipSync(JSON.stringify({ specialty: 'ophtalmologie', location: PARIS_2E })));
    expect(gzipped.status, 'a body that is gzip').to.equal(201);
    expect(logSize(service)).to.equal(1);
  });

  it('when the body is in a charset other than UTF-8 or a Content-Encoding the service does not know, then 415 unsupported-media-type, and nothing is stored', async () => {
    const body = JSON.stringify({ specialty: 'ophtalmologie', location: PARIS_2E });
    const cases: [string, { contentType: string; contentEncoding?: string; detail: RegExp }][] = [
      ['latin-1', { contentType: 'application/json; charset=iso-8859-1', detail: /charset "iso-8859-1".*UTF-8/ }],
      ['compress', { contentType: 'application/json', contentEncoding: 'compress', detail: /Content-Encoding "compress".*gzip, deflate or br/ }],
    ];
    for (const [name, { contentType, contentEncoding, detail }] of cases) {
      let req = service.as().post('/v1/referrals').set('content-type', contentType);
      if (contentEncoding) req = req.set('content-encoding', contentEncoding);
      const res = await req.send(body);
      expectConformsToSpec(res, 'post', '/v1/referrals');
      expect(res.status, name).to.equal(415);
      expect(res.body, name).to.include({ code: 'unsupported-media-type', type: 'urn:problem:unsupported-media-type' });
      expect(res.body.detail, name).to.match(detail);
    }
    expect(logSize(service)).to.equal(0);
  });

  it('when the body is larger than 16 KiB, then 413 with a problem saying so, and nothing is stored', async () => {
    const res = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E, padding: 'x'.repeat(20_000) });
    expect(res.status).to.equal(413);
    expect(res.body.detail).to.equal('The request body is too large.');
    expect(logSize(service)).to.equal(0);
  });

  it('when the path has a trailing slash or another case, then the body is still checked against the contract', async () => {
    for (const path of ['/v1/referrals/', '/V1/Referrals']) {
      const res = await service.as().post(path).send({ specialty: 5, location: PARIS_2E });
      expect(res.status, path).to.equal(400);
      expect(res.body.code, path).to.equal('invalid-request');
    }
  });

  it('when the body is not JSON at all, then 415', async () => {
    const res = await service.as().post('/v1/referrals').set('content-type', 'text/plain').send('ophtalmologie near Paris');
    expectConformsToSpec(res, 'post', '/v1/referrals');
    expect(res.status).to.equal(415);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
  });

  it('when a referral id is unknown or malformed, then 404 or 400', async () => {
    const unknown = await service.call('get', '/v1/referrals/00000000-0000-8000-8000-000000000000');
    expect(unknown.status).to.equal(404);
    expect(unknown.body.detail).to.match(/No referral with id/);
    const malformed = await service.call('get', '/v1/referrals/not-an-id');
    expect(malformed.status).to.equal(400);
  });
});
