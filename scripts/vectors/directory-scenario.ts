/**
 * The fixed world the directory vectors (directory-vectors.ts) are made in: ophthalmologists
 * around one point of Paris, on the Riviera and in Corsica, two paediatricians, and the
 * changes and referrals asked for, each at a fixed moment. National identifiers, places and
 * names are invented.
 */
import type { DeclaredAttributes } from '../../src/domain/import/staged-row.js';
import type { Gender, ReferralFilters } from '../../src/domain/filters/referral-filters.js';
import type { NewPractitioner } from '../../src/storage/practitioner-repository.js';

/** Where the Paris referrals are asked from: already at the two decimals coordinates are rounded to. */
export const PARIS = { lat: 48.86, lon: 2.34 } as const;
export const NICE = { lat: 43.7, lon: 7.26 } as const;
export const CALVI = { lat: 42.57, lon: 8.76 } as const;

/** Kilometres per degree of latitude on the specification's sphere (6,378,137 m). */
const KM_PER_DEGREE = (6378.137 * Math.PI) / 180;

/** A point `north` and `east` km from `from`, rounded to `decimals` (a site's coordinates as a registry gives them). */
function offset(from: { lat: number; lon: number }, north: number, east: number, decimals = 6): { lat: number; lon: number } {
  const scale = 10 ** decimals;
  const lat = from.lat + north / KM_PER_DEGREE;
  const lon = from.lon + east / (KM_PER_DEGREE * Math.cos((from.lat * Math.PI) / 180));
  return { lat: Math.round(lat * scale) / scale, lon: Math.round(lon * scale) / scale };
}

interface Person {
  readonly nationalId: string;
  readonly civility: 'M' | 'MME' | 'DR';
  readonly lastName: string;
  readonly specialtyCode: 'ophtalmologie' | 'pediatrie';
  /** Its sites' points; null for a site the geocoder could not place. */
  readonly sites: readonly ({ lat: number; lon: number } | null)[];
  readonly declared?: Partial<DeclaredAttributes>;
}

const PARIS_PEOPLE: readonly Person[] = [
  { nationalId: '810000000301', civility: 'MME', lastName: 'AUBERT', specialtyCode: 'ophtalmologie', sites: [offset(PARIS, 0.2, 0)],
    declared: { sector: '1', acceptsNewPatients: true, languages: ['en', 'ar'], wheelchairAccess: true } },
  // Two sites: the nearer one is the one that counts.
  { nationalId: '810000000302', civility: 'M', lastName: 'BERTIN', specialtyCode: 'ophtalmologie', sites: [offset(PARIS, 0, 0.3), offset(PARIS, -4, 0)], declared: { sector: '2' } },
  { nationalId: '810000000303', civility: 'MME', lastName: 'CARON', specialtyCode: 'ophtalmologie', sites: [offset(PARIS, -0.4, 0)], declared: { sector: 'optam' } },
  // Two sites at the same point: equally near, the lower site id counts.
  { nationalId: '810000000304', civility: 'DR', lastName: 'DUVAL', specialtyCode: 'ophtalmologie', sites: [offset(PARIS, 0, -0.5), offset(PARIS, 0, -0.5)] },
  { nationalId: '810000000305', civility: 'MME', lastName: 'ESNAULT', specialtyCode: 'ophtalmologie', sites: [offset(PARIS, 0.45, 0.4)],
    declared: { sector: '2', acceptsNewPatients: false } },
  { nationalId: '810000000306', civility: 'M', lastName: 'FAURE', specialtyCode: 'ophtalmologie', sites: [offset(PARIS, -0.6, -0.5)] },
  { nationalId: '810000000307', civility: 'MME', lastName: 'GIRAUD', specialtyCode: 'ophtalmologie', sites: [offset(PARIS, 0, 1.5)], declared: { sector: '1' } },
  // Due north, 1,999.995 m away (nine decimals): inside 2 km by the distance, just outside a
  // search box drawn with 111.32 km per degree.
  { nationalId: '810000000308', civility: 'M', lastName: 'HUET', specialtyCode: 'ophtalmologie', sites: [offset(PARIS, 1.999995, 0, 9)], declared: { sector: 'optam' } },
  { nationalId: '810000000309', civility: 'MME', lastName: 'IMBERT', specialtyCode: 'ophtalmologie', sites: [offset(PARIS, 0, -3)] },
];

