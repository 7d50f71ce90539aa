import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The log's Ed25519 signing key, a PKCS#8 PEM file readable by its owner only (0600): kept
 * beside the database, never in it (a copy of the database must not carry the power to sign)
 * and never logged.
 */

/**
 * Reads the key, or creates it when the file does not exist (`wx`: never over another file).
 * @returns the key and whether it was created now
 * @throws Error when the file exists but is not an Ed25519 private key, or is readable by others
 */
export function ensureSigningKey(path: string): { key: KeyObject; created: boolean } {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    return { key: privateKey, created: true };
  }
  return { key: readSigningKey(path), created: false };
}

/** @throws Error when the file is missing, open to others, or not an Ed25519 private key */
export function readSigningKey(path: string): KeyObject {
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new Error(`The signing key ${path} is readable by others: chmod 600 it.`);
  }
  const key = createPrivateKey(readFileSync(path));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 private key.`);
  return key;
}
