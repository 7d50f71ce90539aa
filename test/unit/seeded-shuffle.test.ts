import { expect } from 'chai';
import fc from 'fast-check';
import { createRng } from '../../src/domain/shuffle/rng.js';
import { seededShuffle } from '../../src/domain/shuffle/seeded-shuffle.js';
import { chiSquarePValue, chiSquareStatistic } from '../../src/domain/stats/chi-square.js';
import { testSeed } from '../support/seeds.js';

const ALPHA = 0.001;
const seedArbitrary = fc.stringMatching(/^[0-9a-f]{32}$/).filter((seed) => !/^0+$/.test(seed));

describe('seededShuffle', () => {
  it('when shuffling, then the result is a permutation of the input and the input is untouched', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 40 }), seedArbitrary, (items, seed) => {
        const copy = [...items];
        const shuffled = seededShuffle(items, createRng(seed));
        expect(items).to.deep.equal(copy);
        expect([...shuffled].sort((a, b) => a - b)).to.deep.equal([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('when the seed is the same, then the order is the same', () => {
    fc.assert(
      fc.property(seedArbitrary, (seed) => {
        const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
        expect(seededShuffle(items, createRng(seed))).to.deep.equal(seededShuffle(items, createRng(seed)));
      }),
    );
  });

  it('when the seed is fixed, then the known answer does not change (a change is a new algorithm version)', () => {
    const items = ['A', 'B', 'C', 'D', 'E'];
    expect(seededShuffle(items, createRng('0123456789abcdef0123456789abcdef'))).to.deep.equal(KNOWN_ANSWER);
  });

  it('when shuffling five items 60,000 times, then all 120 orders are equally likely (chi-square, p ≥ 0.001)', () => {
    const draws = 60_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < draws; i++) {
      const order = seededShuffle(['a', 'b', 'c', 'd', 'e'], createRng(testSeed(i, 'orders'))).join('');
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect(counts.size).to.equal(120);
    const observed = [...counts.values()];
    const pValue = chiSquarePValue(chiSquareStatistic(observed, observed.map(() => draws / 120)), 119);
    expect(pValue).to.be.at.least(ALPHA);
  });

  it('when shuffling, then the first item is first one time in five, not a third of the time as with sort(random)', () => {
    const draws = 20_000;
    let firstStaysFirst = 0;
    for (let i = 0; i < draws; i++) {
      if (seededShuffle(['a', 'b', 'c', 'd', 'e'], createRng(testSeed(i, 'first')))[0] === 'a') firstStaysFirst++;
    }
    const pValue = chiSquarePValue(chiSquareStatistic([firstStaysFirst, draws - firstStaysFirst], [draws / 5, (draws * 4) / 5]), 1);
    expect(pValue).to.be.at.least(ALPHA);
  });
});

describe('createRng', () => {
  it('when the seed is not 32 hex digits or is all zeros, then it is refused', () => {
    expect(() => createRng('1234')).to.throw(/32 hex digits/);
    expect(() => createRng('0'.repeat(32))).to.throw(/all zeros/);
  });
});

/** Recorded with pure-rand 8.4.2: xoroshiro128+ from state [0x01234567, 0x89abcdef, 0x01234567, 0x89abcdef]. */
const KNOWN_ANSWER = ['C', 'D', 'A', 'E', 'B'];
