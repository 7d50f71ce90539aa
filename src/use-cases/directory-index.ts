import { createSiteIndex, type SiteIndex } from '../domain/geo/site-index.js';
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

/**
 * The same, one specialty at a time with a turn of the event loop between them, for a server
 * that goes on answering while it rebuilds after an import: the loop is never held for more
 * than the largest specialty's share of the directory.
 */
export async function buildDirectoryIndexGradually(practitioners: PractitionerRepository, specialties: SpecialtyRepository,
  codes: readonly string[]): Promise<DirectoryIndex> {
  const indexes = new Map<string, SiteIndex>();
  for (const code of codes) {
    await new Promise((resolve) => setImmediate(resolve));
    indexes.set(code, createSiteIndex(practitioners.activeSitesOf(code)));
  }
  await new Promise((resolve) => setImmediate(resolve));
  return toDirectoryIndex(indexes, specialties.activeCounts());
}

function toDirectoryIndex(indexes: ReadonlyMap<string, SiteIndex>, counts: ReadonlyMap<string, number>): DirectoryIndex {
  const totalActive = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return { forSpecialty: (code) => indexes.get(code) ?? EMPTY_INDEX, activeCount: (code) => counts.get(code) ?? 0, totalActive };
}
