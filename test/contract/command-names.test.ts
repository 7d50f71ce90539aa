import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERBS = /referral-service (<command>|keys|audit|import|backup|simulate|regeocode)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Lines a user reads: string literals of the sources (comments left out) and the contract's descriptions. */
function userFacingLines(): { where: string; text: string }[] {
  const fromSources = sourceFiles(join(ROOT, 'src')).flatMap((file) => readFileSync(file, 'utf8').split('\n')
    .map((text, i) => ({ where: `${file.slice(ROOT.length)}:${i + 1}`, text }))
    .filter(({ text }) => !/^\s*(\*|\/\/|\/\*)/.test(text)));
  const fromContract = readFileSync(join(ROOT, 'openapi.yaml'), 'utf8').split('\n').map((text, i) => ({ where: `openapi.yaml:${i + 1}`, text }));
  return [...fromSources, ...fromContract];
}

describe('commands named to users', () => {
  it('when a message or the contract tells a user to run a command, then it names one that works in a clone, not the uninstalled referral-service binary', () => {
    const offending = userFacingLines().filter(({ text }) => VERBS.test(text)).map(({ where, text }) => `${where}: ${text.trim()}`);
    expect(offending).to.deep.equal([]);
  });
});
