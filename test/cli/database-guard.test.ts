import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { cli } from '../support/service-process.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('commands given a database that is not the service\'s', () => {
  let dir: string;
  let foreign: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'guard-'));
    // Another program's SQLite file: opening it as the service's would migrate it.
    foreign = join(dir, 'notes.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE notes (text TEXT)');
    db.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const commands: [string, (dir: string) => string[]][] = [
    ['audit verify', () => ['audit', 'verify']],
    ['audit report', (dir) => ['audit', 'report', '--out', join(dir, 'report.json')]],
    ['keys list', () => ['keys', 'list']],
    ['keys create', () => ['keys', 'create', '--role', 'agent', '--name', 'desk-1']],
    ['keys revoke', () => ['keys', 'revoke', '--name', 'desk-1']],
    ['a dry-run import', (dir) => ['import', join(dir, 'directory.csv'), '--dry-run']],
    ['backup', (dir) => ['backup', join(dir, 'backup.sqlite')]],
  ];
  for (const [name, args] of commands) {
    it(`when ${name} is pointed at another program's SQLite file, then exit 2, the file unchanged and nothing written`, () => {
      const before = sha256(foreign);
      const result = cli(...args(dir), '--database', foreign);
      expect(result.status, result.stderr).to.equal(2);
      expect(result.stderr).to.include('is not a referral-service database');
      expect(sha256(foreign)).to.equal(before);
      expect(existsSync(`${foreign}-wal`)).to.equal(false);
      expect(existsSync(join(dir, 'backup.sqlite')) || existsSync(join(dir, 'report.json'))).to.equal(false);
    });
  }

  it('when --database is empty, then exit 2 instead of a temporary database that vanishes with what was written to it', () => {
    const result = cli('keys', 'create', '--role', 'agent', '--name', 'desk-1', '--database', '');
    expect(result.status).to.equal(2);
    expect(result.stderr).to.include('--database must name a file');
  });

  it('when a database to read is missing, then exit 2, and neither it nor its directory is created', () => {
    const missing = join(dir, 'nowhere', 'referrals.sqlite');
    const result = cli('audit', 'verify', '--database', missing);
    expect(result.status).to.equal(2);
    expect(result.stderr).to.include(`No database at ${missing}`);
    expect(existsSync(join(dir, 'nowhere'))).to.equal(false);
  });
});
