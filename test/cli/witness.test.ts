import { generateKeyPairSync } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { withApiKeys } from '../../src/compose.js';
import { parseCheckpoint } from '../../src/domain/transparency/checkpoint.js';
import { parseNote, rawPublicKey } from '../../src/domain/transparency/signed-note.js';
import { formatVerifierKey, verifierKeyOf } from '../../src/domain/transparency/verifier-key.js';
import { createApiKey } from '../../src/use-cases/api-keys.js';
import { cliInBackground, givenDatabaseWithAgentKey, startServiceProcess, type ServiceProcess } from '../support/service-process.js';

/** The default LOG_ORIGIN: the CLI run by the test reads the same configuration as the service. */
const ORIGIN = 'referral-service.invalid/log';
const PLACES = [{ postcode: '69003' }, { postcode: '75011' }, { commune: '13205' }, { postcode: '31000' }];

describe('audit witness against a real service', () => {
  let dir: string;
  let databasePath: string;
  let agentKey: string;
  let auditorKey: string;
  let service: ServiceProcess | undefined;
  const env = () => ({ DATABASE_PATH: databasePath, CHECKPOINT_SECONDS: '0.2' });

  beforeEach(() => {
    ({ dir, databasePath, key: agentKey } = givenDatabaseWithAgentKey('witness-'));
    auditorKey = withApiKeys(databasePath, (keys) => createApiKey(keys, 'auditor-1', 'auditor', new Date()).key);
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function refer(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${service?.url}/v1/referrals`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${agentKey}` },
        body: JSON.stringify({ specialty: 'generaliste', location: PLACES[i % PLACES.length] }),
      });
      expect(res.status).to.equal(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    return ids;
  }

  /** Waits (polling, no timing asserted) until the service has signed a checkpoint of `size`. */
  async function signedSize(size: number): Promise<void> {
    for (let attempt = 0; attempt < 300; attempt++) {
      const res = await fetch(`${service?.url}/v1/audit/checkpoint`);
      if (res.status === 200 && parseCheckpoint(parseNote(await res.text()).text).size === size) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no checkpoint of size ${size} was signed`);
  }

  const witness = (key: string, ...more: string[]) =>
    cliInBackground('audit', 'witness', '--url', service?.url as string, '--key', key, '--state', join(dir, 'witness'), ...more);

  it('when the log grows, then each run is consistent (exit 0) and a referral is proved included from its own leaf', async () => {
    service = await startServiceProcess(env());
    await refer(6);
    await signedSize(6);
    const verifier = (await cliInBackground('audit', 'key', '--database', databasePath)).stdout.trim();
    expect(verifier).to.match(/^referral-service\.invalid\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(await (await fetch(`${service.url}/v1/audit/key`)).text()).to.equal(`${verifier}\n`);

    const first = await witness(verifier);
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/first checkpoint kept: referral-service\.invalid\/log size 6 root /);

    const [, newest] = await refer(4);
    await signedSize(10);
    process.env.REFERRAL_SERVICE_API_KEY = auditorKey;
    try {
      const grown = await witness(verifier, '--referral', newest as string);
      expect(grown.status, grown.stderr).to.equal(0);
      expect(grown.stdout).to.match(/consistent with the kept size 6: referral-service\.invalid\/log size 10 /);
      expect(grown.stdout).to.include(`referral ${newest} is leaf 7 of referral-service.invalid/log size 10`);
    } finally {
      delete process.env.REFERRAL_SERVICE_API_KEY;
    }
  }).timeout(120_000);

  it('when the operator deletes the newest entries and the service re-signs a smaller tree, then the witness exits 1 naming both checkpoints; a rewrite past the old size is a fork', async () => {
    service = await startServiceProcess(env());
    await refer(10);
    await signedSize(10);
    const verifier = (await cliInBackground('audit', 'key', '--database', databasePath)).stdout.trim();
    expect((await witness(verifier)).status).to.equal(0);
    await service.stop();

    // The dishonest operator: the newest three entries go, with the tree and every checkpoint,
    // and with the service's own record of what it signed; the service then signs what is left.
    const db = new Database(databasePath);
    db.exec(`DELETE FROM referrals WHERE sequence > 7; DELETE FROM tree_leaves; DELETE FROM tree_hashes; DELETE FROM checkpoints;`);
    db.close();
    rmSync(`${databasePath}.log-key.checkpoint`, { force: true });
    service = await startServiceProcess(env());
    await signedSize(7);
    const truncated = await witness(verifier);
    expect(truncated.status, truncated.stdout).to.equal(1);
    expect(truncated.stderr).to.match(/shrank: the log shrank from 10 to 7 entries \(kept: referral-service\.invalid\/log size 10 root \S+; served: referral-service\.invalid\/log size 7 root \S+\)/);
    expect(truncated.stderr).to.include('published as a fork event at GET /v1/audit/epochs');

    // Grown past the kept size, the rewritten log is still not an extension of what was witnessed.
    await refer(5);
    await signedSize(12);
    const forked = await witness(verifier);
    expect(forked.status, forked.stdout).to.equal(1);
    expect(forked.stderr).to.match(/fork: the tree of 12 entries does not extend the tree of 10 that was kept/);
  }).timeout(120_000);

  it("when the checkpoint is checked with another key of the same name, then the witness exits 1 on the signature and keeps nothing", async () => {
    service = await startServiceProcess(env());
    await refer(1);
    await signedSize(1);
    const impostor = formatVerifierKey(verifierKeyOf(ORIGIN, rawPublicKey(generateKeyPairSync('ed25519').publicKey)));
    const run = await witness(impostor);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.match(/bad-signature/);
  }).timeout(60_000);
});
