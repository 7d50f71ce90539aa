import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { deriveSeed } from '../../src/domain/audit/seed.js';
import { commitPeriods } from '../../src/use-cases/period-secret.js';
import { verifyExport } from '../../src/use-cases/verify-export.js';
import { verifyLog } from '../../src/use-cases/verify-log.js';
import { commitmentNoteProblem } from '../../src/domain/audit/commitment-note.js';
import { parseVerifierKey } from '../../src/domain/transparency/verifier-key.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };

describe('GET /v1/audit/commitments', () => {
  let service: TestService;
  let now: number;
  const secrets: Buffer[] = [];

  beforeEach(async () => {
    now = Date.parse('2026-11-23T10:00:00Z');
    secrets.length = 0;
    // A different secret per period, so that revealing the wrong one would show.
    const drawSecret = () => {
      const secret = createHash('sha256').update(`test secret ${secrets.length}`).digest();
      secrets.push(secret);
      return secret;
    };
    service = givenService(practitionersAround(10, PARIS_2E, 'ophtalmologie', 2), { clock: () => new Date(now), drawSecret });
    const ctx = service.services.referralContext;
    await ctx.transaction(() => commitPeriods(ctx.seedPeriods, ctx.drawSecret, ctx.clock()));
  });
  afterEach(() => service.close());

  it('when the service first starts, then today\'s commitment is published as late, and the next two days\' at least a whole day ahead, with no secret', async () => {
    const res = await service.call('get', '/v1/audit/commitments');

    expect(res.status).to.equal(200);
    expect(res.body.items.map((item: { period: string; secret: unknown; committedLate: boolean }) => [item.period, item.secret, item.committedLate])).to.deep.equal([
      ['2026-11-23', null, true],
      ['2026-11-24', null, false],
      ['2026-11-25', null, false],
    ]);
    const [, tomorrow, afterTomorrow] = res.body.items;
    expect(Date.parse(tomorrow.committedAt)).to.be.below(Date.parse(tomorrow.startsAt));
    expect(Date.parse(afterTomorrow.startsAt) - Date.parse(afterTomorrow.committedAt)).to.be.at.least(24 * 3_600_000);
    expect(tomorrow.commitment).to.equal(createHash('sha256').update(secrets[1] as Buffer).digest('hex'));
  });

  it('when the service keeps running into the next day, then the day after next is committed during it, more than a whole day ahead', async () => {
    now = Date.parse('2026-11-24T00:03:00Z');
    const ctx = service.services.referralContext;
    await ctx.transaction(() => commitPeriods(ctx.seedPeriods, ctx.drawSecret, ctx.clock()));
    const items = (await service.call('get', '/v1/audit/commitments')).body.items as { period: string; startsAt: string; committedAt: string; committedLate: boolean }[];
    expect(items.map((item) => [item.period, item.committedLate])).to.deep.equal([['2026-11-23', true], ['2026-11-24', false], ['2026-11-25', false], ['2026-11-26', false]]);
    // From the second day on, every period is committed at least a whole day before it starts.
    for (const item of items.slice(2)) expect(Date.parse(item.startsAt) - Date.parse(item.committedAt), item.period).to.be.above(24 * 3_600_000);
  });

  it('when the log holds referrals of a late period, then every verifier says their seeds were not committed in advance, and --strict fails', async () => {
    await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E });
    const ctx = service.services.referralContext;

    const report = verifyLog(ctx);
    expect(report).to.deep.include({ verified: true, seedsNotCommittedInAdvance: { entries: 1, periods: ['2026-11-23'] } });
    const strict = verifyLog(ctx, { strict: true });
    expect(strict.verified).to.equal(false);
    expect(strict.divergence).to.include({ sequence: 1, check: 'seed' });
    expect(strict.divergence?.found).to.match(/seed not committed in advance: period 2026-11-23/);

    now = Date.parse('2026-11-24T00:00:01Z');
    const commitments = (await service.call('get', '/v1/audit/commitments')).body.items;
    const exported = (await service.call('get', '/v1/audit/log')).text.split('\n');
    const fromExport = await verifyExport(lines(exported), commitments);
    expect(fromExport).to.deep.include({ verified: true, seedsNotCommittedInAdvance: { entries: 1, periods: ['2026-11-23'] } });
    expect((await verifyExport(lines(exported), commitments, { strict: true })).verified).to.equal(false);
  });

  it('when commitments are published, then each is a note signed by the log\'s key over its fields, and a verifier with the key catches an edited one', async () => {
    const key = parseVerifierKey((await service.call('get', '/v1/audit/key')).text.trim());
    const items = (await service.call('get', '/v1/audit/commitments')).body.items as { period: string; startsAt: string; commitment: string; committedAt: string; signedNote: string; secret: string | null }[];
    for (const item of items) {
      expect(item.signedNote.split('\n').slice(0, 5)).to.deep.equal([`${key.name} seed commitment`, `period ${item.period}`, `starts ${item.startsAt}`, `commitment ${item.commitment}`, `committed ${item.committedAt}`]);
      expect(commitmentNoteProblem(item.signedNote, item, key)).to.equal(null);
    }
    expect((await verifyExport(lines([]), items, { key })).commitmentsSigned).to.equal(3);
    const edited = items.map((item, i) => (i === 1 ? { ...item, committedAt: '2026-11-20T00:00:00.000Z' } : item));
    const caught = await verifyExport(lines([]), edited, { key });
    expect(caught.verified).to.equal(false);
    expect(caught.divergence).to.include({ check: 'seed', found: 'its signed note is of other fields than those published beside it' });
  });

  it('when a period is over, then its secret is revealed, matches its commitment and gives the seeds of its referrals', async () => {
    const referral = await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E });
    const verification = await service.call('get', `/v1/referrals/${referral.body.id}/verification`);
    for (const secret of secrets) {
      expect(JSON.stringify(referral.body) + JSON.stringify(verification.body)).to.not.include(secret.toString('hex'));
    }

    now = Date.parse('2026-11-24T00:00:01Z');
    const res = await service.call('get', '/v1/audit/commitments');

    const [yesterday, today] = res.body.items;
    expect(yesterday.period).to.equal('2026-11-23');
    const revealed = Buffer.from(yesterday.secret as string, 'hex');
    expect(createHash('sha256').update(revealed).digest('hex')).to.equal(yesterday.commitment);
    expect(deriveSeed(revealed, referral.body.audit.sequence)).to.equal(referral.body.audit.seed);
    expect(today).to.include({ period: '2026-11-24', secret: null });
  });

  it('when periods last an hour, then the next hour is committed before it starts and an hour\'s secret is revealed once it ends', async () => {
    const hourly = givenService(practitionersAround(10, PARIS_2E, 'ophtalmologie', 2), { clock: () => new Date(now), seedPeriod: 'hour' });
    try {
      const ctx = hourly.services.referralContext;
      await ctx.transaction(() => commitPeriods(ctx.seedPeriods, ctx.drawSecret, ctx.clock(), ctx.seedPeriod));
      const referral = await hourly.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E });
      now = Date.parse('2026-11-23T11:00:00Z');

      const res = await hourly.call('get', '/v1/audit/commitments');
      const verification = await hourly.call('get', `/v1/referrals/${referral.body.id}/verification`);

      expect(res.body.items.map((item: { period: string; secret: unknown }) => [item.period, item.secret === null])).to.deep.equal([
        ['2026-11-23T10', false],
        ['2026-11-23T11', true],
        ['2026-11-23T12', true],
      ]);
      expect(res.body.items[1]).to.include({ startsAt: '2026-11-23T11:00:00.000Z', endsAt: '2026-11-23T12:00:00.000Z' });
      expect(deriveSeed(Buffer.from(res.body.items[0].secret, 'hex'), referral.body.audit.sequence)).to.equal(referral.body.audit.seed);
      expect(verification.body.checks).to.include('seed');
    } finally {
      hourly.close();
    }
  });
});

async function* lines(all: readonly string[]): AsyncIterable<string> {
  yield* all;
}
