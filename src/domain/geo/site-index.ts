import KDBush from 'kdbush';
import type { PractitionerAttributes } from '../filters/referral-filters.js';
import { bucketDigest, bucketOf, DIRECTORY_BUCKETS, rowLine, toDirectoryRow, versionOfBuckets, type DirectoryRow } from '../directory/directory-state.js';
import { fastDistanceMeters, type GeoPoint } from './distance.js';

/** One practice site of an active practitioner, as the spatial index is given it. */
export interface IndexedSite {
  readonly practitionerId: number;
  readonly nationalId: string;
  readonly siteId: number;
  readonly lat: number;
  readonly lon: number;
  /** What is known of the practitioner for filters; absent when nothing is. */
  readonly attributes?: PractitionerAttributes;
}

/**
 * A site as the index is built from it: a suspended practitioner's sites are held but never
 * found, so that suspending or resuming someone flips a flag instead of rebuilding the index.
 */
export type IndexEntry = IndexedSite & { readonly isSuspended?: boolean };

/** A practitioner as the index should show them from now on (a status change, declared attributes). */
export interface PractitionerShown {
  readonly practitionerId: number;
  /** Whether their sites are found: false while suspended. */
  readonly isListed: boolean;
  readonly attributes: PractitionerAttributes | undefined;
}

/** A site a query found: where it is in the index, and how far from the query's origin. */
export interface SiteHit {
  readonly position: number;
  readonly distanceM: number;
}

/** The sites of one specialty, searchable by distance without scanning them all. */
export interface SiteIndex {
  /** Sites held, listed or not. */
  readonly size: number;
  /** Every listed site within `radiusKm` (inclusive) of `origin`, in no particular order. */
  sitesWithin(origin: GeoPoint, radiusKm: number): SiteHit[];
  /** The site at a position, as it was given. */
  site(position: number): IndexedSite;
  /** What a search reads of every hit, without building the whole site: for positions this index returned. */
  nationalIdAt(position: number): string;
  siteIdAt(position: number): number;
  attributesAt(position: number): PractitionerAttributes | undefined;
  /**
   * Shows a practitioner as given at every site of theirs this index holds, in place: afterwards
   * the index answers as one built afresh with that state would. Reads every practitioner id of the
   * specialty (a typed array: under a millisecond for 300,000 sites), never the database.
   * @returns how many sites changed hands (0 when the practitioner has no site here)
   */
  showPractitioner(shown: PractitionerShown): number;
  /**
   * The version of the state this index shows (directory-state.ts): the same as
   * `directoryVersion(specialty, rows())`, but only buckets changed since the last call are
   * hashed again.
   */
  directoryVersion(specialty: string): string;
  /** The referable sites, as the directory log records them (a suspended practitioner's are left out). */
  rows(): DirectoryRow[];
  /** One bucket's digest (directory-state.ts), computed once until a change makes it stale. */
  bucketDigest(bucket: number): string;
  /** The referable sites of one bucket, in ascending site id. */
  rowsInBucket(bucket: number): DirectoryRow[];
  /** The referable sites of one practitioner. */
  rowsOfPractitioner(practitionerId: number): DirectoryRow[];
}

/**
 * The search box's scale: a little under the 111.3195 km a degree of latitude spans on the
 * distance's sphere (6,378,137 m), so that the box always holds the whole circle. With 111.32,
 * sites due north or south within 4.6 mm per km of the radius fell outside the box, and so out
 * of a pool the specification puts them in (docs/audit-log.md, "Forming the pool again").
 */
const KM_PER_DEGREE_LAT = 111;

/**
 * A static k-d tree (kdbush) over longitude/latitude, one per specialty, so that specialty and
 * location are indexed together: a query touches only sites of the asked specialty near the
 * origin. Queries take a bounding box, then keep the sites truly within the great-circle radius.
 *
 * The sites are kept as columns (typed arrays, a list of national identifiers, and a list of
 * attributes, where the many who declared nothing but a gender share one object) rather than
 * as one object each: a national directory is a million sites, and every full garbage
 * collection marks every object in the heap (at that size, 193 ms with an object per site,
 * 71 ms with columns).
 */
