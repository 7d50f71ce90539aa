import type { FairnessReport } from '../domain/audit/fairness-report.js';
import { counted, escapeHtml as escape } from './html-text.js';

/** A chart as inline SVG (nothing fetched, no script: the service's content policy allows neither) and its caption. */
export interface Chart {
  readonly id: string;
  readonly svg: string;
  readonly caption: string;
}

const WIDTH = 320;
const HEIGHT = 200;
const MARGIN = { left: 38, right: 8, top: 10, bottom: 34 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const BOTTOM = HEIGHT - MARGIN.bottom;
const RATIO_BINS = [0, 0.5, 0.8, 0.9, 0.95, 1.05, 1.1, 1.2, 1.5, 2];
const BIN_OF_ONE = RATIO_BINS.indexOf(0.95);

function svg(label: string, content: string): string {
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escape(label)}">${content}</svg>`;
}

/** Both axes, the top value of y, and the axis titles under and beside the plot. */
function axes(top: string, xTitle: string, yTitle: string): string {
  return `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${BOTTOM}" stroke="#9aa5b1"/>`
    + `<line x1="${MARGIN.left}" y1="${BOTTOM}" x2="${WIDTH - MARGIN.right}" y2="${BOTTOM}" stroke="#9aa5b1"/>`
    + `<text x="${MARGIN.left - 4}" y="${MARGIN.top + 8}" text-anchor="end">${escape(top)}</text>`
    + `<text x="${MARGIN.left - 4}" y="${BOTTOM}" text-anchor="end">0</text>`
    + `<text x="${MARGIN.left + PLOT_WIDTH / 2}" y="${HEIGHT - 4}" text-anchor="middle">${escape(xTitle)}</text>`
    + `<text transform="translate(10 ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(-90)" text-anchor="middle">${escape(yTitle)}</text>`;
}

/** Practitioners by offered / expected ratio, with a caption that says where they actually are. */
export function ratioHistogram(report: FairnessReport): Chart {
  const withShare = report.practitioners.filter((p) => p.ratio !== null);
  const bins = RATIO_BINS.map(() => [] as typeof withShare);
  for (const practitioner of withShare) {
    let bin = RATIO_BINS.length - 1;
    while (bin > 0 && (practitioner.ratio as number) < (RATIO_BINS[bin] as number)) bin--;
    bins[bin]?.push(practitioner);
  }
  const counts = bins.map((bin) => bin.length);
  const labels = RATIO_BINS.map((low, index) => (index === RATIO_BINS.length - 1 ? `≥${low}` : `${low}`));
  const top = Math.max(1, ...counts);
  const step = PLOT_WIDTH / counts.length;
  const bars = counts.map((count, index) => {
    const height = (count / top) * PLOT_HEIGHT;
    const x = MARGIN.left + index * step;
    return `<rect class="bar" x="${x + 1}" y="${BOTTOM - height}" width="${step - 2}" height="${height}" fill="${index === BIN_OF_ONE ? '#2f8f4e' : '#3b6fb6'}"><title>${escape(binRange(index))}: ${count}</title></rect>`
      + `<text x="${x + step / 2}" y="${BOTTOM + 12}" text-anchor="middle">${escape(labels[index] ?? '')}</text>`;
  });
  return { id: 'ratios', svg: svg('Practitioners by offered / expected ratio', axes(String(top), 'offered / expected', 'practitioners') + bars.join('')), caption: ratioCaption(bins) };
}

function binRange(index: number): string {
  const low = RATIO_BINS[index] as number;
  const high = RATIO_BINS[index + 1];
  return high === undefined ? `${low} or more` : `${low} to ${high}`;
}

