import type { Gazetteer } from '../geo/gazetteer.js';
import { SPECIALTIES } from '../specialties/catalogue.js';
import { communeCodeProblem, namesProblem, nationalIdProblem, postcodeProblem, tidy } from './field-rules.js';
import { genderOfCivility, SECTORS, type Gender, type Sector } from '../filters/referral-filters.js';
import { geocodeSite } from './geocode-site.js';
import { normalisePhone } from './phone.js';
import type { DeclaredAttributes, RowOutcome } from './staged-row.js';

/** The service's own CSV format: one row per person and practice site; lat/lon optional (docs/importing.md). */
export const OWN_CSV_COLUMNS = [
  'national_id', 'civility', 'last_name', 'first_name', 'profession_code', 'specialty_code',
  'site_id', 'address', 'postcode', 'commune_code', 'city', 'phone', 'lat', 'lon',
] as const;

/** Optional columns: the practitioner's gender, and what the practice declares (issue 5 filters). */
export const OWN_CSV_OPTIONAL_COLUMNS = ['gender', 'sector', 'accepts_new_patients', 'languages', 'wheelchair_access'] as const;
/** The optional columns of what a practice declares, filled in by the CSV or by an admin's PATCH. */
export const OWN_CSV_DECLARED_COLUMNS = ['sector', 'accepts_new_patients', 'languages', 'wheelchair_access'] as const;

export type OwnCsvColumn = (typeof OWN_CSV_COLUMNS)[number] | (typeof OWN_CSV_OPTIONAL_COLUMNS)[number];
/** Where each column is in a row; -1 for an optional column the file does not have. */
export type OwnCsvColumnIndexes = Readonly<Record<OwnCsvColumn, number>>;

const specialtiesByCode = new Map(SPECIALTIES.map((s) => [s.code, s]));

/**
 * What one row of the service's CSV amounts to. Coordinates given in the file win (precision
 * `address`); otherwise the gazetteer places the site as it does a registry row.
 */
export function interpretOwnCsvRow(fields: readonly string[], at: OwnCsvColumnIndexes, gazetteer: Gazetteer): RowOutcome {
  const get = (column: OwnCsvColumn) => (at[column] < 0 ? '' : tidy(fields[at[column]]));
  const nationalId = get('national_id');
  const lastName = get('last_name');
  const firstName = get('first_name');
  const specialty = specialtiesByCode.get(get('specialty_code'));
  const idProblem = nationalIdProblem(nationalId);
  if (idProblem !== null) return { kind: 'rejected', reason: idProblem };
  const problem = namesProblem(lastName, firstName)
    ?? (specialty === undefined ? `unknown specialty "${get('specialty_code')}" (GET /v1/specialties lists the codes)` : null)
    ?? (specialty !== undefined && get('profession_code') !== specialty.profession.code
      ? `profession code "${get('profession_code')}" is not ${specialty.profession.code} (${specialty.profession.label}), the profession of ${specialty.code}` : null)
    ?? postcodeProblem(get('postcode')) ?? communeCodeProblem(get('commune_code'));
  if (problem !== null || specialty === undefined) return { kind: 'rejected', reason: problem ?? 'unknown specialty', nationalId };
  const coordinates = parseCoordinates(get('lat'), get('lon'));
  if (typeof coordinates === 'string') return { kind: 'rejected', reason: coordinates, nationalId };
  const gender = parseGender(get('gender'), get('civility'));
  if ('problem' in gender) return { kind: 'rejected', reason: gender.problem, nationalId };
  const declared = OWN_CSV_DECLARED_COLUMNS.some((column) => at[column] >= 0) ? parseDeclared(get) : undefined;
  if (typeof declared === 'string') return { kind: 'rejected', reason: declared, nationalId };
  if (get('site_id') === '' || (get('postcode') === '' && get('commune_code') === '' && coordinates === null)) {
    return { kind: 'skipped', reason: 'no-practice-address' };
  }

  const place = geocodeSite({ communeCode: get('commune_code'), postcode: get('postcode'), city: get('city'), distributionLine: '' }, gazetteer);
  return {
    kind: 'site',
    person: {
      nationalId, civility: get('civility') || null, lastName, firstName, professionCode: specialty.profession.code, specialtyCode: specialty.code,
      gender: gender.value,
    },
    ...(declared && { attributes: declared }),
    site: {
      structureId: get('site_id'), address: get('address'), postcode: place.postcode, communeCode: place.communeCode, city: place.city,
      phone: normalisePhone(get('phone')),
      ...(coordinates ?? { lat: place.lat, lon: place.lon }),
      precision: coordinates ? 'address' : place.precision,
    },
  };
}

/** `female`/`F`/`male`/`M` in `gender`, else what the civility says; a problem when `gender` is something else. */
function parseGender(given: string, civility: string): { value: Gender | null } | { problem: string } {
  const value = given.toLowerCase();
  if (value === '') return { value: genderOfCivility(civility) };
  if (value === 'female' || value === 'f') return { value: 'female' };
  if (value === 'male' || value === 'm') return { value: 'male' };
  return { problem: `gender "${given}" is neither female (F) nor male (M)` };
}

const YES = new Set(['1', 'true', 'yes', 'oui']);
const NO = new Set(['0', 'false', 'no', 'non']);

/** The declared attributes of a row, empty cells meaning unknown; a reason when one is unreadable. */
function parseDeclared(get: (column: OwnCsvColumn) => string): DeclaredAttributes | string {
  const flag = (column: OwnCsvColumn): boolean | null | string => {
    const value = get(column).toLowerCase();
    if (value === '') return null;
    return YES.has(value) ? true : NO.has(value) ? false : `${column} "${get(column)}" is neither yes nor no`;
  };
  const sectorText = get('sector').toLowerCase();
  if (sectorText !== '' && !(SECTORS as readonly string[]).includes(sectorText)) return `sector "${get('sector')}" is not 1, 2 or optam`;
  const languages = get('languages').toLowerCase().split(/[;,\s]+/).filter(Boolean);
  const badLanguage = languages.find((language) => !/^[a-z]{2}$/.test(language));
  if (badLanguage !== undefined) return `language "${badLanguage}" is not a two-letter ISO 639-1 code`;
  const acceptsNewPatients = flag('accepts_new_patients');
  const wheelchairAccess = flag('wheelchair_access');
  if (typeof acceptsNewPatients === 'string') return acceptsNewPatients;
  if (typeof wheelchairAccess === 'string') return wheelchairAccess;
  return { sector: sectorText === '' ? null : (sectorText as Sector), acceptsNewPatients, languages: [...new Set(languages)].sort(), wheelchairAccess };
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
