import { expect } from 'chai';
import { fairnessReport, type ReportFilter } from '../../src/domain/audit/fairness-report.js';
import { MIN_EXPECTED_PER_RANK, testRanksPerPractitioner } from '../../src/domain/audit/practitioner-rank-test.js';
import { createRng } from '../../src/domain/shuffle/rng.js';
import { ALWAYS_LAST, entry, POOL, putLast, SEED, simulatedLog } from '../support/fairness-log.js';

const FILTER: ReportFilter = { from: '2026-11-23', to: '2026-11-23', specialty: null, department: null, filtered: null };

describe('fairnessReport: the per-practitioner rank test', () => {
  it('when one practitioner is always put last, then they are flagged, first, with ranks 0 0 0 0 n', () => {
    const report = fairnessReport(simulatedLog(400, createRng(SEED), putLast), FILTER);

    const test = report.summary.practitionerRankTest;
    expect(test).to.include({ k: 5, minimumProposals: 25, correction: 'holm-bonferroni', familyWiseAlpha: 0.05, tested: 20, untested: 0, proposalsLeftOut: 0 });
    expect(test?.flagged[0]).to.include({ nationalId: ALWAYS_LAST });
    expect(test?.flagged[0]?.ranksAtK).to.deep.equal([0, 0, 0, 0, 100]);
    // 100 proposals all at rank 5: chi-square 400 with 4 df, p = e^-200 (1 + 200), times 20 by Holm.
    expect(test?.flagged[0]?.adjustedPValue).to.be.below(1e-80);
    const row = report.practitioners.find((p) => p.nationalId === ALWAYS_LAST);
    expect(row?.rankTest).to.include({ proposals: 100, chiSquare: 400, flagged: true });
  });

  it('when the order is the seeded shuffle (fixed seed), then nobody is flagged at the family-wise 5%', () => {
    const report = fairnessReport(simulatedLog(400, createRng(SEED)), FILTER);

    const test = report.summary.practitionerRankTest;
    expect(test).to.include({ tested: 20 });
    expect(test?.flagged).to.deep.equal([]);
    const adjusted = report.practitioners.map((p) => p.rankTest?.adjustedPValue ?? 0);
    expect(Math.min(...adjusted)).to.be.above(0.05);
  });

  it('when referrals propose fewer than the most common k (a pool of three), then their proposals are left out and counted', () => {
    const small = POOL.slice(0, 3);
    const log = [...simulatedLog(200, createRng(SEED)), ...Array.from({ length: 10 }, (_, i) => entry(201 + i, small, [...small].reverse()))];

    const report = fairnessReport(log, FILTER);

    expect(report.summary.practitionerRankTest).to.include({ k: 5, proposalsLeftOut: 30 });
    const first = report.practitioners.find((p) => p.nationalId === POOL[0]);
    expect(first?.offered).to.equal(60);
    expect(first?.rankTest?.proposals).to.equal(50);
    expect(first?.rankTest?.ranksAtK).to.have.length(5);
  });

  it('when a practitioner has 5k − 1 proposals in referrals of k, then they are not tested; at 5k they are', () => {
    const k = 5;
    const [below, at] = testRanksPerPractitioner([[5, 5, 5, 5, 4], [5, 5, 5, 5, 5]], k);
    expect(below).to.equal(null);
    expect(at).to.include({ proposals: MIN_EXPECTED_PER_RANK * k, chiSquare: 0, pValue: 1, adjustedPValue: 1, flagged: false });
  });

  it('when ranks are 3 7 5 5 5, then chi-square 1.6 and p = e^-0.8 × 1.8 (df 4)', () => {
    const [test] = testRanksPerPractitioner([[3, 7, 5, 5, 5]], 5);
    expect(test?.chiSquare).to.be.closeTo(1.6, 1e-12);
    expect(test?.pValue).to.be.closeTo(Math.exp(-0.8) * 1.8, 1e-9);
  });
});

describe('fairnessReport: names, sample sizes and the alphabetical tests', () => {
  it('when someone in a pool was never proposed, then they are named from the directory like everyone else', () => {
    const log = [entry(1, POOL, POOL.slice(0, 5))];
    const asked: string[][] = [];
    const directory = (ids: readonly string[]): Map<string, string> => {
      asked.push([...ids]);
      return new Map(ids.map((id) => [id, `DIRECTORY ${id}`]));
    };

    const report = fairnessReport(log, FILTER, 1, directory);

    expect(asked).to.have.length(1);
    expect(report.practitioners).to.have.length(20);
    for (const p of report.practitioners) expect(p.name).to.equal(`DIRECTORY ${p.nationalId}`);
  });

  it('when the directory lacks someone proposed, then the name last shown is kept', () => {
    const report = fairnessReport([entry(1, POOL.slice(0, 5), POOL.slice(0, 5))], FILTER);
    expect(report.practitioners.find((p) => p.nationalId === POOL[0])?.name).to.equal('NOMZ Prénom');
  });

  it('when 11 referrals of 5, then the alphabetical-first test has no p-value, says it needs 25, and the tau band is 1.96 √(11/6) / 11', () => {
    const report = fairnessReport(simulatedLog(11, createRng(SEED)), FILTER);

    expect(report.summary.rankUniformity).to.include({ k: 5, referrals: 11, minimumReferrals: 25, chiSquare: null, pValue: null });
    expect(report.summary.meanKendallTau.referrals).to.equal(11);
    expect(report.summary.meanKendallTau.chance95).to.be.closeTo((1.96 * Math.sqrt(11 / 6)) / 11, 1e-12);
  });

  it('when 25 referrals of 5, then the alphabetical-first test has its p-value', () => {
    const report = fairnessReport(simulatedLog(25, createRng(SEED)), FILTER);
    expect(report.summary.rankUniformity?.pValue).to.be.within(0, 1);
  });
});
