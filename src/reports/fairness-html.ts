import type { FairnessReport } from '../domain/audit/fairness-report.js';
import type { FairnessReportWithChain } from '../use-cases/fairness-report.js';

/** The practitioners listed on the page; the JSON and CSV reports list everyone. */
const TABLE_ROWS = 50;
const RATIO_BINS = [0, 0.5, 0.8, 0.9, 0.95, 1.05, 1.1, 1.2, 1.5, 2];

/**
 * The fairness report as one self-contained HTML page: the summary in plain words, three charts
 * drawn as inline SVG (no script, no CDN, nothing fetched), and the practitioners furthest from
 * their fair share. Pure: a string from a report.
 */
export function fairnessHtml(report: FairnessReportWithChain): string {
  const { filter, summary } = report;
  const scope = [filter.specialty ?? 'all specialties', filter.department ? `department ${filter.department}` : 'all departments'].join(', ');
  const period = filter.from === filter.to ? filter.from : `${filter.from} to ${filter.to}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Fairness report, ${escape(period)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; color: #1d2733; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
  .scope { color: #5a6675; margin-top: 0; }
  .verdict { padding: 0.8rem 1rem; border-radius: 6px; background: #e8f4ec; border-left: 4px solid #2f8f4e; }
  .verdict.bad { background: #fbeaea; border-left-color: #b3261e; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: 1.5rem; }
  figure { margin: 0; } figcaption { font-size: 0.9rem; color: #5a6675; }
  svg { width: 100%; height: auto; background: #f7f9fb; border-radius: 4px; }
  svg text { font: 10px system-ui, sans-serif; fill: #5a6675; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
  th, td { text-align: right; padding: 0.25rem 0.5rem; border-bottom: 1px solid #e3e8ee; }
  th:first-child, td:first-child, th:nth-child(2), td:nth-child(2) { text-align: left; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dt { color: #5a6675; }
</style>
</head>
<body>
<h1>Fairness report</h1>
<p class="scope">${escape(period)} · ${escape(scope)}</p>
${verdict(report)}
<h2>In plain words</h2>
${plainWords(report)}
<h2>Charts</h2>
<div class="charts">
<figure id="ratios">${ratioHistogram(report)}<figcaption>Practitioners by offered / expected ratio: fairness puts nearly everyone near 1.</figcaption></figure>
<figure id="ranks">${rankBars(report)}<figcaption>Proposals at each rank, all practitioners together.</figcaption></figure>
<figure id="deficits">${deficitLine(report)}<figcaption>Largest absolute deficit (proposals) over the period's referrals.</figcaption></figure>
</div>
<h2>Figures</h2>
<dl>
  <dt>Referrals</dt><dd>${summary.referrals}</dd>
  <dt>Practitioners in a pool</dt><dd>${summary.practitioners}</dd>
  <dt>Largest absolute deficit</dt><dd>${summary.largestAbsoluteDeficit ? `${fixed(summary.largestAbsoluteDeficit.deficit, 3)} (${escape(summary.largestAbsoluteDeficit.nationalId)})` : '—'}</dd>
  <dt>Gini of offered/expected</dt><dd>${fixed(summary.giniOfRatios, 4)}</dd>
  <dt>Rank uniformity</dt><dd>${summary.rankUniformity ? `χ² = ${fixed(summary.rankUniformity.chiSquare, 3)}, df = ${summary.rankUniformity.degreesOfFreedom}, p = ${fixed(summary.rankUniformity.pValue, 4)} (${summary.rankUniformity.referrals} referrals of ${summary.rankUniformity.k})` : '—'}</dd>
  <dt>Mean Kendall tau, alphabetical</dt><dd>${fixed(summary.meanKendallTau.alphabetical, 4)}</dd>
  <dt>Mean Kendall tau, distance</dt><dd>${fixed(summary.meanKendallTau.distance, 4)}</dd>
  <dt>Log</dt><dd>${report.chain.verified ? `${report.chain.entries} entries verified` : 'NOT verified'}; newest hash <code>${escape(report.chain.lastHash.slice(0, 16))}…</code></dd>
</dl>
<h2>Furthest from their fair share</h2>
${practitionerTable(report)}
</body>
</html>
`;
}

function verdict(report: FairnessReportWithChain): string {
  if (!report.chain.verified) {
    const divergence = report.chain.divergence;
    return `<p class="verdict bad"><strong>The log does not verify</strong>: it diverges at entry ${divergence?.sequence ?? '?'} (${escape(divergence?.check ?? '')}). The figures below come from a log that cannot be trusted.</p>`;
  }
  return `<p class="verdict"><strong>The log verifies</strong>: all ${report.chain.entries} entries were replayed from empty counters, every selection and order recomputed.</p>`;
}

function plainWords(report: FairnessReport): string {
  const { summary } = report;
  if (summary.referrals === 0) return '<p>No referral in this period and scope.</p>';
  const largest = summary.largestAbsoluteDeficit;
  const sentences = [
    `${summary.referrals} referral${summary.referrals === 1 ? '' : 's'} drew from pools holding ${summary.practitioners} practitioner${summary.practitioners === 1 ? '' : 's'}.`,
    largest
      ? `Nobody was proposed more than ${fixed(Math.abs(largest.deficit), 2)} time${Math.abs(largest.deficit) === 1 ? '' : 's'} more or fewer than their fair share.`
      : '',
    `The offered / expected ratios have a Gini coefficient of ${fixed(summary.giniOfRatios, 3)} (0 would be perfectly even).`,
    summary.rankUniformity
      ? `The alphabetically first of the ${summary.rankUniformity.k} proposed was put at each rank ${summary.rankUniformity.pValue >= 0.001 ? 'about equally often' : 'unequally often'} (p = ${fixed(summary.rankUniformity.pValue, 3)}; below 0.001 would point to a bias).`
      : '',
    `On average, the order shown is ${describeTau(summary.meanKendallTau.alphabetical)} alphabetical order and ${describeTau(summary.meanKendallTau.distance)} distance order (Kendall tau ${fixed(summary.meanKendallTau.alphabetical, 3)} and ${fixed(summary.meanKendallTau.distance, 3)}).`,
  ];
  return `<p>${sentences.filter((sentence) => sentence !== '').map(escape).join(' ')}</p>`;
}

