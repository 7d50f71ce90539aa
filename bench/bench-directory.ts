import { removeDatabaseFiles } from '../src/storage/database.js';
import { openServices } from '../src/compose.js';
import type { Gazetteer } from '../src/domain/geo/gazetteer.js';
import { interpretOwnCsvRow, OWN_CSV_COLUMNS, type OwnCsvColumnIndexes } from '../src/domain/import/own-csv-row.js';
import type { NewPractitioner, NewSite } from '../src/storage/practitioner-repository.js';
import { generateDirectory } from '../scripts/sample/generate-directory.js';

const BENCH_SEED = 1_000_003;
const BATCH = 20_000;
const AT = Object.fromEntries(OWN_CSV_COLUMNS.map((name, index) => [name, index])) as OwnCsvColumnIndexes;

/**
 * Writes a seeded synthetic directory of `count` people to a new SQLite file, through the same
 * migrations and repository as the service, in batches so a million people never sit in memory.
 */
export function buildBenchDirectory(path: string, count: number, gazetteer: Gazetteer): void {
  removeDatabaseFiles(path);
  const services = openServices({ databasePath: path, gazetteer });
  const { practitioners } = services.referralContext;
  let batch: (NewPractitioner & { sites: NewSite[] })[] = [];
  let current: (NewPractitioner & { sites: NewSite[] }) | undefined;
  const now = new Date('2026-11-01T00:00:00Z');
  for (const row of generateDirectory({ seed: BENCH_SEED, count, communes: gazetteer.communes() })) {
    const outcome = interpretOwnCsvRow(OWN_CSV_COLUMNS.map((name) => row[name]), AT, gazetteer);
    if (outcome.kind !== 'site') throw new Error(`generated row for ${row.national_id} ${outcome.kind}: ${outcome.reason}`);
    // A person's second site follows their first row.
    if (current?.nationalId !== row.national_id) {
      if (batch.length >= BATCH) {
        practitioners.insertMany(batch, now);
        batch = [];
      }
      current = { ...outcome.person, sites: [] };
      batch.push(current);
    }
    current.sites.push(outcome.site);
  }
  practitioners.insertMany(batch, now);
  services.db.pragma('wal_checkpoint(TRUNCATE)');
  services.close();
}