export function createSiteIndex(sites: readonly IndexEntry[]): SiteIndex {
  const size = sites.length;
  const tree = new KDBush(Math.max(size, 1));
  const lats = new Float64Array(size);
  const lons = new Float64Array(size);
  const siteIds = new Float64Array(size);
  const practitionerIds = new Float64Array(size);
  // 1 where the site is found; a suspension sets its practitioner's sites to 0 (see showPractitioner).
  const listed = new Uint8Array(size);
  const nationalIds: string[] = [];
  const attributes: (PractitionerAttributes | undefined)[] = [];
  sites.forEach((site, position) => {
    tree.add(site.lon, site.lat);
    lats[position] = site.lat;
    lons[position] = site.lon;
    siteIds[position] = site.siteId;
    practitionerIds[position] = site.practitionerId;
    listed[position] = site.isSuspended === true ? 0 : 1;
    nationalIds.push(site.nationalId);
    attributes.push(site.attributes);
  });
  if (size === 0) tree.add(0, -90);
  tree.finish();

  // Each bucket's positions in ascending site id, and its digest once computed (null: to compute).
  const bucketPositions = Array.from({ length: DIRECTORY_BUCKETS }, () => [] as number[]);
  for (let position = 0; position < size; position++) bucketPositions[bucketOf(siteIds[position] as number)]?.push(position);
  for (const positions of bucketPositions) positions.sort((a, b) => (siteIds[a] as number) - (siteIds[b] as number));
  const digests: (string | null)[] = new Array<string | null>(DIRECTORY_BUCKETS).fill(null);
  // Every referral reads the version: kept until a practitioner's change makes it stale.
  let version: { specialty: string; value: string } | null = null;
  const rowAt = (position: number): DirectoryRow => toDirectoryRow({
    nationalId: nationalIds[position] as string, siteId: siteIds[position] as number, lat: lats[position] as number, lon: lons[position] as number, attributes: attributes[position],
  });
  const rowsInBucket = (bucket: number): DirectoryRow[] => (bucketPositions[bucket] ?? []).filter((position) => listed[position] === 1).map(rowAt);
  const digestOf = (bucket: number): string => (digests[bucket] ??= bucketDigest(rowsInBucket(bucket).map(rowLine)));

  // The accessors a search calls for every hit take positions this index handed out, unchecked;
  // `site`, which builds what leaves the index, refuses any other.
  const checked = (position: number): number => {
    if (!Number.isInteger(position) || position < 0 || position >= size) throw new RangeError(`No site at position ${position} of ${size}`);
    return position;
  };

  return {
    size,
    sitesWithin(origin, radiusKm) {
      if (size === 0) return [];
      const latMargin = radiusKm / KM_PER_DEGREE_LAT;
      // The box must cover the circle at its widest latitude; a small overshoot is filtered below.
      const widestLat = Math.min(89, Math.abs(origin.lat) + latMargin);
      const lonMargin = radiusKm / (KM_PER_DEGREE_LAT * Math.cos((widestLat * Math.PI) / 180));
      const radiusM = radiusKm * 1000;
      const hits: SiteHit[] = [];
      for (const position of tree.range(origin.lon - lonMargin, origin.lat - latMargin, origin.lon + lonMargin, origin.lat + latMargin)) {
        if (listed[position] === 0) continue;
        const distanceM = fastDistanceMeters(origin.lat, origin.lon, lats[position] as number, lons[position] as number);
        if (distanceM <= radiusM) hits.push({ position, distanceM });
      }
      return hits;
    },
    site(position) {
      const at = checked(position);
      const site: { -readonly [K in keyof IndexedSite]: IndexedSite[K] } = {
        practitionerId: practitionerIds[at] as number, nationalId: nationalIds[at] as string, siteId: siteIds[at] as number, lat: lats[at] as number, lon: lons[at] as number,
      };
      // Set only when known, so that a site rebuilt equals the one given (no `attributes: undefined`).
      const known = attributes[at];
      if (known !== undefined) site.attributes = known;
      return site;
    },
    nationalIdAt: (position) => nationalIds[position] as string,
    siteIdAt: (position) => siteIds[position] as number,
    attributesAt: (position) => attributes[position],
    showPractitioner({ practitionerId, isListed, attributes: known }) {
      let changed = 0;
      for (let position = 0; position < size; position++) {
        if (practitionerIds[position] !== practitionerId) continue;
        listed[position] = isListed ? 1 : 0;
        attributes[position] = known;
        digests[bucketOf(siteIds[position] as number)] = null;
        version = null;
        changed++;
      }
      return changed;
    },
    directoryVersion(specialty) {
      if (version?.specialty === specialty) return version.value;
      for (let bucket = 0; bucket < DIRECTORY_BUCKETS; bucket++) digestOf(bucket);
      version = { specialty, value: versionOfBuckets(specialty, digests as string[]) };
      return version.value;
    },
    bucketDigest: (bucket) => digestOf(bucket),
    rowsInBucket,
    rows() {
      const rows: DirectoryRow[] = [];
      for (let position = 0; position < size; position++) if (listed[position] === 1) rows.push(rowAt(position));
      return rows;
    },
    rowsOfPractitioner(practitionerId) {
      const rows: DirectoryRow[] = [];
      for (let position = 0; position < size; position++) {
        if (practitionerIds[position] === practitionerId && listed[position] === 1) rows.push(rowAt(position));
      }
      return rows;
    },
  };
}
