import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { VerifierKey } from './verifier-key.js';

/**
 * Signed notes, C2SP signed-note: the text (ending in a newline), a blank line, and one line
 * per signature, `— name base64(keyid || signature)`. The signature covers the text, its final
 * newline included. Only Ed25519 signatures are made and checked here.
 * @see https://c2sp.org/signed-note
 */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Buffer;
}

export interface SignedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** U+2014 EM DASH and a space: how every signature line starts. */
const SIGNATURE_PREFIX = '\u2014 ';

/** Signs `text` with an Ed25519 private key as the key of `name`. */
export function signNote(text: string, name: string, keyId: number, privateKey: KeyObject): SignedNote {
  assertNoteText(text);
  return { text, signatures: [{ name, keyId, signature: sign(null, Buffer.from(text, 'utf8'), privateKey) }] };
}

/** The note's bytes: text, blank line, signature lines. */
export function formatNote(note: SignedNote): string {
  const lines = note.signatures.map(({ name, keyId, signature }) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(keyId);
    return `${SIGNATURE_PREFIX}${name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
  });
  return `${note.text}\n${lines.join('')}`;
}

/**
 * Splits a note at its last blank line into text and signature lines.
 * @throws Error when it is not a well-formed signed note
 */
export function parseNote(message: string): SignedNote {
  const split = message.lastIndexOf('\n\n');
  if (split < 0 || !message.endsWith('\n')) throw new Error('a signed note is text, a blank line and signature lines, each ending in a newline');
  const text = message.slice(0, split + 1);
  assertNoteText(text);
  const signatures = message.slice(split + 2, -1).split('\n').map((line) => {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    const bytes = Buffer.from(match?.[2] ?? '', 'base64');
    if (!match || bytes.length < 5 || bytes.toString('base64') !== match[2]) throw new Error(`not a signature line: "${line}"`);
    return { name: match[1] as string, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/**
 * Whether `note` carries a valid Ed25519 signature by `key`: a signature line with the key's
 * name and ID whose signature verifies over the text. Lines of other keys are ignored.
 */
export function isSignedBy(note: SignedNote, key: VerifierKey): boolean {
  const publicKey = ed25519PublicKey(key.publicKey);
  return note.signatures.some((line) => line.name === key.name && line.keyId === key.keyId &&
    line.signature.length === 64 && verify(null, Buffer.from(note.text, 'utf8'), publicKey, line.signature));
}

/** A KeyObject for a raw 32-byte Ed25519 public key. */
export function ed25519PublicKey(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** The raw 32 bytes of an Ed25519 public (or private) key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const { x } = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  return Buffer.from(x ?? '', 'base64url');
}

function assertNoteText(text: string): void {
  if (!text.endsWith('\n') || text.includes('\n\n') || text.startsWith('\n')) throw new Error('a note text is non-empty lines, each ending in a newline');
}
