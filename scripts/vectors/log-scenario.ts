/**
 * The fixed world the log vectors (log-vectors.ts) are made in: a few practitioners around one
 * point of Paris, the period secrets, the test signing key, and the referrals asked for, each
 * at a fixed moment. National identifiers, places and names are invented; accents and
 * apostrophes are there so that the shown text exercises UTF-8.
 */
import type { Gender, ReferralFilters, Sector } from '../../src/domain/filters/referral-filters.js';
import type { NewPractitioner } from '../../src/storage/practitioner-repository.js';

/** Where every referral is asked from: already at the two decimals coordinates are rounded to. */
export const ORIGIN = { lat: 48.86, lon: 2.34 } as const;

/** The log's origin line, and the name of its signing key. */
export const LOG_ORIGIN = 'referrals.example.org/log';

/**
 * Ed25519 private key seed of the TEST key that signs the vectors' checkpoints: RFC 8032 §7.1
 * TEST 1's, so that its public key can be checked against the RFC. Public, so never a production key.
 */
export const TEST_KEY_SEED_HEX = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';

/**
 * The period secrets, in the order the service draws them: 2026-11-23's, then 2026-11-24's.
 * The first is SHA-256("log vectors secret 3"), the first i for which the second draw on the
 * same pool of two (entry 3) repeats the previous order and is redrawn once; the second is
 * SHA-256("log vectors secret 2026-11-24").
 */
export const PERIOD_SECRETS_HEX: readonly string[] = [
  '88051f8b1b865b20ef569b5dead696736ea186e7595b8b2140075774c5b7af19',
  '1d016ce02a7eb874d761f7e3a2d04d40fd104d62495f8c0614bd216828cd1329',
];

interface Person {
  readonly nationalId: string;
  readonly civility: 'M' | 'MME' | 'DR';
  readonly lastName: string;
  readonly firstName: string;
  readonly specialtyCode: 'ophtalmologie' | 'pediatrie';
  /** Kilometres north and east of ORIGIN. */
  readonly north: number;
  readonly east: number;
  readonly sector?: Sector;
}

const PEOPLE: readonly Person[] = [
  // Six ophthalmologists within 1 km: the ladder's first step holds the first pool.
  { nationalId: '810000000101', civility: 'MME', lastName: 'LEFÈVRE', firstName: 'Hélène', specialtyCode: 'ophtalmologie', north: 0.2, east: 0, sector: '1' },
  { nationalId: '810000000102', civility: 'M', lastName: 'MARTIN', firstName: 'Jean', specialtyCode: 'ophtalmologie', north: 0, east: 0.3, sector: '2' },
  { nationalId: '810000000103', civility: 'MME', lastName: "N'DIAYE", firstName: 'Awa', specialtyCode: 'ophtalmologie', north: -0.4, east: 0, sector: 'optam' },
  { nationalId: '810000000104', civility: 'M', lastName: 'DUBOIS', firstName: 'Paul', specialtyCode: 'ophtalmologie', north: 0, east: -0.5 },
  { nationalId: '810000000105', civility: 'MME', lastName: 'GARCÍA', firstName: 'Inès', specialtyCode: 'ophtalmologie', north: 0.6, east: 0.2, sector: '2' },
  { nationalId: '810000000106', civility: 'DR', lastName: 'LEROY', firstName: 'Camille', specialtyCode: 'ophtalmologie', north: -0.3, east: -0.7 },
  // Five more between 2.5 and 4 km: where "five more" climbs to once the first six are proposed.
  { nationalId: '810000000107', civility: 'MME', lastName: 'ROUSSEAU', firstName: 'Chloé', specialtyCode: 'ophtalmologie', north: 2.6, east: 0, sector: '1' },
  { nationalId: '810000000108', civility: 'M', lastName: 'PETIT', firstName: 'Louis', specialtyCode: 'ophtalmologie', north: 0, east: 3.0 },
  { nationalId: '810000000109', civility: 'MME', lastName: 'FONTAINE', firstName: 'Zoé', specialtyCode: 'ophtalmologie', north: -3.2, east: 0.5, sector: 'optam' },
  { nationalId: '810000000110', civility: 'M', lastName: 'MOREAU', firstName: 'Éric', specialtyCode: 'ophtalmologie', north: 0.4, east: -3.5, sector: '1' },
  { nationalId: '810000000111', civility: 'MME', lastName: 'CHÂTELAIN', firstName: 'Léa', specialtyCode: 'ophtalmologie', north: 2.0, east: 2.5 },
  // Two paediatricians: a pool smaller than k, drawn twice.
  { nationalId: '810000000201', civility: 'MME', lastName: 'BONNET', firstName: 'Anaïs', specialtyCode: 'pediatrie', north: 0.5, east: 0.5 },
  { nationalId: '810000000202', civility: 'M', lastName: "D'ALMEIDA", firstName: 'Noé', specialtyCode: 'pediatrie', north: -2.0, east: 1.5 },
];

