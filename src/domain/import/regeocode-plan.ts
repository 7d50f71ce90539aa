import { fastDistanceMeters } from '../geo/distance.js';
import type { Gazetteer } from '../geo/gazetteer.js';
import type { Precision } from '../geo/gazetteer-snapshot.js';
import { geocodeSite } from './geocode-site.js';

/** A site as stored, with what it was placed from. */
export interface PlacedSite {
  readonly id: number;
  readonly nationalId: string;
  readonly postcode: string;
  readonly communeCode: string | null;
  readonly city: string;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly precision: Precision;
}

/** A site's new place. */
export interface SiteMove {
  readonly id: number;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly precision: Precision;
}

/** How far sites moved, in bands an operator reads at a glance. */
export interface MovedByDistance {
  /** The same point, another precision (a fallback point that turned out to be the commune's own). */
  readonly precisionOnly: number;
  readonly under1Km: number;
  readonly from1To5Km: number;
  readonly from5To20Km: number;
  readonly atLeast20Km: number;
  /** Placed now, unplaced before (or the other way round): no distance. */
  readonly placedOrUnplaced: number;
}

export interface RegeocodeReport {
  readonly sitesChecked: number;
  readonly sitesMoved: number;
  readonly movedByDistance: MovedByDistance;
  readonly maxMoveKm: number;
  /** Sites by precision before and after, over the sites checked. */
  readonly precisionBefore: Readonly<Record<Precision, number>>;
  readonly precisionAfter: Readonly<Record<Precision, number>>;
  /** The largest moves, largest first (at most REGEOCODE_SAMPLE_SIZE). */
  readonly largestMoves: readonly { readonly siteId: number; readonly nationalId: string; readonly postcode: string; readonly communeCode: string | null; readonly city: string; readonly from: Precision; readonly to: Precision; readonly movedKm: number | null }[];
}

export const REGEOCODE_SAMPLE_SIZE = 20;

/**
 * Places sites again with another gazetteer (issue 13): each site placed by a gazetteer (never
 * one whose point came with its address) is geocoded afresh from its stored commune code,
 * postcode and city, and moves when its point or precision changes. Pure: the caller writes the
 * moves and stores the report. Fairness counters are keyed by person and are not touched.
 */
export function planRegeocoding(sites: Iterable<PlacedSite>, gazetteer: Gazetteer): { moves: SiteMove[]; report: RegeocodeReport } {
  const moves: SiteMove[] = [];
  const before = emptyPrecisions();
  const after = emptyPrecisions();
  const bands = { precisionOnly: 0, under1Km: 0, from1To5Km: 0, from5To20Km: 0, atLeast20Km: 0, placedOrUnplaced: 0 };
  const samples: Array<RegeocodeReport['largestMoves'][number]> = [];
  let checked = 0;
  for (const site of sites) {
    if (site.precision === 'address') continue;
    checked++;
    const place = geocodeSite({ communeCode: site.communeCode ?? '', postcode: site.postcode, city: site.city, distributionLine: '' }, gazetteer);
    before[site.precision]++;
    after[place.precision]++;
    if (place.lat === site.lat && place.lon === site.lon && place.precision === site.precision) continue;
    moves.push({ id: site.id, lat: place.lat, lon: place.lon, precision: place.precision });
    const movedKm = site.lat === null || site.lon === null || place.lat === null || place.lon === null
      ? null : fastDistanceMeters(site.lat, site.lon, place.lat, place.lon) / 1000;
    if (movedKm === null) bands.placedOrUnplaced++;
    else if (place.lat === site.lat && place.lon === site.lon) bands.precisionOnly++;
    else if (movedKm < 1) bands.under1Km++;
    else if (movedKm < 5) bands.from1To5Km++;
    else if (movedKm < 20) bands.from5To20Km++;
    else bands.atLeast20Km++;
    samples.push({ siteId: site.id, nationalId: site.nationalId, postcode: site.postcode, communeCode: site.communeCode, city: site.city, from: site.precision, to: place.precision, movedKm: movedKm === null ? null : round(movedKm) });
  }
  const largestMoves = samples.sort((a, b) => (b.movedKm ?? Infinity) - (a.movedKm ?? Infinity) || a.siteId - b.siteId).slice(0, REGEOCODE_SAMPLE_SIZE);
  const maxMoveKm = samples.reduce((max, s) => Math.max(max, s.movedKm ?? 0), 0);
  return { moves, report: { sitesChecked: checked, sitesMoved: moves.length, movedByDistance: bands, maxMoveKm, precisionBefore: before, precisionAfter: after, largestMoves } };
}

function emptyPrecisions(): Record<Precision, number> {
  return { address: 0, commune: 0, postcode: 0, department: 0, none: 0 };
}

function round(km: number): number {
  return Math.round(km * 100) / 100;
}
