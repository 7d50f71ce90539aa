import KDBush from 'kdbush';
import type { PractitionerAttributes } from '../filters/referral-filters.js';
import { fastDistanceMeters, type GeoPoint } from './distance.js';

/** One practice site of an active practitioner, as the spatial index holds it. */
export interface IndexedSite {
  readonly practitionerId: number;
  readonly nationalId: string;
  readonly siteId: number;
  readonly lat: number;
  readonly lon: number;
  /** What is known of the practitioner for filters; absent when nothing is. */
  readonly attributes?: PractitionerAttributes;
}

export interface SiteHit {
  readonly site: IndexedSite;
  readonly distanceM: number;
}

/** The sites of one specialty, searchable by distance without scanning them all. */
export interface SiteIndex {
  readonly size: number;
  /** Every site within `radiusKm` (inclusive) of `origin`, in no particular order. */
  sitesWithin(origin: GeoPoint, radiusKm: number): SiteHit[];
}

const KM_PER_DEGREE_LAT = 111.32;

/**
 * A static k-d tree (kdbush) over longitude/latitude, one per specialty, so that specialty and
 * location are indexed together: a query touches only sites of the asked specialty near the
 * origin. Queries take a bounding box, then keep the sites truly within the great-circle radius.
 */
export function createSiteIndex(sites: readonly IndexedSite[]): SiteIndex {
  const tree = new KDBush(Math.max(sites.length, 1));
  for (const site of sites) tree.add(site.lon, site.lat);
  if (sites.length === 0) tree.add(0, -90);
  tree.finish();

  return {
    size: sites.length,
    sitesWithin(origin, radiusKm) {
      if (sites.length === 0) return [];
      const latMargin = radiusKm / KM_PER_DEGREE_LAT;
      // The box must cover the circle at its widest latitude; a small overshoot is filtered below.
      const widestLat = Math.min(89, Math.abs(origin.lat) + latMargin);
      const lonMargin = radiusKm / (KM_PER_DEGREE_LAT * Math.cos((widestLat * Math.PI) / 180));
      const radiusM = radiusKm * 1000;
      const hits: SiteHit[] = [];
      for (const index of tree.range(origin.lon - lonMargin, origin.lat - latMargin, origin.lon + lonMargin, origin.lat + latMargin)) {
        const site = sites[index] as IndexedSite;
        const distanceM = fastDistanceMeters(origin.lat, origin.lon, site.lat, site.lon);
        if (distanceM <= radiusM) hits.push({ site, distanceM });
      }
      return hits;
    },
  };
}