function ratioCaption(bins: readonly (readonly { expected: number }[])[]): string {
  const total = bins.reduce((sum, bin) => sum + bin.length, 0);
  if (total === 0) return 'Practitioners by offered / expected ratio: nobody had a fair share in this period.';
  const tallest = bins.reduce((best, bin, index) => (bin.length > (bins[best]?.length ?? 0) ? index : best), 0);
  const near = bins[BIN_OF_ONE]?.length ?? 0;
  let caption = `${counted(total, 'practitioner')} with a fair share, by offered / expected ratio: ${near} (${((100 * near) / total).toFixed(0)}%) within 5% of their fair share (the green bar); the tallest bar is ${binRange(tallest)}, ${counted(bins[tallest]?.length ?? 0, 'practitioner')}.`;
  if (tallest === 0) {
    const young = bins[0]?.filter((p) => p.expected < 1).length ?? 0;
    caption += ` Of those below 0.5, ${young} had a fair share of less than one proposal: too few referrals for them to have had a turn yet, not by itself a sign of bias.`;
  }
  return caption;
}

/** A dot to draw: where, what its tooltip says, and whether it marks someone flagged. */
interface Dot {
  readonly x: number;
  readonly y: number;
  readonly label: string;
  readonly flagged: boolean;
}

/**
 * Dots as circles, those falling on the same pixel merged into one whose `data-count` and tooltip
 * say how many it stands for: a report of 20,000 practitioners stays a page a browser opens at once.
 */
function drawDots(dots: readonly Dot[]): string {
  const merged = new Map<string, { dot: Dot; count: number }>();
  for (const dot of dots) {
    const key = `${Math.round(dot.x)},${Math.round(dot.y)},${dot.flagged}`;
    const seen = merged.get(key);
    if (seen) seen.count++;
    else merged.set(key, { dot, count: 1 });
  }
  return [...merged.values()].map(({ dot, count }) => `<circle class="${dot.flagged ? 'point flagged' : 'point'}" data-count="${count}" cx="${dot.x.toFixed(1)}" cy="${dot.y.toFixed(1)}" r="${dot.flagged ? 3.5 : 2.5}" fill="${dot.flagged ? '#b3261e' : '#3b6fb6'}" fill-opacity="0.6">`
    + `<title>${escape(count === 1 ? dot.label : `${count} practitioners here, among them ${dot.label}`)}</title></circle>`).join('');
}

/** Each practitioner as a dot: fair share across, proposals received up, the diagonal where they are equal. */
export function offeredAgainstExpected(report: FairnessReport): Chart {
  const top = report.practitioners.reduce((most, p) => Math.max(most, p.expected, p.offered), 1);
  const side = Math.min(PLOT_WIDTH, PLOT_HEIGHT);
  const at = (value: number, origin: number, sign: number): number => origin + sign * (value / top) * side;
  const diagonal = `<line class="fair" x1="${MARGIN.left}" y1="${BOTTOM}" x2="${at(top, MARGIN.left, 1)}" y2="${at(top, BOTTOM, -1)}" stroke="#2f8f4e" stroke-dasharray="4 3"/>`;
  const dots = report.practitioners.map((p) => ({
    x: at(p.expected, MARGIN.left, 1), y: at(p.offered, BOTTOM, -1), label: `${p.name}: fair share ${p.expected.toFixed(2)}, proposed ${p.offered}`, flagged: false,
  }));
  const below = report.practitioners.filter((p) => p.deficit >= 1).length;
  const above = report.practitioners.filter((p) => p.deficit <= -1).length;
  const caption = `Each dot is one of the ${counted(report.practitioners.length, 'practitioner')} (or several on the same spot): fair share across, proposals received up, both in proposals. On the dashed diagonal, exactly their fair share; ${below} ${below === 1 ? 'is' : 'are'} one proposal or more below it, ${above} one or more above.`;
  return { id: 'offered', svg: svg('Offered against expected, per practitioner', axes(compact(top), 'fair share (proposals)', 'proposed') + diagonal + drawDots(dots)), caption };
}

