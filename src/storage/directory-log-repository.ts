import type { Db } from './database.js';

/** An entry as stored: its canonical text (exactly as hashed and exported) and hash. */
export interface StoredDirectoryEntry {
  readonly sequence: number;
  readonly specialty: string;
  readonly versionAfter: string;
  readonly createdAt: string;
  readonly entryJson: string;
  readonly hash: string;
}

export interface DirectoryLogRepository {
  /** The newest entry of the whole log (for the chain), or undefined when it is empty. */
  last(): StoredDirectoryEntry | undefined;
  /** The newest entry of one specialty: its version now, as logged. */
  lastOf(specialty: string): StoredDirectoryEntry | undefined;
  insert(entry: Omit<StoredDirectoryEntry, 'sequence'> & { sequence: number; versionBefore: string }): void;
  /** Every entry, oldest first. */
  all(): Iterable<StoredDirectoryEntry>;
  /** The entries of one specialty, oldest first. */
  ofSpecialty(specialty: string): Iterable<StoredDirectoryEntry>;
  /** The first entry that made this version, or undefined when none did. */
  madeVersion(version: string): StoredDirectoryEntry | undefined;
  /** Up to `limit` entries after sequence `after`. */
  page(after: number, limit: number): StoredDirectoryEntry[];
  /** Runs `work` in one write transaction, taken at once, so that two processes never log the same change twice. */
  inTransaction<T>(work: () => T): T;
  /** Records of changes made since `since` (ISO), for naming the cause of a change the index found. */
  recordedSince(since: string): { imports: number[]; regeocodings: number[] };
}

const COLUMNS = 'sequence, specialty, version_after AS versionAfter, created_at AS createdAt, entry_json AS entryJson, hash';

export function createDirectoryLogRepository(db: Db): DirectoryLogRepository {
  const last = db.prepare(`SELECT ${COLUMNS} FROM directory_log ORDER BY sequence DESC LIMIT 1`);
  const lastOf = db.prepare(`SELECT ${COLUMNS} FROM directory_log WHERE specialty = ? ORDER BY sequence DESC LIMIT 1`);
  const insert = db.prepare(
    `INSERT INTO directory_log (sequence, created_at, specialty, version_before, version_after, entry_json, hash)
     VALUES (@sequence, @createdAt, @specialty, @versionBefore, @versionAfter, @entryJson, @hash)`,
  );
  const all = db.prepare(`SELECT ${COLUMNS} FROM directory_log ORDER BY sequence`);
  const ofSpecialty = db.prepare(`SELECT ${COLUMNS} FROM directory_log WHERE specialty = ? ORDER BY sequence`);
  const madeVersion = db.prepare(`SELECT ${COLUMNS} FROM directory_log WHERE version_after = ? ORDER BY sequence LIMIT 1`);
  const page = db.prepare(`SELECT ${COLUMNS} FROM directory_log WHERE sequence > ? ORDER BY sequence LIMIT ?`);
  // Only imports that changed something: an import that found every row unchanged explains no change.
  const importsSince = db.prepare(`SELECT id FROM imports WHERE status = 'succeeded' AND finished_at > ?
    AND (SELECT COALESCE(SUM(value), 0) FROM json_each(report_json, '$.counts') WHERE key IN ('inserted', 'updated', 'deactivated', 'reactivated'))
      + (SELECT COALESCE(SUM(value), 0) FROM json_each(report_json, '$.sites') WHERE key IN ('inserted', 'updated', 'retired')) > 0
    ORDER BY id`).pluck();
  const regeocodingsSince = db.prepare('SELECT id FROM regeocodings WHERE finished_at > ? AND sites_moved > 0 ORDER BY id').pluck();
  return {
    last: () => last.get() as StoredDirectoryEntry | undefined,
    lastOf: (specialty) => lastOf.get(specialty) as StoredDirectoryEntry | undefined,
    insert: (entry) => void insert.run(entry),
    all: () => all.iterate() as Iterable<StoredDirectoryEntry>,
    ofSpecialty: (specialty) => ofSpecialty.iterate(specialty) as Iterable<StoredDirectoryEntry>,
    madeVersion: (version) => madeVersion.get(version) as StoredDirectoryEntry | undefined,
    page: (after, limit) => page.all(after, limit) as StoredDirectoryEntry[],
    inTransaction: (work) => db.transaction(work).immediate(),
    recordedSince: (since) => ({ imports: importsSince.all(since) as number[], regeocodings: regeocodingsSince.all(since) as number[] }),
  };
}
