import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, removeDatabaseFiles } from '../storage/database.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface BackupOptions {
  readonly databasePath: string;
  readonly outPath: string;
}

/**
 * `backup FILE`: a consistent copy of the live database through SQLite's online backup API,
 * taken page by page while the service goes on serving (a referral committed during the copy is
 * either wholly in it or not at all), then checked: integrity, and the log's newest entry.
 */
export async function backupCommand(options: BackupOptions, out: (line: string) => void): Promise<ExitCode> {
  if (!existsSync(options.databasePath)) throw new Error(`No database at ${options.databasePath}.`);
  if (existsSync(options.outPath)) throw new Error(`${options.outPath} exists: choose a new file, a backup never overwrites one.`);
  mkdirSync(dirname(options.outPath), { recursive: true });
  const source = openDatabase(options.databasePath);
  try {
    await source.backup(options.outPath);
    // A backup holds what the database holds: the operator's alone.
    chmodSync(options.outPath, 0o600);
  } catch (error) {
    removeDatabaseFiles(options.outPath);
    throw error;
  } finally {
    source.close();
  }
  const copy = new Database(options.outPath);
  let checked = false;
  try {
    // The copy carries the live database's WAL mode, in which every opening leaves a -wal and a
    // -shm beside it: a backup is one self-contained file, so it is switched to a rollback journal.
    // The service turns WAL back on when it opens a restored copy.
    copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`The backup ${options.outPath} fails its integrity check: ${String(integrity)}`);
    const newest = copy.prepare('SELECT sequence, hash FROM referrals ORDER BY sequence DESC LIMIT 1').get() as { sequence: number; hash: string } | undefined;
    const people = copy.prepare('SELECT COUNT(*) FROM practitioners').pluck().get() as number;
    checked = true;
    out(`backed up to ${options.outPath}: integrity ok, ${people} practitioners, ${newest?.sequence ?? 0} referrals, newest hash ${newest?.hash ?? 'none'}`);
    return EXIT.ok;
  } finally {
    copy.close();
    // A copy that fails its checks is no backup: left behind, it would also block the next try.
    if (!checked) removeDatabaseFiles(options.outPath);
  }
}
