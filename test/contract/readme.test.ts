import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { SETTINGS } from '../../src/config.js';

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('when read, then its first lines are the install-and-start and install-and-test commands', () => {
    const firstLines = readme.split('\n').slice(0, 6).join('\n');
    expect(firstLines).to.match(/npm ci && npm start/);
    expect(firstLines).to.match(/npm ci && npm test/);
  });

  it('when read, then its configuration table lists every setting with its documented meaning', () => {
    for (const setting of Object.values(SETTINGS)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${setting.env}\` |`));
      expect(row, `${setting.env} is missing from the README's configuration table`).to.not.equal(undefined);
      expect(row).to.include(setting.doc);
    }
  });
});
