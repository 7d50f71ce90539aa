import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { openServices, type Services } from '../../src/compose.js';
import { currentImportOwner } from '../../src/import/import-owner.js';
import { loadSampleDirectory } from '../../src/use-cases/load-sample-directory.js';
import { makeReferral } from '../../src/use-cases/make-referral.js';
import { testGazetteer } from '../support/test-service.js';

const SAMPLE = fileURLToPath(new URL('../../data/sample-directory.csv', import.meta.url));

describe('loading the sample directory at first start', () => {
  let dir: string;
  let services: Services;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sample-load-'));
    services = openServices({ databasePath: join(dir, 'referrals.sqlite'), gazetteer: testGazetteer() });
  });
  afterEach(() => {
    services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the directory is empty, then every person and site of the sample is stored, and referrals draw from it', async () => {
    const added = await loadSampleDirectory(services.referralContext.practitioners, services.importer, currentImportOwner(), SAMPLE);
    services.reindex();

    const { db } = services;
    expect(added).to.equal(25_000);
    expect(db.prepare('SELECT COUNT(*) FROM practitioners').pluck().get()).to.equal(25_000);
    expect(db.prepare('SELECT COUNT(*) FROM sites').pluck().get()).to.equal(26_321);
    expect(db.prepare(`SELECT COUNT(*) FROM sites WHERE precision = 'address' AND lat IS NOT NULL`).pluck().get()).to.equal(26_321);
    expect(services.referralContext.directory.totalActive).to.equal(25_000);
    const referral = await makeReferral(services.referralContext, { specialty: 'dentiste', location: { postcode: '69003' } });
    expect(referral.practitioners).to.have.length(5);
    // The filtered example of the README and docs/api.md: the sample declares sectors, languages and the rest.
    const filters = { sector: ['1', 'optam'] as const, gender: 'female' as const, languages: ['en'] };
    const filtered = await makeReferral(services.referralContext, { specialty: 'gynéco', location: { postcode: '75011' }, filters });
    expect(filtered.practitioners).to.have.length(5);
    expect(filtered.filters).to.deep.equal({ sector: ['1', 'optam'], languages: ['en'], gender: 'female' });
  });

  it('when the directory already has practitioners, then nothing is loaded again', async () => {
    await loadSampleDirectory(services.referralContext.practitioners, services.importer, currentImportOwner(), SAMPLE);
    const again = await loadSampleDirectory(services.referralContext.practitioners, services.importer, currentImportOwner(), SAMPLE);

    expect(again).to.equal(0);
    expect(services.db.prepare('SELECT COUNT(*) FROM practitioners').pluck().get()).to.equal(25_000);
  });
});
