import type { Gazetteer } from '../domain/geo/gazetteer.js';
import type { NewPractitioner, NewSite } from '../storage/practitioner-repository.js';
import type { OwnCsvRow } from './own-csv.js';

export type OwnCsvFields = Omit<OwnCsvRow, 'line'>;

/** The person a row describes, without sites. */
export function toNewPractitioner(row: OwnCsvFields): NewPractitioner & { sites: NewSite[] } {
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

/** The site a row describes: coordinates given in the file win (precision `address`); otherwise the gazetteer places it. */
export function toNewSite(row: OwnCsvFields, gazetteer: Gazetteer): NewSite {
  const base = {
    structureId: row.site_id, address: row.address, postcode: row.postcode, communeCode: row.commune_code || null,
    city: row.city, phone: row.phone || null,
  };
  if (row.lat !== '' && row.lon !== '') return { ...base, lat: Number(row.lat), lon: Number(row.lon), precision: 'address' };
  const place = (row.commune_code ? gazetteer.findByCommuneCode(row.commune_code) : undefined) ?? gazetteer.findByPostcode(row.postcode);
  if (!place) return { ...base, lat: null, lon: null, precision: 'none' };
  return { ...base, lat: place.lat, lon: place.lon, precision: place.precision };
}
