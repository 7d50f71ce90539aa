import type { Readable } from 'node:stream';
import { DomainError } from '../domain/errors.js';
import type { Gazetteer } from '../domain/geo/gazetteer.js';
import { REPORT_SAMPLE_SIZE, type ImportFormat, type ImportReport, type ParseSummary } from '../domain/import/import-report.js';
import { interpretOwnCsvRow, OWN_CSV_COLUMNS, OWN_CSV_OPTIONAL_COLUMNS, type OwnCsvColumnIndexes } from '../domain/import/own-csv-row.js';
import { interpretRegistryRow, REGISTRY_COLUMNS, type RegistryColumnIndexes } from '../domain/import/registry-row.js';
import { applySafetyBrake } from '../domain/import/safety-brake.js';
import { SKIP_REASONS, type RowOutcome, type SkipReason } from '../domain/import/staged-row.js';
import { ImportFileError, openImportFile, type ImportFile } from '../import/import-file.js';
import type { Db } from '../storage/database.js';
import { applyImport, copyStagedRejects, planImport, withStaging, type ImportPlan } from '../storage/import-diff.js';
import type { ImportOutcome, ImportOwner, ImportRepository, ImportRun } from '../storage/import-repository.js';
import { createImportStaging, type ImportStaging } from '../storage/import-staging.js';

export interface ImportDependencies {
  /** The directory's database, on a connection of the importing thread. */
  readonly db: Db;
  readonly imports: ImportRepository;
  readonly gazetteer: Gazetteer;
  /** The scratch file staged rows go to (import-staging.ts). */
  readonly stagingPath: string;
  readonly clock: () => Date;
}

export interface ImportRequest {
  /** The file's name as the operator gave it: recorded, never opened by this module. */
  readonly source: string;
  readonly format?: ImportFormat;
  readonly dryRun: boolean;
  readonly force: boolean;
  /** The safety brake's limit: share of active practitioners one import may deactivate. */
  readonly maxDeactivationShare: number;
  /** Called as the file is read, with the bytes read so far. */
  readonly onProgress?: (bytesRead: number) => void;
  /** Told when the write transaction starts and ends (a server is then not ready). */
  readonly onApplying?: (applying: boolean) => void;
}

/** Look-ups of past and running imports, as the HTTP edge serves them. */
export type ImportRuns = Pick<ImportRepository, 'find' | 'list' | 'rejects'>;

/** Another import holds the directory: only one at a time (DESIGN §7). */
export class ImportBusyError extends DomainError {
  constructor(run: ImportRun) {
    super('import-running', `Import ${run.id} (${run.source}) has been running since ${run.startedAt}: only one import runs at a time. Try again once it has finished.`, { importId: run.id });
  }
}

/**
 * Records a new run as started, or refuses when another one is going on.
 * @throws ImportBusyError
 */
export function claimImport(imports: ImportRepository, request: Pick<ImportRequest, 'source' | 'dryRun' | 'force'>, owner: ImportOwner, now: Date): number {
  const claimed = imports.claim({ source: request.source, dryRun: request.dryRun, forced: request.force, startedAt: now }, owner);
  if ('busy' in claimed) throw new ImportBusyError(claimed.busy);
  return claimed.id;
}

/**
 * Runs a claimed import (DESIGN §7) from a stream of the file: reads, validates, geocodes and
 * merges every row into a staging file, compares it with the directory, applies the safety
 * brake, then, unless a dry run, applies only the differences in one short transaction.
 * Whatever happens, the run ends recorded with its report; the directory changes only when it
 * ends `succeeded`.
 * @returns the finished run
 */
export async function importDirectory(deps: ImportDependencies, runId: number, input: Readable, request: ImportRequest): Promise<ImportRun> {
  const staging = createImportStaging(deps.stagingPath);
  try {
    await stageAndApply(deps, runId, input, request, staging);
  } catch (error) {
    const message = error instanceof ImportFileError ? error.message : `failed: ${error instanceof Error ? error.message : String(error)}`;
    const status = error instanceof ImportFileError ? 'refused' : 'failed';
    deps.imports.finish(runId, { status, sha256: null, format: null, finishedAt: deps.clock(), message, report: null });
  } finally {
    staging.discard();
  }
  return deps.imports.find(runId) ?? fail(`import ${runId} vanished`);
}

