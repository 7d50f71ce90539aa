import type { Gazetteer } from '../domain/geo/gazetteer.js';
import { readOwnCsv } from '../import/own-csv.js';
import { toNewPractitioner, toNewSite } from '../import/own-csv-rows.js';
import type { NewPractitioner, NewSite, PractitionerRepository } from '../storage/practitioner-repository.js';

/**
 * Fills an empty directory with the bundled sample (data/sample-directory.csv), so that a
 * newcomer's first request returns real-looking answers. Does nothing when the directory
 * already has practitioners.
 * @returns how many practitioners were added
 */
export async function loadSampleDirectory(
  practitioners: PractitionerRepository,
  gazetteer: Gazetteer,
  path: string,
  now: Date,
): Promise<number> {
  if (practitioners.countAll() > 0) return 0;
  const people = new Map<string, NewPractitioner & { sites: NewSite[] }>();
  for await (const row of readOwnCsv(path)) {
    const person = people.get(row.national_id) ?? toNewPractitioner(row);
    people.set(row.national_id, person);
    person.sites.push(toNewSite(row, gazetteer));
  }
  practitioners.insertMany([...people.values()], now);
  return people.size;
}
