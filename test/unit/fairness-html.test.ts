import { expect } from 'chai';
import { fairnessReport, type FairnessReport, type ReportFilter } from '../../src/domain/audit/fairness-report.js';
import { createRng } from '../../src/domain/shuffle/rng.js';
import { fairnessHtml } from '../../src/reports/fairness-html.js';
import type { FairnessReportWithChain } from '../../src/use-cases/fairness-report.js';
import { ALWAYS_LAST, entry, POOL, putLast, SEED, simulatedLog } from '../support/fairness-log.js';

const FILTER: ReportFilter = { from: '2026-11-23', to: '2026-11-23', specialty: null, department: null, filtered: null };
const DIRECTORY = (ids: readonly string[]): Map<string, string> => new Map(ids.map((id) => [id, `DUPONT-${id.slice(-3)} Anne`]));

function page(report: FairnessReport, csvHref: string | null = '?format=csv'): string {
  const withChain: FairnessReportWithChain = { ...report, chain: { verified: true, entries: report.summary.referrals, lastHash: 'ab'.repeat(32), seedsNotCommittedInAdvance: { entries: 0, periods: [] }, divergence: null } };
  return fairnessHtml(withChain, { csvHref });
}

/** The text of the figure whose term is `term` in the Figures list. */
function figure(html: string, term: string): string {
  return html.match(new RegExp(`<dt>${term}</dt><dd>([^<]*)</dd>`))?.[1] ?? '';
}

/** Proposed so that the alphabetical positions are 2 3 0 1 4 (names run against ids): Kendall tau 0.2. */
const TAU_POINT_TWO = [POOL[2], POOL[1], POOL[4], POOL[3], POOL[0]] as string[];

