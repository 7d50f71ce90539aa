import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { GazetteerCommune } from './gazetteer.js';

/**
 * Random points in France where people live: a commune drawn in proportion to its population,
 * then a point within about 2 km of its centre. Used by the benchmark and the simulation, from a
 * seeded generator, so that every run asks the same questions.
 */
export function populationSampler(communes: readonly GazetteerCommune[]): (rng: RandomGenerator) => { lat: number; lon: number } {
  // Paris, Lyon and Marseille are drawn through their arrondissements, which hold the same people.
  const cities = new Set(communes.flatMap((c) => (c.kind === 'arrondissement-municipal' && c.parentCode !== null ? [c.parentCode] : [])));
  const inhabited = communes.filter((commune) => commune.population > 0 && commune.precision === 'commune' && !cities.has(commune.code));
  const cumulative: number[] = [];
  let total = 0;
  for (const commune of inhabited) cumulative.push((total += commune.population));
  return (rng) => {
    const target = uniformInt(rng, 0, total - 1);
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] as number) > target) high = mid;
      else low = mid + 1;
    }
    const commune = inhabited[low] as GazetteerCommune;
    const jitter = () => (uniformInt(rng, -1000, 1000) / 1000) * 0.018;
    return { lat: Number((commune.lat + jitter()).toFixed(5)), lon: Number((commune.lon + jitter() * 1.4).toFixed(5)) };
  };
}
