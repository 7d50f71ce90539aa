import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { ImportFormat } from '../domain/import/import-report.js';
import { OWN_CSV_COLUMNS } from '../domain/import/own-csv-row.js';
import { REGISTRY_COLUMNS } from '../domain/import/registry-row.js';

/** A data row as read: its fields, or why the parser could not read it. */
export type FileRow =
  | { readonly line: number; readonly fields: readonly string[] }
  | { readonly line: number; readonly malformed: string };

export interface ImportFile {
  readonly format: ImportFormat;
  /** Column names as the header gives them (the registry's trailing separator makes a last empty one). */
  readonly header: readonly string[];
  /** Index in a row of each named column. */
  columnIndex(name: string): number;
  /** Data rows, streamed; the header is not among them. */
  rows(): AsyncIterable<FileRow>;
  /** Once the rows are read: bytes, SHA-256 of the whole file, and whether its last line was cut short. */
  summary(): { readonly bytes: number; readonly sha256: string; readonly truncated: boolean };
}

/** A file the import refuses before reading any row: empty, or a header of neither format. */
export class ImportFileError extends Error {}

const REGISTRY_REQUIRED = Object.values(REGISTRY_COLUMNS);
/** csv-parse's errors after which the rows that follow cannot be delimited. */
const QUOTING_ERRORS = new Set(['CSV_QUOTE_NOT_CLOSED', 'CSV_INVALID_CLOSING_QUOTE', 'CSV_INVALID_OPENING_QUOTE']);
const HEADER_LIMIT_BYTES = 64 * 1024;

/**
 * Opens an import file as a stream (DESIGN §7): detects its format from the header, or checks
 * the header against the format asked for, then parses rows with csv-parse as they arrive,
 * never holding the file. The registry extract is read with quoting off (a `"` is an ordinary
 * character there); the service's CSV with RFC 4180 quoting. Byte-order mark, LF, CRLF or CR alone and a
 * missing final line end are accepted.
 * @throws ImportFileError for an empty file or a header that is not the expected one, and, while
 *   its rows are read, for a quote in the service's CSV that leaves the rows after it undelimited
 */
export async function openImportFile(input: Readable, requested?: ImportFormat): Promise<ImportFile> {
  const tap = new ByteTap();
  input.once('error', (error) => tap.destroy(error));
  const chunks = input.pipe(tap)[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (!head.some((chunk) => chunk.includes(0x0a)) && headBytes < HEADER_LIMIT_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const headerLine = Buffer.concat(head).toString('utf8').replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  if (headerLine.trim() === '' && (ended || headBytes === 0)) throw new ImportFileError('The file is empty: nothing was changed.');
  const { format, header } = recogniseHeader(headerLine, requested);
  const indexes = new Map(header.map((name, index) => [name, index] as const));

  let lastRowIncomplete = false;
  return {
    format,
    header,
    columnIndex: (name) => indexes.get(name) ?? -1,
    async *rows() {
      // Without quoting a record is a line, so the registry's line numbers are counted here: the
      // parser's own line tracking costs a tenth of the reading time.
      const oneLinePerRecord = format === 'registry';
      const parser = parse({
        delimiter: oneLinePerRecord ? '|' : ',', quote: oneLinePerRecord ? false : '"',
        bom: true, info: !oneLinePerRecord, relax_column_count: true, skip_empty_lines: !oneLinePerRecord, skip_records_with_error: true,
      });
      const skipped: FileRow[] = [];
      parser.on('skip', (error: CsvError & { lines?: number }) => {
        if (!QUOTING_ERRORS.has(error.code)) {
          skipped.push({ line: error.lines ?? 0, malformed: `unreadable: ${error.message}` });
          return;
        }
        // Past a quote that does not close where it should, where each row ends cannot be told:
        // the rows after it would be read as one field, and the people in them deactivated.
        parser.destroy(new ImportFileError(
          `Line ${error.lines ?? '?'}: ${error.message.replace(/ at line \d+.*$/, '')}. A field that holds a quote must be `
          + 'quoted whole, each quote inside it doubled; past this line the rows cannot be told apart, so nothing was changed.'));
        input.destroy();
      });
      async function* replay() {
        yield* head;
        if (ended) return;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      }
      Readable.from(replay()).pipe(parser);
      let line = 0;
      for await (const read of parser as AsyncIterable<string[] | { record: string[]; info: { lines: number } }>) {
        yield* skipped.splice(0);
        const record = Array.isArray(read) ? read : read.record;
        line = Array.isArray(read) ? line + 1 : read.info.lines;
        if (line === 1 || (record.length === 1 && record[0] === '')) continue;
        lastRowIncomplete = record.length < header.length;
        yield { line, fields: record };
      }
      if (skipped.length > 0) lastRowIncomplete = true;
      yield* skipped.splice(0);
    },
    summary: () => ({ bytes: tap.bytes, sha256: tap.sha256(), truncated: lastRowIncomplete && !tap.endsWithLineEnd() }),
  };
}

/** Which format a header line is, by its column names; every required column must be there. */
function recogniseHeader(line: string, requested: ImportFormat | undefined): { format: ImportFormat; header: string[] } {
  const registry = line.split('|').map((name) => name.trim().normalize('NFC'));
  const csv = splitCsvHeader(line);
  const format = requested ?? (registry.includes(REGISTRY_COLUMNS.nationalId) ? 'registry' : csv.includes('national_id') ? 'csv' : undefined);
  if (format === undefined) {
    throw new ImportFileError(
      'The header is neither the national registry extract\'s (pipe-separated, with the columns ' +
      `${REGISTRY_REQUIRED.join(' | ')}) nor the service's CSV (${OWN_CSV_COLUMNS.join(',')}): nothing was changed.`);
  }
  const header = format === 'registry' ? registry : csv;
  const required: readonly string[] = format === 'registry' ? REGISTRY_REQUIRED : OWN_CSV_COLUMNS;
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new ImportFileError(
      `The header lacks ${missing.length === 1 ? 'the column' : 'the columns'} ${missing.map((m) => `"${m}"`).join(', ')} of the ` +
      `${format === 'registry' ? 'national registry extract' : 'service\'s CSV'} format; expected columns: ${required.join(format === 'registry' ? ' | ' : ',')}. Nothing was changed.`);
  }
  return { format, header };
}

/** Column names of a CSV header line, unquoted (names never contain commas). */
function splitCsvHeader(line: string): string[] {
  return line.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1').normalize('NFC'));
}

/** Passes bytes through, counting them, hashing them and remembering how the stream ended. */
class ByteTap extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  private lastByte = -1;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1] as number;
    done(null, chunk);
  }

  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  endsWithLineEnd(): boolean {
    return this.lastByte === 0x0a || this.lastByte === 0x0d;
  }
}
