import { createSiteIndex, type IndexedSite, type SiteIndex } from '../domain/geo/site-index.js';
import type { PractitionerRepository } from '../storage/practitioner-repository.js';
import type { SpecialtyRepository } from '../storage/specialty-repository.js';

/** The in-memory view of the active directory: one k-d tree per specialty, and head counts. */
export interface DirectoryIndex {
  forSpecialty(code: string): SiteIndex;
  /** Active practitioners of a specialty (geocoded or not). */
  activeCount(code: string): number;
  readonly totalActive: number;
}

const EMPTY_INDEX = createSiteIndex([]);

/**
 * Reads every active, geocoded site once and indexes it by specialty and location together,
 * so that a referral never scans the directory; counts are taken at the same moment, so that
 * listing specialties or answering a health check never counts a million rows either.
 * Rebuilt whenever the directory changes.
 */
export function buildDirectoryIndex(practitioners: PractitionerRepository, specialties: SpecialtyRepository): DirectoryIndex {
  const indexes = new Map<string, SiteIndex>();
  for (const [specialty, sites] of practitioners.activeSitesBySpecialty()) indexes.set(specialty, createSiteIndex(sites));
  return toDirectoryIndex(indexes, specialties.activeCounts());
}

/** Practitioners read per turn of the event loop while rebuilding: about 50 ms of reading. */
const PAGE_SIZE = 10_000;

/**
 * The same, a page of practitioners at a time with a turn of the event loop between pages, for a
 * server that goes on answering while it rebuilds after an import (a whole specialty of a
 * national directory, 300,000 nurses, took a second to read).
 */
export async function buildDirectoryIndexGradually(practitioners: PractitionerRepository, specialties: SpecialtyRepository,
  codes: readonly string[], pageSize = PAGE_SIZE): Promise<DirectoryIndex> {
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  const indexes = new Map<string, SiteIndex>();
  for (const code of codes) {
    const sites: IndexedSite[] = [];
    for (let after = 0; ;) {
      await nextTurn();
      const page = practitioners.activeSitesPage(code, after, pageSize);
      if (page.lastId === null) break;
      for (const site of page.sites) sites.push(site);
      after = page.lastId;
    }
    indexes.set(code, createSiteIndex(sites));
  }
  await nextTurn();
  return toDirectoryIndex(indexes, specialties.activeCounts());
}

function toDirectoryIndex(indexes: ReadonlyMap<string, SiteIndex>, counts: ReadonlyMap<string, number>): DirectoryIndex {
  const totalActive = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return { forSpecialty: (code) => indexes.get(code) ?? EMPTY_INDEX, activeCount: (code) => counts.get(code) ?? 0, totalActive };
}
