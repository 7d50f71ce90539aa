import { connect } from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Response } from 'supertest';
import { appendInTransaction } from '../../src/use-cases/make-referral.js';
import { expectConformsToSpec } from '../support/contract.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };
const START = Date.parse('2026-11-23T10:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const ASKED = { specialty: 'ophtalmologie', location: PARIS_2E, radiusKm: 5 };

/** What a draw moves: log entries, proposals counted and fair shares accrued. */
function drawnState(t: TestService): { entries: number; offered: number; accrued: number } {
  const { db } = t.services;
  return {
    entries: db.prepare('SELECT COUNT(*) FROM referrals').pluck().get() as number,
    offered: db.prepare('SELECT COALESCE(SUM(offered), 0) FROM fairness_counters').pluck().get() as number,
    accrued: db.prepare('SELECT COALESCE(SUM(accrued_units), 0) FROM pools').pluck().get() as number,
  };
}

describe('Idempotency-Key on POST /v1/referrals and /more', () => {
  let t: TestService;
  // A clock the test moves: it stands still unless told.
  let now: number;
  beforeEach(() => {
    now = START;
    t = givenService(practitionersAround(14, PARIS_2E, 'ophtalmologie', 1), { clock: () => new Date(now) });
  });
  afterEach(() => t.close());

  async function post(url: string, body: object | undefined, key: string | null, role: 'agent' | 'admin' = 'agent'): Promise<Response> {
    let req = t.as(role).post(url);
    if (key !== null) req = req.set('idempotency-key', key);
    const res = await (body === undefined ? req : req.send(body));
    expectConformsToSpec(res, 'post', url);
    return res;
  }

  it('when the same key comes again with the same body, then the original referral answers, replayed, and nothing more is drawn, logged or counted', async () => {
    const first = await post('/v1/referrals', ASKED, 'call-0001');
    const afterFirst = drawnState(t);
    now += 60_000;
    // The same JSON value, its keys in another order.
    const retry = await post('/v1/referrals', { radiusKm: 5, location: { lon: PARIS_2E.lon, lat: PARIS_2E.lat }, specialty: 'ophtalmologie' }, 'call-0001');

    expect(first.status).to.equal(201);
    expect(first.headers['idempotent-replayed']).to.equal(undefined);
    expect(retry.status).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(retry.headers.location).to.equal(first.headers.location);
    expect(retry.body).to.deep.equal(first.body);
    expect(afterFirst).to.deep.equal({ entries: 1, offered: 5, accrued: afterFirst.accrued });
    expect(drawnState(t)).to.deep.equal(afterFirst);
  });

  it('when the key is sent as a quoted string (the draft\'s structured field), then it is the same key', async () => {
    const first = await post('/v1/referrals', ASKED, 'abc-123');
    const retry = await post('/v1/referrals', ASKED, '"abc-123"');
    expect(retry.body.id).to.equal(first.body.id);
    expect(drawnState(t).entries).to.equal(1);
  });

  it('when the same key comes with another body, then 422 idempotency-key-reused, and nothing is drawn', async () => {
    const first = await post('/v1/referrals', ASKED, 'call-0002');
    const other = await post('/v1/referrals', { ...ASKED, count: 3 }, 'call-0002');

    expect(other.status).to.equal(422);
    expect(other.body).to.include({ code: 'idempotency-key-reused', referralId: first.body.id });
    expect(drawnState(t).entries).to.equal(1);
  });

  it('when the first request under a key is still being answered, then another under it gets 409 with Retry-After, and the first then answers both', async () => {
    // The first request is held between its pool and its draw, as a slow commit would hold it.
    let reached!: () => void;
    const atDraw = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    t.services.useAppender({
      append: async (pending) => {
        reached();
        await gate;
        return appendInTransaction(t.services.referralContext, pending);
      },
      directoryChanged: () => {},
    });
    const firstAnswer = post('/v1/referrals', ASKED, 'call-0003');
    await atDraw;

    const meanwhile = await post('/v1/referrals', ASKED, 'call-0003');
    release();
    const first = await firstAnswer;
    const retry = await post('/v1/referrals', ASKED, 'call-0003');

    expect(meanwhile.status).to.equal(409);
    expect(meanwhile.body).to.include({ code: 'idempotency-key-in-flight' });
    expect(meanwhile.headers['retry-after']).to.equal('1');
    expect(first.status).to.equal(201);
    expect(retry.body.id).to.equal(first.body.id);
    expect(drawnState(t).entries).to.equal(1);
  });

  it('when another API key sends the same key, then it is a referral of its own', async () => {
    const agent = await post('/v1/referrals', ASKED, 'shared-key');
    const admin = await post('/v1/referrals', ASKED, 'shared-key', 'admin');

    expect(admin.status).to.equal(201);
    expect(admin.headers['idempotent-replayed']).to.equal(undefined);
    expect(admin.body.id).to.not.equal(agent.body.id);
    expect(drawnState(t).entries).to.equal(2);
  });

  it('when the key comes back after 24 hours, then it is forgotten: a new draw, which the key answers from then on', async () => {
    const first = await post('/v1/referrals', ASKED, 'call-0004');
    now += DAY_MS;
    const lastHour = await post('/v1/referrals', ASKED, 'call-0004');
    now += 1;
    const dayAfter = await post('/v1/referrals', ASKED, 'call-0004');
    now += 1000;
    const retryOfThat = await post('/v1/referrals', ASKED, 'call-0004');

    expect(lastHour.body.id, 'exactly 24 hours later').to.equal(first.body.id);
    expect(dayAfter.headers['idempotent-replayed']).to.equal(undefined);
    expect(dayAfter.body.id).to.not.equal(first.body.id);
    expect(retryOfThat.body.id).to.equal(dayAfter.body.id);
    expect(drawnState(t).entries).to.equal(2);
    const stored = t.services.db.prepare('SELECT COUNT(*) FROM idempotency_keys').pluck().get();
    expect(stored, 'the forgotten key was replaced, not kept beside').to.equal(1);
  });

  it('when keys are older than 24 hours, then the next keyed referral deletes them', async () => {
    await post('/v1/referrals', ASKED, 'old-1');
    await post('/v1/referrals', ASKED, 'old-2');
    now += DAY_MS + 1;
    await post('/v1/referrals', ASKED, 'new-1');
    const keys = t.services.db.prepare('SELECT key FROM idempotency_keys').pluck().all();
    expect(keys).to.deep.equal(['new-1']);
  });

  it('when no key is sent, then nothing is stored for it and two requests are two referrals', async () => {
    await post('/v1/referrals', ASKED, null);
    await post('/v1/referrals', ASKED, null);
    expect(drawnState(t).entries).to.equal(2);
    expect(t.services.db.prepare('SELECT COUNT(*) FROM idempotency_keys').pluck().get()).to.equal(0);
  });

  it('when the key is empty, too long or holds a space or a control character, then 400 invalid-idempotency-key, and nothing is drawn', async () => {
    const cases: [string, string][] = [['empty quoted', '""'], ['256 characters', 'k'.repeat(256)], ['a space', 'two words'], ['a tab', 'a\tb']];
    for (const [name, key] of cases) {
      const res = await post('/v1/referrals', ASKED, key);
      expect(res.status, name).to.equal(400);
      expect(res.body.code, name).to.equal('invalid-idempotency-key');
    }
    expect((await post('/v1/referrals', ASKED, 'k'.repeat(255))).status, '255 characters').to.equal(201);
    expect(drawnState(t).entries).to.equal(1);
  });

  it('when "five more" is retried under its key, then the same "more" answers; the key with another parent is a 422', async () => {
    const parent = await post('/v1/referrals', ASKED, null);
    const more = await post(`/v1/referrals/${parent.body.id}/more`, undefined, 'more-1');
    const retry = await post(`/v1/referrals/${parent.body.id}/more`, {}, 'more-1');
    const otherParent = await post(`/v1/referrals/${more.body.id}/more`, undefined, 'more-1');

    expect(more.status).to.equal(201);
    expect(retry.status).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(retry.body).to.deep.equal(more.body);
    expect(otherParent.status).to.equal(422);
    expect(otherParent.body.code).to.equal('idempotency-key-reused');
    expect(drawnState(t).entries).to.equal(2);
  });

  it('when the client drops the connection before reading the answer and retries, then the retry gets the original referral', async () => {
    const server = await new Promise<Server>((resolve) => {
      const listening = t.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const body = JSON.stringify(ASKED);
      // The answer's first bytes arrive and the client is gone: the desktop never saw the referral.
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`POST /v1/referrals HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.keys.agent}\r\n`
            + `Idempotency-Key: lost-1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        });
        socket.once('data', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', reject);
      });
      const lost = t.services.db.prepare('SELECT id FROM referrals').pluck().all();

      const retry = await post('/v1/referrals', ASKED, 'lost-1');

      expect(lost).to.have.length(1);
      expect(retry.status).to.equal(201);
      expect(retry.headers['idempotent-replayed']).to.equal('true');
      expect(retry.body.id).to.equal(lost[0]);
      expect(drawnState(t).entries).to.equal(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
