import { expect } from 'chai';
import { holmAdjusted } from '../../src/domain/stats/holm.js';

describe('holmAdjusted', () => {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") gives 0.03 0.06 0.06 0.02: sorted, 0.005 × 4,
  // 0.01 × 3, 0.03 × 2 and 0.04 × 1, each raised to the running maximum.
  it('when given four p-values, then the values R\'s p.adjust gives, in the order given', () => {
    const adjusted = holmAdjusted([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((want, i) => expect(adjusted[i]).to.be.closeTo(want, 1e-15));
  });

  it('when a product exceeds 1, then it is capped at 1', () => {
    expect(holmAdjusted([0.5, 0.6])).to.deep.equal([1, 1]);
  });

  it('when there is one p-value, then it is unchanged; none, then none', () => {
    expect(holmAdjusted([0.2])).to.deep.equal([0.2]);
    expect(holmAdjusted([])).to.deep.equal([]);
  });
});
