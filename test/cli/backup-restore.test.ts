import { copyFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseCheckpoint } from '../../src/domain/transparency/checkpoint.js';
import { parseNote } from '../../src/domain/transparency/signed-note.js';
import { cli, cliInBackground, givenDatabaseWithAgentKey, runServiceUntilExit, startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const PLACES = [{ postcode: '69003' }, { postcode: '75011' }, { commune: '13205' }, { postcode: '31000' }];

describe('backup while serving, and restore', () => {
  let dir: string;
  let databasePath: string;
  let key: string;
  beforeEach(() => {
    ({ dir, databasePath, key } = givenDatabaseWithAgentKey('backup-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Every referral answered: its sequence and id. */
  const answeredIds = new Map<number, string>();
  const answeredSeeds = new Map<number, string>();
  const env = () => ({ DATABASE_PATH: databasePath, CHECKPOINT_SECONDS: '0.2' });

  async function refer(service: ServiceProcess, i: number): Promise<{ status: number; sequence?: number; seed?: string; id?: string }> {
    const res = await fetch(`${service.url}/v1/referrals`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ specialty: 'generaliste', location: PLACES[i % PLACES.length] }),
    });
    const body = (await res.json()) as { id?: string; audit?: { sequence: number; seed: string } };
    if (body.audit && body.id) answeredIds.set(body.audit.sequence, body.id);
    if (body.audit) answeredSeeds.set(body.audit.sequence, body.audit.seed);
    return { status: res.status, ...(body.audit && { sequence: body.audit.sequence, seed: body.audit.seed }), ...(body.id !== undefined && { id: body.id }) };
  }

  /** Polls (no timing asserted) until the service has signed a checkpoint of `size`. */
  async function signedSize(service: ServiceProcess, size: number): Promise<void> {
    for (let attempt = 0; attempt < 300; attempt++) {
      const res = await fetch(`${service.url}/v1/audit/checkpoint`);
      if (res.status === 200 && parseCheckpoint(parseNote(await res.text()).text).size === size) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no checkpoint of size ${size} was signed`);
  }

  it('when a backup is taken during a burst of referrals, then it verifies; restored, the service refuses to serve it until the rollback is accepted, and never reuses an id', async () => {
    const service = await startServiceProcess(env());
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
      expect(statSync(backupPath).mode & 0o777, 'a backup is the operator\'s alone').to.equal(0o600);
      expect(statSync(databasePath).mode & 0o777, 'so is the database the service created').to.equal(0o600);
      expect(cli('backup', backupPath, '--database', databasePath).stderr).to.match(/exists/);
      await signedSize(service, answered);
    } finally {
      await service.stop();
    }

    const lostIds = new Map(answeredIds);
    const lostSeeds = new Map(answeredSeeds);
    const verified = cli('audit', 'verify', '--database', backupPath);
    expect(verified.status, verified.stdout + verified.stderr).to.equal(0);
    const inBackup = Number(/verified: (\d+) entries/.exec(verified.stdout)?.[1]);
    expect(inBackup).to.be.within(20, answered);
    expect(readdirSync(dir).filter((name) => name.startsWith('nightly.sqlite')), 'still one file once verified').to.deep.equal(['nightly.sqlite']);

    // The restore of docs/operations.md: stop the service, put the backup in place of the database and its WAL, start.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
    copyFileSync(backupPath, databasePath);
    // The last checkpoint signed is kept beside the key, outside the backup: the restored database is behind it.
    const refused = await runServiceUntilExit(env());
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.match(new RegExp(`Refusing to serve: The database is behind the last checkpoint this service signed \\(referral-service\\.invalid/log size ${answered} root \\S+\\): ` +
      `it holds ${inBackup} entries, so entries ${inBackup} to ${answered - 1} of the tree \\(${answered - inBackup} referrals after sequence ${inBackup}\\) are lost\\.`));
    expect(refused.stderr).to.match(/--accept-rollback/);

    const restored = await startServiceProcess(env(), '--accept-rollback');
    try {
      const next = await refer(restored, 0);
      expect(next).to.include({ status: 201, sequence: inBackup + 1 });
      // The lost referral with that sequence keeps its id to itself: the new epoch is in the derivation.
      expect(next.id).to.be.a('string').and.not.equal(lostIds.get(inBackup + 1));
      // Nor its draw: the seed derives from the epoch too, so whoever saw the lost referral cannot foretell this one.
      expect(next.seed).to.be.a('string').and.not.equal(lostSeeds.get(inBackup + 1));
    } finally {
      await restored.stop();
    }
    const again = await startServiceProcess(env());
    await again.stop();
    expect(cli('audit', 'verify', '--database', databasePath).status).to.equal(0);
  }).timeout(120_000);
});
