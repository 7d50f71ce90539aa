import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { matchesFilters, UNKNOWN_ATTRIBUTES } from '../../src/domain/filters/referral-filters.js';
import { currentImportOwner } from '../../src/import/import-owner.js';
import { claimImport, importDirectory } from '../../src/use-cases/import-directory.js';
import { verifyLog } from '../../src/use-cases/verify-log.js';
import { practitionersAround } from '../support/factories.js';
import { gp, registryText } from '../support/registry-fixture.js';
import { givenService, type TestService } from '../support/test-service.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };

describe('filters: sector, new patients, languages, wheelchair access, gender', () => {
  let t: TestService;
  beforeEach(() => {
    t = givenService(practitionersAround(10, PARIS_2E, 'ophtalmologie', 1));
  });
  afterEach(() => t.close());

  const declare = (id: number, attributes: object) => t.call('patch', `/v1/practitioners/${id}`, { attributes });
  const refer = (filters?: object, count = 5) =>
    t.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E, radiusKm: 5, count, ...(filters && { filters }) }, 'agent');
  const proposedIds = (res: { body: { practitioners: { id: number }[] } }) => res.body.practitioners.map((p) => p.id).sort((a, b) => a - b);

  it('when an admin declares attributes, then the practitioner shows them, and a filtered referral draws only from those who qualify', async () => {
    const declared = await declare(3, { sector: 'optam', acceptsNewPatients: true, languages: ['en', 'ar'], wheelchairAccess: true });
    expect(declared.status).to.equal(200);
    expect(declared.body.attributes).to.deep.equal({ sector: 'optam', acceptsNewPatients: true, languages: ['ar', 'en'], wheelchairAccess: true, gender: null });
    await declare(5, { sector: '1', languages: ['en'] });
    await declare(7, { acceptsNewPatients: false, languages: ['en'] });

    const english = await refer({ languages: ['en'] });
    expect(english.status).to.equal(201);
    expect(english.body.poolSize).to.equal(3);
    expect(proposedIds(english)).to.deep.equal([3, 5, 7]);
    expect(english.body.filters).to.deep.equal({ languages: ['en'] });
    expect(english.body.warnings[0]).to.match(/Only 3/);

    expect(proposedIds(await refer({ sector: ['optam', '1'] }))).to.deep.equal([3, 5]);
    expect(proposedIds(await refer({ acceptsNewPatients: true, wheelchairAccess: true }))).to.deep.equal([3]);
    const nobody = await refer({ languages: ['de'], acceptsNewPatients: true });
    expect(nobody.status).to.equal(404);
    expect(nobody.body.detail).to.equal('No active practitioner of Ophtalmologie who meets the filters (accepting new patients, speaking de) has a practice site within 5 km of this location.');
  });

  it('when filtered referrals are replayed, then they verify, their filters are in the hashed entry, and "five more" keeps them', async () => {
    for (const id of [2, 4, 6, 8]) await declare(id, { languages: ['es'] });
    const parent = await refer({ languages: ['es'] }, 2);
    const more = await t.call('post', `/v1/referrals/${parent.body.id}/more`, undefined, 'agent');
    expect(more.body.filters).to.deep.equal({ languages: ['es'] });
    expect(proposedIds(more).every((id) => [2, 4, 6, 8].includes(id))).to.equal(true);
    expect(verifyLog(t.services.referralContext)).to.include({ verified: true, entries: 2 });

    const before = t.services.db.prepare('SELECT hash FROM referrals WHERE sequence = 1').pluck().get();
    t.services.db.prepare(`UPDATE referrals SET filters_json = '{"languages":["de"]}' WHERE sequence = 1`).run();
    const tampered = verifyLog(t.services.referralContext);
    expect(tampered.divergence).to.include({ sequence: 1, check: 'hash' });
    expect(before).to.be.a('string');
  });

  it('when the fairness report is cut by filter, then it counts only the referrals asked that way', async () => {
    await declare(1, { languages: ['it'] });
    await refer();
    await refer({ languages: ['it'] });
    const day = '2026-11-23';
    const count = async (filtered: string) => (await t.call('get', `/v1/audit/fairness?from=${day}&to=${day}&filtered=${filtered}`, undefined, 'auditor')).body.summary.referrals;
    expect(await count('none')).to.equal(1);
    expect(await count('any')).to.equal(1);
    expect(await count('languages')).to.equal(1);
    expect(await count('sector')).to.equal(0);
    expect((await t.call('get', '/v1/audit/fairness?filtered=shoe-size', undefined, 'auditor')).status).to.equal(400);
  });

  it('when the service\'s CSV carries gender and declared attributes, then an import stores them; a registry import leaves them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filters-'));
    try {
      const csv = join(dir, 'directory.csv');
      writeFileSync(csv, 'national_id,civility,last_name,first_name,profession_code,specialty_code,site_id,address,postcode,commune_code,city,phone,lat,lon,gender,sector,accepts_new_patients,languages,wheelchair_access\n' +
        '810009000001,DR,ROSSI,Maria,10,ophtalmologie,S1,1 rue A,75002,75102,PARIS,,48.8686,2.3314,F,2,oui,it;en,yes\n' +
        '810009000002,M,DURAND,Luc,10,ophtalmologie,S2,2 rue B,75002,75102,PARIS,,48.8686,2.3314,,optam,,,\n' +
        '810009000003,MME,PETIT,Ana,10,ophtalmologie,S3,3 rue C,75002,75102,PARIS,,48.8686,2.3314,,4,,,\n');
      const request = { source: 'directory.csv', dryRun: false, force: true, maxDeactivationShare: 0.05 };
      const run = await importDirectory(t.services.importer, claimImport(t.services.importer.imports, request, currentImportOwner(), new Date()), createReadStream(csv), request);
      expect(run.counts).to.include({ inserted: 2, rejected: 1 });
      expect(run.report?.rejects[0]?.reason).to.match(/sector "4" is not 1, 2 or optam/);
      const rossi = t.services.db.prepare(`SELECT p.id FROM practitioners p WHERE national_id = '810009000001'`).pluck().get() as number;
      const shown = (await t.call('get', `/v1/practitioners/${rossi}`)).body.attributes;
      expect(shown).to.deep.equal({ sector: '2', acceptsNewPatients: true, languages: ['en', 'it'], wheelchairAccess: true, gender: 'female' });
      t.services.reindex();
      expect(proposedIds(await refer({ gender: 'male' }))).to.deep.equal([rossi + 1]);

      const extract = join(dir, 'extract.txt');
      writeFileSync(extract, registryText([gp('810009000001', { "Code savoir-faire": 'SM38', 'Code civilité': 'MME', "Nom d'exercice": 'ROSSI', "Prénom d'exercice": 'Maria' })]));
      const registryRun = await importDirectory(t.services.importer, claimImport(t.services.importer.imports, request, currentImportOwner(), new Date()), createReadStream(extract), request);
      expect(registryRun.status).to.equal('succeeded');
      expect((await t.call('get', `/v1/practitioners/${rossi}`)).body.attributes).to.deep.equal(shown);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when an attribute is unknown, then a filter asking for it never matches', () => {
    expect(matchesFilters(UNKNOWN_ATTRIBUTES, {})).to.equal(true);
    for (const filters of [{ sector: ['1' as const] }, { acceptsNewPatients: true as const }, { languages: ['en'] }, { wheelchairAccess: true as const }, { gender: 'female' as const }]) {
      expect(matchesFilters(UNKNOWN_ATTRIBUTES, filters), JSON.stringify(filters)).to.equal(false);
    }
  });
});