/** Practices no geocoder could place: they push the later site ids past 64, so that buckets hold two rows. */
const UNPLACED: Person = { nationalId: '810000000399', civility: 'M', lastName: 'NULLE-PART', specialtyCode: 'ophtalmologie', sites: Array.from({ length: 56 }, () => null) };

const PAEDIATRICIANS: readonly Person[] = [
  { nationalId: '810000000401', civility: 'MME', lastName: 'JOLY', specialtyCode: 'pediatrie', sites: [offset(PARIS, 0.5, 0.5)] },
  { nationalId: '810000000402', civility: 'M', lastName: 'KLEIN', specialtyCode: 'pediatrie', sites: [offset(PARIS, -2, 1.5)] },
];

const SOUTH_PEOPLE: readonly Person[] = [
  { nationalId: '810000000311', civility: 'MME', lastName: 'LAMBERT', specialtyCode: 'ophtalmologie', sites: [offset(NICE, 0.4, 0)] },
  { nationalId: '810000000312', civility: 'M', lastName: 'MERCIER', specialtyCode: 'ophtalmologie', sites: [offset(NICE, 0, 3)] },
  // Marseille: about 160 km from Nice, on the same land.
  { nationalId: '810000000313', civility: 'MME', lastName: 'NOEL', specialtyCode: 'ophtalmologie', sites: [{ lat: 43.2965, lon: 5.3698 }] },
  // Calvi and Bastia: within 200 km of Nice, across the sea.
  { nationalId: '810000000321', civility: 'M', lastName: 'ORSINI', specialtyCode: 'ophtalmologie', sites: [offset(CALVI, 0.3, 0.2)] },
  { nationalId: '810000000322', civility: 'MME', lastName: 'PAOLI', specialtyCode: 'ophtalmologie', sites: [{ lat: 42.6973, lon: 9.4509 }] },
  // One practice in Antibes, one in Ajaccio: which counts depends on the side of the sea.
  { nationalId: '810000000323', civility: 'M', lastName: 'QUILICI', specialtyCode: 'ophtalmologie', sites: [{ lat: 43.5808, lon: 7.1251 }, { lat: 41.9192, lon: 8.7386 }] },
];

const GENDER: Readonly<Record<Person['civility'], Gender | null>> = { M: 'male', MME: 'female', DR: null };

/** Everyone, in insertion order: in a fresh database this fixes practitioner and site ids. */
const PEOPLE: readonly Person[] = [...PARIS_PEOPLE, ...PAEDIATRICIANS, UNPLACED, ...SOUTH_PEOPLE];

export const PRACTITIONERS: readonly NewPractitioner[] = PEOPLE.map((person, i) => ({
  nationalId: person.nationalId,
  civility: person.civility,
  lastName: person.lastName,
  firstName: 'Alex',
  professionCode: '10',
  specialtyCode: person.specialtyCode,
  gender: GENDER[person.civility],
  sites: person.sites.map((point, j) => ({
    structureId: `R${String(30000001 + 100 * i + j)}`,
    address: `${j + 1} place du Test`,
    postcode: '75001',
    communeCode: '75101',
    city: 'PARIS',
    phone: null,
    lat: point?.lat ?? null,
    lon: point?.lon ?? null,
    precision: point === null ? 'none' : 'address',
  })),
}));

/** What each practice declared (the filters read it), by national identifier. */
export const DECLARED: ReadonlyMap<string, Partial<DeclaredAttributes>> = new Map(
  PEOPLE.flatMap((person) => (person.declared === undefined ? [] : [[person.nationalId, person.declared] as const])),
);

/** The API key name that suspends and resumes. */
export const ADMIN_KEY = 'admin-paris';

