/** A place with coordinates and a weight (its population). */
export interface WeightedPoint {
  readonly lat: number;
  readonly lon: number;
  readonly population: number;
}

/**
 * The population-weighted mean of the points, rounded to 5 decimals (about 1 m), or
 * undefined for an empty list. Every point weighs at least 1, so that a commune whose
 * population is unknown (0) still counts. A plain mean of degrees is exact enough at the
 * scale of a postcode or a department, none of which crosses the antimeridian.
 */
export function weightedCentroid(points: Iterable<WeightedPoint>): { lat: number; lon: number } | undefined {
  let totalWeight = 0;
  let lat = 0;
  let lon = 0;
  for (const point of points) {
    const weight = Math.max(point.population, 1);
    totalWeight += weight;
    lat += point.lat * weight;
    lon += point.lon * weight;
  }
  if (totalWeight === 0) return undefined;
  return { lat: roundCoordinate(lat / totalWeight), lon: roundCoordinate(lon / totalWeight) };
}

/** Rounds a coordinate to 5 decimals (about 1 m), the resolution the gazetteer records. */
export function roundCoordinate(degrees: number): number {
  return Math.round(degrees * 1e5) / 1e5;
}
