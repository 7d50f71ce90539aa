import { createSiteIndex, type IndexEntry, type SiteIndex } from '../domain/geo/site-index.js';
import type { PractitionerStatus } from '../domain/model.js';
import type { PractitionerRepository, PractitionerStanding } from '../storage/practitioner-repository.js';
import type { SpecialtyRepository } from '../storage/specialty-repository.js';

/** The in-memory view of the active directory: one k-d tree per specialty, and head counts. */
export interface DirectoryIndex {
  forSpecialty(code: string): SiteIndex;
  /** Active practitioners of a specialty (geocoded or not). */
  activeCount(code: string): number;
  readonly totalActive: number;
}

/** The index as the process that owns it holds it: kept up to date in place by status changes. */
export interface LiveDirectoryIndex extends DirectoryIndex {
  /**
   * Shows one practitioner as they now stand (found while active, with their attributes), and moves
   * the head counts from `countedAs`, the status these counts last saw them with, to their status
   * now. Afterwards every search and count answers as a rebuild from the database would.
   */
  showPractitioner(standing: PractitionerStanding, countedAs: PractitionerStatus): void;
}

const EMPTY_INDEX = createSiteIndex([]);

/**
 * Reads every active or suspended, geocoded site once and indexes it by specialty and location
 * together, so that a referral never scans the directory; counts are taken at the same moment, so
 * that listing specialties or answering a health check never counts a million rows either.
 * Rebuilt after an import; a status change only updates it (showPractitioner).
 */
export function buildDirectoryIndex(practitioners: PractitionerRepository, specialties: SpecialtyRepository): LiveDirectoryIndex {
  const indexes = new Map<string, SiteIndex>();
  for (const [specialty, sites] of practitioners.indexedSitesBySpecialty()) indexes.set(specialty, createSiteIndex(sites));
  return assembleDirectoryIndex(indexes, specialties.activeCounts());
}

/** Lets the event loop answer what is waiting before long work goes on (a gradual rebuild). */
export const nextTurn = (): Promise<unknown> => new Promise((resolve) => setImmediate(resolve));

/** Practitioners read per turn of the event loop while rebuilding: about 50 ms of reading. */
const PAGE_SIZE = 10_000;

/**
 * The sites of each specialty, indexed, read a page of practitioners at a time with a turn of the
 * event loop between pages, for a server that goes on answering while it rebuilds after an import
 * (a whole specialty of a national directory, 300,000 nurses, took a second to read). Pages read
 * early may miss a status change made later: the caller replays those (see compose.ts).
 */
export async function gatherSiteIndexesGradually(practitioners: PractitionerRepository, codes: readonly string[], pageSize = PAGE_SIZE): Promise<Map<string, SiteIndex>> {
  const indexes = new Map<string, SiteIndex>();
  for (const code of codes) {
    const sites: IndexEntry[] = [];
    for (let after = 0; ;) {
      await nextTurn();
      const page = practitioners.indexedSitesPage(code, after, pageSize);
      if (page.lastId === null) break;
      for (const site of page.sites) sites.push(site);
      after = page.lastId;
    }
    indexes.set(code, createSiteIndex(sites));
  }
  await nextTurn();
  return indexes;
}

/** The directory index over these site indexes and head counts (which it then keeps up to date). */
export function assembleDirectoryIndex(indexes: ReadonlyMap<string, SiteIndex>, activeCounts: ReadonlyMap<string, number>): LiveDirectoryIndex {
  const counts = new Map(activeCounts);
  let totalActive = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return {
    forSpecialty: (code) => indexes.get(code) ?? EMPTY_INDEX,
    activeCount: (code) => counts.get(code) ?? 0,
    get totalActive() {
      return totalActive;
    },
    showPractitioner(standing, countedAs) {
      indexes.get(standing.specialty)?.showPractitioner(standing);
      const delta = Number(standing.status === 'active') - Number(countedAs === 'active');
      if (delta === 0) return;
      counts.set(standing.specialty, (counts.get(standing.specialty) ?? 0) + delta);
      totalActive += delta;
    },
  };
}
