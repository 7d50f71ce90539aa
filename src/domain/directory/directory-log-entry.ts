import { createHash } from 'node:crypto';
import { parseRowLine, rowLine, type DirectoryChange } from './directory-state.js';

/** The previousHash of the directory log's first entry. */
export const DIRECTORY_GENESIS_HASH = '0'.repeat(64);

/**
 * Why a specialty's referable sites changed. `initial` is the state a database held when its
 * directory log began; `unrecorded` a change no import, status change or re-geocoding accounts
 * for (the database edited by hand): an auditor's first question.
 */
export type DirectoryCause =
  | { readonly kind: 'initial' }
  | { readonly kind: 'import'; readonly imports: readonly number[] }
  | { readonly kind: 'regeocoding'; readonly regeocodings: readonly number[] }
  | { readonly kind: 'suspension' | 'resumption' | 'attributes'; readonly nationalId: string; readonly by: string; readonly reason: string | null }
  | { readonly kind: 'unrecorded' };

export const DIRECTORY_CAUSES = ['initial', 'import', 'regeocoding', 'suspension', 'resumption', 'attributes', 'unrecorded'] as const;

/** One entry of the directory log, before its hash. */
export interface DirectoryLogEntry {
  readonly sequence: number;
  readonly createdAt: string;
  readonly specialty: string;
  readonly cause: DirectoryCause;
  /** The specialty's version before the change; the empty state's version for its first entry. */
  readonly versionBefore: string;
  readonly versionAfter: string;
  readonly change: DirectoryChange;
  readonly previousHash: string;
}

/**
 * Canonical serialization (docs/audit-log.md, "Directory log"): a JSON object with these keys in
 * this order, no whitespace; `removed` the site ids no longer referable, ascending; `upserted`
 * the sites added or changed as their row arrays (directory-state.ts), ascending site id; the
 * cause's keys in the order its kind lists them.
 */
export function canonicalDirectoryEntry(entry: DirectoryLogEntry): string {
  const upserted = `[${entry.change.upserted.map(rowLine).join(',')}]`;
  const head = JSON.stringify({
    sequence: entry.sequence,
    createdAt: entry.createdAt,
    specialty: entry.specialty,
    cause: canonicalCause(entry.cause),
    versionBefore: entry.versionBefore,
    versionAfter: entry.versionAfter,
    removed: entry.change.removed,
  });
  // Rows are spliced in as their lines, the very text the version hashes.
  return `${head.slice(0, -1)},"upserted":${upserted},"previousHash":${JSON.stringify(entry.previousHash)}}`;
}

function canonicalCause(cause: DirectoryCause): DirectoryCause {
  switch (cause.kind) {
    case 'import': return { kind: cause.kind, imports: cause.imports };
    case 'regeocoding': return { kind: cause.kind, regeocodings: cause.regeocodings };
    case 'suspension': case 'resumption': case 'attributes': return { kind: cause.kind, nationalId: cause.nationalId, by: cause.by, reason: cause.reason };
    default: return { kind: cause.kind };
  }
}

export function hashDirectoryEntry(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** A stored or exported entry read back; throws on anything that is not one. */
export function parseDirectoryEntry(canonical: string): DirectoryLogEntry {
  const parsed = JSON.parse(canonical) as Record<string, unknown>;
  const { sequence, createdAt, specialty, cause, versionBefore, versionAfter, removed, upserted, previousHash } = parsed;
  if (typeof sequence !== 'number' || typeof createdAt !== 'string' || typeof specialty !== 'string' || typeof versionBefore !== 'string'
    || typeof versionAfter !== 'string' || typeof previousHash !== 'string' || !Array.isArray(removed) || !Array.isArray(upserted)
    || typeof cause !== 'object' || cause === null || !(DIRECTORY_CAUSES as readonly string[]).includes((cause as { kind: string }).kind)) {
    throw new Error(`Not a directory log entry: ${canonical.slice(0, 120)}`);
  }
  return {
    sequence, createdAt, specialty, versionBefore, versionAfter, previousHash,
    cause: cause as DirectoryCause,
    change: { removed: removed as number[], upserted: upserted.map((row) => parseRowLine(JSON.stringify(row))) },
  };
}