function describeTau(tau: number): string {
  const size = Math.abs(tau);
  if (size < 0.05) return 'unrelated to';
  return `${size < 0.2 ? 'slightly' : 'strongly'} ${tau > 0 ? 'aligned with' : 'opposed to'}`;
}

const WIDTH = 320;
const HEIGHT = 180;
const MARGIN = { left: 34, right: 8, top: 10, bottom: 28 };

/** Vertical bars with labels under them; every bar is a <rect class="bar">. */
function barChart(labels: readonly string[], values: readonly number[], label: string): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = Math.max(1, ...values);
  const step = plotWidth / Math.max(1, values.length);
  const bars = values.map((value, index) => {
    const height = (value / top) * plotHeight;
    const x = MARGIN.left + index * step;
    return `<rect class="bar" x="${x + 1}" y="${MARGIN.top + plotHeight - height}" width="${Math.max(1, step - 2)}" height="${height}" fill="#3b6fb6"><title>${escape(labels[index] ?? '')}: ${value}</title></rect>`
      + `<text x="${x + step / 2}" y="${HEIGHT - MARGIN.bottom + 12}" text-anchor="middle">${escape(labels[index] ?? '')}</text>`;
  });
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escape(label)}">${axes(top)}${bars.join('')}</svg>`;
}

function axes(top: number): string {
  const bottom = HEIGHT - MARGIN.bottom;
  return `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}" stroke="#9aa5b1"/>`
    + `<line x1="${MARGIN.left}" y1="${bottom}" x2="${WIDTH - MARGIN.right}" y2="${bottom}" stroke="#9aa5b1"/>`
    + `<text x="${MARGIN.left - 4}" y="${MARGIN.top + 8}" text-anchor="end">${compact(top)}</text>`
    + `<text x="${MARGIN.left - 4}" y="${bottom}" text-anchor="end">0</text>`;
}

function ratioHistogram(report: FairnessReport): string {
  const counts = new Array<number>(RATIO_BINS.length).fill(0);
  for (const { ratio } of report.practitioners) {
    if (ratio === null) continue;
    let bin = RATIO_BINS.length - 1;
    while (bin > 0 && ratio < (RATIO_BINS[bin] as number)) bin--;
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  const labels = RATIO_BINS.map((low, index) => (index === RATIO_BINS.length - 1 ? `≥${low}` : `${low}`));
  return barChart(labels, counts, 'Practitioners by offered/expected ratio');
}

function rankBars(report: FairnessReport): string {
  const totals: number[] = [];
  for (const { ranks } of report.practitioners) ranks.forEach((count, index) => (totals[index] = (totals[index] ?? 0) + count));
  const used = Math.max(1, totals.reduce((last, count, index) => (count > 0 ? index + 1 : last), 0));
  return barChart(totals.slice(0, used).map((_, index) => `${index + 1}`), totals.slice(0, used), 'Proposals at each rank');
}

function deficitLine(report: FairnessReport): string {
  const points = report.deficitsOverTime;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = Math.max(1, ...points.map((point) => point.largestAbsoluteDeficit));
  const coordinates = points.map((point, index) => {
    const x = MARGIN.left + (points.length === 1 ? plotWidth : (index / (points.length - 1)) * plotWidth);
    const y = MARGIN.top + plotHeight - (point.largestAbsoluteDeficit / top) * plotHeight;
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const line = coordinates.length > 0 ? `<polyline class="series" points="${coordinates.join(' ')}" fill="none" stroke="#b3541e" stroke-width="1.5"/>` : '';
  const first = points[0]?.sequence ?? 0;
  const last = points[points.length - 1]?.sequence ?? 0;
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Largest absolute deficit over time">${axes(top)}${line}`
    + `<text x="${MARGIN.left}" y="${HEIGHT - 6}">#${first}</text><text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 6}" text-anchor="end">#${last}</text></svg>`;
}

function practitionerTable(report: FairnessReport): string {
  const rows = [...report.practitioners].sort((a, b) => Math.abs(b.deficit) - Math.abs(a.deficit)).slice(0, TABLE_ROWS);
  if (rows.length === 0) return '<p>No practitioner was in a pool.</p>';
  const body = rows.map((practitioner) => `<tr><td>${escape(practitioner.nationalId)}</td><td>${escape(practitioner.name ?? '—')}</td>`
    + `<td>${fixed(practitioner.expected, 2)}</td><td>${practitioner.offered}</td><td>${practitioner.ratio === null ? '—' : fixed(practitioner.ratio, 3)}</td>`
    + `<td>${fixed(practitioner.deficit, 3)}</td><td>${practitioner.ranks.slice(0, 5).join(' · ')}</td></tr>`).join('\n');
  return `<table><thead><tr><th>National id</th><th>Name</th><th>Expected</th><th>Offered</th><th>Ratio</th><th>Deficit</th><th>Ranks 1–5</th></tr></thead>
<tbody>
${body}
</tbody></table>`;
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

function compact(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
