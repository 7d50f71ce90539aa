import type { ByPrecision, GazetteerCommuneRow, GazetteerCoverage, GazetteerPostcodeRow, RecordedPrecision } from './gazetteer-snapshot.js';

/**
 * Recomputes the coverage figures from the rows, so that the build script, the documents' table
 * and the test that guards them share one definition. Population is counted over current
 * communes only: arrondissements would count Paris, Lyon and Marseille twice.
 */
export function computeGazetteerCoverage(communes: readonly GazetteerCommuneRow[], postcodes: readonly GazetteerPostcodeRow[]): GazetteerCoverage {
  const current = emptyCounts();
  const population = emptyCounts();
  const arrondissements = emptyCounts();
  const former = emptyCounts();
  for (const [, , , , pop, , , precision, kind] of communes) {
    if (kind === 'commune-actuelle') {
      current[precision] += 1;
      population[precision] += pop;
    } else if (kind === 'arrondissement-municipal') {
      arrondissements[precision] += 1;
    } else {
      former[precision] += 1;
    }
  }
  return { communes: current, population, arrondissements, formerCommunes: former, postcodes: postcodes.length };
}

function emptyCounts(): Record<RecordedPrecision, number> {
  return { commune: 0, postcode: 0, department: 0, none: 0 };
}

export type { ByPrecision };
