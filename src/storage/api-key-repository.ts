import type { Caller, Role } from '../domain/access/roles.js';
import type { Db } from './database.js';

export interface ApiKeyListing {
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface ApiKeyRepository {
  /** @returns false when the name is taken */
  create(name: string, role: Role, keyHash: string, now: Date): boolean;
  /** The caller of a key that exists and is not revoked. */
  findByHash(keyHash: string): Caller | undefined;
  list(): ApiKeyListing[];
  /** @returns false when no unrevoked key has this name */
  revoke(name: string, now: Date): boolean;
  count(): number;
}

export function createApiKeyRepository(db: Db): ApiKeyRepository {
  const insert = db.prepare('INSERT INTO api_keys (name, role, key_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING');
  const byHash = db.prepare('SELECT name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL');
  const all = db.prepare('SELECT name, role, created_at AS createdAt, revoked_at AS revokedAt FROM api_keys ORDER BY name');
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL');
  const count = db.prepare('SELECT COUNT(*) FROM api_keys').pluck();
  return {
    create: (name, role, keyHash, now) => insert.run(name, role, keyHash, now.toISOString()).changes === 1,
    findByHash: (keyHash) => byHash.get(keyHash) as Caller | undefined,
    list: () => all.all() as ApiKeyListing[],
    revoke: (name, now) => revoke.run(now.toISOString(), name).changes === 1,
    count: () => count.get() as number,
  };
}
