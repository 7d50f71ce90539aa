import { stringify } from 'csv-stringify/sync';
import type { FairnessReport } from '../domain/audit/fairness-report.js';
import { MAX_PROPOSALS } from '../domain/selection/fairness-counters.js';

const RANK_COLUMNS = Array.from({ length: MAX_PROPOSALS }, (_, index) => `rank_${index + 1}`);

/** One row per practitioner and specialty, the columns of the JSON report's `practitioners`. */
export function fairnessCsv(report: FairnessReport): string {
  return stringify(
    report.practitioners.map((practitioner) => [
      practitioner.nationalId, practitioner.name ?? '', practitioner.specialty, practitioner.expected.toFixed(6), practitioner.offered,
      practitioner.ratio === null ? '' : practitioner.ratio.toFixed(6), practitioner.deficit.toFixed(6), ...practitioner.ranks,
    ]),
    { header: true, columns: ['national_id', 'name', 'specialty', 'expected', 'offered', 'ratio', 'deficit', ...RANK_COLUMNS] },
  );
}
