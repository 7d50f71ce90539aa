import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { cli, givenDatabaseWithAgentKey, startServiceProcess } from '../support/service-process.js';

const EXAMPLE = fileURLToPath(new URL('../../data/prevention-actions.example.csv', import.meta.url));

describe('prevention actions from the command line', () => {
  let dir: string;
  let databasePath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'actions-'));
    databasePath = join(dir, 'referrals.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when the example file is imported twice, then its actions are recorded once, by the name given, and listed', () => {
    const first = cli('actions', 'import', EXAMPLE, '--by', 'prevention-team', '--database', databasePath);
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/3 created, 0 already there\n$/);
    const second = cli('actions', 'import', EXAMPLE, '--by', 'prevention-team', '--database', databasePath);
    expect(second.stdout).to.equal('0 created, 3 already there (lines 2, 3, 4)\n');

    const listed = cli('actions', 'list', '--database', databasePath).stdout.trimEnd().split('\n');
    expect(listed).to.have.length(3);
    expect(listed[0]).to.match(/^ {3}1 {2}2026-10-14 to 2027-01-31 {2}Vaccination contre la grippe saisonnière {2}\[national; vaccination\] {2}by prevention-team$/);
    expect(listed[2]).to.match(/\[department 07, department 26; dental\]/);
  });

  it('when a file has a bad line, then nothing is imported and every bad line is named', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'title,summary,url,startsOn,endsOn,national,regions,departments,specialties,themes\n'
      + 'Bon,Texte,https://a.fr/x,2026-11-01,2026-11-30,true,,,,\n'
      + 'Mauvais,Texte,https://a.fr/y,2026-11-31,2026-11-30,false,,,,\n');
    const run = cli('actions', 'import', file, '--database', databasePath);
    expect(run.status).to.equal(2);
    expect(run.stderr).to.match(/Nothing imported: line 3: startsOn "2026-11-31" must be a date \(YYYY-MM-DD\); an action applies nationally or in at least one region or department/);
    expect(cli('actions', 'list', '--all', '--database', databasePath).stdout).to.equal('no prevention actions\n');
  });

  it('when an action is created without --by and retired, then the operating-system user is recorded, and a retired action is listed with --all only', () => {
    const created = cli('actions', 'create', '--title', 'Dépistage', '--summary', 'Kit gratuit.', '--url', 'https://www.ameli.fr/d',
      '--starts-on', '2026-11-01', '--ends-on', '2026-12-31', '--departments', '69', '--themes', 'screening', '--json', '--database', databasePath);
    expect(created.status, created.stderr).to.equal(0);
    expect(JSON.parse(created.stdout)).to.include({ id: 1, createdBy: `cli:${userInfo().username}`, national: false });

    expect(cli('actions', 'retire', '1', '--by', 'ops', '--database', databasePath).stdout).to.match(/^retired .*retired \S+ by ops\n$/);
    expect(cli('actions', 'list', '--database', databasePath).stdout).to.equal('no prevention actions\n');
    expect(cli('actions', 'list', '--all', '--database', databasePath).stdout).to.match(/Dépistage .* retired \S+ by ops/);

    const nowhere = cli('actions', 'create', '--title', 'T', '--summary', 'S', '--url', 'https://a.fr/x', '--starts-on', '2026-11-01', '--ends-on', '2026-11-02', '--database', databasePath);
    expect(nowhere.status).to.equal(2);
    expect(nowhere.stderr).to.match(/an action applies nationally or in at least one region or department/);
    expect(cli('actions', 'retire', '9', '--database', databasePath).stderr).to.match(/No prevention action with id "9"/);
  });

  it('when an action is created by the CLI while the service runs, then referrals in its department mention it within seconds', async () => {
    const given = givenDatabaseWithAgentKey('actions-live-');
    // The bundled sample directory is loaded at first start.
    const service = await startServiceProcess({ DATABASE_PATH: given.databasePath });
    try {
      const referral = async () => {
        const res = await fetch(`${service.url}/v1/referrals`, {
          method: 'POST', headers: { authorization: `Bearer ${given.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ specialty: 'generaliste', location: { commune: '69290' } }),
        });
        expect(res.status).to.equal(201);
        return ((await res.json()) as { preventionActions: { title: string; reach: string }[] }).preventionActions;
      };
      expect(await referral()).to.deep.equal([]);
      const today = new Date().toISOString().slice(0, 10);
      const created = cli('actions', 'create', '--title', 'Vaccination dans le Rhône', '--summary', 'Séances gratuites en mairie.', '--url', 'https://www.ars.sante.fr/r',
        '--starts-on', today, '--ends-on', '2099-12-31', '--departments', '69', '--themes', 'vaccination', '--by', 'ops', '--database', given.databasePath);
      expect(created.status, created.stderr).to.equal(0);
      // The server polls the actions' revision every 2 s: wait for it, up to 20 s.
      let mentioned: { title: string; reach: string }[] = [];
      for (let attempt = 0; attempt < 40 && mentioned.length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        mentioned = await referral();
      }
      expect(mentioned).to.deep.equal([{ ...mentioned[0], title: 'Vaccination dans le Rhône', reach: 'department' }]);
    } finally {
      await service.stop();
      rmSync(given.dir, { recursive: true, force: true });
    }
  }).timeout(90_000);
});
