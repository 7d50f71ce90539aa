import { roundCoordinate, weightedCentroid, type WeightedPoint } from '../../src/domain/geo/gazetteer-centroid.js';
import type { CommuneKind, GazetteerCommuneRow, GazetteerDepartmentRow, RecordedPrecision } from '../../src/domain/geo/gazetteer-snapshot.js';
import type { OwnPoint } from './match-places.js';
import type { SourceCommune, SourceDepartment } from './source-types.js';

const KINDS: ReadonlySet<string> = new Set<CommuneKind>(['commune-actuelle', 'arrondissement-municipal', 'commune-deleguee', 'commune-associee']);
type Point = { lat: number; lon: number };

/**
 * Turns the source communes and their matched points into gazetteer rows (DESIGN §7):
 * a matched commune has precision `commune`; otherwise the population-weighted centroid of
 * the matched communes sharing one of its postcodes (`postcode`), else of its department
 * (`department`), else no point (`none`: only the uninhabited TAAF districts and Clipperton).
 * Paris, Lyon and Marseille as a whole never weigh in a postcode centroid: their
 * arrondissements carry the same postcodes and the same people.
 * A former (delegated or associated) commune without its own point takes its parent's row,
 * parent's postcodes included. A former commune whose code is its parent's (the old seat,
 * e.g. Cherbourg-Octeville in Cherbourg-en-Cotentin) keeps its row, so that its name, still
 * common on addresses, resolves; the gazetteer's code look-up prefers the current row.
 */
export function toGazetteerRows(source: readonly SourceCommune[], own: ReadonlyMap<string, OwnPoint>, departments: readonly SourceDepartment[]) {
  const communes = source.filter((c) => KINDS.has(c.type));
  const parentsOfArrondissements = new Set(communes.map((c) => c.type === 'arrondissement-municipal' ? c.commune : undefined));
  // One object per commune, so that a commune sharing two postcodes with another is counted once.
  const weightedByCode = new Map(communes.filter(isCurrent).flatMap((c) => {
    const point = own.get(c.code);
    return point === undefined || parentsOfArrondissements.has(c.code) ? [] : [[c.code, { lat: point.lat, lon: point.lon, population: c.population ?? 0 }] as const];
  }));
  const weighted = (c: SourceCommune): WeightedPoint[] => {
    const point = weightedByCode.get(c.code);
    return point === undefined ? [] : [point];
  };
  const byPostcode = groupCentroids(communes.filter(isCurrent), (c) => c.codesPostaux ?? [], weighted);
  const byDepartment = groupCentroids(communes.filter(isCurrent), (c) => [c.departement], weighted);

  const currentRow = (c: SourceCommune): GazetteerCommuneRow => {
    const point = own.get(c.code);
    const postcodePoint = weightedCentroid(new Set((c.codesPostaux ?? []).flatMap((p) => byPostcode.points.get(p) ?? [])));
    const [at, precision]: [Point | undefined, RecordedPrecision] = point !== undefined ? [point, 'commune']
      : postcodePoint !== undefined ? [postcodePoint, 'postcode']
      : [byDepartment.centroids.get(c.departement), 'department'];
    return rowOf(c, c.codesPostaux ?? [], c.population ?? 0, at, at === undefined ? 'none' : precision, c.commune ?? null);
  };
  const currentRows = new Map(communes.filter(isCurrent).map((c) => [c.code, currentRow(c)]));
  const formerRows = communes.filter((c) => !isCurrent(c)).flatMap((c): GazetteerCommuneRow[] => {
    const parent = currentRows.get(c.chefLieu ?? '');
    if (parent === undefined) return [];
    const point = own.get(c.code);
    const at = point ?? { lat: parent[5], lon: parent[6] };
    return [rowOf(c, parent[3], 0, at.lat === null || at.lon === null ? undefined : at as Point, point !== undefined ? 'commune' : parent[7], parent[0])];
  });
  const departmentRows = departments.map((d): GazetteerDepartmentRow => {
    const centroid = byDepartment.centroids.get(d.code);
    return [d.code, d.nom, centroid?.lat ?? null, centroid?.lon ?? null];
  });
  return { communes: [...currentRows.values(), ...formerRows].sort((a, b) => compare(a[0], b[0])), departments: departmentRows };
}

function isCurrent(c: SourceCommune): boolean {
  return c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal';
}

function rowOf(c: SourceCommune, postcodes: readonly string[], population: number, at: Point | undefined, precision: RecordedPrecision, parent: string | null): GazetteerCommuneRow {
  const lat = at === undefined ? null : roundCoordinate(at.lat);
  const lon = at === undefined ? null : roundCoordinate(at.lon);
  return [c.code, c.nom, c.departement, postcodes, population, lat, lon, precision, c.type as CommuneKind, parent];
}

function groupCentroids(communes: readonly SourceCommune[], groupsOf: (c: SourceCommune) => readonly string[], pointsOf: (c: SourceCommune) => WeightedPoint[]) {
  const points = new Map<string, WeightedPoint[]>();
  for (const c of communes) {
    for (const group of groupsOf(c)) {
      const list = points.get(group);
      if (list === undefined) points.set(group, pointsOf(c));
      else list.push(...pointsOf(c));
    }
  }
  const centroids = new Map<string, Point>();
  for (const [group, list] of points) {
    const centroid = weightedCentroid(list);
    if (centroid !== undefined) centroids.set(group, centroid);
  }
  return { points, centroids };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
