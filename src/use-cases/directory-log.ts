import { canonicalDirectoryEntry, DIRECTORY_GENESIS_HASH, hashDirectoryEntry, parseDirectoryEntry, type DirectoryCause, type DirectoryLogEntry } from '../domain/directory/directory-log-entry.js';
import { applyChange, diffStates, directoryVersion, stateOf, type DirectoryChange, type DirectoryRow } from '../domain/directory/directory-state.js';
import type { SiteIndex } from '../domain/geo/site-index.js';
import type { DirectoryLogRepository } from '../storage/directory-log-repository.js';
import { DomainError } from '../domain/errors.js';

export interface DirectoryLogDependencies {
  readonly directoryLog: DirectoryLogRepository;
  readonly clock: () => Date;
}

/** A change whose cause and rows the caller knows (one practitioner's status change), from `versionBefore`. */
export interface KnownChange {
  readonly cause: DirectoryCause;
  readonly versionBefore: string;
  readonly change: DirectoryChange;
}

/**
 * Logs a specialty's state as `index` shows it, before any referral is drawn from it, unless the
 * directory log already has it as the specialty's latest version (another server logged it).
 * The change logged is `known` when it starts from the logged version; otherwise the difference
 * from `previous` (the index being replaced) when that shows the logged version, else from the
 * state rebuilt from the log; its cause is then what the database recorded since the last entry
 * (imports, re-geocodings), or `unrecorded`.
 * @returns the entry logged, or null when there was nothing to log
 */
export function logDirectoryState(
  deps: DirectoryLogDependencies, specialty: string, index: SiteIndex, options: { known?: KnownChange; previous?: SiteIndex } = {},
): DirectoryLogEntry | null {
  const { directoryLog } = deps;
  const versionNow = index.directoryVersion(specialty);
  return directoryLog.inTransaction(() => {
    const last = directoryLog.lastOf(specialty);
    const logged = last?.versionAfter ?? directoryVersion(specialty, []);
    if (versionNow === logged) return null;
    const { known, previous } = options;
    let change: DirectoryChange;
    let cause: DirectoryCause;
    if (known !== undefined && known.versionBefore === logged) {
      ({ change, cause } = known);
    } else {
      const before = previous !== undefined && previous.directoryVersion(specialty) === logged ? stateOf(previous.rows()) : loggedState(directoryLog, specialty);
      change = diffStates(before, stateOf(index.rows()));
      cause = last === undefined ? { kind: 'initial' } : causeSince(directoryLog, last.createdAt);
    }
    const head = directoryLog.last();
    const entry: DirectoryLogEntry = {
      sequence: (head?.sequence ?? 0) + 1, createdAt: deps.clock().toISOString(), specialty, cause,
      versionBefore: logged, versionAfter: versionNow, change, previousHash: head?.hash ?? DIRECTORY_GENESIS_HASH,
    };
    const entryJson = canonicalDirectoryEntry(entry);
    directoryLog.insert({ ...entry, entryJson, hash: hashDirectoryEntry(entryJson) });
    return entry;
  });
}

/** The rows of one practitioner before and after a change, as the change the directory log records. */
export function practitionerChange(before: readonly DirectoryRow[], after: readonly DirectoryRow[]): DirectoryChange {
  return diffStates(stateOf(before), stateOf(after));
}

/**
 * The state of one version (GET /v1/audit/directory): its specialty's entries replayed up to the
 * first that made it, in ascending site id.
 * @throws DomainError `not-found` when no entry made that version
 */
export function directoryStateOf(directoryLog: DirectoryLogRepository, version: string): { version: string; specialty: string; rows: DirectoryRow[] } {
  const made = directoryLog.madeVersion(version);
  if (made === undefined) throw new DomainError('not-found', `No entry of the directory log made version ${version}; the versions referrals name are in GET /v1/audit/directory-log.`);
  const rows = [...loggedState(directoryLog, made.specialty, made.sequence).values()].sort((a, b) => a.siteId - b.siteId);
  return { version, specialty: made.specialty, rows };
}

/** A specialty's state as its directory log entries build it, up to entry `untilSequence` (all when absent). */
function loggedState(directoryLog: DirectoryLogRepository, specialty: string, untilSequence = Infinity): Map<number, DirectoryRow> {
  let state = new Map<number, DirectoryRow>();
  for (const stored of directoryLog.ofSpecialty(specialty)) {
    if (stored.sequence > untilSequence) break;
    state = applyChange(state, parseDirectoryEntry(stored.entryJson).change);
  }
  return state;
}

function causeSince(directoryLog: DirectoryLogRepository, since: string): DirectoryCause {
  const { imports, regeocodings } = directoryLog.recordedSince(since);
  if (imports.length > 0) return { kind: 'import', imports };
  if (regeocodings.length > 0) return { kind: 'regeocoding', regeocodings };
  return { kind: 'unrecorded' };
}
