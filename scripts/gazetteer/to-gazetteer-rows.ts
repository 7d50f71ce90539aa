import { roundCoordinate, weightedCentroid, type WeightedPoint } from '../../src/domain/geo/gazetteer-centroid.js';
import type { CommuneKind, GazetteerCommuneRow, GazetteerDepartmentRow, GazetteerPostcodeRow, RecordedPrecision } from '../../src/domain/geo/gazetteer-snapshot.js';
import type { OwnPoint } from './match-places.js';
import type { OfficialCommune } from './official-communes.js';
import type { SourceCommune, SourceDepartment } from './source-types.js';

type Point = { readonly lat: number; readonly lon: number };

/** A current commune or arrondissement while its row is being built. */
interface Current {
  readonly code: string;
  readonly name: string;
  readonly department: string;
  readonly postcodes: readonly string[];
  readonly population: number;
  readonly kind: 'commune-actuelle' | 'arrondissement-municipal';
  readonly parent: string | null;
  point: Point | undefined;
  precision: RecordedPrecision;
  /** From the official file; otherwise from the package, for codes the file lacks. */
  readonly official: boolean;
}

/**
 * Builds the gazetteer's rows (DESIGN §7). The official file decides wherever it speaks:
 * - every commune and arrondissement with a point keeps it (`commune`);
 * - Paris, Lyon and Marseille take the population-weighted centre of their arrondissements and
 *   the sum of their population (the file has rows for the arrondissements only);
 * - a commune without a point (the three created in 2024) takes the centre of its delegated
 *   communes that have one (`commune`), else of its postcodes (`postcode`);
 * - each postcode takes the population-weighted centre of the communes it serves; Paris, Lyon
 *   and Marseille as a whole never weigh in it, their arrondissements carry the same people;
 * - a delegated commune resolves to its commune nouvelle: its point and precision.
 * The package `@etalab/decoupage-administratif` only adds what the file lacks: the population of
 * Mayotte's communes (0 in the file), and codes: communes of a
 * later geographic code (their point is the centre of the file's communes they merged), the
 * overseas collectivities (their point from GeoNames through `fallbackPoints`, else their
 * postcode's or department's centre), and older delegated and associated communes (their
 * commune's point). Department centres, the last resort, are the population-weighted centres of
 * their communes with a point of their own.
 */
export function toGazetteerRows(official: readonly OfficialCommune[], source: readonly SourceCommune[], fallbackPoints: ReadonlyMap<string, OwnPoint>, departments: readonly SourceDepartment[]) {
  const current = new Map<string, Current>();
  for (const c of official) {
    if (c.type === 'COMD') continue;
    current.set(c.code, {
      code: c.code, name: c.name, department: c.department, postcodes: c.postcodes, population: c.population,
      kind: c.type === 'ARM' ? 'arrondissement-municipal' : 'commune-actuelle', parent: c.type === 'ARM' ? c.parent : null,
      point: c.point ?? undefined, precision: c.point === null ? 'none' : 'commune', official: true,
    });
  }
  const sourceByCode = new Map(source.map((c) => [c.code, c]));
  // The file's 2021 populations skip Mayotte (0 for its 17 communes): the package's census figure stands in.
  for (const c of current.values()) {
    const counted = sourceByCode.get(c.code)?.population;
    if (c.population === 0 && c.kind === 'commune-actuelle' && counted !== undefined && counted > 0) current.set(c.code, { ...c, population: counted });
  }
  const cityCodes = addCities(current, sourceByCode);
  placeFromParts(current, official.filter((c) => c.type === 'COMD').map((c) => ({ code: c.code, parent: c.parent ?? '' })));
  addPackageCommunes(current, source, fallbackPoints);

  const carriers = [...current.values()].filter((c) => !cityCodes.has(c.code) && c.precision === 'commune');
  const officialPostcodes = new Set([...current.values()].filter((c) => c.official).flatMap((c) => c.postcodes));
  // A package commune weighs only in postcodes the file does not know: elsewhere the file's
  // communes it was merged from already carry its people.
  const postcodes = postcodeRows(carriers.filter((c) => c.official || c.postcodes.some((p) => !officialPostcodes.has(p))), officialPostcodes);
  const postcodePoints = new Map(postcodes.map(([postcode, lat, lon]) => [postcode, { lat, lon }]));
  const departmentPoints = groupCentroids(carriers, (c) => [c.department]);
  for (const c of current.values()) {
    if (c.precision !== 'none') continue;
    const byPostcode = weightedCentroid(c.postcodes.flatMap((p) => { const at = postcodePoints.get(p); return at === undefined ? [] : [{ ...at, population: 1 }]; }));
    const byDepartment = departmentPoints.get(c.department);
    if (byPostcode !== undefined) [c.point, c.precision] = [byPostcode, 'postcode'];
    else if (byDepartment !== undefined) [c.point, c.precision] = [byDepartment, 'department'];
  }

  const communeRows = [...current.values()].map((c) => rowOf(c.code, c.name, c.department, c.postcodes, c.population, c.point, c.precision, c.kind, c.parent));
  const formerRows = formerCommunes(official, source, current).flatMap(({ code, name, postcodes, kind, parent }): GazetteerCommuneRow[] => {
    const at = current.get(parent);
    return at === undefined ? [] : [rowOf(code, name, at.department, postcodes.length > 0 ? postcodes : at.postcodes, 0, at.point, at.precision, kind, parent)];
  });
  const departmentRows = departments.map((d): GazetteerDepartmentRow => {
    const centroid = departmentPoints.get(d.code);
    return [d.code, d.nom, centroid?.lat ?? null, centroid?.lon ?? null];
  });
  const byCodeThenKind = (a: GazetteerCommuneRow, b: GazetteerCommuneRow) => compare(a[0], b[0]) || compare(a[8], b[8]);
  return { communes: [...communeRows, ...formerRows].sort(byCodeThenKind), departments: departmentRows, postcodes };
}

