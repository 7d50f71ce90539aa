import { Worker } from 'node:worker_threads';

/** Plain JavaScript that loads a module compiled in dist/, or through tsx from the sources. */
const ENTRY_URL = new URL('./thread-entry.js', import.meta.url);

/**
 * Starts a worker thread running `module` (a path under src/ without extension, such as
 * 'log-writer/worker'); the module reads `workerData.options`.
 */
export function startThread(module: string, options: unknown): Worker {
  return new Worker(ENTRY_URL, { workerData: { module, options } });
}
