import { Worker } from 'node:worker_threads';
import type { Db } from './database.js';

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the event loop (see checkpoint-worker.ts): turns off the
 * connection's automatic checkpoints and checkpoints every `intervalMs` from a worker thread.
 */
export function startCheckpointer(db: Db, intervalMs: number, onError: (message: string) => void): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL(`./checkpoint-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url), {
    workerData: { path: db.name, intervalMs },
  });
  worker.on('message', (message: { error?: string }) => message.error && onError(message.error));
  worker.on('error', (error) => onError(error.message));
  return {
    async stop() {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await exited;
    },
  };
}
