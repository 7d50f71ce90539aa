import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { canonicalEntry, GENESIS_HASH, hashEntry, hashPool, type ChainedEntry } from '../../src/domain/audit/hash-chain.js';
import { deriveReferralId, deriveSeed } from '../../src/domain/audit/seed.js';

const ENTRY: ChainedEntry = {
  sequence: 1,
  id: '6f1c2a3b-4d5e-4f60-8a7b-8c9d0e1f2a3b',
  createdAt: '2026-11-23T10:00:00.000Z',
  algorithm: 'deficit-fisher-yates/1',
  generator: 'pure-rand@8.4.2/xoroshiro128plus',
  seed: '0123456789abcdef0123456789abcdef',
  specialty: 'ophtalmologie',
  location: { lat: 48.8566, lon: 2.3522, precision: 'coordinates' },
  radiusKm: 5,
  radiusSource: 'ladder',
  count: 5,
  poolHash: 'a'.repeat(64),
  poolSize: 12,
  proposed: ['810000000003', '810000000001'],
  shownHash: 'b'.repeat(64),
  previousHash: GENESIS_HASH,
};

describe('hash chain', () => {
  it('when serialized, then keys come in the documented order without whitespace', () => {
    expect(canonicalEntry(ENTRY)).to.equal(
      '{"sequence":1,"id":"6f1c2a3b-4d5e-4f60-8a7b-8c9d0e1f2a3b","createdAt":"2026-11-23T10:00:00.000Z",' +
        '"algorithm":"deficit-fisher-yates/1","generator":"pure-rand@8.4.2/xoroshiro128plus",' +
        '"seed":"0123456789abcdef0123456789abcdef","specialty":"ophtalmologie",' +
        '"location":{"lat":48.8566,"lon":2.3522,"precision":"coordinates","postcode":null,"commune":null,"label":null},' +
        '"radiusKm":5,"radiusSource":"ladder","count":5,' +
        `"poolHash":"${'a'.repeat(64)}","poolSize":12,"proposed":["810000000003","810000000001"],` +
        `"shownHash":"${'b'.repeat(64)}","previousHash":"${GENESIS_HASH}"}`,
    );
  });

  it('when the input object has its keys in another order, then the hash is the same', () => {
    const shuffledKeys = Object.fromEntries(Object.entries(ENTRY).reverse()) as unknown as ChainedEntry;
    expect(hashEntry(shuffledKeys)).to.equal(hashEntry(ENTRY));
  });

  it('when any field changes, then the hash changes', () => {
    const edits: Partial<ChainedEntry>[] = [
      { sequence: 2 }, { seed: '1123456789abcdef0123456789abcdef' }, { proposed: ['810000000001', '810000000003'] },
      { previousHash: 'c'.repeat(64) }, { poolSize: 13 }, { shownHash: 'd'.repeat(64) }, { radiusSource: 'request' }, { location: { lat: 48.8567, lon: 2.3522, precision: 'coordinates' } },
    ];
    for (const edit of edits) expect(hashEntry({ ...ENTRY, ...edit })).to.not.equal(hashEntry(ENTRY));
  });

  // Known answers computed independently of this code (Python hashlib, coreutils sha256sum).
  it('when hashed, then it is the SHA-256 of the canonical text (known answer)', () => {
    expect(hashEntry(ENTRY)).to.equal('04530f7a86bdc188fcac0b244df7e4f37236d0e6c251a2878fa3063079c54db3');
  });

  it('when an entry of format 2 is hashed, then it starts with its format and commits to who asked (known answers)', () => {
    const format2: ChainedEntry = { ...ENTRY, logFormat: 2, requestedBy: 'desk-1' };
    expect(canonicalEntry(format2)).to.match(/^\{"logFormat":2,"sequence":1,.*"previousHash":"0{64}","requestedBy":"desk-1"\}$/);
    expect(hashEntry(format2)).to.equal('554ad52ceac396c51bc480db4973ccb5ffd6d2a52843d173a869c94eb845f5b3');
    const widened: ChainedEntry = { ...format2, parentId: '00000000-0001-8000-8000-000000000000', widenedFromKm: 1 };
    expect(hashEntry(widened)).to.equal('e5d64f91602cb4c601b808b442ff5dd8f38a88ff9b638cadebacce44af952c19');
    expect(hashEntry({ ...format2, requestedBy: 'desk-2' })).to.not.equal(hashEntry(format2));
    // Format 1 ignores requestedBy: entries written before it was hashed verify as they always did.
    expect(hashEntry({ ...ENTRY, requestedBy: 'desk-2' })).to.equal(hashEntry(ENTRY));
  });

  it('when a pool is hashed, then it is the SHA-256 of the specialty and ids one per line (known answer)', () => {
    expect(hashPool('ophtalmologie', ['810000000001', '810000000003'])).to.equal(
      '377b95e4219318b45b1dccee1b5e9ec657ba8de374f82c3b95383508be4e3814',
    );
  });
});

describe('seed derivation', () => {
  const secret = Buffer.alloc(32, 7);

  it('when derived twice for the same sequence, then the seed is the same; for another sequence it differs', () => {
    expect(deriveSeed(secret, 1)).to.equal(deriveSeed(secret, 1));
    expect(deriveSeed(secret, 1)).to.not.equal(deriveSeed(secret, 2));
    // Known answer from `openssl dgst -sha256 -mac HMAC`, first 32 hex digits.
    expect(deriveSeed(secret, 1)).to.equal('4df150ff1b112261d1620ed40d10e5db');
  });

  it('when an id is derived, then it is a version-8 UUID that starts with the sequence and sorts in log order', () => {
    expect(deriveReferralId(secret, 42)).to.match(/^00000000-002a-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = [1, 2, 15, 16, 255, 4096, 70000].map((sequence) => deriveReferralId(secret, sequence));
    expect([...ids].sort()).to.deep.equal(ids);
  });

  it('when an id is derived in a log epoch (after an accepted rollback), then the HMAC covers the epoch and the id differs (known answers)', () => {
    // Known answers from Python's hmac: HMAC-SHA256(secret, "id:42") and (secret, "id:0123456789abcdef:42").
    expect(deriveReferralId(secret, 42)).to.equal('00000000-002a-85df-8815-1d16f8833caf');
    expect(deriveReferralId(secret, 42, '0123456789abcdef')).to.equal('00000000-002a-8b8e-89a3-bae72938263f');
  });

  it('when a seed is derived in a log epoch, then the HMAC covers the epoch, so that a sequence handed out again draws anew', () => {
    const expected = (message: string) => createHmac('sha256', secret).update(message).digest('hex').slice(0, 32);
    expect(deriveSeed(secret, 42, '0123456789abcdef')).to.equal(expected('seed:0123456789abcdef:42'));
    expect(deriveSeed(secret, 42, '0123456789abcdef')).to.not.equal(deriveSeed(secret, 42));
  });

  it('when an entry carries an epoch, then it is serialized last; without one, the text is unchanged', () => {
    expect(canonicalEntry({ ...ENTRY, epoch: '0123456789abcdef' })).to.equal(`${canonicalEntry(ENTRY).slice(0, -1)},"epoch":"0123456789abcdef"}`);
  });
});
