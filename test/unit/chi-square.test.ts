import { expect } from 'chai';
import { chiSquarePValue, chiSquareStatistic, logGamma } from '../../src/domain/stats/chi-square.js';

describe('chi-square', () => {
  // Upper-tail critical values from the standard chi-square table (e.g. NIST/SEMATECH e-Handbook, 1.3.6.7.4).
  const TABLE: [number, number, number][] = [
    [1, 3.841, 0.05],
    [1, 10.828, 0.001],
    [5, 11.070, 0.05],
    [10, 18.307, 0.05],
    [10, 29.588, 0.001],
    [30, 43.773, 0.05],
    [100, 124.342, 0.05],
    [100, 149.449, 0.001],
  ];
  for (const [df, critical, alpha] of TABLE) {
    it(`when the statistic is the table's ${alpha} critical value for df=${df}, then the p-value is ${alpha}`, () => {
      expect(chiSquarePValue(critical, df)).to.be.closeTo(alpha, alpha * 0.01);
    });
  }

  // With 4 degrees of freedom (ranks 1 to 5) the upper tail has a closed form: the chi-square with
  // 2m degrees of freedom is a gamma(m, 2), so Q(2, x/2) = e^(−x/2) (1 + x/2). At x = 100, the
  // statistic of 25 proposals all at rank 5 (4 × 25/5 + 20²/5), that is 51 e^(−50) ≈ 9.84e−21.
  for (const x of [1.6, 9.488, 100]) {
    it(`when df = 4 and the statistic is ${x}, then the p-value is e^(−x/2)(1 + x/2)`, () => {
      const closedForm = Math.exp(-x / 2) * (1 + x / 2);
      expect(chiSquarePValue(x, 4)).to.be.closeTo(closedForm, closedForm * 1e-9);
    });
  }

  it('when the statistic is 0, then the p-value is 1', () => {
    expect(chiSquarePValue(0, 4)).to.equal(1);
  });

  it('when observed equals expected, then the statistic is 0; otherwise Pearson\'s sum', () => {
    expect(chiSquareStatistic([10, 10], [10, 10])).to.equal(0);
    expect(chiSquareStatistic([12, 8], [10, 10])).to.be.closeTo(0.8, 1e-12);
  });

  it('when given integers, then logGamma is ln((n-1)!)', () => {
    expect(logGamma(1)).to.be.closeTo(0, 1e-12);
    expect(logGamma(5)).to.be.closeTo(Math.log(24), 1e-12);
    expect(logGamma(0.5)).to.be.closeTo(Math.log(Math.sqrt(Math.PI)), 1e-12);
  });
});
