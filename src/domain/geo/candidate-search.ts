import type { GeoPoint } from './distance.js';
import { climbRadiusLadder } from './radius-ladder.js';
import type { SiteHit, SiteIndex } from './site-index.js';

/** A pool member: a person with their nearest site inside the radius. */
export type Candidate = SiteHit;

export interface CandidateSearch {
  readonly radiusKm: number;
  /** One entry per person, in canonical order (by national identifier). */
  readonly candidates: readonly Candidate[];
}

/**
 * Forms the pool of DESIGN §4.2: everyone of the specialty with a site within the radius,
 * one entry per person (their nearest site), put in canonical order so that the draw never
 * depends on the order the index returned them. Without `radiusKm`, climbs the ladder.
 */
export function searchCandidates(index: SiteIndex, origin: GeoPoint, k: number, radiusKm?: number): CandidateSearch {
  const poolWithin = (radius: number) => nearestSitePerPerson(index.sitesWithin(origin, radius));
  if (radiusKm !== undefined) return { radiusKm, candidates: poolWithin(radiusKm) };

  let found: Candidate[] = [];
  const chosen = climbRadiusLadder((radius) => {
    found = poolWithin(radius);
    return found.length;
  }, k);
  return { radiusKm: chosen, candidates: found };
}

function nearestSitePerPerson(hits: readonly SiteHit[]): Candidate[] {
  const nearest = new Map<string, SiteHit>();
  for (const hit of hits) {
    const held = nearest.get(hit.site.nationalId);
    if (!held || hit.distanceM < held.distanceM || (hit.distanceM === held.distanceM && hit.site.siteId < held.site.siteId)) {
      nearest.set(hit.site.nationalId, hit);
    }
  }
  return [...nearest.values()].sort((a, b) => compareIds(a.site.nationalId, b.site.nationalId));
}

/** Canonical order: plain code-unit comparison, the same in every language and locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
