import { createSiteIndex, type SiteIndex } from '../geo/site-index.js';
import { canonicalDirectoryEntry, DIRECTORY_GENESIS_HASH, hashDirectoryEntry, parseDirectoryEntry, type DirectoryLogEntry } from './directory-log-entry.js';
import { applyChange, directoryVersion, type DirectoryRow } from './directory-state.js';

/**
 * How long after a change the version it replaced may still be drawn from: a server forms a
 * pool from the index it holds, and a second server on the same database sees the change at its
 * next look (every few seconds) and rebuilds. Longer would let an operator draw from a state
 * already changed; docs/audit-log.md states it.
 */
export const SUPERSEDED_GRACE_MS = 2 * 60 * 1000;

export type DirectoryCheck = 'sequence' | 'previous-hash' | 'hash' | 'version-before' | 'version-after' | 'cause' | 'malformed';

export interface DirectoryDivergence {
  readonly sequence: number;
  readonly check: DirectoryCheck;
  readonly expected: string;
  readonly found: string;
}

/** A specialty's state rebuilt up to one of its entries, kept to move forward from. */
interface Cursor {
  position: number;
  state: Map<number, DirectoryRow>;
}

/**
 * Replays the directory log (docs/audit-log.md, "Directory log"): every entry is checked against
 * the chain and against the state it claims to change (versionBefore must be the specialty's
 * version so far; versionAfter the version of the state once its change is applied), then gives
 * the state of any version it logged, and when that version was current, so that a referral's
 * pool can be formed again from the very state it was drawn from.
 */
export class DirectoryHistory {
  private readonly entriesOf = new Map<string, DirectoryLogEntry[]>();
  private readonly current = new Map<string, Map<number, DirectoryRow>>();
  /** Each entry by its hash: its specialty and its position in that specialty's list. */
  private readonly byHash = new Map<string, { readonly specialty: string; readonly position: number }>();
  private readonly cursors = new Map<string, Cursor>();
  /** The last index built for each specialty: consecutive referrals mostly share a version. */
  private readonly indexes = new Map<string, { readonly position: number; readonly index: SiteIndex }>();
  private lastSequence = 0;
  private lastHash = DIRECTORY_GENESIS_HASH;
  private divergence: DirectoryDivergence | null = null;
  /** Entries whose cause is `unrecorded`: the directory changed and nothing on record says why. */
  readonly unrecorded: DirectoryLogEntry[] = [];

  /** Checks and applies the next entry, given as its canonical text; false once the log has diverged. */
  apply(canonical: string, storedHash?: string): boolean {
    if (this.divergence) return false;
    let entry: DirectoryLogEntry;
    try {
      entry = parseDirectoryEntry(canonical);
    } catch (error) {
      this.divergence = { sequence: this.lastSequence + 1, check: 'malformed', expected: 'a directory log entry', found: error instanceof Error ? error.message : String(error) };
      return false;
    }
    const hash = hashDirectoryEntry(canonical);
    this.divergence = this.check(entry, canonical, hash, storedHash);
    if (this.divergence) return false;
    const before = this.current.get(entry.specialty) ?? new Map<number, DirectoryRow>();
    const stranger = strangerTo(entry, before);
    if (stranger !== null) {
      this.divergence = { sequence: entry.sequence, check: 'cause', expected: `only sites of ${(entry.cause as { nationalId: string }).nationalId}, whose ${entry.cause.kind} it records`, found: stranger };
      return false;
    }
    const after = applyChange(before, entry.change);
    const found = directoryVersion(entry.specialty, after.values());
    if (found !== entry.versionAfter) {
      this.divergence = { sequence: entry.sequence, check: 'version-after', expected: found, found: entry.versionAfter };
      return false;
    }
    this.current.set(entry.specialty, after);
    const entries = this.entriesOf.get(entry.specialty) ?? [];
    entries.push(entry);
    this.entriesOf.set(entry.specialty, entries);
    if (entry.cause.kind === 'unrecorded') this.unrecorded.push(entry);
    this.lastSequence = entry.sequence;
    this.lastHash = hash;
    this.byHash.set(this.lastHash, { specialty: entry.specialty, position: entries.length - 1 });
    return true;
  }

  get result(): { readonly entries: number; readonly lastHash: string; readonly divergence: DirectoryDivergence | null } {
    return { entries: this.lastSequence, lastHash: this.lastHash, divergence: this.divergence };
  }