const KM_PER_DEGREE_LAT = 111.32;
const KM_PER_DEGREE_LON = KM_PER_DEGREE_LAT * Math.cos((ORIGIN.lat * Math.PI) / 180);
const GENDER: Readonly<Record<Person['civility'], Gender | null>> = { M: 'male', MME: 'female', DR: null };

/** The directory, in insertion order (which fixes practitioner and site ids in a fresh database). */
export const PRACTITIONERS: readonly NewPractitioner[] = PEOPLE.map((person, i) => ({
  nationalId: person.nationalId,
  civility: person.civility,
  lastName: person.lastName,
  firstName: person.firstName,
  professionCode: '10',
  specialtyCode: person.specialtyCode,
  gender: GENDER[person.civility],
  sites: [{
    structureId: `R${String(20000001 + i)}`,
    address: `${i + 1} rue de Rivoli`,
    postcode: '75001',
    communeCode: '75101',
    city: 'PARIS',
    phone: `01 40 00 00 ${String(10 + i)}`,
    lat: Math.round((ORIGIN.lat + person.north / KM_PER_DEGREE_LAT) * 1e6) / 1e6,
    lon: Math.round((ORIGIN.lon + person.east / KM_PER_DEGREE_LON) * 1e6) / 1e6,
    precision: 'address',
  }],
}));

/** The convention sector each practice declared, by national identifier (the sector filter reads it). */
export const DECLARED_SECTORS: ReadonlyMap<string, Sector> = new Map(
  PEOPLE.flatMap((person) => (person.sector === undefined ? [] : [[person.nationalId, person.sector] as const])),
);

/** The desk whose API key asks, recorded in format-2 entries. */
export const DESK = 'desk-paris-1';

/** One referral asked for: a new one, or "five more" continuing the referral of an earlier step (1-based). */
export type Ask =
  | { readonly kind: 'referral'; readonly specialty: string; readonly radiusKm?: number; readonly count?: number; readonly filters?: ReferralFilters; readonly requestedBy?: string }
  | { readonly kind: 'more'; readonly parentStep: number; readonly requestedBy?: string };

export interface Step {
  /** What the entry shows an implementer. */
  readonly name: string;
  /** When it is asked: the entry's createdAt. */
  readonly at: string;
  readonly ask: Ask;
  /** Whether the log's checkpoint is signed right after it. */
  readonly checkpointAfter?: true;
}

export const STEPS: readonly Step[] = [
  { name: 'plain referral: ophthalmology, the ladder stops at 1 km (6 people), 5 proposed', at: '2026-11-23T23:40:00.000Z',
    ask: { kind: 'referral', specialty: 'ophtalmologie', requestedBy: DESK } },
  { name: 'paediatrics within a radius asked for (5 km): a pool of 2, smaller than k; no API key (requestedBy null)', at: '2026-11-23T23:41:00.000Z',
    ask: { kind: 'referral', specialty: 'pediatrie', radiusKm: 5 } },
  { name: 'the same paediatrics pool again: same set as entry 2, so its order must differ from entry 2 (one redraw)', at: '2026-11-23T23:42:00.000Z',
    ask: { kind: 'referral', specialty: 'pediatrie', radiusKm: 5, requestedBy: DESK }, checkpointAfter: true },
  { name: '"five more" continuing entry 1: the one person within 1 km not yet proposed in the call', at: '2026-11-23T23:50:00.000Z',
    ask: { kind: 'more', parentStep: 1, requestedBy: DESK } },
  { name: '"five more" continuing entry 4, the next day (another period secret): everyone within 1 km proposed, widened to 5 km', at: '2026-11-24T00:05:00.000Z',
    ask: { kind: 'more', parentStep: 4, requestedBy: DESK } },
  { name: 'filtered referral: female, sector 1 or OPTAM, 3 asked; members carry counters from entries 1, 4 and 5', at: '2026-11-24T00:10:00.000Z',
    ask: { kind: 'referral', specialty: 'ophtalmologie', count: 3, filters: { sector: ['optam', '1'], gender: 'female' }, requestedBy: DESK } },
  { name: '"five more" continuing the filtered entry 6: carries its filters, draws the last qualifying person', at: '2026-11-24T00:12:00.000Z',
    ask: { kind: 'more', parentStep: 6, requestedBy: DESK }, checkpointAfter: true },
];
