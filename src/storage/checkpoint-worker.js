// @ts-check
// Plain JavaScript so that one file serves the compiled service and the TypeScript tests alike
// (a worker thread does not inherit tsx's loader); copied to dist/ by scripts/copy-assets.mjs.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * Runs WAL checkpoints on a connection of its own, in its own thread: copying the log back
 * into the database ends in an fsync, which would otherwise stall the event loop (and every
 * referral waiting on it).
 *
 * PASSIVE checkpoints never block the writer, but under a steady stream of referrals they
 * never catch up with the newest frames either, and SQLite only starts the log over once a
 * checkpoint has caught up: the WAL would grow without bound (half a gigabyte in a minute of
 * load), slowing every read. So once the log passes `restartFrames`, the worker asks the thread
 * that writes (the log writer's) to start it over (see checkpointer.ts): a RESTART checkpoint
 * here would starve, as the writer takes the lock again each turn before this thread's busy
 * handler wakes up.
 */
const { path, intervalMs, restartFrames } = /** @type {{ path: string, intervalMs: number, restartFrames: number }} */ (workerData);
const db = new Database(path, { timeout: 1000 });

function checkpoint() {
  const [passive] = /** @type {{ log: number }[]} */ (db.pragma('wal_checkpoint(PASSIVE)'));
  if ((passive?.log ?? 0) > restartFrames) parentPort?.postMessage({ restart: true });
}

const timer = setInterval(() => {
  try {
    checkpoint();
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}, intervalMs);

parentPort?.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});
