import { expect } from 'chai';
import { gini } from '../../src/domain/stats/gini.js';
import { kendallTau, kendallTauNullVariance } from '../../src/domain/stats/kendall-tau.js';

describe('gini', () => {
  it('when every value is equal, then 0', () => {
    expect(gini([3, 3, 3, 3])).to.equal(0);
  });

  it('when one of n holds everything, then (n−1)/n', () => {
    expect(gini([0, 0, 0, 10])).to.be.closeTo(0.75, 1e-12);
  });

  // Textbook: incomes 1, 2, 3, 4, 5 have a Gini coefficient of 0.2667 (mean absolute difference
  // 1.6 over twice the mean 3); order does not matter.
  it('when the values are 1 to 5, then 4/15 as the textbook computes it', () => {
    expect(gini([5, 1, 4, 2, 3])).to.be.closeTo(4 / 15, 1e-12);
  });

  it('when there is nothing, then 0', () => {
    expect(gini([])).to.equal(0);
    expect(gini([0, 0])).to.equal(0);
  });
});

describe('kendallTau', () => {
  it('when both orders agree, then 1; when one is reversed, then −1', () => {
    expect(kendallTau([1, 2, 3, 4, 5], [10, 20, 30, 40, 50])).to.equal(1);
    expect(kendallTau([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])).to.equal(-1);
  });

  // Textbook example (Kendall 1938 style): ranks 1..5 against 3, 4, 1, 2, 5 give
  // 6 concordant and 4 discordant pairs: tau = (6 − 4) / 10 = 0.2.
  it('when 6 pairs are concordant and 4 discordant, then 0.2', () => {
    expect(kendallTau([1, 2, 3, 4, 5], [3, 4, 1, 2, 5])).to.be.closeTo(0.2, 1e-12);
  });

  it('when a pair is tied in one ranking, then it counts as neither', () => {
    expect(kendallTau([1, 2, 3], [1, 1, 2])).to.be.closeTo(2 / 3, 1e-12);
  });

  it('when there are fewer than two items, then 0', () => {
    expect(kendallTau([1], [1])).to.equal(0);
  });
});

describe('kendallTauNullVariance', () => {
  /** Every order of n items against the identity: the exact variance of tau under a uniformly random order. */
  function enumeratedVariance(n: number): number {
    const taus: number[] = [];
    const permute = (prefix: number[], rest: number[]): void => {
      if (rest.length === 0) taus.push(kendallTau(prefix.map((_, i) => i), prefix));
      rest.forEach((item, i) => permute([...prefix, item], [...rest.slice(0, i), ...rest.slice(i + 1)]));
    };
    permute([], Array.from({ length: n }, (_, i) => i));
    return taus.reduce((sum, tau) => sum + tau * tau, 0) / taus.length;
  }

  it('when n is 2 to 6, then 2(2n+5)/(9n(n−1)) equals the variance over all n! orders', () => {
    for (const n of [2, 3, 4, 5, 6]) expect(kendallTauNullVariance(n), `n = ${n}`).to.be.closeTo(enumeratedVariance(n), 1e-12);
  });

  it('when n is 5, then 1/6', () => {
    expect(kendallTauNullVariance(5)).to.be.closeTo(1 / 6, 1e-15);
  });
});
