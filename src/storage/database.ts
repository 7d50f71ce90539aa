import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens the one connection of this process. WAL lets readers go on while a referral writes;
 * synchronous = NORMAL in WAL mode never corrupts the database and loses, on power failure
 * only, the last transactions before the crash (not on a process crash): a referral log that
 * must survive power loss would set FULL, at a cost of one fsync per referral.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // A referral reads a handful of random directory pages: 64 MiB of page cache, and reads
  // beyond it served from the OS cache through a memory map rather than a read() each.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 1073741824');
  return db;
}
