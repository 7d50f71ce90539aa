import { canonicalDirectoryEntry, DIRECTORY_GENESIS_HASH, hashDirectoryEntry, parseDirectoryEntry, type DirectoryCause, type DirectoryLogEntry } from '../domain/directory/directory-log-entry.js';
import { applyChange, diffStates, DIRECTORY_BUCKETS, directoryVersion, stateOf, type DirectoryChange, type DirectoryRow } from '../domain/directory/directory-state.js';
import { createSiteIndex, type SiteIndex } from '../domain/geo/site-index.js';
import type { DirectoryLogRepository } from '../storage/directory-log-repository.js';
import { DomainError } from '../domain/errors.js';
import { nextTurn } from './directory-index.js';

export interface DirectoryLogDependencies {
  readonly directoryLog: DirectoryLogRepository;
  readonly clock: () => Date;
}

/**
 * A change whose rows the caller knows, from `versionBefore`: one practitioner's status change
 * (with its cause), or the difference a rebuild computed gradually (its cause found when logged).
 */
export interface KnownChange {
  readonly cause?: DirectoryCause;
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
 * @returns the hash of the specialty's entry that made the state `index` shows (the one logged
 *   now, or the one already there), which referrals drawn from it name; undefined for a specialty
 *   that never had a referable site, from which no pool can be formed
 */
export function logDirectoryState(
  deps: DirectoryLogDependencies, specialty: string, index: SiteIndex, options: { known?: KnownChange; previous?: SiteIndex } = {},
): string | undefined {
  const { directoryLog } = deps;
  const versionNow = index.directoryVersion(specialty);
  return directoryLog.inTransaction(() => {
    const last = directoryLog.lastOf(specialty);
    const logged = last?.versionAfter ?? directoryVersion(specialty, []);
    if (versionNow === logged) return last?.hash;
    const { known, previous } = options;
    let change: DirectoryChange;
    let cause: DirectoryCause;
    if (known !== undefined && known.versionBefore === logged) {
      change = known.change;
      cause = known.cause ?? (last === undefined ? { kind: 'initial' } : causeSince(directoryLog, last.createdAt));
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
    const hash = hashDirectoryEntry(entryJson);
    directoryLog.insert({ ...entry, entryJson, hash });
    return hash;
  });
}

/**
 * The change from `previous` to `next`, one specialty's indexes, computed a bucket per turn of the
 * event loop, comparing rows only in buckets whose digests differ: after a nightly
 * import, a server goes on answering while it works out what the import changed (at a million
 * practitioners, all at once held the event loop for seconds).
 */
async function changeBetween(previous: SiteIndex, next: SiteIndex): Promise<DirectoryChange> {
  const removed: number[] = [];
  const upserted: DirectoryRow[] = [];
  for (let bucket = 0; bucket < DIRECTORY_BUCKETS; bucket++) {
    await nextTurn();
    if (previous.bucketDigest(bucket) === next.bucketDigest(bucket)) continue;
    const change = diffStates(stateOf(previous.rowsInBucket(bucket)), stateOf(next.rowsInBucket(bucket)));
    for (const siteId of change.removed) removed.push(siteId);
    for (const row of change.upserted) upserted.push(row);
  }
  return { removed: removed.sort((a, b) => a - b), upserted: upserted.sort((a, b) => a.siteId - b.siteId) };
}

/** A rebuild's change to one specialty, worked out before the swap, and the version it leads to. */
export type PreparedChange = KnownChange & { readonly versionAfter: string };

/** The indexes of a directory, by specialty, as a rebuild gathers them or a live index holds them. */
interface SpecialtyIndexes {
  forSpecialty(code: string): SiteIndex;
}

/**
 * What each specialty's rebuilt sites change from the index in service, worked out a bucket per
 * turn before the swap (changeBetween). A specialty whose index in service moved meanwhile (a
 * status change) is left out: it is diffed at the swap instead.
 */
export async function prepareDirectoryChanges(codes: readonly string[], previous: SpecialtyIndexes, rebuilt: ReadonlyMap<string, SiteIndex>): Promise<Map<string, PreparedChange>> {
  const prepared = new Map<string, PreparedChange>();
  for (const code of codes) {
    const before = previous.forSpecialty(code);
    const after = rebuilt.get(code) ?? createSiteIndex([]);
    const versionBefore = before.directoryVersion(code);
    const change = await changeBetween(before, after);
    if (before.directoryVersion(code) === versionBefore) prepared.set(code, { versionBefore, versionAfter: after.directoryVersion(code), change });
  }
  return prepared;
}

/**
 * Logs the state of every specialty as `next` shows it, before `next` serves (logDirectoryState),
 * with the change prepared for it when that still holds (no status change reached `next` since),
 * else the difference from `previous`; records in `entries` the entry each specialty's state
 * comes from, which referrals name.
 */
export function logDirectoryStates(
  deps: DirectoryLogDependencies, codes: readonly string[], next: SpecialtyIndexes, previous: SpecialtyIndexes | null,
  prepared: ReadonlyMap<string, PreparedChange> = new Map(), entries: Map<string, string> = new Map(),
): Map<string, string> {
  for (const code of codes) {
    const sites = next.forSpecialty(code);
    const known = prepared.get(code);
    const options = known !== undefined && known.versionAfter === sites.directoryVersion(code) ? { known } : previous === null ? {} : { previous: previous.forSpecialty(code) };
    const entry = logDirectoryState(deps, code, sites, options);
    if (entry !== undefined) entries.set(code, entry);
  }
  return entries;
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