  /**
   * The state a referral made at `at` says it formed its pool from: the entry of this log whose
   * hash it names, which must be of its specialty, have made its version, and have been the
   * specialty's latest entry at `at` (or been replaced at most SUPERSEDED_GRACE_MS before);
   * otherwise the reason it is not.
   */
  stateFor(entryHash: string, version: string, specialty: string, at: string): { index: SiteIndex } | { problem: string } {
    const found = this.byHash.get(entryHash);
    if (found === undefined) return { problem: `directory log entry ${entryHash} is not in the directory log` };
    const entries = this.entriesOf.get(found.specialty) as DirectoryLogEntry[];
    const entry = entries[found.position] as DirectoryLogEntry;
    if (found.specialty !== specialty || entry.versionAfter !== version) {
      return { problem: `directory log entry ${entry.sequence} made version ${entry.versionAfter} of ${found.specialty}, not ${version} of ${specialty}` };
    }
    const moment = Date.parse(at);
    const until = entries[found.position + 1]?.createdAt ?? null;
    if (Date.parse(entry.createdAt) > moment || (until !== null && moment - Date.parse(until) > SUPERSEDED_GRACE_MS)) {
      return { problem: `directory log entry ${entry.sequence} (${specialty}) was current from ${entry.createdAt} to ${until ?? 'now'}, not at ${at}` };
    }
    return { index: this.indexAt(specialty, found.position) };
  }

  private indexAt(specialty: string, position: number): SiteIndex {
    const held = this.indexes.get(specialty);
    if (held?.position === position) return held.index;
    const index = createSiteIndex([...this.stateAt(specialty, position).values()].map((row) => ({ practitionerId: 0, ...row })));
    this.indexes.set(specialty, { position, index });
    return index;
  }

  private stateAt(specialty: string, position: number): Map<number, DirectoryRow> {
    const entries = this.entriesOf.get(specialty) ?? [];
    let cursor = this.cursors.get(specialty);
    if (!cursor || cursor.position > position) cursor = { position: -1, state: new Map() };
    while (cursor.position < position) {
      cursor.position += 1;
      cursor.state = applyChange(cursor.state, (entries[cursor.position] as DirectoryLogEntry).change);
    }
    this.cursors.set(specialty, cursor);
    return cursor.state;
  }

  private check(entry: DirectoryLogEntry, canonical: string, hash: string, storedHash: string | undefined): DirectoryDivergence | null {
    const at = (check: DirectoryCheck, expected: unknown, found: unknown): DirectoryDivergence => ({ sequence: entry.sequence, check, expected: String(expected), found: String(found) });
    if (entry.sequence !== this.lastSequence + 1) return at('sequence', this.lastSequence + 1, entry.sequence);
    if (entry.previousHash !== this.lastHash) return at('previous-hash', this.lastHash, entry.previousHash);
    const rewritten = canonicalDirectoryEntry(entry);
    if (rewritten !== canonical) return at('malformed', rewritten, canonical);
    if (storedHash !== undefined && storedHash !== hash) return at('hash', hash, storedHash);
    const versionSoFar = this.current.has(entry.specialty)
      ? (this.entriesOf.get(entry.specialty)?.at(-1) as DirectoryLogEntry).versionAfter
      : directoryVersion(entry.specialty, []);
    if (entry.versionBefore !== versionSoFar) return at('version-before', versionSoFar, entry.versionBefore);
    return null;
  }
}

/**
 * A status or attribute change is one practitioner's: a site of anyone else it removes or adds
 * (an edit passed off as a suspension) is named; null when there is none, or for other causes.
 */
function strangerTo(entry: DirectoryLogEntry, before: ReadonlyMap<number, DirectoryRow>): string | null {
  const { cause, change } = entry;
  if (cause.kind !== 'suspension' && cause.kind !== 'resumption' && cause.kind !== 'attributes') return null;
  for (const siteId of change.removed) {
    const held = before.get(siteId)?.nationalId;
    if (held !== cause.nationalId) return `site ${siteId} of ${held ?? 'nobody'} removed`;
  }
  const added = change.upserted.find((row) => row.nationalId !== cause.nationalId);
  return added === undefined ? null : `site ${added.siteId} of ${added.nationalId} added or changed`;
}
