import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * Runs WAL checkpoints on a connection of its own, in its own thread: copying the log back
 * into the database ends in an fsync, which would otherwise stall the event loop (and every
 * referral waiting on it) once per thousand pages. PASSIVE never blocks the writer.
 */
const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const db = new Database(path, { timeout: 5000 });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
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
