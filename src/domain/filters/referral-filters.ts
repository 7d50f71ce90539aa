/**
 * What callers may ask of a practitioner besides specialty and place (issue 5), applied to each
 * site before the pool is formed, so that the pool, and so the fairness counters, hold only those
 * who qualify. An attribute nobody declared never matches a filter asking for it.
 */
export const SECTORS = ['1', '2', 'optam'] as const;
export type Sector = (typeof SECTORS)[number];
export type Gender = 'female' | 'male';

export interface ReferralFilters {
  /** Any of these convention sectors. */
  readonly sector?: readonly Sector[];
  readonly acceptsNewPatients?: true;
  /** Every one of these languages (ISO 639-1). */
  readonly languages?: readonly string[];
  readonly wheelchairAccess?: true;
  readonly gender?: Gender;
}

/** What a practitioner has declared, or the registry says; null when unknown. */
export interface PractitionerAttributes {
  readonly sector: Sector | null;
  readonly acceptsNewPatients: boolean | null;
  readonly languages: readonly string[];
  readonly wheelchairAccess: boolean | null;
  readonly gender: Gender | null;
}

export const UNKNOWN_ATTRIBUTES: PractitionerAttributes = { sector: null, acceptsNewPatients: null, languages: [], wheelchairAccess: null, gender: null };

export const FILTER_NAMES = ['sector', 'acceptsNewPatients', 'languages', 'wheelchairAccess', 'gender'] as const;

/** Whether someone with these attributes qualifies. */
export function matchesFilters(attributes: PractitionerAttributes, filters: ReferralFilters): boolean {
  if (filters.sector && (attributes.sector === null || !filters.sector.includes(attributes.sector))) return false;
  if (filters.acceptsNewPatients && attributes.acceptsNewPatients !== true) return false;
  if (filters.languages && !filters.languages.every((language) => attributes.languages.includes(language))) return false;
  if (filters.wheelchairAccess && attributes.wheelchairAccess !== true) return false;
  if (filters.gender && attributes.gender !== filters.gender) return false;
  return true;
}

/**
 * One spelling of a set of filters, so that equal requests log equal entries: keys in a fixed
 * order, lists sorted and without repeats, languages in lower case; undefined when none is set.
 */
export function canonicalFilters(filters: ReferralFilters | undefined): ReferralFilters | undefined {
  if (!filters) return undefined;
  const canonical: { -readonly [K in keyof ReferralFilters]: ReferralFilters[K] } = {};
  if (filters.sector && filters.sector.length > 0) canonical.sector = [...new Set(filters.sector)].sort();
  if (filters.acceptsNewPatients) canonical.acceptsNewPatients = true;
  if (filters.languages && filters.languages.length > 0) canonical.languages = [...new Set(filters.languages.map((l) => l.toLowerCase()))].sort();
  if (filters.wheelchairAccess) canonical.wheelchairAccess = true;
  if (filters.gender) canonical.gender = filters.gender;
  return Object.keys(canonical).length === 0 ? undefined : canonical;
}

/** The filters in words, for messages: "in sector 1 or optam, accepting new patients, speaking ar and en, with wheelchair access, female". */
export function describeFilters(filters: ReferralFilters): string {
  const parts: string[] = [];
  if (filters.sector) parts.push(`in sector ${filters.sector.join(' or ')}`);
  if (filters.acceptsNewPatients) parts.push('accepting new patients');
  if (filters.languages) parts.push(`speaking ${filters.languages.join(' and ')}`);
  if (filters.wheelchairAccess) parts.push('with wheelchair access');
  if (filters.gender) parts.push(filters.gender);
  return parts.join(', ');
}

/** Gender as the registry's civility says it (`M`, `MME`); null otherwise (`DR`, empty). */
export function genderOfCivility(civility: string | null): Gender | null {
  return civility === 'M' ? 'male' : civility === 'MME' ? 'female' : null;
}
