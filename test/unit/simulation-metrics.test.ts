import { expect } from 'chai';
import type { LogRecord } from '../../src/domain/audit/replay.js';
import { exposureWeight, SimulationTracker } from '../../src/domain/audit/simulation-metrics.js';

/** Just what the tracker reads of a log entry: pool, proposed order, names and distances. */
function entry(pool: string[], proposed: string[], count = proposed.length): LogRecord {
  return {
    pool,
    proposed,
    referral: {
      specialty: { code: 'ophtalmologie' },
      count,
      audit: { poolHash: pool.join() },
      practitioners: proposed.map((nationalId, index) => ({ rank: index + 1, nationalId, lastName: `NOM${nationalId}`, firstName: 'A', distanceKm: Number(nationalId) })),
    },
  } as unknown as LogRecord;
}

describe('SimulationTracker', () => {
  it('when a pool repeats its previous order, then it is counted; a new order is not', () => {
    const tracker = new SimulationTracker();
    tracker.record(entry(['1', '2', '3'], ['1', '2']));
    tracker.record(entry(['1', '2', '3'], ['1', '2']));
    tracker.record(entry(['1', '2', '3'], ['2', '1']));
    expect(tracker.metrics.consecutiveIdenticalOrders).to.equal(1);
  });

  it('when deficits move, then the largest absolute one at any prefix is kept even after it shrinks', () => {
    const tracker = new SimulationTracker();
    // Pool of 4, one proposed each time: after the first, '2', '3', '4' are owed 0.25 and '1' is 0.75 ahead.
    tracker.record(entry(['1', '2', '3', '4'], ['1'], 1));
    tracker.record(entry(['1', '2', '3', '4'], ['2'], 1));
    expect(tracker.metrics.largestAbsoluteDeficitEver).to.be.closeTo(0.75, 1e-9);
  });

  it('when a newcomer is watched, then the referrals of pools holding them until first proposed are counted against ceil(n/k)+1', () => {
    const tracker = new SimulationTracker();
    tracker.watchJoiner('9');
    tracker.record(entry(['1', '2', '9'], ['1'], 1));
    tracker.record(entry(['1', '2'], ['2'], 1));
    tracker.record(entry(['1', '2', '9'], ['9'], 1));
    expect(tracker.metrics.joiners).to.deep.equal([{ nationalId: '9', referralsUntilProposed: 2, poolsSeen: 2, bound: 4 }]);
  });

  it('when the alphabetically first is always put first, then its exposure is above the fair one by the DCG ratio', () => {
    const tracker = new SimulationTracker();
    tracker.record(entry(['1', '2'], ['1', '2']));
    const fair = (exposureWeight(1) + exposureWeight(2)) / 2;
    expect(tracker.metrics.exposureDeviation.alphabeticalFirst).to.be.closeTo(exposureWeight(1) / fair - 1, 1e-12);
    expect(exposureWeight(1)).to.equal(1);
  });
});
