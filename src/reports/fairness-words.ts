import { SMALL_SAMPLE, type FairnessReport, type PractitionerFairness } from '../domain/audit/fairness-report.js';
import { counted, formatP } from './html-text.js';

/** Below this p-value the test of the alphabetically first points to a bias (DESIGN §5: many reports, α = 0.001). */
export const RANK_ALARM = 0.001;

/**
 * The summary as sentences, each saying what a figure measures, in which unit and from how many
 * referrals; plain text, escaped by the caller. The first is a caveat when the sample is small.
 */
export function summarySentences(report: FairnessReport): string[] {
  const { summary } = report;
  if (summary.referrals === 0) return ['No referral in this period and scope.'];
  return [
    `${counted(summary.referrals, 'referral')} in this period and scope; their pools held ${counted(summary.practitioners, 'practitioner')}, the rows of this report.`,
    deficitSentence(report),
    `Spread of the offered / expected ratios (proposals received per proposal of fair share) across the ${counted(report.practitioners.filter((p) => p.ratio !== null).length, 'practitioner')} with a fair share: Gini coefficient ${summary.giniOfRatios.toFixed(3)}, from 0 (everyone at exactly the same ratio) to 1 (one practitioner received everything).`,
    alphabeticalFirstSentence(report),
    perPractitionerSentence(report),
    tauSentence(report, 'alphabetical', 'alphabetical order'),
    tauSentence(report, 'distance', 'distance order (nearest first)'),
    keysSentence(report),
  ].filter((sentence) => sentence !== '');
}

/** Who asked: referrals by API key, so that a key spending referrals out of proportion shows. */
function keysSentence(report: FairnessReport): string {
  const shown = report.summary.referralsByKey.slice(0, 5).map(({ key, referrals }) => `${key ?? 'no key recorded'} ${referrals.toLocaleString('en')}`);
  const more = report.summary.referralsByKey.length - shown.length;
  return `Referrals by the API key that asked: ${shown.join(', ')}${more > 0 ? `, and ${counted(more, 'other key')}` : ''}.`;
}

/** A warning when the report rests on fewer than SMALL_SAMPLE referrals; '' otherwise. */
export function smallSampleCaveat(report: FairnessReport): string {
  const { referrals } = report.summary;
  if (referrals === 0 || referrals >= SMALL_SAMPLE) return '';
  return `Only ${counted(referrals, 'referral')}: below ${SMALL_SAMPLE} (five expected at each of five ranks, the least a chi-square test needs), the ratios, the rank tests and the Kendall tau below say little about bias; read them as counts, not evidence.`;
}

/** The largest deficit in proposals, always positive, with its direction and whose it is. */
export function describeLargestGap(report: FairnessReport): string {
  const largest = report.summary.largestAbsoluteDeficit;
  if (largest === null) return 'none';
  const who = findPractitioner(report, largest.nationalId, largest.specialty);
  const size = Math.abs(largest.deficit);
  const direction = largest.deficit > 0 ? 'fewer than' : largest.deficit < 0 ? 'more than' : 'exactly';
  return `${size.toFixed(2)} proposals ${direction} their fair share, ${who ? `${who.name} (${who.nationalId}, ${who.specialty})` : largest.nationalId}`;
}

function deficitSentence(report: FairnessReport): string {
  const largest = report.summary.largestAbsoluteDeficit;
  if (largest === null) return '';
  const who = findPractitioner(report, largest.nationalId, largest.specialty);
  const figures = who ? `: fair share ${who.expected.toFixed(2)}, proposed ${counted(who.offered, 'time')}` : '';
  return `Largest gap between a practitioner's fair share and the proposals they received, over the ${counted(report.summary.referrals, 'referral')}: ${describeLargestGap(report)}${figures}.`;
}

