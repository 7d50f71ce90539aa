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

/** How long a key found valid is believed without asking the database again. */
export const KEY_RECHECK_MS = 1000;

/**
 * Who a presented key stands for (undefined when it is unknown or revoked), remembering for
 * `recheckMs` the keys found valid (by hash: no key is kept), so that a desk's stream of
 * referrals does not read the database at every request. A key revoked from anywhere (the CLI,
 * another process) is therefore refused within `recheckMs`. Unknown keys are not remembered: a
 * caller sending random keys cannot fill memory.
 */
export function createAuthenticator(keys: ApiKeyRepository, clock: () => number = Date.now, recheckMs = KEY_RECHECK_MS): (presented: string) => Caller | undefined {
  let believed = new Map<string, { caller: Caller; until: number }>();
  return (presented) => {
    if (!presented.startsWith(KEY_PREFIX)) return undefined;
    const keyHash = hashApiKey(presented);
    const now = clock();
    const known = believed.get(keyHash);
    if (known && known.until > now) return known.caller;
    const caller = keys.findByHash(keyHash);
    // Keys are few (one per desk): starting over now and then bounds what revoked keys leave.
    if (believed.size > 10_000) believed = new Map();
    if (caller) believed.set(keyHash, { caller, until: now + recheckMs });
    else believed.delete(keyHash);
    return caller;
  };
}

/**
 * On a database without any key, creates the first admin key so that an operator can get in;
 * returns it to be shown once, or undefined when keys already exist.
 */
export function ensureFirstAdminKey(keys: ApiKeyRepository, now: Date): string | undefined {
  if (keys.count() > 0) return undefined;
  return createApiKey(keys, 'admin', 'admin', now).key;
}
