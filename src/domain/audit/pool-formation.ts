import type { Referral } from '../model.js';
import { searchBeyond, searchCandidates } from '../geo/candidate-search.js';
import type { SiteIndex } from '../geo/site-index.js';

/** What a referral's pool must be, formed again from the directory state it was drawn from. */
export interface FormedPool {
  readonly radiusKm: number;
  /** National identifiers in canonical order. */
  readonly pool: readonly string[];
}

/** For a "five more": its parent's pool, and everyone the call had proposed before it. */
export interface CallSoFar {
  readonly parentPool: ReadonlySet<string>;
  readonly proposedInCall: ReadonlySet<string>;
}

/**
 * Forms a logged referral's pool again (docs/audit-log.md, "Forming the pool again") by the very
 * search the service ran: everyone of the specialty within the radius (the ladder's choice, or the
 * radius asked for), on the origin's land, meeting the filters, once each at their nearest site.
 * A "five more" keeps, of those within its parent's radius, the parent's pool members the call has
 * not proposed yet; one widened beyond that radius climbs the ladder from it over people the call
 * has not proposed.
 */
export function formPoolAgain(index: SiteIndex, referral: Referral, call: CallSoFar | null): FormedPool {
  const { location, count, filters } = referral;
  const ids = (candidates: readonly { site: { nationalId: string } }[]) => candidates.map((candidate) => candidate.site.nationalId);
  if (referral.parentId === undefined || call === null) {
    const found = searchCandidates(index, location, count, referral.radiusSource === 'request' ? referral.radiusKm : undefined, filters);
    return { radiusKm: found.radiusKm, pool: ids(found.candidates) };
  }
  if (referral.widenedFromKm !== undefined) {
    const beyond = searchBeyond(index, location, count, referral.widenedFromKm, call.proposedInCall, filters);
    return { radiusKm: beyond?.radiusKm ?? referral.widenedFromKm, pool: beyond === undefined ? [] : ids(beyond.candidates) };
  }
  const within = searchCandidates(index, location, count, referral.radiusKm, filters).candidates;
  return { radiusKm: referral.radiusKm, pool: ids(within).filter((id) => call.parentPool.has(id) && !call.proposedInCall.has(id)) };
}
