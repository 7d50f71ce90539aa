import { normalisePlaceName, toPlaceNameKey } from './gazetteer-place-name.js';
import type { CommuneKind, GazetteerSnapshot, Precision, RecordedPrecision } from './gazetteer-snapshot.js';
import { toDepartmentOfPostcode } from './gazetteer-postcode-department.js';
import { createPlaceSearch, type FoundPlace, type PlaceSearch } from './place-search.js';

export type { GazetteerSnapshot, Precision } from './gazetteer-snapshot.js';

/** A geocoded place: the point, what it stands for, and the commune when one is known. */
export interface PlaceMatch {
  readonly lat: number;
  readonly lon: number;
  readonly precision: Precision;
  readonly communeCode: string | null;
  /** The commune's name, or for a postcode its most populous commune's, or the department's. */
  readonly name: string;
}

/** One commune of the snapshot as a record (see GazetteerCommuneRow for the meaning of each field). */
export interface GazetteerCommuneRecord {
  readonly code: string;
  readonly name: string;
  readonly department: string;
  readonly postcodes: readonly string[];
  readonly population: number;
  /** Null only with precision `none` (uninhabited TAAF districts, Clipperton). */
  readonly lat: number | null;
  readonly lon: number | null;
  readonly precision: RecordedPrecision;
  readonly kind: CommuneKind;
  readonly parentCode: string | null;
}

/** A commune that has a point, as `communes()` lists them. */
export interface GazetteerCommune extends GazetteerCommuneRecord {
  readonly lat: number;
  readonly lon: number;
}

/** Offline look-ups for the geocoder (DESIGN §7); every look-up is O(1) in the gazetteer's size. */
export interface Gazetteer {
  /** The snapshot's version: sites placed by another version are placed again. */
  readonly version: string;
  /** The commune's recorded point; undefined for an unknown code or a commune without a point. Arrondissement and former codes resolve. */
  findByCommuneCode(code: string): PlaceMatch | undefined;
  /** The population-weighted centre of the communes the postcode serves (`postcode`); undefined if unknown. */
  findByPostcode(postcode: string): PlaceMatch | undefined;
  /**
   * The commune named `name` (any case, accents, articles, a trailing CEDEX) carrying the
   * postcode, else of that name in the postcode's department (CEDEX postcodes such as 78009
   * belong to no commune), else the postcode's point, else the department's of the postcode's
   * first digits (`department`); undefined when none applies.
   */
  findByPostcodeAndName(postcode: string, name: string): PlaceMatch | undefined;
  /** The department code of a commune, arrondissement or former commune; undefined if unknown. */
  departmentOf(communeCode: string): string | undefined;
  /** The department's name; undefined if unknown. */
  departmentName(departmentCode: string): string | undefined;
  /** The commune, arrondissement or former commune filed under the code, current ones first; undefined if unknown. */
  communeRecord(code: string): GazetteerCommuneRecord | undefined;
  /**
   * Every commune that has a point, current and former, sorted by code: all of them but the
   * six uninhabited ones (TAAF districts, Clipperton). Filter on `kind` to avoid counting
   * Paris, Lyon, Marseille and former communes twice.
   */
  communes(): readonly GazetteerCommune[];
  /** Places for an advisor's search box, best first (see place-search.ts); its index is built at the first search. */
  searchPlaces(query: string, limit: number): FoundPlace[];
}

