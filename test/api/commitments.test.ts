import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { deriveSeed } from '../../src/domain/audit/seed.js';
import { commitPeriods } from '../../src/use-cases/period-secret.js';
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

  it('when a day starts, then its commitment and the next day\'s are published, and neither secret', async () => {
    const res = await service.call('get', '/v1/audit/commitments');

    expect(res.status).to.equal(200);
    expect(res.body.items.map((item: { period: string; secret: unknown }) => [item.period, item.secret])).to.deep.equal([
      ['2026-11-23', null],
      ['2026-11-24', null],
    ]);
    const tomorrow = res.body.items[1];
    expect(Date.parse(tomorrow.committedAt)).to.be.below(Date.parse(tomorrow.startsAt));
    expect(tomorrow.commitment).to.equal(createHash('sha256').update(secrets[1] as Buffer).digest('hex'));
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
      ]);
      expect(res.body.items[1]).to.include({ startsAt: '2026-11-23T11:00:00.000Z', endsAt: '2026-11-23T12:00:00.000Z' });
      expect(deriveSeed(Buffer.from(res.body.items[0].secret, 'hex'), referral.body.audit.sequence)).to.equal(referral.body.audit.seed);
      expect(verification.body.checks).to.include('seed');
    } finally {
      hourly.close();
    }
  });
});
