import { matchesFilters, UNKNOWN_ATTRIBUTES, type ReferralFilters } from '../filters/referral-filters.js';
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
 * Forms the pool of DESIGN §4.2: everyone of the specialty with a site within the radius who
 * meets the filters, one entry per person (their nearest such site), put in canonical order so
 * that the draw never depends on the order the index returned them. Without `radiusKm`, climbs
 * the ladder, counting only those who meet the filters.
 */
export function searchCandidates(index: SiteIndex, origin: GeoPoint, k: number, radiusKm?: number, filters?: ReferralFilters): CandidateSearch {
  const qualifies = (hit: SiteHit) => !filters || matchesFilters(hit.site.attributes ?? UNKNOWN_ATTRIBUTES, filters);
  const peopleWithin = (radius: number) => nearestSitePerPerson(index.sitesWithin(origin, radius).filter(qualifies));
  let radius = radiusKm;
  let people = new Map<string, SiteHit>();
  if (radius === undefined) {
    // The last step the ladder tries is the one it returns: keep its people rather than search again.
    radius = climbRadiusLadder((step) => (people = peopleWithin(step)).size, k);
  } else {
    people = peopleWithin(radius);
  }
  return { radiusKm: radius, candidates: [...people.values()].sort((a, b) => compareIds(a.site.nationalId, b.site.nationalId)) };
}

/** Each person once, at their nearest site (the lower site id on a tie). */
function nearestSitePerPerson(hits: readonly SiteHit[]): Map<string, SiteHit> {
  const nearest = new Map<string, SiteHit>();
  for (const hit of hits) {
    const held = nearest.get(hit.site.nationalId);
    if (!held || hit.distanceM < held.distanceM || (hit.distanceM === held.distanceM && hit.site.siteId < held.site.siteId)) {
      nearest.set(hit.site.nationalId, hit);
    }
  }
  return nearest;
}

/** Canonical order: plain code-unit comparison, the same in every language and locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
