import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openServices, type Services } from '../../src/compose.js';
import type { ImportFormat, ImportRun } from '../../src/domain/import/import-report.js';
import { currentImportOwner } from '../../src/import/import-owner.js';
import { makeReferral } from '../../src/use-cases/make-referral.js';
import { claimImport, ImportBusyError, importDirectory } from '../../src/use-cases/import-directory.js';
import { gp, OLD_REGISTRY_COLUMN_NAMES, registryText, type RegistryFileOptions, type RegistryRowFields } from '../support/registry-fixture.js';
import { fixedClock, testGazetteer } from '../support/test-service.js';

describe('importing a directory file', () => {
  let dir: string;
  let services: Services;
  let files = 0;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-'));
    services = openServices({ databasePath: join(dir, 'referrals.sqlite'), gazetteer: testGazetteer(), clock: fixedClock(), drawSecret: () => Buffer.alloc(32, 7) });
  });
  afterEach(() => {
    services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function importText(text: string, request: { format?: ImportFormat; dryRun?: boolean; force?: boolean } = {}): Promise<ImportRun> {
    const path = join(dir, `file-${files++}.txt`);
    writeFileSync(path, text);
    const full = { source: path, dryRun: false, force: false, maxDeactivationShare: 0.05, ...request };
    const id = claimImport(services.importer.imports, full, currentImportOwner(), new Date());
    return importDirectory(services.importer, id, createReadStream(path), full);
  }
  const importRows = (rows: RegistryRowFields[], options?: RegistryFileOptions, request?: Parameters<typeof importText>[1]) =>
    importText(registryText(rows, options), request);
  const count = (sql: string) => services.db.prepare(sql).pluck().get() as number;
  const snapshot = () => JSON.stringify([
    services.db.prepare('SELECT * FROM practitioners ORDER BY id').all(), services.db.prepare('SELECT * FROM sites ORDER BY id').all(),
    services.db.prepare('SELECT * FROM fairness_counters ORDER BY specialty, national_id').all(),
  ]);
  const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `8100012${String(from + i).padStart(5, '0')}`);

  it('when the file has a byte-order mark, CRLF line ends, accents and no final line end, then every row is read as written', async () => {
    const accented = { "Nom d'exercice": 'LEFÈVRE-ÇÉLINE', "Prénom d'exercice": 'Zoé', 'Libellé commune (coord. structure)': 'Lyon 3e  Arrondissement' };
    const run = await importRows(ids(3).map((id) => gp(id, accented)), { byteOrderMark: true, lineEnd: '\r\n', finalLineEnd: false });
    expect(run.status).to.equal('succeeded');
    expect(run.format).to.equal('registry');
    expect(run.counts).to.include({ inserted: 3, rejected: 0 });
    expect(count(`SELECT COUNT(*) FROM sites WHERE postcode = '69003' AND precision = 'commune'`)).to.equal(3);
    expect(count(`SELECT COUNT(*) FROM practitioners WHERE last_name = 'LEFÈVRE-ÇÉLINE' AND first_name = 'Zoé'`)).to.equal(3);
  });

  it('when the file ends its lines with a carriage return alone, then every row is read as written', async () => {
    const run = await importRows(ids(3).map((id) => gp(id)), { lineEnd: '\r' });
    expect(run.status, run.message ?? '').to.equal('succeeded');
    expect(run.counts).to.include({ inserted: 3, rejected: 0 });
  });

  it('when the file has the older 52-column header, then it is read by column name', async () => {
    const run = await importRows([gp(ids(1)[0] as string)], { columns: OLD_REGISTRY_COLUMN_NAMES });
    expect(run.status).to.equal('succeeded');
    expect(run.counts?.inserted).to.equal(1);
  });

  it('when a field holds a double quote, then it is an ordinary character (the registry has no quoting)', async () => {
    const run = await importRows([gp('810001200000', { "Nom d'exercice": "D'ARTAGNAN \"LE JEUNE\"" })]);
    expect(run.counts?.inserted).to.equal(1);
    expect(count(`SELECT COUNT(*) FROM practitioners WHERE last_name = 'D''ARTAGNAN "LE JEUNE"'`)).to.equal(1);
  });

  it('when rows are malformed, out of scope or repeated, then each is counted with its line and reason and the rest imported', async () => {
    const [a, b, c] = ids(3);
    const text = registryText([
      gp(a as string),
      gp(a as string, { 'Code rôle': 'FON-02' }), // the same person and site, another activity: merged
      gp(a as string, { 'Identifiant technique de la structure': 'F750000001', 'Code commune (coord. structure)': '75112', 'Code postal (coord. structure)': '75012' }),
      gp(b as string, { 'Code profession': '21', 'Code savoir-faire': '' }),
      gp(c as string, { 'Code pays (coord. structure)': '99132' }),
      gp('12345'),
    ]) + 'too|few|fields|\n';
    const run = await importText(text);
    expect(run.status).to.equal('succeeded');
    expect(run.report?.rows).to.deep.equal({ read: 7, merged: 1 });
    expect(run.counts).to.include({ inserted: 1, rejected: 2, skipped: 2 });
    expect(run.report?.skippedByReason).to.include({ 'profession-not-referred': 1, 'foreign-address': 1 });
    expect(run.report?.rejects).to.deep.equal([
      { line: 7, reason: 'national identifier "12345" is neither 8 and 11 digits (RPPS) nor 0 and 9 digits (ADELI)' },
      { line: 8, reason: '4 fields where the header has 57' },
    ]);
    expect(services.importer.imports.rejects(run.id, 10)).to.deep.equal(run.report?.rejects);
    expect(count(`SELECT COUNT(*) FROM sites`)).to.equal(2);
  });

  it('when the file is empty, a header alone, cut short or of another format, then it is refused and nothing changes', async () => {
    await importRows(ids(2).map((id) => gp(id)));
    const before = snapshot();
    const truncated = registryText([gp('810001299999')]).slice(0, -30);
    const cases: [string, string, RegExp][] = [
      ['empty', '', /empty/],
      ['header only', registryText([]), /no data row/],
      ['truncated', registryText(ids(2).map((id) => gp(id))) + truncated, /truncated/],
      ['unknown header', 'name;city\nx;y\n', /neither the national registry extract's .*Identification nationale PP.* nor the service's CSV \(national_id,/],
    ];
    for (const [what, text, message] of cases) {
      const run = await importText(text);
      expect(run.status, what).to.equal('refused');
      expect(run.message, what).to.match(message);
      expect(snapshot(), what).to.equal(before);
    }
  });

  it('when the format asked for does not match the header, then the message names the expected columns', async () => {
    const run = await importRows([gp(ids(1)[0] as string)], {}, { format: 'csv' });
    expect(run.status).to.equal('refused');
    expect(run.message).to.match(/lacks the columns "national_id", .* expected columns: national_id,civility,last_name/);
  });

  it('when a person practises at several sites, then each site is kept under its structure id', async () => {
    const [id] = ids(1) as [string];
    await importRows(['R1', 'R2', 'F3'].map((structure) => gp(id, { 'Identifiant technique de la structure': structure })));
    expect(count('SELECT COUNT(*) FROM practitioners')).to.equal(1);
    expect(services.db.prepare('SELECT structure_id FROM sites ORDER BY structure_id').pluck().all()).to.deep.equal(['F3', 'R1', 'R2']);
  });

  it('when the next day brings additions, changes, moves and removals, then only those are written and counters survive', async () => {
    const people = ids(40);
    await importRows(people.map((id) => gp(id)));
    services.reindex();
    const referral = await makeReferral(services.referralContext, { specialty: 'medecine-generale', location: { postcode: '69003' } });
    const counters = JSON.stringify(services.db.prepare('SELECT * FROM fairness_counters ORDER BY national_id').all());
    const untouched = services.db.prepare(`SELECT updated_at, row_hash FROM practitioners WHERE national_id = ?`).get(people[10]);

    const [changed, moved, removed] = people as [string, string, string];
    const dayTwo = people.filter((id) => id !== removed).map((id) =>
      id === changed ? gp(id, { 'Téléphone (coord. structure)': '0400000000' })
        : id === moved ? gp(id, { 'Identifiant technique de la structure': 'R1NEWPLACE', 'Code commune (coord. structure)': '75112', 'Code postal (coord. structure)': '75012' })
          : gp(id));
    const run = await importRows([...dayTwo, gp('810009999999')]);

    expect(run.counts).to.deep.equal({ inserted: 1, updated: 2, unchanged: 37, deactivated: 1, reactivated: 0, rejected: 0, skipped: 0 });
    expect(run.report?.sites).to.deep.equal({ inserted: 2, updated: 1, unchanged: 37, retired: 1 });
    expect(services.db.prepare(`SELECT status FROM practitioners WHERE national_id = ?`).pluck().get(removed)).to.equal('inactive');
    expect(services.db.prepare(`SELECT updated_at, row_hash FROM practitioners WHERE national_id = ?`).get(people[10])).to.deep.equal(untouched);
    expect(services.db.prepare(`SELECT active, postcode FROM sites s JOIN practitioners p ON p.id = s.practitioner_id WHERE national_id = ? ORDER BY s.id`).all(moved))
      .to.deep.equal([{ active: 0, postcode: '69003' }, { active: 1, postcode: '75012' }]);
    expect(JSON.stringify(services.db.prepare('SELECT * FROM fairness_counters ORDER BY national_id').all())).to.equal(counters);
    expect(services.referralContext.referrals.findById(referral.id)?.practitioners).to.deep.equal(referral.practitioners);

    const dayThree = await importRows([...people.map((id) => gp(id)), gp('810009999999')]);
    expect(dayThree.counts).to.include({ reactivated: 1, deactivated: 0, updated: 2, inserted: 0 });
    expect(services.db.prepare(`SELECT status FROM practitioners WHERE national_id = ?`).pluck().get(removed)).to.equal('active');
  });

  it('when a suspended practitioner leaves the registry and comes back, then they come back suspended', async () => {
    const people = ids(30);
    await importRows(people.map((id) => gp(id)));
    const id = services.db.prepare('SELECT id FROM practitioners WHERE national_id = ?').pluck().get(people[0]) as number;
    services.statusChanges.apply(id, { to: 'suspended', reason: 'Complaint under review', until: null, by: 'admin', at: new Date() });
    await importRows(people.slice(1).map((nationalId) => gp(nationalId)));
    expect(services.db.prepare('SELECT status FROM practitioners WHERE id = ?').pluck().get(id)).to.equal('inactive');
    const back = await importRows(people.map((nationalId) => gp(nationalId)));
    expect(back.counts).to.include({ reactivated: 1 });
    expect(services.db.prepare('SELECT status FROM practitioners WHERE id = ?').pluck().get(id)).to.equal('suspended');
  });

  it('when a person\'s row is rejected, then they are not deactivated nor their site retired: they are in the file', async () => {
    const people = ids(40);
    await importRows(people.map((id) => gp(id)));
    const run = await importRows(people.map((id, index) => gp(id, index === 3 ? { 'Code postal (coord. structure)': '7500' } : {})));
    expect(run.counts).to.include({ rejected: 1, deactivated: 0, unchanged: 39 });
    expect(run.report?.sites.retired).to.equal(0);
    expect(services.db.prepare(`SELECT status FROM practitioners WHERE national_id = ?`).pluck().get(people[3])).to.equal('active');
  });

  it('when a file would deactivate more than 5% of active practitioners, then it is refused unless forced', async () => {
    const people = ids(100);
    await importRows(people.map((id) => gp(id)));
    const before = snapshot();
    const refused = await importRows(people.slice(6).map((id) => gp(id)));
    expect(refused.status).to.equal('refused');
    expect(refused.message).to.match(/deactivate 6 of 100 active practitioners \(6\.00%\)/);
    expect(refused.counts?.deactivated).to.equal(6);
    expect(snapshot()).to.equal(before);

    const forced = await importRows(people.slice(6).map((id) => gp(id)), {}, { force: true });
    expect(forced.status).to.equal('succeeded');
    expect(forced.forced).to.equal(true);
    expect(count(`SELECT COUNT(*) FROM practitioners WHERE status = 'inactive'`)).to.equal(6);
  });

  it('when run dry, then the full report comes back and nothing changes', async () => {
    await importRows(ids(10).map((id) => gp(id)));
    const before = snapshot();
    const run = await importRows(ids(12).map((id) => gp(id)), {}, { dryRun: true });
    expect(run.status).to.equal('dry-run');
    expect(run.counts).to.include({ inserted: 2, unchanged: 10 });
    expect(snapshot()).to.equal(before);
  });

  it('when a site cannot be placed, then it is kept out of the pools and listed in the report', async () => {
    const run = await importRows([gp('810001200001', { 'Code commune (coord. structure)': '', 'Code postal (coord. structure)': '00000', 'Libellé commune (coord. structure)': 'NULLE PART' })]);
    expect(run.report?.geocoding.none).to.equal(1);
    expect(run.report?.unplacedSites).to.deep.equal([{ line: 2, nationalId: '810001200001', structureId: 'R10001200001', postcode: '00000', city: 'NULLE PART' }]);
  });

  it('when the service\'s CSV has quoted fields and coordinates, then they are read as written', async () => {
    const csv = 'national_id,civility,last_name,first_name,profession_code,specialty_code,site_id,address,postcode,commune_code,city,phone,lat,lon\r\n' +
      '810001200002,MME,"DUPONT, née MARTIN",Anne,40,chirurgie-dentaire,S1,"3, rue ""Neuve""",69003,69383,LYON,,45.7601,4.8512\r\n';
    const run = await importText(csv);
    expect(run.format).to.equal('csv');
    expect(run.counts?.inserted).to.equal(1);
    expect(services.db.prepare('SELECT last_name, address, lat, precision FROM practitioners p JOIN sites s ON s.practitioner_id = p.id').get())
      .to.deep.equal({ last_name: 'DUPONT, née MARTIN', address: '3, rue "Neuve"', lat: 45.7601, precision: 'address' });
  });

  it('when the service\'s CSV has a quote that does not close where it should, then the whole file is refused and nothing changes', async () => {
    const header = 'national_id,civility,last_name,first_name,profession_code,specialty_code,site_id,address,postcode,commune_code,city,phone,lat,lon\n';
    const row = (n: number, address: string) => `81000120000${n},MME,DUPONT,Anne,40,chirurgie-dentaire,S${n},${address},69003,69383,LYON,,45.7601,4.8512\n`;
    await importText(header + [1, 2, 3, 4].map((n) => row(n, `${n} rue Neuve`)).join(''));
    const before = snapshot();
    // Read with the rows after it as one field, this file once deactivated the people on lines 4 and 5.
    const run = await importText(header + row(1, '1 rue Neuve') + row(2, '"2" bis rue Neuve') + row(3, '3 rue Neuve') + row(4, '4 rue Neuve'));
    expect(run.status).to.equal('refused');
    expect(run.message).to.match(/^Line 3: Invalid Closing Quote: got " "\. A field that holds a quote must be quoted whole/);
    expect(snapshot()).to.equal(before);
  });

  it('when another import is running, then a second one is refused; a run whose process died is marked interrupted', () => {
    const owner = currentImportOwner();
    const request = { source: 'a', dryRun: false, force: false };
    const first = claimImport(services.importer.imports, request, owner, new Date());
    expect(() => claimImport(services.importer.imports, request, owner, new Date())).to.throw(ImportBusyError, new RegExp(`Import ${first} \\(a\\)`));

    const gone = { ...owner, isAlive: () => false };
    const second = claimImport(services.importer.imports, request, gone, new Date());
    expect(services.importer.imports.find(first)).to.include({ status: 'failed' });
    expect(services.importer.imports.find(first)?.message).to.match(/^interrupted/);
    expect(second).to.be.greaterThan(first);
  });
});
