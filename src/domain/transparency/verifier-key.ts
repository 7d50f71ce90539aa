import { createHash } from 'node:crypto';

/**
 * Ed25519 verifier keys as Go's `golang.org/x/mod/sumdb/note` writes them, which witnesses and
 * Go clients take: `name+keyid+base64(0x01 || 32-byte public key)`.
 * @see https://c2sp.org/signed-note
 */
export interface VerifierKey {
  /** The key's name: no spaces, no `+`; the log's origin. */
  readonly name: string;
  /** First 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key). */
  readonly keyId: number;
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
}

/** The signature type of Ed25519 in a signed note. */
export const ED25519_TYPE = 0x01;

/** Whether a key name is usable: non-empty, printable, no space and no `+`. */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/[\s+\u0000-\u001f\u007f]/u.test(name);
}

/** The key ID of an Ed25519 key of that name (C2SP signed-note). */
export function keyIdOf(name: string, publicKey: Buffer): number {
  const digest = createHash('sha256').update(name, 'utf8').update(Uint8Array.of(0x0a, ED25519_TYPE)).update(publicKey).digest();
  return digest.readUInt32BE(0);
}

/**
 * The verifier key of an Ed25519 public key.
 * @throws Error when the name is not a valid key name or the key is not 32 bytes
 */
export function verifierKeyOf(name: string, publicKey: Buffer): VerifierKey {
  if (!isValidKeyName(name)) throw new Error(`"${name}" is not a key name: no spaces, no "+"`);
  if (publicKey.length !== 32) throw new Error('an Ed25519 public key has 32 bytes');
  return { name, keyId: keyIdOf(name, publicKey), publicKey };
}

/** `name+keyid+base64(0x01 || key)`, the key ID as 8 lower-case hex digits. */
export function formatVerifierKey(key: VerifierKey): string {
  const hexId = key.keyId.toString(16).padStart(8, '0');
  return `${key.name}+${hexId}+${Buffer.concat([Uint8Array.of(ED25519_TYPE), key.publicKey]).toString('base64')}`;
}

/**
 * Reads a verifier key string and checks that its key ID is the one its name and key give.
 * @throws Error saying what is wrong
 */
export function parseVerifierKey(text: string): VerifierKey {
  // The key's base64 may hold `+` itself: only the first two separate fields, as in Go's note.
  const [name, hexId, ...rest] = text.trim().split('+');
  const encoded = rest.join('+');
  if (name === undefined || hexId === undefined || rest.length === 0) throw new Error('a verifier key reads name+keyid+key');
  if (!isValidKeyName(name)) throw new Error(`"${name}" is not a key name`);
  if (!/^[0-9a-f]{8}$/.test(hexId)) throw new Error(`key ID "${hexId}" is not 8 lower-case hex digits`);
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== 33 || bytes.toString('base64') !== encoded || bytes[0] !== ED25519_TYPE) throw new Error('the key is not base64 of 0x01 and a 32-byte Ed25519 key');
  const key = verifierKeyOf(name, bytes.subarray(1));
  if (key.keyId !== parseInt(hexId, 16)) throw new Error(`key ID ${hexId} does not match the key and its name`);
  return key;
}
