import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { freePort } from '../support/service-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The processes of a process group still running (ps, as an operator would look). */
function groupMembers(group: number): number[] {
  const listing = spawnSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' }).stdout;
  return listing.split('\n').map((line) => line.trim().split(/\s+/)).filter(([, pgid, stat]) => Number(pgid) === group && !stat?.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * `npm start`, the documented command, in a process group of its own as a terminal or a
 * supervisor runs it; resolves once /healthz answers.
 */
async function npmStart(dir: string, port: number) {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'referrals.sqlite'), SAMPLE_DIRECTORY_PATH: '', LOG_LEVEL: 'info' },
  });
  let output = '';
  npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  for (let attempt = 0; ; attempt++) {
    if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}:\n${output}`);
    if (attempt > 1200) throw new Error(`npm start did not answer /healthz within two minutes:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // Still building or starting.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { pid: npm.pid as number, output: () => output };
}

/** Waits, 30 s at most, until nothing of the group runs; returns what is left. */
async function leftRunning(group: number): Promise<number[]> {
  for (let attempt = 0; attempt < 300 && groupMembers(group).length > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
  return groupMembers(group);
}

describe('npm start stopped by a signal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [who, signal, target] of [
    ['a supervisor (docker stop, systemd) signals npm', 'SIGTERM', 'npm'],
    ['Ctrl-C in a terminal signals the whole foreground group', 'SIGINT', 'group'],
    ['kill -INT is sent to npm', 'SIGINT', 'npm'],
  ] as const) {
    it(`when ${who} with ${signal}, then the server drains and exits, nothing is left running and the port is free`, async () => {
      const port = await freePort();
      const started = await npmStart(dir, port);
      try {
        process.kill(target === 'group' ? -started.pid : started.pid, signal);
        const left = await leftRunning(started.pid);
        expect(left, started.output()).to.deep.equal([]);
        expect(await portIsFree(port)).to.equal(true);
        const logged = (message: string) => started.output().split('\n').filter((line) => line.includes(`"msg":"${message}"`));
        // One drain, run to its end: a repeated signal neither starts another nor cuts it short.
        expect(logged('stopping: finishing in-flight requests'), started.output()).to.have.length(1);
        expect(logged('stopped'), started.output()).to.have.length(1);
        expect(logged('stopped')[0]).to.include(`"signal":"${signal}"`);
      } finally {
        for (const pid of groupMembers(started.pid)) process.kill(pid, 'SIGKILL');
      }
    }).timeout(180_000);
  }
});
