/**
 * The shape of `data/gazetteer.json`, written by `scripts/build-gazetteer.ts` (DESIGN §7).
 * Rows are arrays rather than objects to keep the checked-in file small (~3 MB).
 */

/** How close a point is to the place it stands for, best first. */
export type Precision = 'address' | 'commune' | 'postcode' | 'department' | 'none';

/** The precisions a gazetteer row can record: `address` only comes from an import file. */
export type RecordedPrecision = 'commune' | 'postcode' | 'department' | 'none';

/** The INSEE kinds of commune the gazetteer files (`@etalab/decoupage-administratif` `type`). */
export type CommuneKind = 'commune-actuelle' | 'arrondissement-municipal' | 'commune-deleguee' | 'commune-associee';

/**
 * One commune row, in this column order:
 * 0 INSEE code, 1 name, 2 department code, 3 postcodes, 4 population (0 when unknown),
 * 5 latitude, 6 longitude (both rounded to 5 decimals; null only with precision `none`),
 * 7 precision, 8 kind, 9 parent commune code (arrondissements, delegated and associated
 * communes; null otherwise).
 * Delegated and associated communes (old codes) carry their parent's postcodes and a
 * population of 0, so they never weigh in a centroid.
 */
export type GazetteerCommuneRow = readonly [
  code: string,
  name: string,
  department: string,
  postcodes: readonly string[],
  population: number,
  lat: number | null,
  lon: number | null,
  precision: RecordedPrecision,
  kind: CommuneKind,
  parentCode: string | null,
];

/** One department row: code, name, population-weighted centroid of its own-coordinate communes (null if none). */
export type GazetteerDepartmentRow = readonly [code: string, name: string, lat: number | null, lon: number | null];

/** Coverage figures, recomputable from the rows (a unit test checks they agree). */
export interface GazetteerCoverage {
  /** Current communes (`commune-actuelle`), the denominator of the shares below. */
  readonly communes: number;
  readonly communesWithOwnCoordinates: number;
  /** Share of the current communes' population living in one with its own coordinates, 4 decimals. */
  readonly populationShareWithOwnCoordinates: number;
  /** Current communes by recorded precision. */
  readonly communesByPrecision: Readonly<Record<RecordedPrecision, number>>;
  readonly arrondissements: number;
  readonly arrondissementsWithOwnCoordinates: number;
  /** Distinct postcodes of current communes and arrondissements. */
  readonly postcodes: number;
  /** Postcodes carried by at least one commune or arrondissement with its own coordinates. */
  readonly postcodesWithOwnCoordinates: number;
  /** Delegated and associated communes (old codes) and how many have their own coordinates. */
  readonly formerCommunes: number;
  readonly formerCommunesWithOwnCoordinates: number;
}

export interface GazetteerSnapshot {
  readonly generatedFrom: { readonly decoupageAdministratif: string; readonly citiesJson: string };
  readonly coverage: GazetteerCoverage;
  readonly departments: readonly GazetteerDepartmentRow[];
  readonly communes: readonly GazetteerCommuneRow[];
}