/** Builds the look-up maps once; the snapshot is not retained beyond them. Pure. */
export function createGazetteer(snapshot: GazetteerSnapshot): Gazetteer {
  const all = snapshot.communes.map(([code, name, department, postcodes, population, lat, lon, precision, kind, parentCode]): GazetteerCommuneRecord =>
    ({ code, name, department, postcodes, population, lat, lon, precision, kind, parentCode }));
  const isCurrent = (c: GazetteerCommuneRecord) => c.kind === 'commune-actuelle' || c.kind === 'arrondissement-municipal';
  // A former seat shares its parent's code (see toGazetteerRows): the current commune wins.
  const byCode = new Map([...all].sort((a, b) => Number(isCurrent(a)) - Number(isCurrent(b))).map((c) => [c.code, c]));
  const departments = new Map(snapshot.departments.map(([code, name, lat, lon]) => [code, { name, lat, lon }]));
  const cityParents = new Set(all.flatMap((c) => (c.kind === 'arrondissement-municipal' && c.parentCode !== null ? [c.parentCode] : [])));
  // Paris, Lyon and Marseille as a whole are left out: their arrondissements carry the same postcodes and people.
  const carriers = groupBy(all.filter((c) => isCurrent(c) && !cityParents.has(c.code)), (c) => c.postcodes);
  const named = groupBy(all, (c) => c.postcodes.map((p) => `${p}|${toPlaceNameKey(c.name)}`));
  const namedInDepartment = groupBy(all, (c) => [`${c.department}|${toPlaceNameKey(c.name)}`]);
  const departmentOfPostcode = toDepartmentOfPostcode(all.filter(isCurrent));
  const postcodes = new Map(snapshot.postcodes.map(([postcode, lat, lon, served]): [string, PlaceMatch] => {
    const [largest] = served;
    return [postcode, { lat, lon, precision: 'postcode', communeCode: served.length === 1 ? (largest ?? null) : null, name: byCode.get(largest ?? '')?.name ?? postcode }];
  }));

  let places: PlaceSearch | undefined;
  const located = all.filter((c): c is GazetteerCommune => c.lat !== null && c.lon !== null);
  const communeMatch = (c: GazetteerCommuneRecord | undefined): PlaceMatch | undefined =>
    c === undefined || c.lat === null || c.lon === null ? undefined : { lat: c.lat, lon: c.lon, precision: c.precision, communeCode: c.code, name: c.name };
  const departmentMatch = (code: string | undefined, communeCode: string | null): PlaceMatch | undefined => {
    const d = code === undefined ? undefined : departments.get(code);
    return d === undefined || d.lat === null || d.lon === null ? undefined : { lat: d.lat, lon: d.lon, precision: 'department', communeCode, name: d.name };
  };
  const findByPostcode = (postcode: string): PlaceMatch | undefined => postcodes.get(postcode);
  /** A whole city named on a distribution line stands for the arrondissement carrying the postcode. */
  const toArrondissement = (c: GazetteerCommuneRecord, postcode: string) =>
    (cityParents.has(c.code) ? carriers.get(postcode)?.find((a) => a.parentCode === c.code) : undefined) ?? c;

  return {
    version: snapshot.version,
    findByCommuneCode: (code) => communeMatch(byCode.get(code)),
    findByPostcode,
    findByPostcodeAndName(postcode, name) {
      const key = toPlaceNameKey(name);
      const inPostcode = pickBest(named.get(`${postcode}|${key}`), name);
      if (inPostcode !== undefined) return communeMatch(toArrondissement(inPostcode, postcode));
      const department = departmentOfPostcode(postcode);
      const inDepartment = pickBest(namedInDepartment.get(`${department}|${key}`), name);
      if (inDepartment !== undefined) return communeMatch(inDepartment);
      return findByPostcode(postcode) ?? departmentMatch(department, null);
    },
    departmentOf: (code) => byCode.get(code)?.department,
    departmentName: (code) => departments.get(code)?.name,
    communeRecord: (code) => byCode.get(code),
    communes: () => located,
    searchPlaces(query, limit) {
      places ??= createPlaceSearch(all, (code) => departments.get(code)?.name);
      return places.search(query, limit);
    },
  };
}

/** The candidate spelled exactly as asked, else the only current commune, else the only candidate; undefined when ambiguous. */
function pickBest(candidates: readonly GazetteerCommuneRecord[] | undefined, name: string): GazetteerCommuneRecord | undefined {
  if (candidates === undefined) return undefined;
  const exact = normalisePlaceName(name).replace(/ cedex(?: \d+)?$/, '');
  const spelled = candidates.filter((c) => normalisePlaceName(c.name) === exact);
  const current = candidates.filter((c) => c.kind === 'commune-actuelle' || c.kind === 'arrondissement-municipal');
  for (const list of [spelled, current, candidates]) if (list.length === 1) return list[0];
  return undefined;
}

function groupBy<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [item]);
      else if (!list.includes(item)) list.push(item);
    }
  }
  return groups;
}
