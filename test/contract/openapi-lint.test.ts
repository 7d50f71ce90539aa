import { spawnSync } from 'node:child_process';
import { expect } from 'chai';

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

describe('contract lint', () => {
  it('when Redocly CLI lints openapi.yaml with its recommended rules, then it finds no error and no warning', function () {
    this.timeout(60_000);
    // redocly.yaml picks the rules; .redocly.lint-ignore.yaml lists the warnings silenced, with reasons.
    const run = spawnSync(process.execPath, ['node_modules/@redocly/cli/bin/cli.js', 'lint', 'openapi.yaml', '--format=json'], {
      cwd: new URL('../../', import.meta.url),
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    const report = JSON.parse(run.stdout) as LintReport;
    const problems = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).to.deep.equal([]);
    expect(report.totals).to.include({ errors: 0, warnings: 0 });
    expect(run.status).to.equal(0);
  });
});
