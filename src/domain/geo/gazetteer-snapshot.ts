/**
 * The shape of `data/gazetteer.json`, written by `scripts/build-gazetteer.ts` (DESIGN §7) from
 * the official commune file `data/sources/communes-2024.csv` (INSEE COG 2024, La Poste).
 * Rows are arrays rather than objects to keep the checked-in file small.
 */

/** How close a point is to the place it stands for, best first. */
export type Precision = 'address' | 'commune' | 'postcode' | 'department' | 'none';

/** The precisions a gazetteer row can record: `address` only comes from an import file. */
export type RecordedPrecision = 'commune' | 'postcode' | 'department' | 'none';

/** The INSEE kinds of commune the gazetteer files. */
export type CommuneKind = 'commune-actuelle' | 'arrondissement-municipal' | 'commune-deleguee' | 'commune-associee';

/**
 * One commune row, in this column order:
 * 0 INSEE code, 1 name, 2 department code, 3 postcodes, 4 population (0 when unknown),
 * 5 latitude, 6 longitude (both rounded to 5 decimals; null only with precision `none`),
 * 7 precision, 8 kind, 9 parent commune code (arrondissements, delegated and associated
 * communes; null otherwise).
 * Delegated and associated communes (old codes) carry their parent's point and precision and a
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

/** One department row: code, name, population-weighted centroid of its communes (null if none). */
export type GazetteerDepartmentRow = readonly [code: string, name: string, lat: number | null, lon: number | null];

/**
 * One postcode row: the postcode, the population-weighted centre of the communes (and
 * arrondissements) it serves, and their codes, most populous first.
 */
export type GazetteerPostcodeRow = readonly [postcode: string, lat: number, lon: number, communes: readonly string[]];

/** Counts by recorded precision. */
export type ByPrecision = Readonly<Record<RecordedPrecision, number>>;

/** Coverage figures, recomputable from the rows (a unit test checks they agree). */
export interface GazetteerCoverage {
  /** Current communes (`commune-actuelle`) by the precision of their point. */
  readonly communes: ByPrecision;
  /** Their population by the precision of their commune's point. */
  readonly population: ByPrecision;
  /** Municipal arrondissements of Paris, Lyon and Marseille by precision. */
  readonly arrondissements: ByPrecision;
  /** Delegated and associated communes (old codes) by precision (their parent's). */
  readonly formerCommunes: ByPrecision;
  /** Distinct postcodes with a point of their own (precision `postcode`). */
  readonly postcodes: number;
}

export interface GazetteerSnapshot {
  /** SHA-256 (first 16 hex digits) of the rows: sites placed by another version are placed again. */
  readonly version: string;
  readonly generatedFrom: Readonly<Record<string, string>>;
  readonly coverage: GazetteerCoverage;
  readonly departments: readonly GazetteerDepartmentRow[];
  readonly communes: readonly GazetteerCommuneRow[];
  readonly postcodes: readonly GazetteerPostcodeRow[];
}
