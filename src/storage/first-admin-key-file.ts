import { openSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Beside the database, on the same volume and readable by the same user. */
export function firstAdminKeyPath(databasePath: string): string {
  return join(dirname(databasePath), 'first-admin-key.txt');
}

/**
 * Writes the first admin key to a file only its owner can read (0600, created afresh so that
 * an older file's mode never applies) and returns its path. Standard output and standard error
 * are the log streams under Docker and systemd: the key never goes there, only this path.
 */
export function writeFirstAdminKeyFile(databasePath: string, key: string): string {
  const path = firstAdminKeyPath(databasePath);
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${key}\n`);
  } finally {
    closeSync(fd);
  }
  return path;
}
