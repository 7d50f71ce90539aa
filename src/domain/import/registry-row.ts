import { isForeignSite } from './site-country.js';
import type { Gazetteer } from '../geo/gazetteer.js';
import { communeCodeProblem, namesProblem, nationalIdProblem, postcodeProblem, tidy } from './field-rules.js';
import { genderOfCivility } from '../filters/referral-filters.js';
import { geocodeSite } from './geocode-site.js';
import { normalisePhone } from './phone.js';
import { registrySpecialty } from './registry-specialty.js';
import type { RowOutcome } from './staged-row.js';

/**
 * The registry extract's columns the service reads, by their published names
 * (../shared/formats/rpps-extract.md). All of them are in the 52-column files of 2021 as well
 * as the 56-column ones; columns are matched by name, so appended ones are ignored.
 */
export const REGISTRY_COLUMNS = {
  nationalId: 'Identification nationale PP',
  practiceCivility: "Code civilité d'exercice",
  civility: 'Code civilité',
  lastName: "Nom d'exercice",
  firstName: "Prénom d'exercice",
  profession: 'Code profession',
  savoirFaire: 'Code savoir-faire',
  structureId: 'Identifiant technique de la structure',
  siteName: 'Raison sociale site',
  geographicComplement: 'Complément point géographique (coord. structure)',
  streetNumber: 'Numéro Voie (coord. structure)',
  streetNumberSuffix: 'Indice répétition voie (coord. structure)',
  streetTypeCode: 'Code type de voie (coord. structure)',
  streetType: 'Libellé type de voie (coord. structure)',
  street: 'Libellé Voie (coord. structure)',
  distributionMention: 'Mention distribution (coord. structure)',
  distributionLine: 'Bureau cedex (coord. structure)',
  postcode: 'Code postal (coord. structure)',
  communeCode: 'Code commune (coord. structure)',
  communeName: 'Libellé commune (coord. structure)',
  countryCode: 'Code pays (coord. structure)',
  countryLabel: 'Libellé pays (coord. structure)',
  phone: 'Téléphone (coord. structure)',
  phone2: 'Téléphone 2 (coord. structure)',
} as const;

export type RegistryColumnIndexes = Readonly<Record<keyof typeof REGISTRY_COLUMNS, number>>;

/**
 * What one registry row amounts to: a site of a person the service refers to, a row outside its
 * scope (skipped, with the reason), or a malformed row (rejected, with the reason). Identity
 * fields are checked first, so that a broken row is rejected rather than skipped; the address is
 * checked only for a French site the service would use (a foreign postcode is not an error).
 */
export function interpretRegistryRow(fields: readonly string[], at: RegistryColumnIndexes, gazetteer: Gazetteer): RowOutcome {
  const get = (column: keyof typeof REGISTRY_COLUMNS) => tidy(fields[at[column]]);
  const nationalId = get('nationalId');
  const lastName = get('lastName');
  const firstName = get('firstName');
  const professionCode = get('profession');
  const idProblem = nationalIdProblem(nationalId);
  if (idProblem !== null) return { kind: 'rejected', reason: idProblem };
  const problem = namesProblem(lastName, firstName)
    ?? (professionCode === '' ? 'profession code missing' : /^\d{1,3}$/.test(professionCode) ? null : `profession code "${professionCode}" is not a registry code`);
  if (problem !== null) return { kind: 'rejected', reason: problem, nationalId };

  const specialty = registrySpecialty(professionCode, get('savoirFaire'));
  if (specialty === 'profession-not-referred') return { kind: 'skipped', reason: specialty };
  const structureId = get('structureId');
  const distributionLine = get('distributionLine');
  if (structureId === '' || (get('postcode') === '' && get('communeCode') === '' && distributionLine === '')) {
    return { kind: 'skipped', reason: 'no-practice-address' };
  }
  if (isForeignSite({ countryCode: get('countryCode'), countryLabel: get('countryLabel'), postcode: get('postcode') })) return { kind: 'skipped', reason: 'foreign-address' };
  const placeProblem = postcodeProblem(get('postcode')) ?? communeCodeProblem(get('communeCode'));
  if (placeProblem !== null) return { kind: 'rejected', reason: placeProblem, nationalId };
  if (specialty === 'specialty-not-referred') return { kind: 'skipped', reason: specialty };

  const place = geocodeSite({ communeCode: get('communeCode'), postcode: get('postcode'), city: get('communeName'), distributionLine }, gazetteer);
  return {
    kind: 'site',
    person: {
      nationalId, lastName, firstName, professionCode, specialtyCode: specialty.code,
      civility: (get('practiceCivility') || get('civility')) || null,
      gender: genderOfCivility(get('civility')),
    },
    site: {
      structureId,
      address: streetAddress(get) || get('geographicComplement') || get('distributionMention') || get('siteName'),
      postcode: place.postcode, communeCode: place.communeCode, city: place.city,
      phone: normalisePhone(get('phone') || get('phone2')),
      lat: place.lat, lon: place.lon, precision: place.precision,
    },
  };
}

/** "12 B RUE DE LA PAIX": number, repetition index, street type and name, whichever are given. */
function streetAddress(get: (column: keyof typeof REGISTRY_COLUMNS) => string): string {
  const number = [get('streetNumber'), get('streetNumberSuffix')].filter(Boolean).join(' ');
  return [number, get('streetType') || get('streetTypeCode'), get('street')].filter(Boolean).join(' ');
}
