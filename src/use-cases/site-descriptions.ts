import type { PractitionerRepository, SiteDescription } from '../storage/practitioner-repository.js';

export interface SiteDescriptions {
  /** What a referral shows of each site, keyed by site id. */
  describe(siteIds: readonly number[]): Map<number, SiteDescription>;
  /** Forgets everything: called whenever the directory changes, with the index. */
  clear(): void;
}

/**
 * Remembers what referrals show of the sites they propose, so that a referral reads the
 * database only for sites not proposed before. Bounded: past `capacity` sites it starts
 * afresh, which keeps memory flat on a million-site directory at the cost of a few misses.
 */
export function createSiteDescriptions(practitioners: PractitionerRepository, capacity: number): SiteDescriptions {
  let known = new Map<number, SiteDescription>();
  return {
    describe(siteIds) {
      let missing = siteIds.filter((id) => !known.has(id));
      if (known.size + missing.length > capacity) {
        known = new Map();
        missing = [...siteIds];
      }
      if (missing.length > 0) {
        for (const [id, description] of practitioners.describeSites(missing)) known.set(id, description);
      }
      const found = new Map<number, SiteDescription>();
      for (const id of siteIds) {
        const description = known.get(id);
        if (description) found.set(id, description);
      }
      return found;
    },
    clear() {
      known = new Map();
    },
  };
}
