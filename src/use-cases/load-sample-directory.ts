import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { ImportOwner } from '../storage/import-repository.js';
import type { PractitionerRepository } from '../storage/practitioner-repository.js';
import { claimImport, importDirectory, type ImportDependencies } from './import-directory.js';

/**
 * Fills an empty directory with the bundled sample (data/sample-directory.csv), so that a
 * newcomer's first request returns real-looking answers. It goes through the nightly import,
 * so the sample is validated like any file and its run is listed by GET /v1/imports. Does
 * nothing when the directory already has practitioners.
 * @returns how many practitioners were added
 * @throws Error when the sample cannot be imported
 */
export async function loadSampleDirectory(
  practitioners: PractitionerRepository,
  importer: ImportDependencies,
  owner: ImportOwner,
  path: string,
): Promise<number> {
  if (practitioners.countAll() > 0) return 0;
  const request = { source: `sample directory (${basename(path)})`, format: 'csv', dryRun: false, force: false, maxDeactivationShare: 0 } as const;
  const run = await importDirectory(importer, claimImport(importer.imports, request, owner, importer.clock()), createReadStream(path), request);
  if (run.status !== 'succeeded' || run.report === null) throw new Error(`The sample directory ${path} could not be imported: ${run.message ?? run.status}`);
  return run.report.counts.inserted;
}
