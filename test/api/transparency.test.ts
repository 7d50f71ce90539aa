import { createHash } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { canonicalEntry, chainedEntryOf } from '../../src/domain/audit/hash-chain.js';
import type { Referral } from '../../src/domain/model.js';
import { parseCheckpoint } from '../../src/domain/transparency/checkpoint.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/domain/transparency/merkle-tree.js';
import { isSignedBy, parseNote } from '../../src/domain/transparency/signed-note.js';
import { parseVerifierKey } from '../../src/domain/transparency/verifier-key.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };
const hex = (hashes: string[]) => hashes.map((hash) => Buffer.from(hash, 'hex'));

describe('the transparency log: checkpoints, key and proofs', () => {
  let service: TestService;
  beforeEach(() => {
    service = givenService(practitionersAround(12, PARIS_2E, 'ophtalmologie', 1.5));
  });
  afterEach(() => service.close());

  const refer = async (): Promise<Referral> => (await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: PARIS_2E })).body as Referral;
  const checkpoint = async () => {
    const res = await request(service.app).get('/v1/audit/checkpoint');
    expect(res.status).to.equal(200);
    const key = parseVerifierKey((await request(service.app).get('/v1/audit/key')).text);
    const note = parseNote(res.text);
    expect(isSignedBy(note, key), 'signed by the served key').to.equal(true);
    return parseCheckpoint(note.text);
  };

  it('when referrals are made, then each answer carries its leaf index and the tree size that will include it', async () => {
    const answers = [await refer(), await refer(), await refer()];
    expect(answers.map((answer) => [answer.audit.leafIndex, answer.audit.treeSize])).to.deep.equal([[0, 1], [1, 2], [2, 3]]);
    const read = await service.call('get', `/v1/referrals/${answers[1]?.id}`);
    expect(read.body.audit).to.include({ leafIndex: 1, treeSize: 2 });
  });

  it('when a checkpoint is signed, then it is public, signed by the served key, and every referral has an inclusion proof against it', async () => {
    const answers = [await refer(), await refer(), await refer(), await refer(), await refer()];
    await service.signCheckpoint();
    const signed = await checkpoint();
    expect(signed).to.include({ origin: 'referrals.test/log', size: 5 });
    expect((await request(service.app).get('/v1/audit/key')).text).to.equal(`${service.signer.verifierKey}\n`);
    for (const answer of answers) {
      const proof = await service.call('get', `/v1/referrals/${answer.id}/inclusion`, undefined, 'auditor');
      expect(proof.status).to.equal(200);
      // The leaf is the entry's canonical text, the very bytes whose SHA-256 is its hash.
      const text = Buffer.from(canonicalEntry(chainedEntryOf(answer)), 'utf8');
      expect(createHash('sha256').update(text).digest('hex')).to.equal(answer.audit.hash);
      expect(proof.body).to.include({ leafIndex: answer.audit.leafIndex, treeSize: 5, leafHash: leafHash(text).toString('hex') });
      expect(verifyInclusion(leafHash(text), proof.body.leafIndex, 5, hex(proof.body.hashes), signed.root)).to.equal(true);
    }
  });

  it('when the log grows, then the consistency proof between two checkpoints verifies, publicly', async () => {
    await refer();
    await refer();
    await refer();
    await service.signCheckpoint();
    const older = await checkpoint();
    for (let i = 0; i < 6; i++) await refer();
    await service.signCheckpoint();
    const newer = await checkpoint();
    const res = await request(service.app).get(`/v1/audit/consistency?from=${older.size}&to=${newer.size}`);
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ from: 3, to: 9 });
    expect(verifyConsistency(3, 9, older.root, newer.root, hex(res.body.hashes))).to.equal(true);
    const proof = await service.call('get', `/v1/referrals/${(await refer()).id}/inclusion?size=9`);
    expect(proof.status, 'not in a checkpoint yet').to.equal(409);
  });

  it('when a rollback was accepted, then its epoch and fork event are public, and the event hashes to the epoch\'s name', async () => {
    expect((await request(service.app).get('/v1/audit/epochs')).body).to.deep.equal({ items: [] });
    const eventJson = '{"event":"rollback-accepted","acceptedAt":"2026-11-23T10:00:00.000Z","lost":"entries 5 to 9"}';
    const hash = createHash('sha256').update(eventJson).digest('hex');
    service.services.referralContext.epochs.insert({ epoch: hash.slice(0, 16), acceptedAt: '2026-11-23T10:00:00.000Z', eventJson, hash });

    const res = await request(service.app).get('/v1/audit/epochs');

    expect(res.status).to.equal(200);
    const [published] = res.body.items as { epoch: string; eventJson: string; hash: string }[];
    expect(createHash('sha256').update(published?.eventJson ?? '').digest('hex')).to.equal(published?.hash);
    expect(published?.epoch).to.equal(published?.hash.slice(0, 16));
  });

  it('when a size is outside the tree, then the answer is 400 and names the bounds', async () => {
    const answer = await refer();
    await refer();
    await service.signCheckpoint();
    expect((await service.call('get', '/v1/audit/consistency?from=2&to=1')).status).to.equal(400);
    const beyond = await service.call('get', '/v1/audit/consistency?from=1&to=3');
    expect(beyond.status).to.equal(400);
    expect(beyond.body.detail).to.match(/≤ 2/);
    expect((await service.call('get', `/v1/referrals/${answer.id}/inclusion?size=3`)).status).to.equal(400);
    expect((await service.call('get', `/v1/referrals/${answer.id}/inclusion?size=1`)).body.treeSize).to.equal(1);
  });

  it('when no key is given, then an inclusion proof is refused while the checkpoint, key and consistency proofs are served', async () => {
    const answer = await refer();
    await service.signCheckpoint();
    expect((await request(service.app).get(`/v1/referrals/${answer.id}/inclusion`)).status).to.equal(401);
    expect((await request(service.app).get('/v1/audit/consistency?from=0&to=1')).status).to.equal(200);
  });

  it('when no checkpoint has been signed, then /v1/audit/checkpoint answers 404 no-checkpoint', async () => {
    const res = await request(service.app).get('/v1/audit/checkpoint');
    expect(res.status).to.equal(404);
    expect(res.body.code).to.equal('no-checkpoint');
  });

  it('when a stored entry was edited, then it is never added to the tree and no checkpoint covers it', async () => {
    await refer();
    await service.signCheckpoint();
    await refer();
    service.services.db.prepare("UPDATE referrals SET result_json = replace(result_json, '\"rank\":1', '\"rank\":9') WHERE sequence = 2").run();
    let failure: unknown;
    await service.signCheckpoint().catch((error: unknown) => (failure = error));
    expect(String(failure)).to.match(/entry 2 no longer hashes/);
    expect((await checkpoint()).size).to.equal(1);
  });
});
