import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { draw } from '../../src/domain/draw.js';
import { logVectors } from '../../scripts/vectors/log-vectors.js';
import { problemsOfLog, problemsOfTransparency, type LogVectors, type TransparencyVectors } from '../support/independent-verifier.js';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../docs/vectors/${name}`, import.meta.url), 'utf8'));
const copy = <T>(value: T): T => structuredClone(value);
const flipFirstDigit = (hex: string) => `${hex.startsWith('0') ? '1' : '0'}${hex.slice(1)}`;

/** RFC 8032 §7.1 TEST 1: the test key's seed and public key, as published there. */
const RFC8032_TEST1 = {
  seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
};

describe('known-answer vectors of the log and its tree (docs/vectors/log.json, transparency.json)', () => {
  const log = read('log.json') as LogVectors;
  const tree = read('transparency.json') as TransparencyVectors;

  it('when the scenario is made again by the service (real SQLite, fixed clock and secrets), then both files are exactly what it makes', async () => {
    const made = JSON.parse(JSON.stringify(await logVectors())) as { log: unknown; transparency: unknown };
    expect(made.log).to.deep.equal(log, 'docs/vectors/log.json: regenerate with `npm run gen:vectors` and review the diff');
    expect(made.transparency).to.deep.equal(tree, 'docs/vectors/transparency.json: regenerate with `npm run gen:vectors` and review the diff');
  });

  it('when log.json is checked by the independent verifier (SHA-256, HMAC, pool hash, counter rule), then it finds nothing wrong', () => {
    expect(problemsOfLog(log)).to.deep.equal([]);
  });

  it('when transparency.json is checked by the independent verifier (RFC 9162 recursions, Ed25519), then it finds nothing wrong', () => {
    expect(problemsOfTransparency(tree, log)).to.deep.equal([]);
    expect({ seed: tree.testKey.ed25519PrivateSeedHex, publicKey: tree.testKey.ed25519PublicKeyHex }).to.deep.equal(RFC8032_TEST1);
  });

  it('when the draw is run on an entry\'s published inputs (countersBefore, seed, k, previous order), then it gives its order and redraws', () => {
    for (const e of log.entries.list) {
      const result = draw({
        pool: e.pool.nationalIds, counters: new Map(Object.entries(e.countersBefore)), seed: e.seedDerivation.seed, k: e.draw.k, previousOrder: e.previousOrderOfSamePool,
      });
      expect({ order: result.order, redraws: result.redraws, shareUnits: result.shareUnits }, `entry ${e.sequence}`).to.deep.equal({ order: e.draw.order, redraws: e.draw.redraws, shareUnits: e.draw.shareUnits });
    }
  });

  it('when the log covers what the specification asks for, then it has a redraw, a filtered entry, "five more" and two periods', () => {
    const entries = log.entries.list;
    expect(entries.some((e) => e.draw.redraws > 0 && e.previousOrderOfSamePool !== null)).to.equal(true);
    expect(entries.some((e) => e.filters !== undefined && e.parentId === undefined)).to.equal(true);
    expect(entries.some((e) => e.parentId !== undefined && e.widenedFromKm === undefined)).to.equal(true);
    expect(entries.some((e) => e.widenedFromKm !== undefined)).to.equal(true);
    expect(new Set(entries.map((e) => e.period)).size).to.equal(2);
    expect(tree.inclusionProofs.list.length).to.be.at.least(2);
    expect(tree.consistencyProofs.list.length).to.be.at.least(2);
  });

  it('when one byte of a vector is altered, then the independent verifier names what is wrong', () => {
    const text = copy(log);
    const third = text.entries.list[2] as { entry: { canonicalText: string } };
    third.entry.canonicalText = third.entry.canonicalText.replace('"count":5', '"count":4');
    expect(problemsOfLog(text)).to.include('entry 3: SHA-256 of the canonical text is not the hash');

    const counters = copy(log);
    const sixth = counters.entries.list[5] as { countersAfter: Record<string, { offered: number }> };
    (Object.values(sixth.countersAfter)[0] as { offered: number }).offered += 1;
    expect(problemsOfLog(counters).join('\n')).to.match(/entry 6: countersAfter of \d+ is not countersBefore plus this draw/);

    const proof = copy(tree);
    const first = proof.consistencyProofs.list[0] as unknown as { hashes: string[] };
    first.hashes[0] = flipFirstDigit(first.hashes[0] ?? '');
    expect(problemsOfTransparency(proof, log)).to.include('consistency from 3 to 7: hashes are not SUBPROOF(m, D[n], true)');

    const note = copy(tree);
    const checkpoint = note.checkpoints.list[0] as { signatureHex: string };
    checkpoint.signatureHex = flipFirstDigit(checkpoint.signatureHex);
    expect(problemsOfTransparency(note, log)).to.include('checkpoint 3: the Ed25519 signature does not verify over the text');
  });
});
