import { parse } from 'csv-parse/sync';

/** One row of `data/sources/communes-2024.csv` (see data/sources/README.md). */
interface OfficialRow {
  readonly insee: string;
  readonly type: 'COM' | 'ARM' | 'COMD';
  readonly parent: string;
  readonly name: string;
  readonly postcode: string;
  readonly department: string;
  readonly lat: string;
  readonly lon: string;
  readonly population_2021: string;
}

/** A commune, arrondissement or delegated commune of the official file, its rows (one per postcode) merged. */
export interface OfficialCommune {
  readonly code: string;
  readonly type: OfficialRow['type'];
  /** The city of an arrondissement, the commune nouvelle of a delegated commune; null for a commune. */
  readonly parent: string | null;
  readonly name: string;
  readonly department: string;
  readonly postcodes: readonly string[];
  /** Municipal population 2021; 0 for delegated communes and where the file gives none. */
  readonly population: number;
  /** Null for the three communes created on 1 January 2024. */
  readonly point: { readonly lat: number; readonly lon: number } | null;
}

/**
 * Reads the official file and merges each (type, code)'s rows, one per postcode, into one
 * commune with every postcode, in file order. A delegated commune may share its code with its
 * commune nouvelle (the old seat), hence the type in the key.
 */
export function readOfficialCommunes(csv: string): OfficialCommune[] {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as OfficialRow[];
  const byKey = new Map<string, OfficialCommune & { postcodes: string[] }>();
  for (const row of rows) {
    const key = `${row.type}|${row.insee}`;
    const known = byKey.get(key);
    if (known !== undefined) {
      if (!known.postcodes.includes(row.postcode)) known.postcodes.push(row.postcode);
      continue;
    }
    byKey.set(key, {
      code: row.insee,
      type: row.type,
      parent: row.parent === '' ? null : row.parent,
      name: row.name,
      department: row.department,
      postcodes: [row.postcode],
      population: row.population_2021 === '' ? 0 : Number(row.population_2021),
      point: row.lat === '' || row.lon === '' ? null : { lat: Number(row.lat), lon: Number(row.lon) },
    });
  }
  return [...byKey.values()];
}
