import type { GazetteerCommuneRecord } from './gazetteer.js';

/**
 * Derives a postcode → department function from the communes' own postcodes, for CEDEX and
 * other postcodes no commune carries: the department most communes use for the postcode's
 * first three digits (this splits Corsica's 20xxx into 2A and 2B and the overseas 97x/98x),
 * else for its first two. Undefined when no commune shares even two digits.
 */
export function toDepartmentOfPostcode(communes: readonly GazetteerCommuneRecord[]): (postcode: string) => string | undefined {
  const counts = new Map<string, Map<string, number>>();
  for (const c of communes) {
    for (const postcode of c.postcodes) {
      for (const prefix of [postcode.slice(0, 3), postcode.slice(0, 2)]) {
        const byDepartment = counts.get(prefix) ?? new Map<string, number>();
        byDepartment.set(c.department, (byDepartment.get(c.department) ?? 0) + 1);
        counts.set(prefix, byDepartment);
      }
    }
  }
  const mostCommon = new Map<string, string>();
  for (const [prefix, byDepartment] of counts) {
    const [best] = [...byDepartment].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (best !== undefined) mostCommon.set(prefix, best[0]);
  }
  return (postcode) => mostCommon.get(postcode.slice(0, 3)) ?? mostCommon.get(postcode.slice(0, 2));
}
