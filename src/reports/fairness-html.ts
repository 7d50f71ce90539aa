import type { FairnessReport } from '../domain/audit/fairness-report.js';
import type { FairnessReportWithChain } from '../use-cases/fairness-report.js';
import { deficitOverTime, exposureByRank, offeredAgainstExpected, ratioHistogram, type Chart } from './fairness-charts.js';
import { alphabeticalFirstSentence, describeLargestGap, perPractitionerSentence, smallSampleCaveat, summarySentences } from './fairness-words.js';
import { counted, escapeHtml as escape, formatP } from './html-text.js';

/** The practitioners listed on the page; the JSON and CSV reports list everyone. */
export const TABLE_ROWS = 50;

export interface FairnessHtmlOptions {
  /** Where the same report is as CSV (every practitioner), or null where the page has no such link (a file written by the CLI). */
  readonly csvHref: string | null;
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; color: #1d2733; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
  .scope { color: #5a6675; margin-top: 0; }
  .verdict { padding: 0.8rem 1rem; border-radius: 6px; background: #e8f4ec; border-left: 4px solid #2f8f4e; }
  .verdict.bad, .caveat { background: #fbeaea; border-left: 4px solid #b3261e; padding: 0.8rem 1rem; border-radius: 6px; }
  .caveat { background: #fdf5e6; border-left-color: #b37a1e; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.5rem; }
  figure { margin: 0; } figcaption { font-size: 0.9rem; color: #5a6675; }
  svg { width: 100%; height: auto; background: #f7f9fb; border-radius: 4px; }
  svg text { font: 9px system-ui, sans-serif; fill: #5a6675; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
  th, td { text-align: right; padding: 0.25rem 0.5rem; border-bottom: 1px solid #e3e8ee; }
  th:nth-child(-n+3), td:nth-child(-n+3) { text-align: left; } td:nth-child(8) { white-space: nowrap; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dt { color: #5a6675; }`;

/**
 * The fairness report as one self-contained HTML page: the summary in sentences, four charts
 * drawn as inline SVG (no script, no CDN, nothing fetched), the figures, and the practitioners
 * furthest from their fair share. Pure: a string from a report.
 */
export function fairnessHtml(report: FairnessReportWithChain, options: FairnessHtmlOptions = { csvHref: null }): string {
  const { filter } = report;
  const scope = [filter.specialty ?? 'all specialties', filter.department ? `department ${filter.department}` : 'all departments'].join(', ');
  const period = filter.from === filter.to ? filter.from : `${filter.from} to ${filter.to}`;
  const caveat = smallSampleCaveat(report);
  const charts = [offeredAgainstExpected(report), deficitOverTime(report), exposureByRank(report), ratioHistogram(report)];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Fairness report, ${escape(period)}</title>
<style>${STYLE}
</style>
</head>
<body>
<h1>Fairness report</h1>
<p class="scope">${escape(period)} · ${escape(scope)}</p>
${verdict(report)}
<h2>In plain words</h2>
${caveat === '' ? '' : `<p class="caveat">${escape(caveat)}</p>\n`}<ul class="summary">
${summarySentences(report).map((sentence) => `<li>${escape(sentence)}</li>`).join('\n')}
</ul>
<h2>Charts</h2>
<div class="charts">
${charts.map(figure).join('\n')}
</div>
<h2>Figures</h2>
${figures(report)}
${practitionerTable(report, options)}
</body>
</html>
`;
}

function figure(chart: Chart): string {
  return `<figure id="${chart.id}">${chart.svg}<figcaption>${escape(chart.caption)}</figcaption></figure>`;
}

function verdict(report: FairnessReportWithChain): string {
  if (!report.chain.verified) {
    const divergence = report.chain.divergence;
    return `<p class="verdict bad"><strong>The log does not verify</strong>: it diverges at entry ${divergence?.sequence ?? '?'} (${escape(divergence?.check ?? '')}). The figures below come from a log that cannot be trusted.</p>`;
  }
  const late = report.chain.seedsNotCommittedInAdvance;
  const lateText = late.entries === 0 ? '' : ` But the seeds of ${late.entries} of them were not committed in advance: their period (${late.periods.map(escape).join(', ')}) was committed after it began, so the operator could have known them first (<code>audit verify --strict</code> fails them).`;
  return `<p class="verdict"><strong>The log verifies</strong>: all ${report.chain.entries} entries were replayed from empty counters, every selection and order recomputed.${lateText}</p>`;
}

function figures(report: FairnessReportWithChain): string {
  const { summary } = report;
  const tau = summary.meanKendallTau;
  const band = `±${tau.chance95.toFixed(3)} by chance, ${counted(tau.referrals, 'referral')}`;
  const rows: [string, string][] = [
    ['Referrals', String(summary.referrals)],
    ['Practitioners in a pool', String(summary.practitioners)],
    ['Largest absolute deficit', summary.largestAbsoluteDeficit ? describeLargestGap(report) : 'none: no referral'],
    ['Gini of offered/expected', summary.giniOfRatios.toFixed(4)],
    ['Rank of the alphabetically first', alphabeticalFirstSentence(report)],
    ['Ranks of each practitioner', perPractitionerSentence(report) || 'not tested: no referral proposed two or more practitioners.'],
    ['Mean Kendall tau, alphabetical', `${tau.alphabetical.toFixed(4)} (${band})`],
    ['Mean Kendall tau, distance', `${tau.distance.toFixed(4)} (${band})`],
  ];
  const log = `${report.chain.verified ? `${report.chain.entries} entries verified` : 'NOT verified'}; newest hash <code>${escape(report.chain.lastHash.slice(0, 16))}…</code>`;
  return `<dl>\n${rows.map(([term, value]) => `  <dt>${escape(term)}</dt><dd>${escape(value)}</dd>`).join('\n')}\n  <dt>Log</dt><dd>${log}</dd>\n</dl>`;
}

function practitionerTable(report: FairnessReport, options: FairnessHtmlOptions): string {
  const everyone = report.practitioners.length;
  if (everyone === 0) return '<h2>Furthest from their fair share</h2>\n<p>No practitioner was in a pool.</p>';
  const rows = [...report.practitioners].sort((a, b) => Math.abs(b.deficit) - Math.abs(a.deficit)).slice(0, TABLE_ROWS);
  const k = report.summary.practitionerRankTest?.k ?? 5;
  const full = options.csvHref === null
    ? 'The full list, one row per practitioner, is the CSV report: <code>audit report</code> with the same options and an <code>--out</code> file ending in <code>.csv</code>.'
    : `The full list, one row per practitioner: <a id="full-csv" href="${escape(options.csvHref)}">the CSV report</a>.`;
  const lead = rows.length < everyone
    ? `The ${rows.length} of the ${counted(everyone, 'practitioner')} with the largest gap to their fair share, either way. ${full}`
    : `All ${counted(everyone, 'practitioner')}, largest gap to their fair share first. ${full}`;
  const body = rows.map((p) => `<tr><td>${escape(p.nationalId)}</td><td>${escape(p.name)}</td><td>${escape(p.specialty)}</td>`
    + `<td>${p.expected.toFixed(2)}</td><td>${p.offered}</td><td>${p.ratio === null ? 'no share' : p.ratio.toFixed(3)}</td>`
    + `<td>${p.deficit.toFixed(3)}</td><td>${p.ranks.slice(0, k).join(' · ')}</td>`
    + `<td>${p.rankTest === null ? 'too few' : `${formatP(p.rankTest.adjustedPValue)}${p.rankTest.flagged ? ' (flagged)' : ''}`}</td></tr>`).join('\n');
  return `<h2>${rows.length < everyone ? `The ${rows.length} furthest from their fair share` : 'Furthest from their fair share'}</h2>
<p id="table-lead">${lead}</p>
<table><thead><tr><th>National id</th><th>Name</th><th>Specialty</th><th>Expected</th><th>Offered</th><th>Ratio</th><th>Deficit (expected − offered)</th><th>Ranks 1–${k}</th><th>Rank test, Holm p</th></tr></thead>
<tbody>
${body}
</tbody></table>`;
}
