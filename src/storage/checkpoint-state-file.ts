import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The last checkpoint the service signed, as its signed note, in a file beside the signing key
 * and outside the database: restoring a backup of the database leaves it as it was, so that the
 * service can tell it was rolled back (use-cases/rollback-guard.ts).
 */
export function readCheckpointState(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Replaces the state whole (written aside, then renamed): a crash never leaves half a note. */
export function writeCheckpointState(path: string, note: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.new`, note, { mode: 0o600 });
  renameSync(`${path}.new`, path);
}

export function removeCheckpointState(path: string): void {
  rmSync(path, { force: true });
}
