import { openLogSource } from '../compose.js';
import { verifyLog, type LogVerification } from '../use-cases/verify-log.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface AuditVerifyOptions {
  readonly databasePath: string;
  readonly json: boolean;
}

/** `audit verify`: replays the whole log from empty counters; exit 0 when it all checks out, 1 at the first divergence. */
export function auditVerify(options: AuditVerifyOptions, out: (line: string) => void): ExitCode {
  const source = openLogSource(options.databasePath);
  try {
    const report = verifyLog(source);
    out(options.json ? JSON.stringify(report, null, 2) : describe(report));
    return report.verified ? EXIT.ok : EXIT.diverged;
  } finally {
    source.close();
  }
}

function describe(report: LogVerification): string {
  if (report.divergence === null) {
    return [
      `verified: ${report.entries} entries replayed from empty counters; every selection, order and hash recomputed.`,
      `seeds recomputed from their period secret: ${report.seedsChecked}; counters checked: ${report.countersChecked}; pools checked: ${report.poolsChecked}.`,
      `newest hash: ${report.lastHash}`,
    ].join('\n');
  }
  const { sequence, check, expected, found } = report.divergence;
  return [
    `NOT VERIFIED: the log diverges at entry ${sequence} (check: ${check}).`,
    `  expected: ${expected}`,
    `  found:    ${found}`,
    `${report.entries} entries before it replayed without divergence.`,
  ].join('\n');
}
