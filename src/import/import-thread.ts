import { createReadStream, rmSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createImportDependencies } from '../compose.js';
import { openDatabase, tuneForImport } from '../storage/database.js';
import { loadGazetteer } from '../storage/gazetteer-file.js';
import { importDirectory, type ImportRequest } from '../use-cases/import-directory.js';
import type { ImportRun } from '../storage/import-repository.js';

/** What the server asks of an import thread: one claimed run, over an uploaded file. */
export interface ImportJob {
  readonly databasePath: string;
  readonly gazetteerPath: string;
  readonly runId: number;
  /** The spooled upload; deleted once read. */
  readonly filePath: string;
  readonly request: Omit<ImportRequest, 'onProgress' | 'onApplying'>;
}

export type FromImportThread =
  | { readonly kind: 'applying'; readonly applying: boolean }
  | { readonly kind: 'finished'; readonly run: ImportRun };

/**
 * An import thread: parses, stages, diffs and applies one uploaded file on a connection of its
 * own, so that the server's event loop only ever waits for SQLite's write lock, during the
 * import's short final transaction.
 */
const { options: job } = workerData as { options: ImportJob };
const port = parentPort;
if (!port) throw new Error('import/import-thread.ts runs as a worker thread');
const db = openDatabase(job.databasePath);
tuneForImport(db);
try {
  const deps = createImportDependencies(db, job.databasePath, loadGazetteer(job.gazetteerPath));
  const run = await importDirectory(deps, job.runId, createReadStream(job.filePath), {
    ...job.request,
    onApplying: (applying) => port.postMessage({ kind: 'applying', applying } satisfies FromImportThread),
  });
  port.postMessage({ kind: 'finished', run } satisfies FromImportThread);
} finally {
  db.close();
  rmSync(job.filePath, { force: true });
}
