import { randomBytes } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { hashApiKey, isRole, keyNameProblem, ROLES, type Caller, type Role } from '../domain/access/roles.js';
import type { ApiKeyRepository } from '../storage/api-key-repository.js';

/** Prefix that makes a leaked key easy to recognise (secret scanners, logs). */
const KEY_PREFIX = 'rsk_';

/**
 * Creates a key and returns it: the only time it is ever shown, since only its hash is kept.
 * Keys are drawn from the operating system's cryptographic source, not from the seeded
 * generator: nothing about a key must be replayable.
 * @throws DomainError for a bad name or role, or a name already taken
 */
export function createApiKey(keys: ApiKeyRepository, name: string, role: string, now: Date): { name: string; role: Role; key: string } {
  const problem = keyNameProblem(name);
  if (problem !== null) throw new DomainError('invalid-key-name', problem);
  if (!isRole(role)) throw new DomainError('invalid-role', `role "${role}" must be one of ${ROLES.join(', ')}`);
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  if (!keys.create(name, role, hashApiKey(key), now)) throw new DomainError('key-name-taken', `A key named "${name}" already exists (revoked keys keep their name).`);
  return { name, role, key };
}

/** The caller a presented key stands for, or undefined when it is unknown or revoked. */
export function authenticate(keys: ApiKeyRepository, presented: string): Caller | undefined {
  return presented.startsWith(KEY_PREFIX) ? keys.findByHash(hashApiKey(presented)) : undefined;
}

/**
 * On a database without any key, creates the first admin key so that an operator can get in;
 * returns it to be shown once, or undefined when keys already exist.
 */
export function ensureFirstAdminKey(keys: ApiKeyRepository, now: Date): string | undefined {
  if (keys.count() > 0) return undefined;
  return createApiKey(keys, 'admin', 'admin', now).key;
}
