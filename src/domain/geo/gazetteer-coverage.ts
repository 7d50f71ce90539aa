import type { GazetteerCommuneRow, GazetteerCoverage, RecordedPrecision } from './gazetteer-snapshot.js';

/**
 * Recomputes the coverage figures from the commune rows, so that the build script and the
 * test that guards the README's figures share one definition.
 * Population share: of the current communes (not arrondissements, which would count Paris,
 * Lyon and Marseille twice), rounded to 4 decimals.
 */
export function computeGazetteerCoverage(rows: readonly GazetteerCommuneRow[]): GazetteerCoverage {
  const byPrecision: Record<RecordedPrecision, number> = { commune: 0, postcode: 0, department: 0, none: 0 };
  let communes = 0;
  let population = 0;
  let ownPopulation = 0;
  let arrondissements = 0;
  let arrondissementsOwn = 0;
  let former = 0;
  let formerOwn = 0;
  const postcodes = new Set<string>();
  const ownPostcodes = new Set<string>();
  for (const [, , , codes, pop, , , precision, kind] of rows) {
    const isOwn = precision === 'commune';
    if (kind === 'commune-actuelle') {
      communes += 1;
      byPrecision[precision] += 1;
      population += pop;
      if (isOwn) ownPopulation += pop;
    } else if (kind === 'arrondissement-municipal') {
      arrondissements += 1;
      if (isOwn) arrondissementsOwn += 1;
    } else {
      former += 1;
      if (isOwn) formerOwn += 1;
      continue;
    }
    for (const code of codes) {
      postcodes.add(code);
      if (isOwn) ownPostcodes.add(code);
    }
  }
  return {
    communes,
    communesWithOwnCoordinates: byPrecision.commune,
    populationShareWithOwnCoordinates: population === 0 ? 0 : Math.round((ownPopulation / population) * 1e4) / 1e4,
    communesByPrecision: byPrecision,
    arrondissements,
    arrondissementsWithOwnCoordinates: arrondissementsOwn,
    postcodes: postcodes.size,
    postcodesWithOwnCoordinates: ownPostcodes.size,
    formerCommunes: former,
    formerCommunesWithOwnCoordinates: formerOwn,
  };
}
