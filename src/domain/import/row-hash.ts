import { createHash } from 'node:crypto';
import type { StagedPerson, StagedSite } from './staged-row.js';

/**
 * A fingerprint of what an import writes for a person or a site, stored beside the row so that
 * the next import recognises an unchanged row without comparing every column (DESIGN §7).
 * Fields are joined by a unit separator, which no field contains.
 */
export function personHash(person: StagedPerson): string {
  return digest([person.civility ?? '', person.lastName, person.firstName, person.professionCode, person.specialtyCode, person.gender ?? '']);
}

export function siteHash(site: StagedSite): string {
  return digest([site.address, site.postcode, site.communeCode ?? '', site.city, site.phone ?? '',
    site.lat === null ? '' : String(site.lat), site.lon === null ? '' : String(site.lon), site.precision]);
}

function digest(fields: readonly string[]): string {
  return createHash('sha256').update(fields.join('\u001f')).digest('hex').slice(0, 32);
}
