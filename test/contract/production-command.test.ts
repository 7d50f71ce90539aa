import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { SERVICE_COMMAND } from '../../bench/processes.js';

describe('how the service is started', () => {
  const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

  it('when started by npm start, by the Docker image or by the benchmarks, then it runs with the same Node flags', () => {
    const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    // exec: npm's shell becomes node, so the SIGTERM and SIGINT npm passes on reach the server (test/cli/npm-start.test.ts).
    expect(packageJson.scripts.start).to.equal(`exec node ${SERVICE_COMMAND.join(' ')}`);
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    expect(JSON.parse(cmd ?? 'null')).to.deep.equal(['node', ...SERVICE_COMMAND]);
  });
});
