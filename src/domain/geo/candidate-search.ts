import { matchesFilters, UNKNOWN_ATTRIBUTES, type ReferralFilters } from '../filters/referral-filters.js';
import type { GeoPoint } from './distance.js';
import { climbRadiusLadder, RADIUS_LADDER_KM } from './radius-ladder.js';
import { mayReachAnotherTerritory, territoryOf } from './territory.js';
import type { IndexedSite, SiteHit, SiteIndex } from './site-index.js';

/** A pool member: a person at their nearest site inside the radius. */
export interface Candidate {
  readonly site: IndexedSite;
  readonly distanceM: number;
}

export interface CandidateSearch {
  readonly radiusKm: number;
  /** One entry per person, in canonical order (by national identifier). */
  readonly candidates: readonly Candidate[];
}

/**
 * Forms the pool of DESIGN §4.2: everyone of the specialty with a site within the radius, on the
 * same land as the origin (mainland, Corsica, or one overseas territory: see territory.ts), who
 * meets the filters, one entry per person (their nearest such site), put in canonical order so
 * that the draw never depends on the order the index returned them. Without `radiusKm`, climbs
 * the ladder, counting only those who meet the filters.
 */
export function searchCandidates(index: SiteIndex, origin: GeoPoint, k: number, radiusKm?: number, filters?: ReferralFilters): CandidateSearch {
  const territory = territoryOf(origin);
  // Pools never cross the sea: only sites on the origin's land (checked only where 200 km could reach another).
  const onLand = mayReachAnotherTerritory(origin) ? (hit: SiteHit) => territoryOf(index.site(hit.position)) === territory : () => true;
  const qualifies = (hit: SiteHit) => onLand(hit) && (!filters || matchesFilters(index.attributesAt(hit.position) ?? UNKNOWN_ATTRIBUTES, filters));
  const peopleWithin = (radius: number) => nearestSitePerPerson(index, index.sitesWithin(origin, radius).filter(qualifies));
  let radius = radiusKm;
  let people = new Map<string, SiteHit>();
  if (radius === undefined) {
    // The last step the ladder tries is the one it returns: keep its people rather than search again.
    radius = climbRadiusLadder((step) => (people = peopleWithin(step)).size, k);
  } else {
    people = peopleWithin(radius);
  }
  const candidates = [...people.values()].map((hit) => ({ site: index.site(hit.position), distanceM: hit.distanceM }));
  return { radiusKm: radius, candidates: candidates.sort((a, b) => compareIds(a.site.nationalId, b.site.nationalId)) };
}

/**
 * "Five more" beyond its parent's radius (issue 13): climbs the ladder from the step after
 * `fromRadiusKm`, counting only people who qualify and are not in `exclude` (everyone already
 * proposed in the call), to the first step holding at least k of them, else the largest step
 * holding any. The pool is those people, in canonical order; undefined when nobody new is
 * within the largest step.
 */
export function searchBeyond(index: SiteIndex, origin: GeoPoint, k: number, fromRadiusKm: number, exclude: ReadonlySet<string>, filters?: ReferralFilters): CandidateSearch | undefined {
  const steps = RADIUS_LADDER_KM.filter((step) => step > fromRadiusKm);
  let found: CandidateSearch | undefined;
  for (const radiusKm of steps) {
    const candidates = searchCandidates(index, origin, k, radiusKm, filters).candidates.filter((c) => !exclude.has(c.site.nationalId));
    if (candidates.length > 0) found = { radiusKm, candidates };
    if (candidates.length >= k) break;
  }
  return found;
}

/** Each person once, at their nearest site (the lower site id on a tie). */
function nearestSitePerPerson(index: SiteIndex, hits: readonly SiteHit[]): Map<string, SiteHit> {
  const nearest = new Map<string, SiteHit>();
  for (const hit of hits) {
    const nationalId = index.nationalIdAt(hit.position);
    const held = nearest.get(nationalId);
    if (!held || hit.distanceM < held.distanceM || (hit.distanceM === held.distanceM && index.siteIdAt(hit.position) < index.siteIdAt(held.position))) {
      nearest.set(nationalId, hit);
    }
  }
  return nearest;
}

/** Canonical order: plain code-unit comparison, the same in every language and locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
