import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { SpecialtyDefinition } from '../../src/domain/specialties/catalogue.js';
import type { OWN_CSV_DECLARED_COLUMNS } from '../../src/domain/import/own-csv-row.js';

/** What a practice declares, as the service's CSV spells it; empty when undeclared. */
export type DeclaredColumns = Readonly<Record<(typeof OWN_CSV_DECLARED_COLUMNS)[number], string>>;

/** Languages spoken besides French, with the share (%) of those who declare languages that speak each. */
const OTHER_LANGUAGES: readonly (readonly [string, number])[] = [
  ['en', 45], ['es', 12], ['de', 6], ['it', 6], ['ar', 8], ['pt', 4], ['zh', 2], ['ru', 2],
];

/**
 * A person's declared attributes, drawn for the filters of the walkthrough to have someone to
 * find. Synthetic shares, only roughly shaped like the real ones: a convention sector for
 * physicians only (general practice mostly in sector 1, other specialties split between 1, 2
 * and OPTAM), and each attribute left undeclared for a part of the people, since a practice
 * declares what it wants to and an undeclared attribute never matches a filter.
 */
export function drawDeclaredAttributes(rng: RandomGenerator, specialty: SpecialtyDefinition): DeclaredColumns {
  const percent = () => uniformInt(rng, 0, 99);
  return {
    sector: specialty.profession.code === '10' && percent() < 85 ? drawSector(percent(), specialty.code === 'medecine-generale') : '',
    accepts_new_patients: percent() < 70 ? yesNo(percent() < (specialty.code === 'medecine-generale' ? 55 : 80)) : '',
    // Languages besides French, as the contract's filter means them: someone who declares none is unknown.
    languages: percent() < 50 ? OTHER_LANGUAGES.filter(([, share]) => percent() < share).map(([code]) => code).join(';') : '',
    wheelchair_access: percent() < 60 ? yesNo(percent() < 65) : '',
  };
}

function drawSector(roll: number, generalPractice: boolean): string {
  const [sectorOne, optam] = generalPractice ? [90, 5] : [50, 25];
  return roll < sectorOne ? '1' : roll < sectorOne + optam ? 'optam' : '2';
}

function yesNo(yes: boolean): string {
  return yes ? 'yes' : 'no';
}
