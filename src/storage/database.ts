import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens the one connection of this process. WAL lets readers go on while a referral writes.
 * FULL (the default) fsyncs the log at every commit, so that a referral an advisor has been
 * given survives a power cut and its sequence number and id are never handed out twice; group
 * commit (group-commit.ts) pays that fsync once per batch of referrals. NORMAL never corrupts the
 * database either and loses nothing on a process crash, only the last commits on a power cut or
 * an OS crash; it measured about 20% more referrals per second here.
 */
export function openDatabase(path: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const isNew = path !== ':memory:' && path !== '' && !existsSync(path);
  const db = new Database(path, { timeout: 5000 });
  // The log, key names and key hashes are the operator's alone; SQLite gives its -wal and -shm
  // files the database file's mode.
  if (isNew) chmodSync(path, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  // A referral reads a handful of random directory pages: 64 MiB of page cache, and reads
  // beyond it served from the OS cache through a memory map rather than a read() each.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 1073741824');
  return db;
}

/**
 * Settings for a connection that only imports: it reads and writes most pages once, so a memory
 * map would count every page it touched towards the process's memory, and a large page cache
 * would hold pages that are never read again.
 */
export function tuneForImport(db: Db): void {
  db.pragma('mmap_size = 0');
  db.pragma('cache_size = -16384');
}

/** Deletes a database file with its rollback journal, WAL and shared-memory files, where they exist. */
export function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Why `path` is not a database this service wrote, or null when it is one: for commands that
 * open a database only to read it, since opening runs the migrations, which would write the
 * service's tables into any other SQLite file. `mayCreate`: a missing or empty file is fine (the
 * command creates the database).
 */
export function serviceDatabaseProblem(path: string, mayCreate = false): string | null {
  if (!existsSync(path)) return mayCreate ? null : `No database at ${path}.`;
  const stat = statSync(path);
  if (stat.isDirectory()) return `${path} is a directory, not a database file.`;
  if (stat.size === 0 && mayCreate) return null;
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    const hasDirectory = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'practitioners'`).get() !== undefined;
    return version > 0 && hasDirectory ? null : `${path} is not a referral-service database (it has none of the service's tables): nothing was changed.`;
  } catch (error) {
    return `${path} cannot be read as a SQLite database (${error instanceof Error ? error.message : String(error)}): nothing was changed.`;
  } finally {
    db?.close();
  }
}
