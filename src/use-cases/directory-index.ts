import { createSiteIndex, type SiteIndex } from '../domain/geo/site-index.js';
import type { PractitionerRepository } from '../storage/practitioner-repository.js';

/** The in-memory spatial index of the active directory, one k-d tree per specialty. */
export interface DirectoryIndex {
  forSpecialty(code: string): SiteIndex;
}

const EMPTY_INDEX = createSiteIndex([]);

/**
 * Reads every active, geocoded site once and indexes it by specialty and location together,
 * so that a referral never scans the directory. Rebuilt whenever the directory changes.
 */
export function buildDirectoryIndex(practitioners: PractitionerRepository): DirectoryIndex {
  const indexes = new Map<string, SiteIndex>();
  for (const [specialty, sites] of practitioners.activeSitesBySpecialty()) indexes.set(specialty, createSiteIndex(sites));
  return { forSpecialty: (code) => indexes.get(code) ?? EMPTY_INDEX };
}
