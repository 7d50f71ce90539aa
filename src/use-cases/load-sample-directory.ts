import type { Gazetteer } from '../domain/geo/gazetteer.js';
import { readOwnCsv, type OwnCsvRow } from '../import/own-csv.js';
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
    const person = people.get(row.national_id) ?? { ...toPractitioner(row), sites: [] };
    people.set(row.national_id, person);
    person.sites.push(toSite(row, gazetteer));
  }
  practitioners.insertMany([...people.values()], now);
  return people.size;
}

function toPractitioner(row: OwnCsvRow): NewPractitioner {
  return {
    nationalId: row.national_id,
    civility: row.civility || null,
    lastName: row.last_name,
    firstName: row.first_name,
    professionCode: row.profession_code,
    specialtyCode: row.specialty_code,
    sites: [],
  };
}

/** Coordinates given in the file win (precision `address`); otherwise the gazetteer places the site. */
function toSite(row: OwnCsvRow, gazetteer: Gazetteer): NewSite {
  const base = {
    structureId: row.site_id, address: row.address, postcode: row.postcode, communeCode: row.commune_code || null,
    city: row.city, phone: row.phone || null,
  };
  if (row.lat !== '' && row.lon !== '') return { ...base, lat: Number(row.lat), lon: Number(row.lon), precision: 'address' };
  const place = (row.commune_code && gazetteer.findByCommuneCode(row.commune_code)) || gazetteer.findByPostcode(row.postcode);
  return place ? { ...base, lat: place.lat, lon: place.lon, precision: place.precision === 'address' ? 'commune' : place.precision } : { ...base, lat: null, lon: null, precision: 'none' };
}
