import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withApiKeys } from '../../src/compose.js';
import { createApiKey } from '../../src/use-cases/api-keys.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** Node's arguments that run the CLI from the sources with these arguments. */
export const cliArgs = (...args: string[]): string[] => ['--import', 'tsx', CLI, ...args];

/** Runs the CLI from the sources as an operator would, in its own process. */
export function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, cliArgs(...args), { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The same without blocking this process: what the test does meanwhile really happens during the command. */
export function cliInBackground(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs(...args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A new temporary directory with a migrated database holding one agent key, for a service started on it. */
export function givenDatabaseWithAgentKey(prefix: string): { dir: string; databasePath: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const databasePath = join(dir, 'referrals.sqlite');
  const key = withApiKeys(databasePath, (keys) => createApiKey(keys, 'desk-1', 'agent', new Date()).key);
  return { dir, databasePath, key };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  readonly url: string;
  readonly pid: number;
  /** What it printed on standard output so far. */
  stdout(): string;
  /** What it printed on standard error so far (also passed on to this process's). */
  stderr(): string;
  /** SIGTERM, and resolves with the exit code once it has stopped. */
  stop(): Promise<number | null>;
  /** SIGKILL, and resolves once it is gone. */
  kill(): Promise<void>;
}

/**
 * Starts the service from the sources and waits for it to stop by itself (a refused start):
 * its exit code and what it wrote.
 */
export async function runServiceUntilExit(env: Record<string, string>, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const port = await freePort();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Starts the service from the sources on a free loopback port and waits until /healthz answers; the caller stops it. */
export async function startServiceProcess(env: Record<string, string>, ...args: string[]): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode}`);
    if (attempt > 600) throw new Error('the service did not answer /healthz within a minute');
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid as number,
    stdout: () => stdout,
    stderr: () => stderr,
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
