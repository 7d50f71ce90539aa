import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { cli, startServiceProcess } from '../support/service-process.js';

describe('API keys from the command line and at first start', () => {
  let dir: string;
  let databasePath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keys-'));
    databasePath = join(dir, 'referrals.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when the service first starts on an empty database, then its admin key is in a 0600 file named in the log, never in a log stream; a restart makes none', async () => {
    const first = await startServiceProcess({ DATABASE_PATH: databasePath, SAMPLE_DIRECTORY_PATH: '' });
    let file: string;
    try {
      // /healthz answers while the service still starts; the key is made before it is ready.
      await untilReady(first.url);
      const announced = first.stdout().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string; file?: string })
        .find((entry) => entry.file !== undefined);
      expect(announced?.msg, first.stdout()).to.match(/^no API key existed: created the admin key/);
      file = announced?.file as string;
      expect(file).to.equal(join(dir, 'first-admin-key.txt'));
      expect(statSync(file).mode & 0o777).to.equal(0o600);
      const key = readFileSync(file, 'utf8').trim();
      expect(key).to.match(/^rsk_/);
      expect(first.stdout() + first.stderr()).to.not.include(key);
      expect((await fetch(`${first.url}/v1/specialties`, { headers: { authorization: `Bearer ${key}` } })).status).to.equal(200);
      expect((await fetch(`${first.url}/v1/specialties`)).status).to.equal(401);
    } finally {
      await first.stop();
    }
    expect(first.stdout() + first.stderr()).to.not.match(/rsk_/);
    rmSync(file);
    const second = await startServiceProcess({ DATABASE_PATH: databasePath, SAMPLE_DIRECTORY_PATH: '' });
    await second.stop();
    expect(second.stdout()).to.not.match(/first-admin-key|rsk_/);
    expect(existsSync(file)).to.equal(false);
  }).timeout(60_000);

  it('when keys are created, listed and revoked, then the key is shown once, never listed, and refused once revoked', () => {
    const created = cli('keys', 'create', '--role', 'agent', '--name', 'desk-12', '--database', databasePath);
    expect(created.status, created.stderr).to.equal(0);
    expect(created.stdout).to.match(/^rsk_[A-Za-z0-9_-]{43}\n\(key "desk-12", role agent: shown this once/);
    cli('keys', 'create', '--role', 'auditor', '--name', 'audit-team', '--database', databasePath);

    const listed = cli('keys', 'list', '--database', databasePath);
    expect(listed.stdout).to.match(/^audit-team\s+auditor\s+created \S+\ndesk-12\s+agent\s+created \S+\n$/);
    expect(listed.stdout).to.not.match(/rsk_/);

    expect(cli('keys', 'create', '--role', 'agent', '--name', 'desk-12', '--database', databasePath)).to.deep.include({ status: 2 });
    expect(cli('keys', 'create', '--role', 'boss', '--name', 'x', '--database', databasePath).stderr).to.match(/role "boss" must be one of agent, auditor, importer, admin/);
    expect(cli('keys', 'revoke', '--name', 'desk-12', '--database', databasePath).stdout).to.match(/revoked "desk-12"/);
    expect(cli('keys', 'list', '--database', databasePath).stdout).to.match(/desk-12\s+agent\s+created \S+\s+revoked \S+/);
    expect(cli('keys', 'revoke', '--name', 'desk-12', '--database', databasePath).status).to.equal(2);
  }).timeout(60_000);
});

async function untilReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if ((await fetch(`${url}/readyz`)).ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the service was not ready within a minute');
}
