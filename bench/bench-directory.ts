import { rmSync } from 'node:fs';
import { openServices } from '../src/compose.js';
import type { Gazetteer } from '../src/domain/geo/gazetteer.js';
import { toNewPractitioner, toNewSite } from '../src/import/own-csv-rows.js';
import type { NewPractitioner, NewSite } from '../src/storage/practitioner-repository.js';
import { generateDirectory } from '../scripts/sample/generate-directory.js';

const BENCH_SEED = 1_000_003;
const BATCH = 20_000;

/**
 * Writes a seeded synthetic directory of `count` people to a new SQLite file, through the same
 * migrations and repository as the service, in batches so a million people never sit in memory.
 */
export function buildBenchDirectory(path: string, count: number, gazetteer: Gazetteer): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const services = openServices({ databasePath: path, gazetteer });
  const { practitioners } = services.referralContext;
  let batch: (NewPractitioner & { sites: NewSite[] })[] = [];
  let current: (NewPractitioner & { sites: NewSite[] }) | undefined;
  const now = new Date('2026-11-01T00:00:00Z');
  for (const row of generateDirectory({ seed: BENCH_SEED, count, communes: gazetteer.communes() })) {
    // A person's second site follows their first row.
    if (current?.nationalId !== row.national_id) {
      if (batch.length >= BATCH) {
        practitioners.insertMany(batch, now);
        batch = [];
      }
      current = toNewPractitioner(row);
      batch.push(current);
    }
    current.sites.push(toNewSite(row, gazetteer));
  }
  practitioners.insertMany(batch, now);
  services.db.pragma('wal_checkpoint(TRUNCATE)');
  services.close();
}
