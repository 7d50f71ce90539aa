import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { anchorsOf, matchesShown, relativeLinksOf, runnableExamples, unmarkedShellFences } from '../support/doc-examples.js';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Every document a user reads: the README first, then docs/ (each one standalone). */
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];
/** What a clone holds that the examples use; the rest of the sandbox (var/, files they write) is the test's own. */
const CLONE = ['package.json', 'package-lock.json', 'node_modules', 'src', 'data', 'scripts', 'bench', 'openapi.yaml', 'tsconfig.json', 'docs', 'web'];
const MARK = '@@doc-example';

describe('documented examples', () => {
  it('when a shell example is neither run nor marked no-run, then the documents say so', () => {
    for (const document of DOCUMENTS) {
      const unmarked = unmarkedShellFences(readFileSync(join(ROOT, document), 'utf8')).map((f) => `${document}:${f.line}`);
      expect(unmarked, `shell fences without "run" or "no-run"`).to.deep.equal([]);
    }
  });

  it('when a document links to another or to a heading, then the file and the heading exist', () => {
    const broken: string[] = [];
    for (const document of DOCUMENTS) {
      const text = readFileSync(join(ROOT, document), 'utf8');
      for (const link of relativeLinksOf(text)) {
        const target = link.path === '' ? join(ROOT, document) : resolve(dirname(join(ROOT, document)), link.path);
        // ../shared lies beside the repository, outside a clone: only links inside it are checked.
        if (!target.startsWith(ROOT)) continue;
        if (!existsSync(target)) broken.push(`${document}: ${link.path}`);
        else if (link.anchor !== undefined && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(link.anchor)) broken.push(`${document}: ${link.path}#${link.anchor}`);
      }
    }
    expect(broken).to.deep.equal([]);
  });

  it('when an output differs from the one shown, beyond what … stands for, then it does not match', () => {
    expect(matchesShown('verified: … entries\nnewest hash: …', 'verified: 12 entries\nnewest hash: 0a1b')).to.equal(true);
    expect(matchesShown('verified: … entries', 'divergence at entry 3')).to.equal(false);
    expect(matchesShown('first\n…\nlast', 'first\nsome\nlines\nlast')).to.equal(true);
    expect(matchesShown('"poolSize":5', '"poolSize":6')).to.equal(false);
    expect(matchesShown('a … b', 'a x\ny b')).to.equal(false);
  });

  describe('when every runnable example of each document is run in order against a fresh service', function () {
    this.timeout(240_000);
    let service: ServiceProcess;
    let sandbox: string;
    let databasePath: string;

    before(async () => {
      sandbox = mkdtempSync(join(tmpdir(), 'doc-examples-'));
      for (const entry of CLONE) symlinkSync(join(ROOT, entry), join(sandbox, entry));
      mkdirSync(join(sandbox, 'var'));
      databasePath = join(sandbox, 'var', 'referrals.sqlite');
      service = await startServiceProcess({ DATABASE_PATH: databasePath });
      // /healthz answers while the service still starts: the examples begin once it is ready.
      await untilReady(service.url);
    });

    after(async () => {
      await service?.stop();
      rmSync(sandbox, { recursive: true, force: true });
    });

    for (const document of DOCUMENTS) {
      const examples = runnableExamples(readFileSync(join(ROOT, document), 'utf8'));
      if (examples.length === 0) continue;
      it(`then ${document}'s ${examples.length} examples succeed and print what it shows`, async () => {
        const port = new URL(service.url).port;
        const script = ['exec 2>&1', 'set -e', `cd '${sandbox}'`,
          ...examples.map((example, index) => `printf '\\n${MARK} ${index}@@\\n'\n${example.code.replaceAll('localhost:8080', `127.0.0.1:${port}`)}`),
          `printf '\\n${MARK} end@@\\n'`].join('\n');
        const { status, output } = await runBash(script, { ...withoutKey(process.env), DATABASE_PATH: databasePath });
        const segments = output.split(new RegExp(`\\n${MARK} (\\d+|end)@@\\n`));
        // segments: [before, index0, out0, index1, out1, ..., 'end', rest]
        const outputs = new Map<string, string>();
        for (let i = 1; i + 1 < segments.length; i += 2) outputs.set(segments[i] as string, segments[i + 1] as string);
        if (status !== 0) {
          const last = [...outputs.keys()].filter((k) => k !== 'end').pop() ?? '0';
          const example = examples[Number(last)];
          expect.fail(`${document}:${example?.line} exited with status ${status}:\n${example?.code}\n--- it printed ---\n${outputs.get(last)}`);
        }
        examples.forEach((example, index) => {
          if (example.expected === undefined) return;
          const actual = outputs.get(String(index)) ?? '';
          expect(matchesShown(example.expected, actual), `${document}:${example.line} printed:\n${actual}\n--- the document shows ---\n${example.expected}`).to.equal(true);
        });
      });
    }
  });
});

async function untilReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    if ((await fetch(`${url}/readyz`)).ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the service was not ready within two minutes');
}

/** A key of the test's own would hide an example that forgot to get one. */
function withoutKey(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { KEY: _key, ...rest } = env;
  return rest;
}

function runBash(script: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (status) => resolve({ status, output }));
  });
}
