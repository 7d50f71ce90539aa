import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { STREET_NAMES, STREET_TYPES } from './french-names.js';
import { pickOne } from './pick-weighted.js';

/** A commune the sample can place people in. */
export interface SampleCommune {
  readonly code: string;
  readonly name: string;
  readonly department: string;
  readonly postcodes: readonly string[];
  readonly population: number;
  readonly lat: number;
  readonly lon: number;
}

/** Telephone zones (ARCEP numbering plan): 01 Île-de-France … 05 south-west; the DROM have their own prefixes. */
const ZONE_OF_DEPARTMENT: Readonly<Record<string, string>> = {
  ...zone('01', '75 77 78 91 92 93 94 95'),
  ...zone('02', '14 18 22 27 28 29 35 36 37 41 44 45 49 50 53 56 61 72 76 85'),
  ...zone('03', '02 08 10 21 25 39 51 52 54 55 57 58 59 60 62 67 68 70 71 80 88 89 90'),
  ...zone('04', '01 03 04 05 06 07 11 13 15 26 2A 2B 30 34 38 42 43 48 63 66 69 73 74 83 84'),
  ...zone('05', '09 12 16 17 19 23 24 31 32 33 40 46 47 64 65 79 81 82 86 87'),
  ...zone('0590', '971'), ...zone('0596', '972'), ...zone('0594', '973'), ...zone('0262', '974'), ...zone('0269', '976'),
};

function zone(prefix: string, departments: string): Record<string, string> {
  return Object.fromEntries(departments.split(' ').map((d) => [d, prefix]));
}

/** Whether the department has a telephone zone here: the overseas collectivities (975, 977…) are outside the registry. */
export function hasPhoneZone(department: string): boolean {
  return ZONE_OF_DEPARTMENT[department] !== undefined;
}

/** A ten-digit number `0X XX XX XX XX` in the department's zone. */
export function toPhone(rng: RandomGenerator, department: string): string {
  let digits = ZONE_OF_DEPARTMENT[department] ?? '09';
  while (digits.length < 10) digits += String(uniformInt(rng, 0, 9));
  return digits.replace(/(\d\d)(?=\d)/g, '$1 ');
}

/** A street address such as `12 rue Victor Hugo` or `3 bis avenue de la République`. */
export function toAddress(rng: RandomGenerator): string {
  const number = uniformInt(rng, 1, 150);
  const repeat = uniformInt(rng, 0, 99);
  const suffix = repeat < 4 ? ' bis' : repeat < 5 ? ' ter' : '';
  return `${number}${suffix} ${pickOne(rng, STREET_TYPES)} ${pickOne(rng, STREET_NAMES)}`;
}

/**
 * The city as La Poste's routing label writes it: upper case, no accents, hyphens and
 * apostrophes as spaces, SAINT(E) as ST(E), arrondissements as their city ("PARIS").
 */
export function toPostalCity(communeName: string): string {
  return communeName
    .replace(/ \d+(?:er|e) Arrondissement$/, '')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase()
    .replace(/Œ/g, 'OE')
    .replace(/[-'’]/g, ' ')
    .replace(/\bSAINT\b/g, 'ST')
    .replace(/\bSAINTE\b/g, 'STE')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A point 300 m to `maxMetres` from the commune's point in a uniform direction, 5 decimals:
 * practices spread around the centre without leaving a small commune.
 */
export function jitter(rng: RandomGenerator, commune: SampleCommune): { lat: string; lon: string } {
  const maxMetres = commune.population > 100_000 ? 1_000 : commune.population > 10_000 ? 1_500 : 3_000;
  const metres = uniformInt(rng, 300, maxMetres);
  const angle = (uniformInt(rng, 0, 359_999) / 1000) * (Math.PI / 180);
  const lat = commune.lat + (metres * Math.cos(angle)) / 111_320;
  const lon = commune.lon + (metres * Math.sin(angle)) / (111_320 * Math.cos((commune.lat * Math.PI) / 180));
  return { lat: lat.toFixed(5), lon: lon.toFixed(5) };
}
