import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitPeriods } from '../../src/use-cases/period-secret.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const ORIGINS = [{ lat: 48.8686, lon: 2.3314 }, { lat: 48.8776, lon: 2.3314 }, { lat: 48.8596, lon: 2.3451 }];
const ENTRIES = 9;

function auditorVerifies(exportPath: string, commitmentsPath: string, ...more: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'audit', 'verify', '--export', exportPath, '--commitments', commitmentsPath, '--json', ...more], { encoding: 'utf8' });
  return { status: run.status, report: run.stdout ? JSON.parse(run.stdout) : null, stderr: run.stderr };
}

describe('an outside auditor with an export and the revealed secrets', () => {
  let service: TestService;
  let now: number;
  let exported: string;
  let commitments: { items: { period: string; commitment: string; secret: string | null }[] };
  let directoryLog: string;

  before(async () => {
    now = Date.parse('2026-11-23T10:00:00Z');
    let drawn = 0;
    service = givenService(practitionersAround(30, ORIGINS[0] as { lat: number; lon: number }, 'ophtalmologie', 3), {
      clock: () => new Date(now),
      drawSecret: () => createHash('sha256').update(`secret ${drawn++}`).digest(),
    });
    const ctx = service.services.referralContext;
    await ctx.transaction(() => commitPeriods(ctx.seedPeriods, ctx.drawSecret, ctx.clock()));
    for (let i = 0; i < ENTRIES; i++) {
      await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: ORIGINS[i % ORIGINS.length], radiusKm: 2 });
    }
    // The day is over: its secret can be revealed.
    now = Date.parse('2026-11-24T08:00:00Z');
    let url: string | null = '/v1/audit/log?limit=4';
    exported = '';
    while (url !== null) {
      const page = await service.call('get', url);
      expect(page.status).to.equal(200);
      expect(page.headers['content-type']).to.match(/^application\/x-ndjson/);
      exported += page.text;
      url = /<([^>]+)>; rel="next"/.exec(String(page.headers.link ?? ''))?.[1] ?? null;
    }
    commitments = (await service.call('get', '/v1/audit/commitments')).body;
    directoryLog = (await service.call('get', '/v1/audit/directory-log', undefined, 'auditor')).text;
  });
  after(() => service.close());

  function files(exportText: string, commitmentsBody: unknown) {
    const exportPath = join(service.dir, `export-${Math.random().toString(16).slice(2)}.ndjson`);
    const commitmentsPath = `${exportPath}.commitments.json`;
    writeFileSync(exportPath, exportText);
    writeFileSync(commitmentsPath, JSON.stringify(commitmentsBody));
    return [exportPath, commitmentsPath] as const;
  }

  it('when the log is exported page by page, then every entry comes once, in order', () => {
    const sequences = exported.trimEnd().split('\n').map((line) => JSON.parse(line).referral.audit.sequence);
    expect(sequences).to.deep.equal(Array.from({ length: ENTRIES }, (_, i) => i + 1));
  });

  it('when nothing was changed, then the export verifies, every seed recomputed from the revealed secret', () => {
    const run = auditorVerifies(...files(exported, commitments));
    expect(run.status, run.stderr).to.equal(0);
    expect(run.report).to.include({ verified: true, entries: ENTRIES, seedsChecked: ENTRIES, secretsChecked: 1 });
  });

  it('when the directory log is given too, then every pool is formed again from it; without it, the report says none was', () => {
    const [exportPath, commitmentsPath] = files(exported, commitments);
    writeFileSync(`${exportPath}.directory.ndjson`, directoryLog);
    const withDirectory = auditorVerifies(exportPath, commitmentsPath, '--directory', `${exportPath}.directory.ndjson`);
    expect(withDirectory.status, withDirectory.stderr).to.equal(0);
    expect(withDirectory.report).to.include({ verified: true, poolsFormed: ENTRIES, poolsNotFormed: 0 });
    expect(withDirectory.report.directory).to.deep.include({ entries: 1, divergence: null, unrecorded: [] });

    const lenient = auditorVerifies(exportPath, commitmentsPath);
    expect(lenient.report).to.include({ verified: true, poolsFormed: 0, poolsNotFormed: ENTRIES });
    const text = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'audit', 'verify', '--export', exportPath, '--commitments', commitmentsPath], { encoding: 'utf8' }).stdout;
    expect(text).to.include(`pools not formed again: ${ENTRIES} entries (give --directory`);
  });

  it('when a site is moved in the exported directory log, then the directory log fails its own check', () => {
    const [exportPath, commitmentsPath] = files(exported, commitments);
    const entry = JSON.parse(directoryLog.trimEnd()) as { upserted: unknown[][] };
    (entry.upserted[0] as unknown[])[2] = 47.0;
    writeFileSync(`${exportPath}.directory.ndjson`, `${JSON.stringify(entry)}\n`);
    const run = auditorVerifies(exportPath, commitmentsPath, '--directory', `${exportPath}.directory.ndjson`);
    expect(run.status).to.equal(1);
    expect(run.report.directory.divergence).to.include({ sequence: 1, check: 'version-after' });
  });

  it('when an exported entry\'s order was changed, then the auditor sees where', () => {
    const lines = exported.trimEnd().split('\n');
    const entry = JSON.parse(lines[5] as string);
    entry.proposed.reverse();
    entry.referral.practitioners = entry.referral.practitioners.reverse().map((p: object, index: number) => ({ ...p, rank: index + 1 }));
    lines[5] = JSON.stringify(entry);

    const run = auditorVerifies(...files(lines.join('\n'), commitments));

    expect(run.status).to.equal(1);
    expect(run.report.divergence).to.include({ sequence: 6, check: 'hash' });
  });

  it('when a revealed secret does not match its commitment, then nothing is trusted', () => {
    const forged = { items: commitments.items.map((item) => (item.secret ? { ...item, secret: 'ab'.repeat(32) } : item)) };
    const run = auditorVerifies(...files(exported, forged));
    expect(run.status).to.equal(1);
    expect(run.report.divergence.check).to.equal('seed');
  });

  it('when the commitments file is not JSON, or its items are not commitments, then exit 2 naming the file, not a divergence', () => {
    for (const body of ['{"items": [', JSON.stringify({ items: [{ period: 1 }] })]) {
      const [exportPath, commitmentsPath] = files(exported, {});
      writeFileSync(commitmentsPath, body);
      const run = auditorVerifies(exportPath, commitmentsPath);
      expect(run.status, body).to.equal(2);
      expect(run.stderr, body).to.include(`${commitmentsPath} is not the JSON of /v1/audit/commitments`);
    }
  });
});

