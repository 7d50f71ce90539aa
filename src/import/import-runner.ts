import { createWriteStream, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../domain/errors.js';
import type { ImportOwner, ImportRepository, ImportRun } from '../storage/import-repository.js';
import { startThread } from '../threads/start-thread.js';
import { claimImport, type ImportRequest } from '../use-cases/import-directory.js';
import type { FromImportThread, ImportJob } from './import-thread.js';

export interface ImportRunnerOptions {
  readonly imports: ImportRepository;
  readonly databasePath: string;
  readonly gazetteerPath: string;
  readonly owner: ImportOwner;
  readonly clock: () => Date;
  /** Told when a run has ended, whatever its outcome (the server then looks for directory changes). */
  readonly onFinished: (run: ImportRun) => void;
  readonly onError: (error: unknown) => void;
  /** Told when an import starts and ends applying its changes (the service is then not ready). */
  readonly onApplying?: (applying: boolean) => void;
}

export interface ImportRunner {
  /**
   * Claims a run, writes the upload to a file beside the database as it arrives (never in
   * memory), then imports it in a thread of its own.
   * @returns the run, still `running`
   * @throws ImportBusyError when another import is running
   */
  start(upload: Readable, request: Omit<ImportRequest, 'onProgress' | 'onApplying'>): Promise<ImportRun>;
  /** Resolves once every import this runner started has ended. */
  idle(): Promise<void>;
}

export function createImportRunner(options: ImportRunnerOptions): ImportRunner {
  const running = new Set<Promise<void>>();

  function runInThread(job: ImportJob): void {
    const done = new Promise<void>((resolve) => {
      const thread = startThread('import/import-thread', job);
      let finished = false;
      thread.on('message', (message: FromImportThread) => {
        if (message.kind === 'applying') {
          options.onApplying?.(message.applying);
          return;
        }
        finished = true;
        options.onFinished(message.run);
      });
      thread.on('error', options.onError);
      thread.on('exit', () => {
        options.onApplying?.(false);
        // A thread that died without a word leaves its run `running`: record why it ended.
        if (!finished) failRun(job.runId, 'failed: the import thread stopped unexpectedly; the directory was left as it was');
        rmSync(job.filePath, { force: true });
        resolve();
      });
    });
    running.add(done);
    void done.then(() => running.delete(done));
  }

  function failRun(runId: number, message: string): void {
    options.imports.finish(runId, { status: 'failed', sha256: null, format: null, finishedAt: options.clock(), message, report: null });
    const run = options.imports.find(runId);
    if (run) options.onFinished(run);
  }

  return {
    async start(upload, request) {
      const runId = claimImport(options.imports, request, options.owner, options.clock());
      const filePath = `${options.databasePath}.upload-${runId}`;
      try {
        await pipeline(upload, createWriteStream(filePath));
      } catch (error) {
        rmSync(filePath, { force: true });
        failRun(runId, 'failed: the upload was interrupted before the whole file arrived; the directory was left as it was');
        throw new DomainError('upload-interrupted', `The upload stopped before the whole file arrived (${error instanceof Error ? error.message : String(error)}); nothing was changed.`);
      }
      runInThread({ databasePath: options.databasePath, gazetteerPath: options.gazetteerPath, runId, filePath, request });
      return options.imports.find(runId) as ImportRun;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
