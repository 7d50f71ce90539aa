import { expect } from 'chai';
import fc from 'fast-check';
import { applyDraw, draw } from '../../src/domain/draw.js';
import { deficitOf, SHARE_UNIT, type FairnessCounter } from '../../src/domain/selection/fairness-counters.js';
import { selectByDeficit } from '../../src/domain/selection/select-by-deficit.js';
import { createRng } from '../../src/domain/shuffle/rng.js';
import { chiSquarePValue, chiSquareStatistic } from '../../src/domain/stats/chi-square.js';
import { testSeed } from '../support/seeds.js';

const poolOf = (n: number) => Array.from({ length: n }, (_, i) => `8${String(10000000000 + i)}`);

/** Runs `referrals` draws over one fixed pool, checking `afterEach` on the counters after every one. */
function runFixedPool(n: number, k: number, referrals: number, afterEach: (counters: Map<string, FairnessCounter>, order: readonly string[]) => void) {
  const pool = poolOf(n);
  let counters = new Map<string, FairnessCounter>();
  let previousOrder: readonly string[] | null = null;
  for (let t = 0; t < referrals; t++) {
    const result = draw({ pool, counters, seed: testSeed(t, `pool-${n}-${k}`), k, previousOrder });
    counters = applyDraw(counters, pool, result);
    afterEach(counters, result.order);
    previousOrder = result.order;
  }
}

describe('selectByDeficit', () => {
  it('when one member is owed more than the others, then it is selected whatever the seed', () => {
    const pool = poolOf(8);
    const counters = new Map([[pool[6] as string, { expectedUnits: 2 * SHARE_UNIT, offered: 0 }]]);
    for (let i = 0; i < 50; i++) expect(selectByDeficit(pool, counters, 1, createRng(testSeed(i)))).to.deep.equal([pool[6]]);
  });

  it('when every deficit is equal, then each member is selected equally often (chi-square, p ≥ 0.001)', () => {
    const pool = poolOf(10);
    const times = new Map(pool.map((id) => [id, 0]));
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      for (const id of selectByDeficit(pool, new Map(), 3, createRng(testSeed(i, 'ties')))) times.set(id, (times.get(id) ?? 0) + 1);
    }
    const observed = [...times.values()];
    expect(chiSquarePValue(chiSquareStatistic(observed, observed.map(() => (draws * 3) / 10)), 9)).to.be.at.least(0.001);
  });
});

describe('draw', () => {
  it('when the same input is drawn twice, then the result is identical (replayable)', () => {
    const input = { pool: poolOf(30), counters: new Map(), seed: testSeed(1), k: 5, previousOrder: null };
    expect(draw(input)).to.deep.equal(draw(input));
  });

  it('when the pool is fixed, then every member stays within one proposal of its fair share after any number of referrals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 300 }), (n, k, referrals) => {
        runFixedPool(n, k, referrals, (counters) => {
          for (const counter of counters.values()) expect(Math.abs(deficitOf(counter))).to.be.at.most(1 + 1e-9);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('when the same five are drawn from the same pool twice in a row, then the order differs', () => {
    let previous: readonly string[] | null = null;
    runFixedPool(5, 5, 2_000, (_counters, order) => {
      if (previous) expect(order).to.not.deep.equal(previous);
      previous = order;
    });
  });

  it('when the pool is smaller than k, then all are proposed and each accrues a share of exactly 1', () => {
    const result = draw({ pool: poolOf(3), counters: new Map(), seed: testSeed(7), k: 5, previousOrder: null });
    expect([...result.order].sort()).to.deep.equal(poolOf(3));
    expect(result.shareUnits).to.equal(SHARE_UNIT);
  });

  it('when k of n are proposed, then every member accrues k/n and the proposed gain one offer each', () => {
    const pool = poolOf(20);
    const result = draw({ pool, counters: new Map(), seed: testSeed(8), k: 5, previousOrder: null });
    const after = applyDraw(new Map(), pool, result);
    expect(result.shareUnits).to.equal(SHARE_UNIT / 4);
    expect([...after.values()].reduce((sum, c) => sum + c.offered, 0)).to.equal(5);
    for (const id of result.order) expect(after.get(id)).to.deep.equal({ expectedUnits: SHARE_UNIT / 4, offered: 1 });
  });

  it('when pools overlap, then nobody drifts more than 1.5 proposals from their fair share', () => {
    const everyone = poolOf(40);
    let counters = new Map<string, FairnessCounter>();
    for (let t = 0; t < 3_000; t++) {
      const start = (t * 7) % 20;
      const pool = everyone.slice(start, start + 12 + (t % 9));
      const result = draw({ pool, counters, seed: testSeed(t, 'overlap'), k: 5, previousOrder: null });
      counters = applyDraw(counters, pool, result);
      for (const counter of counters.values()) expect(Math.abs(deficitOf(counter))).to.be.at.most(1.5);
    }
  });
});
