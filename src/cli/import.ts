import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { createImportDependencies, openServices } from '../compose.js';
import type { ImportFormat } from '../domain/import/import-report.js';
import { currentImportOwner } from '../import/import-owner.js';
import { formatImportSummary } from '../reports/import-summary.js';
import type { ImportRun } from '../storage/import-repository.js';
import { tuneForImport } from '../storage/database.js';
import { loadGazetteer } from '../storage/gazetteer-file.js';
import { claimImport, ImportBusyError, importDirectory } from '../use-cases/import-directory.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface ImportCommandOptions {
  readonly filePath: string;
  readonly databasePath: string;
  readonly gazetteerPath: string;
  readonly format?: ImportFormat;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly maxDeactivationShare: number;
  readonly json: boolean;
  /** A progress bar on a terminal; plain lines otherwise (a cron job's mail, a CI log). */
  readonly progress: 'bar' | 'lines' | 'none';
}

const EXIT_BY_STATUS: Readonly<Record<ImportRun['status'], ExitCode>> = {
  succeeded: EXIT.ok, 'dry-run': EXIT.ok, refused: EXIT.refused, failed: EXIT.diverged, running: EXIT.diverged,
};

/** `import FILE`: one import into the database; exit 0 applied or dry run, 3 refused, 4 another import running. */
export async function importCommand(options: ImportCommandOptions, out: (line: string) => void, err: (line: string) => void): Promise<ExitCode> {
  if (!existsSync(options.filePath) || !statSync(options.filePath).isFile()) throw new Error(`No file at ${options.filePath}.`);
  const gazetteer = loadGazetteer(options.gazetteerPath);
  const services = openServices({ databasePath: options.databasePath, gazetteer });
  tuneForImport(services.db);
  try {
    const deps = createImportDependencies(services.db, options.databasePath, gazetteer);
    const request = { source: basename(options.filePath), dryRun: options.dryRun, force: options.force, ...(options.format && { format: options.format }) };
    let runId;
    try {
      runId = claimImport(deps.imports, request, currentImportOwner(), deps.clock());
    } catch (error) {
      if (!(error instanceof ImportBusyError)) throw error;
      err(error.detail);
      return EXIT.busy;
    }
    const progress = startProgress(options.progress, statSync(options.filePath).size, err);
    const run = await importDirectory(deps, runId, createReadStream(options.filePath), {
      ...request, maxDeactivationShare: options.maxDeactivationShare, onProgress: progress.update,
    });
    progress.stop();
    out(options.json ? JSON.stringify(run, null, 2) : formatImportSummary(run).join('\n'));
    return EXIT_BY_STATUS[run.status];
  } finally {
    services.close();
  }
}

function startProgress(mode: ImportCommandOptions['progress'], totalBytes: number, err: (line: string) => void) {
  if (mode === 'bar') {
    const bar = new SingleBar({ format: 'importing [{bar}] {percentage}% | {value}/{total} MB | {eta_formatted} left', hideCursor: true, etaBuffer: 50 });
    bar.start(Math.ceil(totalBytes / 1e6), 0);
    return { update: (bytes: number) => bar.update(Math.floor(bytes / 1e6)), stop: () => bar.stop() };
  }
  if (mode === 'none') return { update: () => undefined, stop: () => undefined };
  // Plain lines: at most one per tenth of the file, so that a log stays short.
  let tenthsShown = 0;
  return {
    update(bytes: number) {
      const tenths = totalBytes === 0 ? 10 : Math.floor((bytes * 10) / totalBytes);
      if (tenths <= tenthsShown) return;
      tenthsShown = tenths;
      err(`read ${tenths * 10}% (${(bytes / 1e6).toFixed(1)} of ${(totalBytes / 1e6).toFixed(1)} MB)`);
    },
    stop: () => undefined,
  };
}