/** The practitioner suspended then resumed, and the one whose practice is moved behind the service's back. */
export const SUSPENDED = '810000000303';
export const MOVED = '810000000305';
/** Where the moved practice goes: 2.5 km north of PARIS, out of the 1 km step. */
export const MOVED_TO = offset(PARIS, 2.5, 0);

export const DIRECTORY_LOADED_AT = '2026-11-23T09:00:00.000Z';

export type DirectoryAsk =
  | { readonly kind: 'referral'; readonly origin: { lat: number; lon: number }; readonly radiusKm?: number; readonly count?: number; readonly filters?: ReferralFilters }
  | { readonly kind: 'more'; readonly parentStep: number }
  | { readonly kind: 'suspend' | 'resume' }
  | { readonly kind: 'move-behind-the-back' };

export interface DirectoryStep {
  readonly name: string;
  readonly at: string;
  readonly ask: DirectoryAsk;
  /** Whether the distance of every site of the state to the origin is published with the case. */
  readonly distances?: true;
}

/** Every referral is of ophthalmology. */
export const SPECIALTY = 'ophtalmologie';

export const DIRECTORY_STEPS: readonly DirectoryStep[] = [
  { name: 'Paris, the ladder: 1 km holds 6 people, at least the 5 asked for', at: '2026-11-23T09:10:00.000Z',
    ask: { kind: 'referral', origin: PARIS }, distances: true },
  { name: 'Paris, a radius asked for (2 km): the practice due north at 1,999.995 m is in', at: '2026-11-23T09:11:00.000Z',
    ask: { kind: 'referral', origin: PARIS, radiusKm: 2 }, distances: true },
  { name: 'Paris, filtered (female, sector 1 or OPTAM), 3 asked: the ladder counts only those who qualify, so it stops at 2 km', at: '2026-11-23T09:12:00.000Z',
    ask: { kind: 'referral', origin: PARIS, count: 3, filters: { sector: ['optam', '1'], gender: 'female' } } },
  { name: 'Paris, filtered (speaks English, accepts new patients, wheelchair access), 1 asked', at: '2026-11-23T09:13:00.000Z',
    ask: { kind: 'referral', origin: PARIS, count: 1, filters: { languages: ['EN'], acceptsNewPatients: true, wheelchairAccess: true } } },
  { name: '"five more" continuing the first Paris referral: the one person within 1 km not yet proposed', at: '2026-11-23T09:14:00.000Z',
    ask: { kind: 'more', parentStep: 1 } },
  { name: '"five more" again: everyone within 1 km proposed; no step holds 5 new people, so the largest step holding anyone new (200 km)', at: '2026-11-23T09:15:00.000Z',
    ask: { kind: 'more', parentStep: 5 } },
  { name: 'Nice, the ladder, 5 asked: 200 km reaches a Calvi practice, across the sea, which does not count; 810000000323 counts by their Antibes practice', at: '2026-11-23T09:20:00.000Z',
    ask: { kind: 'referral', origin: NICE }, distances: true },
  { name: 'Calvi, the ladder, 5 asked: only Corsican practices count, not those of Nice and Antibes across the sea; 810000000323 counts by their Ajaccio practice', at: '2026-11-23T09:21:00.000Z',
    ask: { kind: 'referral', origin: CALVI }, distances: true },
  { name: 'suspension through the API (PATCH /v1/practitioners/{id} by the admin-paris key, with a reason)', at: '2026-11-23T09:30:00.000Z',
    ask: { kind: 'suspend' } },
  { name: 'Paris, the ladder, while 810000000303 is suspended', at: '2026-11-23T09:31:00.000Z',
    ask: { kind: 'referral', origin: PARIS } },
  { name: 'resumption through the API: the state returns to the initial version', at: '2026-11-23T09:40:00.000Z',
    ask: { kind: 'resume' } },
  { name: 'a practice moved in the database behind the service\'s back, then a reindex: cause unrecorded', at: '2026-11-23T09:50:00.000Z',
    ask: { kind: 'move-behind-the-back' } },
  { name: 'Paris, the ladder, after the move: 810000000305 is now 2.5 km away', at: '2026-11-23T09:51:00.000Z',
    ask: { kind: 'referral', origin: PARIS } },
];
