import { rmSync } from 'node:fs';
import { expect } from 'chai';
import { cli, givenDatabaseWithAgentKey, startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const PLACES = [{ postcode: '69003' }, { postcode: '75011' }, { commune: '13205' }, { postcode: '31000' }, { postcode: '33000' }];
const SPECIALTIES = ['generaliste', 'dentiste', 'kine', 'infirmier'];

describe('the server killed (SIGKILL) in the middle of a burst of referrals', () => {
  let dir: string;
  let databasePath: string;
  let key: string;
  before(() => {
    ({ dir, databasePath, key } = givenDatabaseWithAgentKey('kill-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function refer(service: ServiceProcess, i: number): Promise<string | null> {
    try {
      const res = await fetch(`${service.url}/v1/referrals`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ specialty: SPECIALTIES[i % SPECIALTIES.length], location: PLACES[i % PLACES.length] }),
      });
      return res.status === 201 ? ((await res.json()) as { id: string }).id : null;
    } catch {
      return null; // the connection died with the server
    }
  }

  it('when restarted, then every referral answered is in the log, and the log and counters verify', async () => {
    const service = await startServiceProcess({ DATABASE_PATH: databasePath });
    const answered: string[] = [];
    let killed = false;
    const senders = Array.from({ length: 8 }, async (_, sender) => {
      for (let i = sender; !killed; i += 8) {
        const id = await refer(service, i);
        if (id !== null) answered.push(id);
        if (answered.length >= 300 && !killed) {
          killed = true;
          await service.kill();
        }
      }
    });
    await Promise.all(senders);
    expect(answered.length).to.be.at.least(300);

    const restarted = await startServiceProcess({ DATABASE_PATH: databasePath });
    try {
      for (const id of answered) {
        const res = await fetch(`${restarted.url}/v1/referrals/${id}`, { headers: { authorization: `Bearer ${key}` } });
        expect(res.status, `referral ${id} was answered before the kill`).to.equal(200);
      }
      expect(await refer(restarted, 0)).to.be.a('string');
    } finally {
      await restarted.stop();
    }
    const verify = cli('audit', 'verify', '--database', databasePath);
    expect(verify.status, verify.stdout + verify.stderr).to.equal(0);
    const entries = Number(/verified: (\d+) entries/.exec(verify.stdout)?.[1]);
    expect(entries).to.be.at.least(answered.length + 1);
    expect(verify.stdout).to.match(/counters checked: \d+; pools checked: \d+/);
  }).timeout(120_000);
});

describe('the server stopped with SIGTERM while answering', () => {
  it('when referrals are in flight, then each is answered before the process exits cleanly', async () => {
    const { dir, databasePath, key } = givenDatabaseWithAgentKey('sigterm-');
    try {
      const service = await startServiceProcess({ DATABASE_PATH: databasePath });
      const inFlight = Array.from({ length: 20 }, (_, i) => fetch(`${service.url}/v1/referrals`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ specialty: SPECIALTIES[i % SPECIALTIES.length], location: PLACES[i % PLACES.length] }),
      }).then((res) => res.status));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const exitCode = service.stop();
      expect(await Promise.all(inFlight)).to.deep.equal(Array(20).fill(201));
      expect(await exitCode).to.equal(0);
      expect(cli('audit', 'verify', '--database', databasePath).stdout).to.match(/^verified: 20 entries/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }).timeout(60_000);
});

describe('a referral retried under its Idempotency-Key after the server was killed and restarted', () => {
  it('when the desktop retries on the restarted server, then it gets the referral answered before the kill, and the log holds it once', async () => {
    const { dir, databasePath, key } = givenDatabaseWithAgentKey('idempotent-restart-');
    const send = (service: ServiceProcess) => fetch(`${service.url}/v1/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'idempotency-key': 'desk-1-call-42' },
      body: JSON.stringify({ specialty: 'dentiste', location: { postcode: '69003' } }),
    });
    try {
      const first = await startServiceProcess({ DATABASE_PATH: databasePath });
      const original = await send(first);
      const originalBody = (await original.json()) as { id: string };
      await first.kill();

      const restarted = await startServiceProcess({ DATABASE_PATH: databasePath });
      let retry: Response;
      try {
        retry = await send(restarted);
      } finally {
        await restarted.stop();
      }

      expect(original.status).to.equal(201);
      expect(retry.status).to.equal(201);
      expect(retry.headers.get('idempotent-replayed')).to.equal('true');
      expect(((await retry.json()) as { id: string }).id).to.equal(originalBody.id);
      expect(cli('audit', 'verify', '--database', databasePath).stdout).to.match(/^verified: 1 entries/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }).timeout(120_000);
});
