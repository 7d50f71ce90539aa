import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/** The service's own CSV format: one row per person and practice site; lat/lon optional. */
export const OWN_CSV_COLUMNS = [
  'national_id', 'civility', 'last_name', 'first_name', 'profession_code', 'specialty_code',
  'site_id', 'address', 'postcode', 'commune_code', 'city', 'phone', 'lat', 'lon',
] as const;

export type OwnCsvRow = Record<(typeof OWN_CSV_COLUMNS)[number], string> & { readonly line: number };

/**
 * Streams the rows of an own-format CSV file (RFC 4180 quoting, optional byte-order mark,
 * LF or CRLF), never holding the whole file.
 * @throws Error naming the expected columns when the header lacks one of them
 */
export async function* readOwnCsv(path: string): AsyncGenerator<OwnCsvRow> {
  const parser = createReadStream(path).pipe(parse({ bom: true, columns: checkHeader, skip_empty_lines: true, trim: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { ...(record as Record<(typeof OWN_CSV_COLUMNS)[number], string>), line: info.lines };
  }
}

function checkHeader(header: string[]): string[] {
  const missing = OWN_CSV_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new Error(`Not the service's CSV format: missing column(s) ${missing.join(', ')}; expected ${OWN_CSV_COLUMNS.join(',')}`);
  }
  return header;
}
