import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { cli, cliInBackground, givenDatabaseWithAgentKey, startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const PLACES = [{ postcode: '69003' }, { postcode: '75011' }, { commune: '13205' }, { postcode: '31000' }];

describe('backup while serving, and restore', () => {
  let dir: string;
  let databasePath: string;
  let key: string;
  beforeEach(() => {
    ({ dir, databasePath, key } = givenDatabaseWithAgentKey('backup-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function refer(service: ServiceProcess, i: number): Promise<{ status: number; sequence?: number }> {
    const res = await fetch(`${service.url}/v1/referrals`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ specialty: 'generaliste', location: PLACES[i % PLACES.length] }),
    });
    const body = (await res.json()) as { audit?: { sequence: number } };
    return { status: res.status, ...(body.audit && { sequence: body.audit.sequence }) };
  }

  it('when a backup is taken during a burst of referrals, then it is consistent and verifies; restored, the service goes on from it', async () => {
    const service = await startServiceProcess({ DATABASE_PATH: databasePath });
    const backupPath = join(dir, 'nightly.sqlite');
    let answered = 0;
    try {
      for (let i = 0; i < 20; i++) expect((await refer(service, i)).status).to.equal(201);
      let sending = true;
      const burst = (async () => {
        for (let i = 20; sending; i++) {
          expect((await refer(service, i)).status).to.equal(201);
          answered = i + 1;
        }
      })();
      const backup = await cliInBackground('backup', backupPath, '--database', databasePath);
      const duringBackup = answered;
      sending = false;
      await burst;
      expect(duringBackup, 'referrals answered while the backup ran').to.be.greaterThan(20);
      expect(backup.status, backup.stderr).to.equal(0);
      expect(backup.stdout).to.match(/^backed up to .*nightly\.sqlite: integrity ok, 25000 practitioners, \d+ referrals, newest hash [0-9a-f]{64}$/m);
      expect(readdirSync(dir).filter((name) => name.startsWith('nightly.sqlite')), 'a backup is one self-contained file').to.deep.equal(['nightly.sqlite']);
      expect(cli('backup', backupPath, '--database', databasePath).stderr).to.match(/exists/);
    } finally {
      await service.stop();
    }

    const verified = cli('audit', 'verify', '--database', backupPath);
    expect(verified.status, verified.stdout + verified.stderr).to.equal(0);
    const inBackup = Number(/verified: (\d+) entries/.exec(verified.stdout)?.[1]);
    expect(inBackup).to.be.within(20, answered);
    expect(readdirSync(dir).filter((name) => name.startsWith('nightly.sqlite')), 'still one file once verified').to.deep.equal(['nightly.sqlite']);

    // The README's restore: stop the service, put the backup in place of the database and its WAL, start.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
    copyFileSync(backupPath, databasePath);
    const restored = await startServiceProcess({ DATABASE_PATH: databasePath });
    try {
      expect(await refer(restored, 0)).to.deep.equal({ status: 201, sequence: inBackup + 1 });
    } finally {
      await restored.stop();
    }
    expect(cli('audit', 'verify', '--database', databasePath).status).to.equal(0);
  }).timeout(120_000);
});
