import { fastDistanceMeters } from './distance.js';
import type { GeoPoint } from './distance.js';

/**
 * The land a point is on, for pools that never cross the sea (issue 13): mainland France,
 * Corsica, or one overseas department or collectivity (by its code). Within 200 km of Calvi lie
 * Nice and Antibes; within 200 km of Basse-Terre lies Martinique: a member is never sent over
 * the water for a nearby practitioner.
 */
export type Territory = 'mainland' | 'corsica' | string;

/** Corsica's bounding box: no point of the mainland lies in it. */
const CORSICA = { south: 41.3, north: 43.1, west: 8.5, east: 9.65 };
/** The mainland's bounding box (Corsica excepted, above). */
const MAINLAND = { south: 41.3, north: 51.2, west: -5.3, east: 9.7 };

/** Overseas departments and collectivities by a point near their centre; each is far enough from the others to be told apart by the nearest. */
const OVERSEAS: readonly (readonly [code: string, lat: number, lon: number])[] = [
  ['971', 16.2, -61.55], ['972', 14.64, -61.02], ['973', 4.0, -53.0], ['974', -21.11, 55.53], ['975', 46.95, -56.3],
  ['976', -12.8, 45.15], ['977', 17.9, -62.83], ['978', 18.07, -63.06], ['986', -13.3, -176.2], ['987', -17.6, -149.5], ['988', -21.3, 165.5],
];

export function territoryOf(point: GeoPoint): Territory {
  if (within(point, CORSICA)) return 'corsica';
  if (within(point, MAINLAND)) return 'mainland';
  let nearest = 'overseas';
  let nearestM = Infinity;
  for (const [code, lat, lon] of OVERSEAS) {
    const distance = fastDistanceMeters(point.lat, point.lon, lat, lon);
    if (distance < nearestM) [nearest, nearestM] = [code, distance];
  }
  return nearest;
}

/**
 * Whether 200 km around the point may reach another territory: overseas and Corsica always;
 * on the mainland, only its south-east quarter (Provence and the Riviera face Corsica). Elsewhere
 * the pool search skips the check.
 */
export function mayReachAnotherTerritory(point: GeoPoint): boolean {
  const territory = territoryOf(point);
  return territory !== 'mainland' || (point.lat < 45.5 && point.lon > 4.5);
}

function within(point: GeoPoint, box: { south: number; north: number; west: number; east: number }): boolean {
  return point.lat >= box.south && point.lat <= box.north && point.lon >= box.west && point.lon <= box.east;
}