/** Paris, Lyon and Marseille from their arrondissements; returns the three cities' codes. */
function addCities(current: Map<string, Current>, sourceByCode: ReadonlyMap<string, SourceCommune>): Set<string> {
  const arrondissements = [...current.values()].filter((c) => c.kind === 'arrondissement-municipal');
  const cities = new Set(arrondissements.map((a) => a.parent ?? ''));
  for (const city of cities) {
    const parts = arrondissements.filter((a) => a.parent === city);
    const [first] = parts;
    if (first === undefined) continue;
    current.set(city, {
      code: city, name: sourceByCode.get(city)?.nom ?? first.name.replace(/ \d.*$/, ''), department: first.department,
      postcodes: [...new Set(parts.flatMap((a) => a.postcodes))].sort(compare),
      population: parts.reduce((sum, a) => sum + a.population, 0),
      kind: 'commune-actuelle', parent: null, point: weightedCentroid(parts.flatMap(weighted)), precision: 'commune', official: true,
    });
  }
  return cities;
}

/** A commune without a point takes the population-weighted centre of the parts it was made from that have one. */
function placeFromParts(current: Map<string, Current>, parts: readonly { code: string; parent: string }[]): void {
  const byParent = new Map<string, WeightedPoint[]>();
  for (const { code, parent } of parts) {
    const part = current.get(code);
    // A part is a commune of its own elsewhere in the data (a later merger), or a delegated commune of the file.
    const at = part !== undefined && part.precision === 'commune' ? weighted(part) : [];
    pushTo(byParent, parent, at);
  }
  for (const [parent, points] of byParent) {
    const commune = current.get(parent);
    const centre = weightedCentroid(points);
    if (commune !== undefined && commune.precision === 'none' && centre !== undefined) [commune.point, commune.precision] = [centre, 'commune'];
  }
}

/** Communes the official file lacks: of a later geographic code, or overseas collectivities. */
function addPackageCommunes(current: Map<string, Current>, source: readonly SourceCommune[], fallbackPoints: ReadonlyMap<string, OwnPoint>): void {
  const added = source.filter((c) => c.type === 'commune-actuelle' && !current.has(c.code));
  for (const c of added) {
    current.set(c.code, {
      code: c.code, name: c.nom, department: c.departement, postcodes: c.codesPostaux ?? [], population: c.population ?? 0,
      kind: 'commune-actuelle', parent: null, point: undefined, precision: 'none', official: false,
    });
  }
  const addedCodes = new Set(added.map((c) => c.code));
  placeFromParts(current, source.filter((c) => c.type !== 'commune-actuelle' && addedCodes.has(c.chefLieu ?? '')).map((c) => ({ code: c.code, parent: c.chefLieu ?? '' })));
  for (const code of addedCodes) {
    const commune = current.get(code) as Current;
    const own = fallbackPoints.get(code);
    if (commune.precision === 'none' && own !== undefined) [commune.point, commune.precision] = [{ lat: own.lat, lon: own.lon }, 'commune'];
  }
}

