import { expect } from 'chai';
import { join } from 'node:path';
import { startLogWriter, type LogWriter } from '../../src/log-writer/client.js';
import { DomainError } from '../../src/domain/errors.js';
import { answerReferral, makeReferral } from '../../src/use-cases/make-referral.js';
import { verifyLog } from '../../src/use-cases/verify-log.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const ORIGINS = [{ lat: 48.8686, lon: 2.3314 }, { lat: 48.8776, lon: 2.3314 }, { lat: 48.8596, lon: 2.3451 }];

describe('the log writer thread', function () {
  this.timeout(30_000);
  let service: TestService;
  let writer: LogWriter;

  beforeEach(async () => {
    service = givenService(practitionersAround(30, ORIGINS[0] as { lat: number; lon: number }, 'ophtalmologie', 3));
    writer = await startLogWriter({ databasePath: join(service.dir, 'referrals.sqlite'), fixedSecretHex: '01'.repeat(32) });
    service.services.useAppender(writer);
  });
  afterEach(async () => {
    await writer.close();
    service.close();
  });

  it('when referrals arrive together, then the writer thread draws and commits them all, in one verifiable chain', async () => {
    const ctx = service.services.referralContext;
    const made = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      makeReferral(ctx, { specialty: 'ophtalmologie', location: ORIGINS[i % ORIGINS.length] as { lat: number; lon: number }, radiusKm: 2 })));

    expect(made.map((referral) => referral.audit.sequence).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i + 1));
    // Answered after the commit: this thread's own connection already reads every entry.
    expect(ctx.referrals.count()).to.equal(40);
    expect(verifyLog(ctx)).to.include({ verified: true, entries: 40, seedsChecked: 40 });
    const stored = ctx.referrals.findById(made[7]?.id as string);
    expect(stored).to.deep.equal(made[7]);
  });

  it('when the directory changes, then the writer shows the new details of a proposed site', async () => {
    const ctx = service.services.referralContext;
    const before = await makeReferral(ctx, { specialty: 'ophtalmologie', location: ORIGINS[0] as { lat: number; lon: number }, radiusKm: 5 });
    const site = before.practitioners[0]?.siteId as number;
    service.services.db.prepare("UPDATE sites SET phone = '09 99 99 99 99' WHERE id = ?").run(site);
    service.services.reindex();

    let shown: string | null | undefined;
    for (let attempt = 0; attempt < 30 && shown === undefined; attempt++) {
      const referral = await makeReferral(ctx, { specialty: 'ophtalmologie', location: ORIGINS[0] as { lat: number; lon: number }, radiusKm: 5 });
      shown = referral.practitioners.find((practitioner) => practitioner.siteId === site)?.phone;
    }
    expect(shown).to.equal('09 99 99 99 99');
  });

  it('when the writer thread cannot open its database, then starting it fails instead of leaving referrals to hang', async () => {
    // Its directory would have to be inside a file.
    const databasePath = join(service.dir, 'referrals.sqlite', 'inside-a-file.sqlite');
    const failure = await startLogWriter({ databasePath }).then(() => null, (error: unknown) => error);
    expect(failure).to.be.instanceOf(Error);
  });
});

describe('the log writer thread and Idempotency-Keys', function () {
  this.timeout(30_000);
  const PARIS = ORIGINS[0] as { lat: number; lon: number };
  let service: TestService;
  let writer: LogWriter;
  beforeEach(async () => {
    service = givenService(practitionersAround(30, PARIS, 'ophtalmologie', 3));
    writer = await startLogWriter({ databasePath: join(service.dir, 'referrals.sqlite'), fixedSecretHex: '01'.repeat(32) });
    service.services.useAppender(writer);
  });
  afterEach(async () => {
    await writer.close();
    service.close();
  });

  const keyed = (fingerprint: string) => ({
    scope: 'desk-1', key: 'k-1', fingerprint, rememberedSince: '2026-11-22T10:00:00.000Z',
  });

  it('when a key reaches the writer already answered (by another server on the database), then it answers the original and draws nothing', async () => {
    const ctx = service.services.referralContext;
    const request = { specialty: 'ophtalmologie', location: PARIS, radiusKm: 2 };
    const original = await answerReferral(ctx, { ...request, idempotency: keyed('f'.repeat(64)) });

    const again = await answerReferral(ctx, { ...request, idempotency: keyed('f'.repeat(64)) });
    const other = await answerReferral(ctx, { ...request, idempotency: keyed('e'.repeat(64)) }).catch((error: unknown) => error);

    expect(original.replayed).to.equal(false);
    expect(again).to.include({ replayed: true, id: original.id });
    expect(other).to.be.instanceOf(DomainError).with.property('code', 'idempotency-key-reused');
    expect(ctx.referrals.count()).to.equal(1);
    expect(ctx.idempotencyKeys.find('desk-1', 'k-1')).to.include({ referralId: original.id });
  });
});
