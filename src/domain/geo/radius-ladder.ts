/**
 * The fixed radius ladder of DESIGN §4.2, in km. Without an explicit radius the pool is drawn
 * from the smallest step that holds at least k people; everyone inside is equally eligible.
 * The brief's example starts at 2 km; a 1 km step comes first because in a dense city 2 km
 * holds hundreds of nurses or physiotherapists (up to 2,000 in central Paris in the
 * million-practitioner benchmark): a patient is better served by the equally fair, nearer pool.
 */
export const RADIUS_LADDER_KM: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200];

export const MAX_RADIUS_KM = RADIUS_LADDER_KM[RADIUS_LADDER_KM.length - 1] as number;

/**
 * Climbs the ladder: returns the first step whose count reaches k, or the largest step when
 * none does (the caller then proposes fewer than k, with a warning).
 * @param countPeopleWithin counts distinct people within a radius (monotonic in the radius)
 */
export function climbRadiusLadder(countPeopleWithin: (radiusKm: number) => number, k: number): number {
  for (const radiusKm of RADIUS_LADDER_KM) {
    if (countPeopleWithin(radiusKm) >= k) return radiusKm;
  }
  return MAX_RADIUS_KM;
}
