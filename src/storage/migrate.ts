import { readdirSync, readFileSync } from 'node:fs';
import type { Db } from './database.js';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Numbered SQL files, applied in order; `PRAGMA user_version` records the last one applied. */
function listMigrations(): { version: number; name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{3}-.+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: Number(name.slice(0, 3)), name, sql: readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8') }));
}

/**
 * Brings the schema up to date, one transaction per migration so that a failure leaves the
 * database at the last complete version.
 * @returns the versions applied now
 */
export function migrate(db: Db): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const applied: number[] = [];
  for (const migration of listMigrations()) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}
