import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A free TCP port on loopback, found by binding port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * How production runs the service (package.json's start script, the Dockerfile's CMD): the
 * benchmarks start it the same way. Semi-spaces of 64 MiB (a young generation a few times that,
 * in every thread): with V8's default a scavenge ran every 0.2 s under load at a million
 * practitioners, each 9 to 18 ms, 0.58 s of every 10 s at 700 referrals/s against 0.19 s with
 * it (`--trace-gc`, measured when the index was still an object per site). Smaller semi-spaces
 * shorten the pauses but cost throughput (README, Performance). test/contract checks the three
 * agree.
 */
export const SERVICE_COMMAND: readonly string[] = ['--max-semi-space-size=64', 'dist/main.js'];

export interface StartedServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM; resolves with the exit code once it has stopped. */
  stop(): Promise<number | null>;
}

/** Starts `node <args>` with `env` and waits until `readyPath` answers 200; the caller stops it. */
export async function startNodeServer(args: string[], env: Record<string, string>, readyPath: string, method = 'GET'): Promise<StartedServer> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}${readyPath}`, { method, ...(method === 'POST' && { headers: { 'content-type': 'application/json' }, body: '{}' }) });
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * CPU time (user and system, all threads) a process has used so far, in milliseconds, from
 * Linux's /proc; undefined elsewhere. Assumes the usual 100 clock ticks per second.
 */
export function cpuMillis(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