/** The largest absolute deficit after each sampled referral. */
export function deficitOverTime(report: FairnessReport): Chart {
  const points = report.deficitsOverTime;
  const top = points.reduce((most, point) => Math.max(most, point.largestAbsoluteDeficit), 1);
  const coordinates = points.map((point, index) => {
    const x = MARGIN.left + (points.length === 1 ? PLOT_WIDTH : (index / (points.length - 1)) * PLOT_WIDTH);
    const y = BOTTOM - (point.largestAbsoluteDeficit / top) * PLOT_HEIGHT;
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const line = coordinates.length > 0 ? `<polyline class="series" points="${coordinates.join(' ')}" fill="none" stroke="#b3541e" stroke-width="1.5"/>` : '';
  const first = points[0]?.sequence ?? 0;
  const last = points[points.length - 1]?.sequence ?? 0;
  const ends = `<text x="${MARGIN.left}" y="${BOTTOM + 12}">#${first}</text><text x="${WIDTH - MARGIN.right}" y="${BOTTOM + 12}" text-anchor="end">#${last}</text>`;
  const caption = `The largest gap to a fair share, either way, in proposals, after the period's referrals (by log sequence; ${counted(points.length, 'point')}). A fair draw keeps it near or below one.`;
  return { id: 'deficits', svg: svg('Largest absolute deficit over time', axes(compact(top), 'referrals, in log order', 'largest |deficit|') + line + ends), caption };
}

/**
 * For each rank 1..k, one dot per practitioner tested: the share of their proposals (in referrals
 * of k) at that rank, against the fair 1/k. A practitioner always shown last is a dot at 100% on
 * rank k; the totals over everyone at each rank are equal by construction and show nothing.
 */
export function exposureByRank(report: FairnessReport): Chart {
  const test = report.summary.practitionerRankTest;
  const k = test?.k ?? 5;
  const tested = report.practitioners.filter((p) => p.rankTest !== null);
  const step = PLOT_WIDTH / k;
  const y = (share: number): number => BOTTOM - share * PLOT_HEIGHT;
  const fair = `<line class="fair" x1="${MARGIN.left}" y1="${y(1 / k).toFixed(1)}" x2="${WIDTH - MARGIN.right}" y2="${y(1 / k).toFixed(1)}" stroke="#2f8f4e" stroke-dasharray="4 3"/>`;
  const labels = Array.from({ length: k }, (_, rank) => `<text x="${MARGIN.left + (rank + 0.5) * step}" y="${BOTTOM + 12}" text-anchor="middle">${rank + 1}</text>`);
  const dots = tested.flatMap((p, index) => {
    const rankTest = p.rankTest as NonNullable<typeof p.rankTest>;
    // Spread each rank's dots across its column in a fixed pattern, so that equal shares stay visible.
    const offset = ((index * 0.618) % 1) * 0.6 + 0.2;
    return rankTest.ranksAtK.map((count, rank) => ({
      x: MARGIN.left + (rank + offset) * step, y: y(count / rankTest.proposals), label: `${p.name}, rank ${rank + 1}: ${count} of ${rankTest.proposals}`, flagged: rankTest.flagged,
    }));
  });
  return { id: 'exposure', svg: svg('Share of each practitioner\'s proposals at each rank', axes('100%', 'rank', 'share of their proposals') + fair + labels.join('') + drawDots(dots)), caption: exposureCaption(report, tested.length) };
}

function exposureCaption(report: FairnessReport, tested: number): string {
  const test = report.summary.practitionerRankTest;
  if (test === null) return 'Exposure by rank: no referral proposed two or more practitioners.';
  if (tested === 0) return `Exposure by rank: nobody was proposed the ${test.minimumProposals} times in referrals of ${test.k} needed to be tested, so no dot is drawn.`;
  const flagged = test.flagged.length === 0 ? 'none is flagged' : `${counted(test.flagged.length, 'flagged practitioner')} in red`;
  return `Exposure by rank: for each of the ${counted(tested, 'practitioner')} proposed at least ${test.minimumProposals} times in referrals of ${test.k}, the share of those proposals at each rank; the dashed line is the fair share, 1/${test.k}. Dots far from it on one rank mean someone is kept at the top or the bottom; ${flagged}.`;
}

function compact(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