/** Why the rank of the alphabetically first was or was not tested, and what it found. */
export function alphabeticalFirstSentence(report: FairnessReport): string {
  const test = report.summary.rankUniformity;
  const what = 'Rank given to the alphabetically first of those proposed';
  if (test === null) return `${what}: not tested, no referral proposed two or more practitioners.`;
  const over = `${counted(test.referrals, 'referral')} of ${test.k} proposals`;
  if (test.pValue === null) {
    return `${what}: not tested, only ${over}, fewer than the ${test.minimumReferrals} (five expected per rank) the chi-square approximation needs.`;
  }
  const verdict = test.pValue >= RANK_ALARM ? 'no sign that any rank is favoured' : 'ranks are unequally often given: a sign of bias';
  return `${what}, over ${over}: chi-square ${test.chiSquare?.toFixed(2)} with ${test.degreesOfFreedom} degrees of freedom, p = ${formatP(test.pValue)}; below ${RANK_ALARM} would point to a bias, so ${verdict}.`;
}

/** The per-practitioner test of ranks 1..k: how many were tested, the correction, who is flagged. */
export function perPractitionerSentence(report: FairnessReport): string {
  const test = report.summary.practitionerRankTest;
  if (test === null) return '';
  const what = `Each practitioner's own ranks 1 to ${test.k}, in referrals of ${test.k}`;
  const left = test.proposalsLeftOut > 0 ? ` ${counted(test.proposalsLeftOut, 'proposal')} in referrals of another size are left out.` : '';
  const others = test.tested === 0 ? 'practitioner' : 'other practitioner';
  const untested = test.untested > 0 ? ` ${counted(test.untested, others)} proposed fewer than ${test.minimumProposals} times there ${test.untested === 1 ? 'is' : 'are'} not tested.` : '';
  if (test.tested === 0) return `${what}: nobody was proposed the ${test.minimumProposals} times (five expected per rank) a chi-square needs, so nobody is tested.${untested}${left}`;
  const method = `a chi-square each for the ${counted(test.tested, 'practitioner')} proposed at least ${test.minimumProposals} times, p-values adjusted by Holm–Bonferroni at a family-wise error of ${test.familyWiseAlpha * 100}% (under a fair draw, the chance that anyone at all is named here is at most ${test.familyWiseAlpha * 100}%)`;
  const flagged = test.flagged.length === 0
    ? 'nobody is flagged'
    : `${counted(test.flagged.length, 'practitioner is', 'practitioners are')} flagged: ${test.flagged.map((p) => `${p.name} (${p.nationalId}, ranks ${p.ranksAtK.join(' · ')}, adjusted p = ${formatP(p.adjustedPValue)})`).join('; ')}`;
  return `${what}: ${method}; ${flagged}.${untested}${left}`;
}

/** The mean Kendall tau, its scale, and whether it lies beyond what chance gives for so many referrals. */
export function tauSentence(report: FairnessReport, order: 'alphabetical' | 'distance', label: string): string {
  const { referrals, chance95 } = report.summary.meanKendallTau;
  const tau = report.summary.meanKendallTau[order];
  if (referrals === 0) return '';
  const head = `Order shown against ${label}, over ${counted(referrals, 'referral')} of two or more: mean Kendall tau ${tau.toFixed(3)} (+1 always in that order, −1 always reversed, 0 unrelated)`;
  const band = `a uniformly random order stays within ±${chance95.toFixed(3)} of 0 for ${counted(referrals, 'referral')} 95% of the time`;
  if (Math.abs(tau) <= chance95) return `${head}; ${band}, so this is no sign of alignment.`;
  const strength = Math.abs(tau) < 0.2 ? 'slightly' : 'strongly';
  return `${head}; ${band}, so the order leans ${strength} ${tau > 0 ? 'towards' : 'against'} ${label}.`;
}

function findPractitioner(report: FairnessReport, nationalId: string, specialty: string): PractitionerFairness | undefined {
  return report.practitioners.find((p) => p.nationalId === nationalId && p.specialty === specialty);
}
