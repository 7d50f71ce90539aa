import { rmSync } from 'node:fs';
import { expect } from 'chai';
import { openDatabase } from '../../src/storage/database.js';
import { openServices } from '../../src/compose.js';
import { givenDatabaseWithAgentKey, startServiceProcess } from '../support/service-process.js';
import { regeocodeSites } from '../../src/use-cases/regeocode-sites.js';
import { planRegeocoding } from '../../src/domain/import/regeocode-plan.js';
import { runCli } from '../../src/cli/run-cli.js';
import { aPractitioner, aSite } from '../support/factories.js';
import { fixedClock, givenService, testGazetteer, type TestService } from '../support/test-service.js';

describe('sites placed again when the gazetteer changes', () => {
  // Agnat (43001), a village of Haute-Loire, as the gazetteer before official data placed it: at its department's centre.
  const agnat = () => testGazetteer().findByCommuneCode('43001');
  const DEPARTMENT_CENTRE = { lat: 45.11, lon: 3.86 };
  let service: TestService;
  beforeEach(async () => {
    service = givenService([
      aPractitioner({ specialtyCode: 'medecine-generale', sites: [aSite({ postcode: '43100', communeCode: '43001', city: 'AGNAT', ...DEPARTMENT_CENTRE, precision: 'department' })] }),
      aPractitioner({ specialtyCode: 'medecine-generale', sites: [aSite({ postcode: '43000', communeCode: '43157', city: 'LE PUY EN VELAY', lat: 45.05, lon: 3.88, precision: 'address' })] }),
    ]);
    service.services.db.prepare("INSERT INTO gazetteer_state (singleton, version, placed_at) VALUES (1, 'older', '2026-11-01T00:00:00Z')").run();
    expect((await service.call('post', '/v1/referrals', { specialty: 'generaliste', location: DEPARTMENT_CENTRE }, 'agent')).status).to.equal(201);
  });
  afterEach(() => service.close());

  const sites = () => service.services.db.prepare('SELECT commune_code AS communeCode, lat, lon, precision FROM sites ORDER BY id').all();
  const counters = () => service.services.db.prepare('SELECT * FROM fairness_counters ORDER BY 1, 2').all();
  const revision = () => service.services.db.prepare('SELECT revision FROM directory_revision').pluck().get();

  it('when the service meets sites placed by another gazetteer, then it moves them to their commune\'s point, reports by how much, and keeps the counters', () => {
    const countersBefore = counters();
    const revisionBefore = revision() as number;

    const outcome = regeocodeSites(service.services.db, testGazetteer(), fixedClock());

    expect(outcome.status).to.equal('placed');
    const { run } = outcome as Extract<typeof outcome, { status: 'placed' }>;
    expect(run).to.include({ fromVersion: 'older', toVersion: testGazetteer().version });
    expect(run.report).to.deep.include({ sitesChecked: 1, sitesMoved: 1, precisionBefore: { address: 0, commune: 0, postcode: 0, department: 1, none: 0 } });
    expect(run.report.movedByDistance.atLeast20Km + run.report.movedByDistance.from5To20Km).to.equal(1);
    expect(run.report.largestMoves[0]).to.include({ communeCode: '43001', from: 'department', to: 'commune' });
    expect(sites()).to.deep.equal([
      { communeCode: '43001', lat: agnat()?.lat, lon: agnat()?.lon, precision: 'commune' },
      { communeCode: '43157', lat: 45.05, lon: 3.88, precision: 'address' },
    ]);
    expect(counters()).to.deep.equal(countersBefore);
    expect(revision()).to.equal(revisionBefore + 1);
    expect(service.services.db.prepare('SELECT version FROM gazetteer_state').pluck().get()).to.equal(testGazetteer().version);
  });

  it('when run again with the same gazetteer, then nothing is done; with --dry-run, nothing is written', () => {
    const dryRun = regeocodeSites(service.services.db, testGazetteer(), fixedClock(), { dryRun: true });
    expect(dryRun).to.deep.include({ status: 'dry-run', fromVersion: 'older' });
    expect(sites()[0]).to.include({ precision: 'department' });

    regeocodeSites(service.services.db, testGazetteer(), fixedClock());
    expect(regeocodeSites(service.services.db, testGazetteer(), fixedClock())).to.deep.equal({ status: 'current', version: testGazetteer().version });
    expect(service.services.db.prepare('SELECT COUNT(*) FROM regeocodings').pluck().get()).to.equal(1);
  });

  it('when an operator runs `regeocode`, then it prints what moved and by how much', async () => {
    service.services.db.pragma('wal_checkpoint(TRUNCATE)');
    const lines: string[] = [];
    const code = await runCli(['regeocode', '--database', `${service.dir}/referrals.sqlite`], (line) => lines.push(line), (line) => lines.push(line));
    expect(code).to.equal(0);
    expect(lines.join('\n')).to.match(/placed again: gazetteer older → [0-9a-f]{16}\nsites checked 1, moved 1: precision only 0, /);
    expect(lines.join('\n')).to.match(/site \d+ \(\d+, 43100 AGNAT\): department → commune, moved \d+(\.\d+)? km/);
  });
});

describe('a service started on sites placed by another gazetteer', () => {
  it('when it starts, then it places them again before serving, and records the run', async () => {
    const { dir, databasePath } = givenDatabaseWithAgentKey('regeocode-start-');
    try {
      const before = openServices({ databasePath, gazetteer: testGazetteer() });
      before.referralContext.practitioners.insertMany([aPractitioner({ sites: [aSite({ postcode: '43100', communeCode: '43001', city: 'AGNAT', lat: 45.11, lon: 3.86, precision: 'department' })] })], new Date());
      before.db.prepare("INSERT INTO gazetteer_state (singleton, version, placed_at) VALUES (1, 'older', '2026-11-01T00:00:00Z')").run();
      before.close();

      const service = await startServiceProcess({ DATABASE_PATH: databasePath, SAMPLE_DIRECTORY_PATH: '' });
      await service.stop();

      const after = openDatabase(databasePath);
      try {
        expect(after.prepare('SELECT lat, lon, precision FROM sites').get()).to.deep.equal({ lat: testGazetteer().findByCommuneCode('43001')?.lat, lon: testGazetteer().findByCommuneCode('43001')?.lon, precision: 'commune' });
        expect(after.prepare('SELECT from_version, sites_moved FROM regeocodings').all()).to.deep.equal([{ from_version: 'older', sites_moved: 1 }]);
      } finally {
        after.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('planRegeocoding', () => {
  it('when a site keeps its point and only its precision changes, then it counts as a precision change, not a move', () => {
    const agnat = testGazetteer().findByCommuneCode('43001');
    const sites = [{ id: 1, nationalId: '810000000001', postcode: '43100', communeCode: '43001', city: 'AGNAT', lat: agnat?.lat ?? null, lon: agnat?.lon ?? null, precision: 'postcode' as const }];
    const { moves, report } = planRegeocoding(sites, testGazetteer());
    expect(moves).to.deep.equal([{ id: 1, lat: agnat?.lat, lon: agnat?.lon, precision: 'commune' }]);
    expect(report.movedByDistance).to.deep.equal({ precisionOnly: 1, under1Km: 0, from1To5Km: 0, from5To20Km: 0, atLeast20Km: 0, placedOrUnplaced: 0 });
  });
});
