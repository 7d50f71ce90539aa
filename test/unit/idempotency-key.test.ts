import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson, parseIdempotencyKey, rememberedSince, requestFingerprint } from '../../src/domain/idempotency/idempotency-key.js';
import { DomainError } from '../../src/domain/errors.js';

describe('Idempotency-Key (domain)', () => {
  const keys: [string, { given: string; want: string | null }][] = [
    ['a UUID', { given: '3f1c9a5e-0b7d-4c1e-9f5a-2d8e6b4a7c10', want: '3f1c9a5e-0b7d-4c1e-9f5a-2d8e6b4a7c10' }],
    ['a quoted string', { given: '"abc"', want: 'abc' }],
    ['255 characters', { given: 'x'.repeat(255), want: 'x'.repeat(255) }],
    ['256 characters', { given: 'x'.repeat(256), want: null }],
    ['empty', { given: '', want: null }],
    ['empty quotes', { given: '""', want: null }],
    ['a space', { given: 'a b', want: null }],
    ['a non-ASCII letter', { given: 'clé', want: null }],
    ['a quote inside quotes', { given: '"a"b"', want: null }],
    ['two values joined by a repeated header', { given: 'a, b', want: null }],
  ];
  for (const [name, { given, want }] of keys) {
    it(`when the header is ${name}, then ${want === null ? 'it is refused' : 'it is the key'}`, () => {
      if (want !== null) {
        expect(parseIdempotencyKey(given)).to.equal(want);
        return;
      }
      expect(() => parseIdempotencyKey(given)).to.throw(DomainError).with.property('code', 'invalid-idempotency-key');
    });
  }

  it('when JSON is made canonical, then keys are sorted at every depth and undefined members dropped (known answer)', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: null, e: 'x' }], c: undefined } })).to.equal('{"a":{"d":[3,{"e":"x","f":null}]},"b":1}');
  });

  it('when an object\'s keys come in any order, then its fingerprint is the same; another operation gives another one', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
      const reversed = Object.fromEntries(Object.entries(object).reverse());
      expect(requestFingerprint('POST /v1/referrals', reversed)).to.equal(requestFingerprint('POST /v1/referrals', object));
      expect(requestFingerprint('POST /v1/referrals/x/more', object)).to.not.equal(requestFingerprint('POST /v1/referrals', object));
    }));
  });

  it('when asked at a moment, then keys are remembered from exactly 24 hours before it', () => {
    expect(rememberedSince(new Date('2026-11-24T10:00:00.000Z'))).to.equal('2026-11-23T10:00:00.000Z');
  });
});
