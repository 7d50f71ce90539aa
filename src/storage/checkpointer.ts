import { Worker } from 'node:worker_threads';
import type { Db } from './database.js';

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Past this many frames (64 MiB of 4 KiB pages) the log is started over (see checkpoint-worker.js).
 * Each restart copies only the frames logged since the worker's last pass, so rarer restarts
 * cost less in all.
 */
const RESTART_FRAMES = 16384;

/** How often the service checkpoints: often enough that each pass copies little. */
export const CHECKPOINT_INTERVAL_MS = 200;

/**
 * Moves WAL checkpoints off the event loop (see checkpoint-worker.js): turns off the
 * connection's automatic checkpoints and checkpoints every `intervalMs` from a worker thread.
 * When the worker reports a long log, this thread (the one whose connection writes nearly every
 * frame: the log writer's) starts it over, truncating the file, between two transactions: by
 * then the worker has copied nearly every frame, so the TRUNCATE checkpoint has only the newest
 * to copy.
 */
export function startCheckpointer(
  db: Db,
  intervalMs: number,
  onError: (message: string) => void,
  restartFrames = RESTART_FRAMES,
): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), {
    workerData: { path: db.name, intervalMs, restartFrames },
  });
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      // Without its worker the log would grow forever: hand checkpoints back to SQLite.
      if (!stopping) {
        db.pragma('wal_autocheckpoint = 1000');
        onError('checkpoint worker stopped: automatic checkpoints restored');
      }
      resolve();
    }),
  );
  let restartPending = false;
  const restartLog = () => {
    // Once stopped, the connection may be closed before this turn comes: the restart is dropped.
    if (stopping) return;
    // Group commit may hold a transaction open until the end of this turn: try the next one.
    if (db.inTransaction) return void setImmediate(restartLog);
    restartPending = false;
    // Without waiting: a reader still on an older snapshot (an import computing its diff) would
    // otherwise hold this thread, and every referral behind it, for the whole busy timeout. The
    // worker reports the long log again on its next pass, and the restart is tried then.
    const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      onError(error instanceof Error ? error.message : String(error));
    } finally {
      db.pragma(`busy_timeout = ${busyTimeout}`);
    }
  };
  worker.on('message', (message: { error?: string; restart?: boolean }) => {
    if (message.error) onError(message.error);
    if (message.restart && !restartPending) {
      restartPending = true;
      setImmediate(restartLog);
    }
  });
  worker.on('error', (error) => onError(error.message));
  return {
    async stop() {
      stopping = true;
      worker.postMessage('stop');
      await exited;
    },
  };
}