describe('fairnessHtml: the summary in words', () => {
  it('when 11 referrals have a mean alphabetical tau of 0.2, then it is within chance (±0.241), not "strongly aligned", with a small-sample caveat', () => {
    const html = page(fairnessReport(Array.from({ length: 11 }, (_, i) => entry(i + 1, POOL, TAU_POINT_TWO)), FILTER, 11, DIRECTORY));

    expect(html).to.not.match(/strongly aligned/);
    expect(html).to.include('Order shown against alphabetical order, over 11 referrals of two or more: mean Kendall tau 0.200');
    expect(html).to.include('a uniformly random order stays within ±0.241 of 0 for 11 referrals 95% of the time, so this is no sign of alignment.');
    // Distances grow with rank in these entries: tau 1, far beyond the band.
    expect(html).to.include('so the order leans strongly towards distance order (nearest first).');
    expect(html).to.match(/<p class="caveat">Only 11 referrals: below 25 \(five expected at each of five ranks/);
  });

  it('when the alphabetical-first test has too few referrals, then the figure says why instead of a dash', () => {
    const html = page(fairnessReport(Array.from({ length: 11 }, (_, i) => entry(i + 1, POOL, TAU_POINT_TWO)), FILTER, 11, DIRECTORY));
    expect(figure(html, 'Rank of the alphabetically first')).to.equal('Rank given to the alphabetically first of those proposed: not tested, only 11 referrals of 5 proposals, fewer than the 25 (five expected per rank) the chi-square approximation needs.');
  });

  it('when the largest deficit is negative, then it is shown as a positive gap with its direction, named', () => {
    // Nine referrals in turn from a pool of 20: the first five were proposed three times for 2.25 fair shares.
    const report = fairnessReport(simulatedLog(9, createRng(SEED)), FILTER, 9, DIRECTORY);
    expect(report.summary.largestAbsoluteDeficit?.deficit).to.equal(-0.75);

    const html = page(report);

    expect(figure(html, 'Largest absolute deficit')).to.equal(`0.75 proposals more than their fair share, DUPONT-${report.summary.largestAbsoluteDeficit?.nationalId.slice(-3)} Anne (${report.summary.largestAbsoluteDeficit?.nationalId}, ophtalmologie)`);
    expect(html).to.include('Largest gap between a practitioner&#39;s fair share and the proposals they received, over the 9 referrals: 0.75 proposals more than their fair share');
    expect(html.match(/<ul class="summary">.*?<\/ul>/s)?.[0]).to.not.match(/-0\.75/);
  });

  it('when a practitioner is always put last, then the summary names them as flagged, with the correction stated', () => {
    const html = page(fairnessReport(simulatedLog(400, createRng(SEED), putLast), FILTER, 400, DIRECTORY));

    expect(html).to.include('p-values adjusted by Holm–Bonferroni at a family-wise error of 5%');
    expect(html).to.match(new RegExp(`flagged: DUPONT-${ALWAYS_LAST.slice(-3)} Anne \\(${ALWAYS_LAST}, ranks 0 · 0 · 0 · 0 · 100, adjusted p = `));
    const theirDots = html.match(new RegExp(`<circle class="point flagged"[^>]*><title>DUPONT-${ALWAYS_LAST.slice(-3)} Anne, rank \\d`, 'g'));
    expect(theirDots?.length, 'one red dot per rank for them in the exposure chart').to.equal(5);
  });
});

describe('fairnessHtml: charts and table', () => {
  it('when most practitioners have not had a turn yet, then the histogram caption says the tallest bar is below 0.5 and why', () => {
    const html = page(fairnessReport([entry(1, POOL, POOL.slice(0, 5))], FILTER, 1, DIRECTORY));

    const caption = html.match(/<figure id="ratios">.*?<figcaption>(.*?)<\/figcaption>/s)?.[1] ?? '';
    expect(caption).to.include('the tallest bar is 0 to 0.5, 15 practitioners.');
    expect(caption).to.include('Of those below 0.5, 15 had a fair share of less than one proposal');
    expect(caption).to.not.include('nearly everyone near 1');
  });

  it('when drawn, then four charts: offered against expected, deficit over time, exposure by rank, ratios; no rank totals', () => {
    const html = page(fairnessReport(simulatedLog(40, createRng(SEED)), FILTER, 40, DIRECTORY));
    expect([...html.matchAll(/<figure id="([a-z]+)">/g)].map((match) => match[1])).to.deep.equal(['offered', 'deficits', 'exposure', 'ratios']);
    const counts = [...(html.match(/<figure id="offered">.*?<\/figure>/s)?.[0] ?? '').matchAll(/<circle class="point" data-count="(\d+)"/g)].map((match) => Number(match[1]));
    expect(counts.reduce((sum, count) => sum + count, 0), 'every practitioner, once').to.equal(20);
  });

  it('when there are more than 50 practitioners, then the table says it shows 50 of them, has a specialty column and links to the full CSV', () => {
    const pools = [0, 1, 2].map((block) => Array.from({ length: 20 }, (_, i) => `82000000${block}${String(i).padStart(3, '0')}`));
    const log = pools.flatMap((pool, block) => Array.from({ length: 4 }, (_, i) => entry(block * 4 + i + 1, pool, pool.slice(i * 5, i * 5 + 5))));
    const report = fairnessReport(log.slice(0, 11), FILTER, 11, DIRECTORY);
    expect(report.practitioners).to.have.length(60);

    const html = page(report, '?from=2026-11-23&format=csv');

    expect(html).to.include('<h2>The 50 furthest from their fair share</h2>');
    expect(html).to.include('The 50 of the 60 practitioners with the largest gap to their fair share, either way. The full list, one row per practitioner: <a id="full-csv" href="?from=2026-11-23&amp;format=csv">the CSV report</a>.');
    expect(html).to.include('<th>Specialty</th>');
    expect(html.match(/<tr><td>/g)?.length).to.equal(50);
    expect(page(report, null)).to.include('<code>audit report</code> with the same options and an <code>--out</code> file ending in <code>.csv</code>');
  });
});
