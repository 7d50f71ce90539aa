import { getDistance } from 'geolib';

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

/** geolib's Earth radius, so that pool membership and the distances geolib shows agree. */
const EARTH_RADIUS_M = 6378137;
const DEG_TO_RAD = Math.PI / 180;

/**
 * Great-circle distance in metres by the spherical law of cosines, the formula geolib's
 * getDistance uses, without its coordinate-format detection: the pool search calls this for
 * every candidate in a bounding box, where geolib's ~1.3 µs per call would dominate a referral.
 */
export function fastDistanceMeters(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const a = aLat * DEG_TO_RAD;
  const b = bLat * DEG_TO_RAD;
  const cosine = Math.sin(a) * Math.sin(b) + Math.cos(a) * Math.cos(b) * Math.cos((aLon - bLon) * DEG_TO_RAD);
  return Math.acos(Math.min(1, Math.max(-1, cosine))) * EARTH_RADIUS_M;
}

/** The distance shown to an advisor, by geolib, in km with 10 m resolution. */
export function displayDistanceKm(from: GeoPoint, to: GeoPoint): number {
  const metres = getDistance({ latitude: from.lat, longitude: from.lon }, { latitude: to.lat, longitude: to.lon }, 10);
  return metres / 1000;
}
