import { expect } from 'chai';
import { chainedEntryOf, hashEntry, hashPool } from '../../src/domain/audit/hash-chain.js';
import { formPoolAgain } from '../../src/domain/audit/pool-formation.js';
import { directoryVersion, parseRowLine } from '../../src/domain/directory/directory-state.js';
import { canonicalDirectoryEntry, DIRECTORY_GENESIS_HASH, hashDirectoryEntry, parseDirectoryEntry } from '../../src/domain/directory/directory-log-entry.js';
import { createSiteIndex } from '../../src/domain/geo/site-index.js';
import type { Referral } from '../../src/domain/model.js';
import { verifyLog } from '../../src/use-cases/verify-log.js';
import { runCli } from '../../src/cli/run-cli.js';
import { join } from 'node:path';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const SPECIALTY = 'ophtalmologie';
const PARIS_2E = { lat: 48.8686, lon: 2.3314 };

/** The directory log as an auditor downloads it, page by page. */
async function directoryLogOf(t: TestService): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  let url: string | null = '/v1/audit/directory-log?limit=2';
  while (url !== null) {
    const res = await t.call('get', url, undefined, 'auditor');
    expect(res.status).to.equal(200);
    lines.push(...res.text.split('\n').filter((line) => line !== ''));
    url = /<([^>]+)>; rel="next"/.exec(res.headers.link ?? '')?.[1] ?? null;
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('pools an auditor can replay: the directory log and GET /v1/audit/directory', () => {
  let t: TestService;
  beforeEach(() => {
    t = givenService(practitionersAround(12, PARIS_2E, SPECIALTY, 3));
  });
  afterEach(() => t.close());

  const refer = async (body: object = {}) => (await t.call('post', '/v1/referrals', { specialty: SPECIALTY, location: PARIS_2E, ...body }, 'agent')).body as Referral;
  const poolOf = (referral: Referral) => [...t.services.referralContext.referrals.log(referral.audit.sequence, referral.audit.sequence)][0]?.pool as string[];

  it('when referrals are made around a suspension and a resumption, then each names its directory version, whose state, fetched by an auditor, hashes to it and forms its pool again', async () => {
    const before = await refer();
    const suspended = before.practitioners[0] as Referral['practitioners'][number];
    await t.call('patch', `/v1/practitioners/${suspended.id}`, { status: 'suspended', reason: 'Complaint under review' });
    const during = await refer({ radiusKm: 10 });
    await t.call('patch', `/v1/practitioners/${suspended.id}`, { status: 'active' });
    const more = (await t.call('post', `/v1/referrals/${during.id}/more`, {}, 'agent')).body as Referral;
    const after = await refer();

    expect(during.audit.logFormat).to.equal(3);
    expect(during.audit.directoryVersion).to.not.equal(before.audit.directoryVersion);
    expect(after.audit.directoryVersion).to.equal(before.audit.directoryVersion);
    for (const referral of [before, during, more, after]) {
      const res = await t.call('get', `/v1/audit/directory?version=${referral.audit.directoryVersion}`, undefined, 'auditor');
      expect(res.status).to.equal(200);
      const rows = (res.body.sites as unknown[]).map((site) => parseRowLine(JSON.stringify(site)));
      expect(directoryVersion(res.body.specialty as string, rows)).to.equal(referral.audit.directoryVersion);
      const index = createSiteIndex(rows.map((row) => ({ practitionerId: 0, ...row })));
      const call = referral === more ? { parentPool: new Set(poolOf(during)), proposedInCall: new Set(during.practitioners.map((p) => p.nationalId)) } : null;
      const formed = formPoolAgain(index, referral, call);
      expect(hashPool(SPECIALTY, formed.pool)).to.equal(referral.audit.poolHash);
      expect(formed.radiusKm).to.equal(referral.radiusKm);
    }
    const duringRows = (await t.call('get', `/v1/audit/directory?version=${during.audit.directoryVersion}`, undefined, 'auditor')).body.sites as unknown[][];
    expect(duringRows.map((row) => row[0])).to.not.include(suspended.nationalId);
  });

  it('when a practitioner is suspended and resumed, then the directory log names who did it and why, and the sites that left and came back', async () => {
    const referral = await refer();
    const suspended = referral.practitioners[2] as Referral['practitioners'][number];
    await t.call('patch', `/v1/practitioners/${suspended.id}`, { status: 'suspended', reason: 'Complaint under review' });
    await t.call('patch', `/v1/practitioners/${suspended.id}`, { status: 'active' });

    const log = await directoryLogOf(t);
    expect(log.map((entry) => (entry.cause as { kind: string }).kind)).to.deep.equal(['initial', 'suspension', 'resumption']);
    expect(log[1]?.cause).to.deep.equal({ kind: 'suspension', nationalId: suspended.nationalId, by: 'test-admin', reason: 'Complaint under review' });
    expect(log[1]?.removed).to.deep.equal([suspended.siteId]);
    expect((log[2]?.upserted as unknown[][]).map((row) => row[0])).to.deep.equal([suspended.nationalId]);
    expect(log[2]?.versionAfter).to.equal(log[0]?.versionAfter);
  });

  it('when a version nobody logged is asked for, then the answer is a 404 problem', async () => {
    const res = await t.call('get', `/v1/audit/directory?version=${'a'.repeat(64)}`, undefined, 'auditor');
    expect(res.status).to.equal(404);
    expect(res.body.detail).to.match(/directory-log/);
  });

  it('when an agent asks for the directory log, then it is refused: it lists every practitioner\'s sites', async () => {
    expect((await t.call('get', '/v1/audit/directory-log', undefined, 'agent')).status).to.equal(403);
  });

  it('when the whole log is verified, then every pool is formed again from its directory state', async () => {
    for (let i = 0; i < 4; i++) await refer();
    const result = verifyLog(t.services.referralContext);
    expect(result.verified).to.equal(true);
    expect(result.poolsFormed).to.equal(4);
    expect(result.directory).to.deep.include({ entries: 1, divergence: null, unrecorded: [] });
  });
});

describe('a dishonest operator against replayable pools', () => {
  let t: TestService;
  beforeEach(() => {
    t = givenService(practitionersAround(12, PARIS_2E, SPECIALTY, 3));
  });
  afterEach(() => t.close());

  const refer = async () => (await t.call('post', '/v1/referrals', { specialty: SPECIALTY, location: PARIS_2E, radiusKm: 10 }, 'agent')).body as Referral;
  const db = () => t.services.db;

  /** Drops one member from entry `sequence`'s pool and reseals the chain, as an insider covering their tracks would. */
  function dropFromPool(sequence: number, nationalId: string): void {
    const row = db().prepare('SELECT p.members_json FROM pools p JOIN referrals r ON r.pool_id = p.id WHERE r.sequence = ?').get(sequence) as { members_json: string };
    const members = (JSON.parse(row.members_json) as string[]).filter((id) => id !== nationalId);
    const poolHash = hashPool(SPECIALTY, members);
    const { lastInsertRowid } = db().prepare('INSERT INTO pools (hash, specialty, size, members_json, accrued_units) VALUES (?, ?, ?, ?, 0)').run(poolHash, SPECIALTY, members.length, JSON.stringify(members));
    db().prepare('UPDATE referrals SET pool_id = ? WHERE sequence = ?').run(lastInsertRowid, sequence);
    let previousHash: string | undefined;
    for (const { referral } of [...t.services.referralContext.referrals.log(sequence)]) {
      const resealed = { ...referral, audit: { ...referral.audit, previousHash: previousHash ?? referral.audit.previousHash } };
      const hash = hashEntry(chainedEntryOf(resealed));
      db().prepare('UPDATE referrals SET previous_hash = ?, hash = ? WHERE sequence = ?').run(resealed.audit.previousHash, hash, referral.audit.sequence);
      previousHash = hash;
    }
  }

  it('when an entry\'s pool is rewritten without someone the directory held (hashes recomputed), then audit verify names who is missing', async () => {
    await refer();
    const second = await refer();
    expect(second.practitioners).to.have.length(5);
    // A member not proposed, so that the draw could still be the same: only the pool gives it away.
    const pool = [...t.services.referralContext.referrals.log(2, 2)][0]?.pool as string[];
    const notProposed = pool.find((id) => !second.practitioners.some((p) => p.nationalId === id)) as string;
    dropFromPool(2, notProposed);
    const result = verifyLog(t.services.referralContext);
    expect(result.verified).to.equal(false);
    expect(result.divergence?.sequence).to.equal(2);
    expect(result.divergence?.check).to.equal('pool');
    expect(result.divergence?.found).to.include(`without ${notProposed}`);
  });

  it('when a site is moved in the database behind the service\'s back, then the directory log shows the move as unrecorded and a strict audit fails', async () => {
    await refer();
    const site = db().prepare('SELECT s.id FROM sites s JOIN practitioners p ON p.id = s.practitioner_id ORDER BY s.id LIMIT 1').get() as { id: number };
    db().prepare('UPDATE sites SET lat = lat + 1, lon = lon + 1 WHERE id = ?').run(site.id);
    t.services.reindex();
    const after = await refer();

    const log = await directoryLogOf(t);
    const moved = log.at(-1) as Record<string, unknown>;
    expect(moved.cause).to.deep.equal({ kind: 'unrecorded' });
    expect((moved.upserted as unknown[][]).map((row) => row[1])).to.deep.equal([site.id]);
    expect(after.audit.directoryVersion).to.equal(moved.versionAfter);

    const lenient = verifyLog(t.services.referralContext);
    expect(lenient.verified).to.equal(true);
    expect(lenient.directory.unrecorded).to.have.length(1);
    expect(verifyLog(t.services.referralContext, { strict: true }).verified).to.equal(false);
  });

  it('when a practitioner is suspended in the database behind the service\'s back, then their removal is logged as unrecorded and every later pool replays without them', async () => {
    const first = await refer();
    const hidden = first.practitioners[0] as Referral['practitioners'][number];
    db().prepare("UPDATE practitioners SET status = 'suspended' WHERE id = ?").run(hidden.id);
    t.services.reindex();
    const later = await refer();

    const log = await directoryLogOf(t);
    expect(log.at(-1)).to.deep.include({ cause: { kind: 'unrecorded' }, removed: [hidden.siteId] });
    expect(later.practitioners.map((p) => p.nationalId)).to.not.include(hidden.nationalId);
    const result = verifyLog(t.services.referralContext, { strict: true });
    expect(result.verified).to.equal(false);
    expect(result.directory.unrecorded.map((entry) => entry.specialty)).to.deep.equal([SPECIALTY]);
  });

  it('when an entry is rewritten to name the version from before a suspension (hashes recomputed), then audit verify finds its pool is not that state\'s', async () => {
    const first = await refer();
    await t.call('patch', `/v1/practitioners/${first.practitioners[0]?.id}`, { status: 'suspended', reason: 'Complaint under review' });
    await refer();
    db().prepare('UPDATE referrals SET directory_version = ? WHERE sequence = 2').run(first.audit.directoryVersion);
    let previousHash = first.audit.hash;
    for (const { referral } of [...t.services.referralContext.referrals.log(2)]) {
      const hash = hashEntry(chainedEntryOf({ ...referral, audit: { ...referral.audit, previousHash } }));
      db().prepare('UPDATE referrals SET previous_hash = ?, hash = ? WHERE sequence = ?').run(previousHash, hash, referral.audit.sequence);
      previousHash = hash;
    }
    const result = verifyLog(t.services.referralContext);
    expect(result.verified).to.equal(false);
    expect(result.divergence).to.include({ sequence: 2 });
    expect(result.divergence?.check).to.be.oneOf(['pool', 'directory']);
  });

  it('when the cause of an unrecorded change is rewritten afterwards (the directory log resealed), then the referrals drawn from it no longer find their entry', async () => {
    await refer();
    db().prepare("UPDATE practitioners SET status = 'suspended' WHERE id = 1").run();
    t.services.reindex();
    const after = await refer();
    // The operator passes the hand edit off as a recorded import and recomputes the directory log's chain.
    const rows = db().prepare('SELECT sequence, entry_json FROM directory_log ORDER BY sequence').all() as { sequence: number; entry_json: string }[];
    let previousHash = DIRECTORY_GENESIS_HASH;
    for (const row of rows) {
      const entry = parseDirectoryEntry(row.entry_json);
      const rewritten = canonicalDirectoryEntry({ ...entry, cause: entry.cause.kind === 'unrecorded' ? { kind: 'import', imports: [1] } : entry.cause, previousHash });
      previousHash = hashDirectoryEntry(rewritten);
      db().prepare('UPDATE directory_log SET entry_json = ?, hash = ? WHERE sequence = ?').run(rewritten, previousHash, row.sequence);
    }
    const result = verifyLog(t.services.referralContext, { strict: true });
    expect(result.directory).to.include({ divergence: null });
    expect(result.directory.unrecorded).to.deep.equal([]);
    expect(result.verified).to.equal(false);
    expect(result.divergence).to.include({ sequence: after.audit.sequence, check: 'directory' });
    expect(result.divergence?.found).to.match(/is not in the directory log/);
  });

  it('when an import that changed nothing ran since, then a hand edit is still logged as unrecorded, not credited to it', async () => {
    await refer();
    const at = new Date(Date.now() + 60_000).toISOString();
    db().prepare(`INSERT INTO imports (source, dry_run, forced, status, started_at, finished_at, host, pid, report_json)
      VALUES ('nightly.csv', 0, 0, 'succeeded', ?, ?, 'host', 1, ?)`).run(at, at, JSON.stringify({
      counts: { inserted: 0, updated: 0, unchanged: 12, deactivated: 0, reactivated: 0, rejected: 0, skipped: 0 }, sites: { inserted: 0, updated: 0, unchanged: 12, retired: 0 },
    }));
    db().prepare("UPDATE practitioners SET status = 'suspended' WHERE id = 2").run();
    t.services.reindex();
    expect(parseDirectoryEntry(t.services.referralContext.directoryLog.last()?.entryJson as string).cause).to.deep.equal({ kind: 'unrecorded' });
  });

  it('when a site is moved behind the service\'s back, then audit verify --strict says which directory log entry, how many sites, and does not hide it behind the first failure', async () => {
    await refer();
    db().prepare('UPDATE sites SET lat = lat + 0.2 WHERE id = (SELECT MIN(id) FROM sites)').run();
    t.services.reindex();
    await refer();
    const lines: string[] = [];
    const status = await runCli(['audit', 'verify', '--database', join(t.dir, 'referrals.sqlite'), '--strict'], (line) => lines.push(line), () => {});
    expect(status).to.equal(1);
    expect(lines.join('\n')).to.match(/directory changes nothing on record explains \(noticed by the service at the time given; --strict makes them a failure\): 1\n  directory log entry 2 \(ophtalmologie, [^)]+\): 0 sites removed, 1 added or changed\./);
  });

  it('when a directory log entry is edited, then the directory log itself diverges at it', async () => {
    await refer();
    const stored = db().prepare('SELECT entry_json FROM directory_log WHERE sequence = 1').pluck().get() as string;
    const entry = JSON.parse(stored) as { upserted: unknown[][] };
    (entry.upserted[0] as unknown[])[2] = 45.0;
    db().prepare('UPDATE directory_log SET entry_json = ? WHERE sequence = 1').run(JSON.stringify(entry));
    const result = verifyLog(t.services.referralContext);
    expect(result.verified).to.equal(false);
    expect(result.directory.divergence).to.include({ sequence: 1 });
  });
});
