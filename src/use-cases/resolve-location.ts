import { UnknownPlaceError } from '../domain/errors.js';
import type { Gazetteer } from '../domain/geo/gazetteer.js';
import type { ResolvedLocation } from '../domain/model.js';

export type LocationQuery = { lat: number; lon: number } | { postcode: string } | { commune: string };

/** Coordinates are kept to two decimals, about 1 km: enough to find practitioners nearby, too coarse to locate a home. */
const COORDINATE_DECIMALS = 100;

/**
 * Geocodes a referral's location (DESIGN §4.1): coordinates rounded to about 1 km before anything
 * is drawn or logged (a caller's position is personal data), a postcode or an INSEE commune code
 * through the offline gazetteer, with the precision reached.
 * @throws UnknownPlaceError for a postcode or commune the gazetteer does not know
 */
export function resolveLocation(gazetteer: Gazetteer, query: LocationQuery): ResolvedLocation {
  if ('lat' in query) return { lat: roundCoordinate(query.lat), lon: roundCoordinate(query.lon), precision: 'coordinates' };
  if ('postcode' in query) {
    const place = gazetteer.findByPostcode(query.postcode);
    if (!place) throw new UnknownPlaceError('postcode', query.postcode);
    return { lat: place.lat, lon: place.lon, precision: place.precision, postcode: query.postcode, label: place.name };
  }
  const code = query.commune.toUpperCase();
  const place = gazetteer.findByCommuneCode(code);
  if (!place) throw new UnknownPlaceError('commune', query.commune);
  return { lat: place.lat, lon: place.lon, precision: place.precision, commune: code, label: place.name };
}

function roundCoordinate(value: number): number {
  return Math.round(value * COORDINATE_DECIMALS) / COORDINATE_DECIMALS;
}
