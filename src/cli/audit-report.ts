import { writeFileSync } from 'node:fs';
import { openLogSource } from '../compose.js';
import { fairnessCsv } from '../reports/fairness-csv.js';
import { fairnessHtml } from '../reports/fairness-html.js';
import { buildFairnessReport, reportFilter, type ReportQuery } from '../use-cases/fairness-report.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export type ReportFormat = 'json' | 'csv' | 'html';

export interface AuditReportOptions {
  readonly databasePath: string;
  readonly query: ReportQuery;
  readonly format: ReportFormat;
  readonly outPath: string;
}

/** `audit report`: writes the fairness report of a period to a file; exit 1 when the log does not verify. */
export function auditReport(options: AuditReportOptions, out: (line: string) => void): ExitCode {
  const source = openLogSource(options.databasePath);
  try {
    const report = buildFairnessReport(source, reportFilter(options.query, new Date()));
    const text = options.format === 'csv' ? fairnessCsv(report) : options.format === 'html' ? fairnessHtml(report) : `${JSON.stringify(report, null, 2)}\n`;
    writeFileSync(options.outPath, text);
    const { summary, chain } = report;
    out(`${options.outPath}: ${summary.referrals} referrals, ${summary.practitioners} practitioners, `
      + `largest absolute deficit ${Math.abs(summary.largestAbsoluteDeficit?.deficit ?? 0).toFixed(3)}, `
      + `rank p-value ${summary.rankUniformity?.pValue?.toFixed(4) ?? 'n/a'}, `
      + `per-practitioner rank test ${summary.practitionerRankTest ? `${summary.practitionerRankTest.tested} tested, ${summary.practitionerRankTest.flagged.length} flagged` : 'n/a'}; log ${chain.verified ? 'verified' : `NOT verified (entry ${chain.divergence?.sequence}, ${chain.divergence?.check})`}.`);
    return chain.verified ? EXIT.ok : EXIT.diverged;
  } finally {
    source.close();
  }
}