describe('the export across a gap in the sequence numbers', () => {
  let service: TestService;
  beforeEach(() => {
    service = givenService(practitionersAround(30, ORIGINS[0] as { lat: number; lon: number }, 'ophtalmologie', 3));
  });
  afterEach(() => service.close());

  it('when entries were deleted from the middle of the log, then every page that has followers links on, and the gap is named in the page', async () => {
    for (let i = 0; i < 12; i++) await service.call('post', '/v1/referrals', { specialty: 'ophtalmologie', location: ORIGINS[i % ORIGINS.length] });
    // More missing numbers than a page holds: a page by range of sequence numbers would end the export here.
    service.services.db.prepare('DELETE FROM referrals WHERE sequence BETWEEN 3 AND 8').run();

    const pages: { sequences: number[]; link: string | undefined; gaps: string | undefined }[] = [];
    let url: string | null = '/v1/audit/log?after=0&limit=2';
    while (url !== null) {
      const page = await service.call('get', url, undefined, 'auditor');
      expect(page.status).to.equal(200);
      const link = page.headers.link as string | undefined;
      pages.push({ sequences: page.text.trimEnd().split('\n').map((line) => JSON.parse(line).referral.audit.sequence), link, gaps: page.headers['log-gaps'] as string | undefined });
      url = /<([^>]+)>; rel="next"/.exec(link ?? '')?.[1] ?? null;
    }

    expect(pages.map((page) => page.sequences)).to.deep.equal([[1, 2], [9, 10], [11, 12]]);
    expect(pages.map((page) => page.gaps)).to.deep.equal([undefined, '3-8', undefined]);
    expect(pages[1]?.link).to.equal('</v1/audit/log?after=10&limit=2>; rel="next"');
    expect(pages[2]?.link).to.equal(undefined);
  });
});
