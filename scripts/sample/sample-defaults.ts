import { OWN_CSV_COLUMNS, OWN_CSV_DECLARED_COLUMNS } from '../../src/domain/import/own-csv-row.js';

/** The seed and size of the checked-in data/sample-directory.csv (a test regenerates it byte for byte). */
export const DEFAULT_SAMPLE_SEED = 20261123;
export const DEFAULT_SAMPLE_COUNT = 25_000;

/** csv-stringify options of the sample: header row, RFC 4180 quoting, LF line ends. */
export const SAMPLE_CSV_OPTIONS = { header: true, columns: [...OWN_CSV_COLUMNS, ...OWN_CSV_DECLARED_COLUMNS], record_delimiter: 'unix' } as const;
