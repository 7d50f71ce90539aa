import { stringify } from 'csv-stringify/sync';
import type { FairnessReport, PractitionerFairness } from '../domain/audit/fairness-report.js';
import { MAX_PROPOSALS } from '../domain/selection/fairness-counters.js';
import { spreadsheetText } from './spreadsheet-text.js';

const RANK_COLUMNS = Array.from({ length: MAX_PROPOSALS }, (_, index) => `rank_${index + 1}`);

/** The per-practitioner rank test (JSON `rankTest`); empty cells for someone too seldom proposed to be tested. */
const RANK_TEST_COLUMNS = ['rank_test_proposals', 'rank_test_p_value', 'rank_test_p_holm', 'rank_test_flagged'];

/**
 * One row per practitioner and specialty, the columns of the JSON report's `practitioners`.
 * Text cells are neutralised for spreadsheets and quoted, so that a name holding `;` stays
 * one cell where the spreadsheet splits on semicolons (French locales).
 */
export function fairnessCsv(report: FairnessReport): string {
  const text = (value: string) => ({ value: spreadsheetText(value), quoted: true });
  return stringify(
    report.practitioners.map((practitioner) => [
      text(practitioner.nationalId), text(practitioner.name), text(practitioner.specialty), practitioner.expected.toFixed(6), practitioner.offered,
      practitioner.ratio === null ? '' : practitioner.ratio.toFixed(6), practitioner.deficit.toFixed(6), ...practitioner.ranks,
      ...rankTestCells(practitioner.rankTest),
    ]),
    {
      header: true,
      columns: ['national_id', 'name', 'specialty', 'expected', 'offered', 'ratio', 'deficit', ...RANK_COLUMNS, ...RANK_TEST_COLUMNS],
      cast: { object: (cell) => cell as { value: string; quoted: boolean } },
    },
  );
}

function rankTestCells(test: PractitionerFairness['rankTest']): string[] {
  if (test === null) return RANK_TEST_COLUMNS.map(() => '');
  return [String(test.proposals), test.pValue.toExponential(6), test.adjustedPValue.toExponential(6), test.flagged ? 'yes' : 'no'];
}
