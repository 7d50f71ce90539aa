import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../src/storage/database.js';
import { gp, registryLine, REGISTRY_COLUMN_NAMES, registryText } from '../support/registry-fixture.js';
import { cli, cliArgs } from '../support/service-process.js';

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `810004${String(from + i).padStart(6, '0')}`);

describe('referral-service import', () => {
  let dir: string;
  let databasePath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
    databasePath = join(dir, 'referrals.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  /** The directory and the counters, as one fingerprint. */
  const fingerprint = () => {
    const db = openDatabase(databasePath);
    try {
      return createHash('sha256').update(JSON.stringify([
        db.prepare('SELECT * FROM practitioners ORDER BY id').all(), db.prepare('SELECT * FROM sites ORDER BY id').all(),
        db.prepare('SELECT * FROM fairness_counters ORDER BY specialty, national_id').all(), db.prepare('SELECT * FROM pools ORDER BY id').all(),
      ])).digest('hex');
    } finally {
      db.close();
    }
  };

  it('when the file is good, then it exits 0 with a readable summary, and --json gives the stored run', () => {
    const path = file('day-1.txt', registryText(ids(5).map((id) => gp(id))));
    const run = cli('import', path, '--database', databasePath);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^import 1 succeeded: day-1\.txt \(national registry extract\)/);
    expect(run.stdout).to.match(/people: 5 inserted, 0 updated, 0 unchanged, 0 deactivated, 0 reactivated/);
    expect(run.stderr).to.match(/read 100%/);

    const again = cli('import', path, '--database', databasePath, '--json');
    expect(again.status).to.equal(0);
    expect(JSON.parse(again.stdout)).to.deep.include({ id: 2, status: 'succeeded', counts: { inserted: 0, updated: 0, unchanged: 5, deactivated: 0, reactivated: 0, rejected: 0, skipped: 0 } });
  });

  it('when the safety brake refuses the file, then it exits 3 and nothing changes; --force applies it; --dry-run changes nothing', () => {
    cli('import', file('day-1.txt', registryText(ids(20).map((id) => gp(id)))), '--database', databasePath);
    const before = fingerprint();
    const shrunk = file('day-2.txt', registryText(ids(10).map((id) => gp(id))));

    const refused = cli('import', shrunk, '--database', databasePath);
    expect(refused.status).to.equal(3);
    expect(refused.stdout).to.match(/refused[\s\S]*would deactivate 10 of 20 active practitioners \(50\.0%\)/);
    expect(cli('import', file('empty.txt', ''), '--database', databasePath).status).to.equal(3);
    const dry = cli('import', shrunk, '--database', databasePath, '--dry-run', '--force');
    expect(dry.status).to.equal(0);
    expect(dry.stdout).to.match(/dry-run[\s\S]*10 deactivated/);
    expect(fingerprint()).to.equal(before);

    expect(cli('import', shrunk, '--database', databasePath, '--force').status).to.equal(0);
    expect(fingerprint()).to.not.equal(before);
  });

  it('when arguments are wrong, then it exits 2 saying why', () => {
    expect(cli('import', '--database', databasePath).stderr).to.match(/import needs one FILE/);
    expect(cli('import', join(dir, 'missing.txt'), '--database', databasePath)).to.include({ status: 2 });
    expect(cli('import', file('x.txt', 'a'), '--format', 'xml', '--database', databasePath).stderr).to.match(/--format must be registry or csv/);
  });

  it('when another import holds the directory, then it exits 4', () => {
    cli('import', file('day-1.txt', registryText(ids(2).map((id) => gp(id)))), '--database', databasePath);
    const db = openDatabase(databasePath);
    // This test's own process stands for an import that is still running.
    db.prepare(`INSERT INTO imports (source, dry_run, forced, status, started_at, host, pid) VALUES ('nightly', 0, 0, 'running', '2026-11-23T02:00:00Z', ?, ?)`)
      .run(hostname(), process.pid);
    db.close();
    const busy = cli('import', join(dir, 'day-1.txt'), '--database', databasePath);
    expect(busy.status).to.equal(4);
    expect(busy.stderr).to.match(/only one import runs at a time/);
  });

  describe('killed with SIGKILL in the middle', () => {
    const BIG_ROWS = 150_000;
    let bigFile: string;
    beforeEach(() => {
      // A day-one directory, then a much changed day two big enough to be killed while reading it.
      cli('import', file('day-1.txt', registryText(ids(2_000).map((id) => gp(id)))), '--database', databasePath);
      const header = `${REGISTRY_COLUMN_NAMES.join('|')}|\n`;
      const rows = ids(BIG_ROWS, 1_000).map((id) => registryLine(gp(id, { 'Téléphone (coord. structure)': '0400000001' }))).join('\n');
      bigFile = file('day-2.txt', `${header}${rows}\n`);
    });

    /** Starts the import and SIGKILLs it when its progress first matches `when`; resolves once it is dead. */
    function killImportWhen(when: RegExp): Promise<{ killedAt: string }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, cliArgs('import', bigFile, '--database', databasePath, '--force'), { stdio: ['ignore', 'pipe', 'pipe'] });
        let progress = '';
        let killedAt = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          progress += chunk;
          const line = progress.split('\n').find((l) => when.test(l));
          if (line && killedAt === '') {
            killedAt = line;
            child.kill('SIGKILL');
          }
        });
        child.on('error', reject);
        child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ killedAt }) : reject(new Error(`the import ended by itself before "${when}": ${progress}`))));
      });
    }

    for (const [moment, when] of [['while reading the file', /read [2-6]0%/], ['once the file is read (diffing or applying)', /read 100%/]] as const) {
      it(`when killed ${moment}, then the directory and counters are as they were, or wholly the new ones, and a rerun succeeds`, async () => {
        const before = fingerprint();
        await killImportWhen(when);
        const after = fingerprint();
        const db = openDatabase(databasePath);
        const run = db.prepare('SELECT status FROM imports ORDER BY id DESC LIMIT 1').pluck().get();
        const active = db.prepare(`SELECT COUNT(*) FROM practitioners WHERE status = 'active'`).pluck().get();
        db.close();
        // Killed before its commit: nothing changed and the run is left `running`; after it: all of it, `succeeded`.
        if (run === 'running') expect(after).to.equal(before);
        else expect({ run, active }).to.deep.equal({ run: 'succeeded', active: BIG_ROWS });

        const rerun = cli('import', bigFile, '--database', databasePath, '--force');
        expect(rerun.status, rerun.stderr).to.equal(0);
        const check = openDatabase(databasePath);
        expect(check.prepare(`SELECT COUNT(*) FROM practitioners WHERE status = 'active'`).pluck().get()).to.equal(BIG_ROWS);
        if (run === 'running') expect(check.prepare(`SELECT status, message FROM imports WHERE id = 2`).get()).to.deep.include({ status: 'failed' });
        check.close();
      }).timeout(120_000);
    }
  });
});

