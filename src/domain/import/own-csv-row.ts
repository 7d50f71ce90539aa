import type { Gazetteer } from '../geo/gazetteer.js';
import { SPECIALTIES } from '../specialties/catalogue.js';
import { communeCodeProblem, namesProblem, nationalIdProblem, postcodeProblem, tidy } from './field-rules.js';
import { geocodeSite } from './geocode-site.js';
import { normalisePhone } from './phone.js';
import type { RowOutcome } from './staged-row.js';

/** The service's own CSV format: one row per person and practice site; lat/lon optional (README). */
export const OWN_CSV_COLUMNS = [
  'national_id', 'civility', 'last_name', 'first_name', 'profession_code', 'specialty_code',
  'site_id', 'address', 'postcode', 'commune_code', 'city', 'phone', 'lat', 'lon',
] as const;

export type OwnCsvColumn = (typeof OWN_CSV_COLUMNS)[number];
export type OwnCsvColumnIndexes = Readonly<Record<OwnCsvColumn, number>>;

const specialtiesByCode = new Map(SPECIALTIES.map((s) => [s.code, s]));

/**
 * What one row of the service's CSV amounts to. Coordinates given in the file win (precision
 * `address`); otherwise the gazetteer places the site as it does a registry row.
 */
export function interpretOwnCsvRow(fields: readonly string[], at: OwnCsvColumnIndexes, gazetteer: Gazetteer): RowOutcome {
  const get = (column: OwnCsvColumn) => tidy(fields[at[column]]);
  const nationalId = get('national_id');
  const lastName = get('last_name');
  const firstName = get('first_name');
  const specialty = specialtiesByCode.get(get('specialty_code'));
  const problem = nationalIdProblem(nationalId) ?? namesProblem(lastName, firstName)
    ?? (specialty === undefined ? `unknown specialty "${get('specialty_code')}" (GET /v1/specialties lists the codes)` : null)
    ?? (specialty !== undefined && get('profession_code') !== specialty.profession.code
      ? `profession code "${get('profession_code')}" is not ${specialty.profession.code} (${specialty.profession.label}), the profession of ${specialty.code}` : null)
    ?? postcodeProblem(get('postcode')) ?? communeCodeProblem(get('commune_code'));
  if (problem !== null || specialty === undefined) return { kind: 'rejected', reason: problem ?? 'unknown specialty' };
  const coordinates = parseCoordinates(get('lat'), get('lon'));
  if (typeof coordinates === 'string') return { kind: 'rejected', reason: coordinates };
  if (get('site_id') === '' || (get('postcode') === '' && get('commune_code') === '' && coordinates === null)) {
    return { kind: 'skipped', reason: 'no-practice-address' };
  }

  const place = geocodeSite({ communeCode: get('commune_code'), postcode: get('postcode'), city: get('city'), distributionLine: '' }, gazetteer);
  return {
    kind: 'site',
    person: { nationalId, civility: get('civility') || null, lastName, firstName, professionCode: specialty.profession.code, specialtyCode: specialty.code },
    site: {
      structureId: get('site_id'), address: get('address'), postcode: place.postcode, communeCode: place.communeCode, city: place.city,
      phone: normalisePhone(get('phone')),
      ...(coordinates ?? { lat: place.lat, lon: place.lon }),
      precision: coordinates ? 'address' : place.precision,
    },
  };
}

/** Both coordinates or neither; a reason when they are half given, not numbers or out of range. */
function parseCoordinates(lat: string, lon: string): { lat: number; lon: number } | null | string {
  if (lat === '' && lon === '') return null;
  if (lat === '' || lon === '') return 'lat and lon must be given together';
  const [latitude, longitude] = [Number(lat), Number(lon)];
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90) return `lat "${lat}" is not a latitude`;
  if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180) return `lon "${lon}" is not a longitude`;
  return { lat: latitude, lon: longitude };
}