async function stageAndApply(deps: ImportDependencies, runId: number, input: Readable, request: ImportRequest, staging: ImportStaging): Promise<void> {
  const file = await openImportFile(input, request.format);
  const parse = await stageRows(file, staging, deps.gazetteer, request.onProgress);
  const plan = planImport(deps.db, staging.path);
  const report = toReport(parse, plan, staging);
  const brake = applySafetyBrake({ parse, activeBefore: plan.activeBefore, toDeactivate: plan.people.deactivated, maxDeactivationShare: request.maxDeactivationShare, force: request.force });
  const outcome = (status: ImportOutcome['status'], message: string | null): ImportOutcome =>
    ({ status, sha256: parse.sha256, format: parse.format, finishedAt: deps.clock(), message, report });
  const record = (result: ImportOutcome) => {
    deps.imports.finish(runId, result);
    copyStagedRejects(deps.db, runId);
  };

  if (brake.refused || request.dryRun) {
    const result = brake.refused ? outcome('refused', brake.detail) : outcome('dry-run', 'dry run: nothing was changed');
    withStaging(deps.db, staging.path, () => record(result));
    return;
  }
  request.onApplying?.(true);
  try {
    applyImport(deps.db, staging.path, deps.clock(), () => record(outcome('succeeded', null)));
  } finally {
    request.onApplying?.(false);
  }
}

/** Reads every row into the staging file; rejects and skips are counted, never dropped silently. */
async function stageRows(file: ImportFile, staging: ImportStaging, gazetteer: Gazetteer, onProgress?: (bytes: number) => void): Promise<ParseSummary> {
  const interpret = rowInterpreter(file, gazetteer);
  const skippedByReason = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<SkipReason, number>;
  let rows = 0;
  let merged = 0;
  let rejected = 0;
  let progressAt = 0;
  for await (const row of file.rows()) {
    rows += 1;
    const outcome: RowOutcome = 'malformed' in row ? { kind: 'rejected', reason: row.malformed }
      : row.fields.length !== file.header.length ? { kind: 'rejected', reason: `${row.fields.length} fields where the header has ${file.header.length}` }
      : interpret(row.fields);
    if (outcome.kind === 'site') {
      if (staging.addSite(row.line, outcome.person, outcome.site, outcome.attributes) === 'merged') merged += 1;
    } else if (outcome.kind === 'skipped') {
      skippedByReason[outcome.reason] += 1;
    } else {
      rejected += 1;
      staging.addReject({ line: row.line, reason: outcome.reason, ...(outcome.nationalId !== undefined && { nationalId: outcome.nationalId }) });
    }
    if (onProgress && rows - progressAt >= 10_000) {
      progressAt = rows;
      onProgress(file.summary().bytes);
    }
  }
  staging.finish();
  const { bytes, sha256, truncated } = file.summary();
  onProgress?.(bytes);
  return { format: file.format, sha256, bytes, rows, merged, rejected, skippedByReason, truncated };
}

function rowInterpreter(file: ImportFile, gazetteer: Gazetteer): (fields: readonly string[]) => RowOutcome {
  if (file.format === 'registry') {
    const at = Object.fromEntries(Object.entries(REGISTRY_COLUMNS).map(([key, name]) => [key, file.columnIndex(name)])) as RegistryColumnIndexes;
    return (fields) => interpretRegistryRow(fields, at, gazetteer);
  }
  const at = Object.fromEntries([...OWN_CSV_COLUMNS, ...OWN_CSV_OPTIONAL_COLUMNS].map((name) => [name, file.columnIndex(name)])) as OwnCsvColumnIndexes;
  return (fields) => interpretOwnCsvRow(fields, at, gazetteer);
}

function toReport(parse: ParseSummary, plan: ImportPlan, staging: ImportStaging): ImportReport {
  const skipped = Object.values(parse.skippedByReason).reduce((sum, n) => sum + n, 0);
  return {
    rows: { read: parse.rows, merged: parse.merged },
    counts: { ...plan.people, rejected: parse.rejected, skipped },
    sites: plan.sites,
    skippedByReason: parse.skippedByReason,
    geocoding: staging.sitesByPrecision(),
    activeBefore: plan.activeBefore,
    unplacedSites: staging.unplacedSites(REPORT_SAMPLE_SIZE),
    rejects: staging.rejects(REPORT_SAMPLE_SIZE),
  };
}

function fail(message: string): never {
  throw new Error(message);
}