interface Former {
  readonly code: string;
  readonly name: string;
  readonly postcodes: readonly string[];
  readonly kind: CommuneKind;
  readonly parent: string;
}

/**
 * Delegated communes of the file, then the package's delegated and associated communes whose
 * code is neither a current commune nor already filed (a former seat shares its commune's code:
 * it keeps a row of its own so that its name, still common on addresses, resolves).
 */
function formerCommunes(official: readonly OfficialCommune[], source: readonly SourceCommune[], current: ReadonlyMap<string, Current>): Former[] {
  const fromFile = official.filter((c) => c.type === 'COMD').map((c): Former => ({ code: c.code, name: c.name, postcodes: c.postcodes, kind: 'commune-deleguee', parent: c.parent ?? '' }));
  const filed = new Set(fromFile.map((f) => f.code));
  const fromPackage = source
    .filter((c) => (c.type === 'commune-deleguee' || c.type === 'commune-associee') && !filed.has(c.code))
    .filter((c) => !current.has(c.code) || (c.code === c.chefLieu && current.get(c.code)?.name !== c.nom))
    .map((c): Former => ({ code: c.code, name: c.nom, postcodes: c.codesPostaux ?? [], kind: c.type as CommuneKind, parent: c.chefLieu ?? '' }));
  return [...fromFile, ...fromPackage];
}

/** Each postcode's population-weighted centre of the communes serving it, and their codes, most populous first. */
function postcodeRows(carriers: readonly Current[], officialPostcodes: ReadonlySet<string>): GazetteerPostcodeRow[] {
  const byPostcode = new Map<string, Current[]>();
  for (const c of carriers) {
    for (const p of c.postcodes) {
      if (!c.official && officialPostcodes.has(p)) continue;
      pushTo(byPostcode, p, [c]);
    }
  }
  return [...byPostcode].sort(([a], [b]) => compare(a, b)).flatMap(([postcode, served]): GazetteerPostcodeRow[] => {
    const centre = weightedCentroid(served.flatMap(weighted));
    const codes = [...served].sort((a, b) => b.population - a.population || compare(a.code, b.code)).map((c) => c.code);
    return centre === undefined ? [] : [[postcode, centre.lat, centre.lon, codes]];
  });
}

function groupCentroids(communes: readonly Current[], groupsOf: (c: Current) => readonly string[]): Map<string, Point> {
  const points = new Map<string, WeightedPoint[]>();
  for (const c of communes) for (const group of groupsOf(c)) pushTo(points, group, weighted(c));
  const centroids = new Map<string, Point>();
  for (const [group, list] of points) {
    const centroid = weightedCentroid(list);
    if (centroid !== undefined) centroids.set(group, centroid);
  }
  return centroids;
}

function pushTo<T>(groups: Map<string, T[]>, key: string, items: readonly T[]): void {
  const list = groups.get(key);
  if (list === undefined) groups.set(key, [...items]);
  else list.push(...items);
}

function weighted(c: Pick<Current, 'point' | 'population'>): WeightedPoint[] {
  return c.point === undefined ? [] : [{ lat: c.point.lat, lon: c.point.lon, population: c.population }];
}

function rowOf(code: string, name: string, department: string, postcodes: readonly string[], population: number, at: Point | undefined, precision: RecordedPrecision, kind: CommuneKind, parent: string | null): GazetteerCommuneRow {
  const lat = at === undefined ? null : roundCoordinate(at.lat);
  const lon = at === undefined ? null : roundCoordinate(at.lon);
  return [code, name, department, postcodes, population, lat, lon, at === undefined ? 'none' : precision, kind, parent];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
