import { execFileSync } from 'node:child_process';
import { expect } from 'chai';

describe('contract', () => {
  it('when openapi-typescript regenerates the types, then they match the checked-in file (no drift)', () => {
    const root = new URL('../../', import.meta.url);
    const run = () =>
      execFileSync(process.execPath, ['node_modules/openapi-typescript/bin/cli.js', 'openapi.yaml', '-o', 'src/http/generated/openapi.ts', '--check'], {
        cwd: root,
        stdio: 'pipe',
      });
    expect(run).to.not.throw();
  });
});
