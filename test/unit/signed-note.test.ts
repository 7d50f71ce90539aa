import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { formatCheckpoint, parseCheckpoint } from '../../src/domain/transparency/checkpoint.js';
import { formatNote, isSignedBy, parseNote, rawPublicKey, signNote } from '../../src/domain/transparency/signed-note.js';
import { formatVerifierKey, parseVerifierKey, verifierKeyOf } from '../../src/domain/transparency/verifier-key.js';

/**
 * Known answers from Go's reference implementation, golang.org/x/mod/sumdb/note, note_test.go
 * (TestNewVerifier, TestSign): its PeterNeumann key pair and the note it signs, byte for byte.
 * Ed25519 is deterministic (RFC 8032), so signing the same text must give the same line.
 */
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

/** Go's signer key string ends with base64(0x01 || 32-byte Ed25519 seed), which may hold a `+` itself. */
function goPrivateKey() {
  const seed = Buffer.from(GO_SIGNER.split('+').slice(4).join('+'), 'base64').subarray(1);
  const publicKey = parseVerifierKey(GO_VERIFIER).publicKey;
  return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: publicKey.toString('base64url') }, format: 'jwk' });
}

describe('signed notes, verifier keys and checkpoints (C2SP, Go note)', () => {
  it("when Go's verifier key is read, then its name, key ID and key come back and format to the same string", () => {
    const key = parseVerifierKey(GO_VERIFIER);
    expect(key.name).to.equal('PeterNeumann');
    expect(key.keyId).to.equal(0xc74f20a3);
    expect(formatVerifierKey(verifierKeyOf('PeterNeumann', key.publicKey))).to.equal(GO_VERIFIER);
  });

  it("when Go's text is signed with Go's key, then the note is Go's, byte for byte, and verifies", () => {
    const key = parseVerifierKey(GO_VERIFIER);
    const note = signNote(GO_TEXT, key.name, key.keyId, goPrivateKey());
    expect(formatNote(note)).to.equal(GO_NOTE);
    expect(isSignedBy(parseNote(GO_NOTE), key)).to.equal(true);
  });

  it('when the note, the key ID or the name is changed, then it does not verify', () => {
    const key = parseVerifierKey(GO_VERIFIER);
    expect(isSignedBy(parseNote(GO_NOTE.replace('cryptography', 'cryptographY')), key)).to.equal(false);
    expect(isSignedBy(parseNote(GO_NOTE), { ...key, keyId: key.keyId + 1 })).to.equal(false);
    expect(isSignedBy(parseNote(GO_NOTE), { ...key, name: 'PeterNeuman' })).to.equal(false);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(isSignedBy(parseNote(GO_NOTE), verifierKeyOf('PeterNeumann', rawPublicKey(other)))).to.equal(false);
  });

  it('when a key whose base64 holds a "+" is formatted, then it reads back (only the first two "+" separate fields)', () => {
    // 0xfb in the key's first bytes gives "+" in its base64.
    const key = verifierKeyOf('referrals.example.org/log', Buffer.alloc(32, 0xfb));
    expect(formatVerifierKey(key).split('+').length).to.be.above(3);
    expect(parseVerifierKey(formatVerifierKey(key))).to.deep.equal(key);
  });

  const BAD_KEYS: [string, string][] = [
    ['a key ID that does not match', 'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['another name', 'PeterNeuman+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['a truncated key', 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10'],
    ['no key ID', 'PeterNeumann+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
  ];
  for (const [name, text] of BAD_KEYS) {
    it(`when a verifier key has ${name}, then it is refused`, () => {
      expect(() => parseVerifierKey(text)).to.throw();
    });
  }

  const BAD_NOTES: [string, string][] = [
    ['no signature', GO_TEXT],
    ['no blank line before it', `${GO_TEXT}\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
    ['no final newline', GO_NOTE.slice(0, -1)],
    ['a line that is not a signature', `${GO_NOTE}Unexpected line.\n`],
  ];
  for (const [name, text] of BAD_NOTES) {
    it(`when a note has ${name}, then it is refused as malformed`, () => {
      expect(() => parseNote(text)).to.throw();
    });
  }

  it('when a checkpoint is formatted, then it is origin, size and base64 root, one per line, and reads back', () => {
    const root = Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex');
    const text = formatCheckpoint({ origin: 'referrals.example.org/log', size: 8, root, extensions: [] });
    expect(text).to.equal('referrals.example.org/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n');
    expect(parseCheckpoint(text)).to.deep.equal({ origin: 'referrals.example.org/log', size: 8, root, extensions: [] });
  });

  const BAD_CHECKPOINTS: [string, string][] = [
    ['a size with a leading zero', 'log\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
    ['a root of 31 bytes', 'log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQw==\n'],
    ['no final newline', 'log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg='],
    ['an empty origin', '\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'],
  ];
  for (const [name, text] of BAD_CHECKPOINTS) {
    it(`when a checkpoint has ${name}, then it is refused`, () => {
      expect(() => parseCheckpoint(text)).to.throw();
    });
  }
});
