import type { GazetteerCommuneRecord } from './gazetteer.js';
import { foldPlaceName, normalisePlaceName } from './gazetteer-place-name.js';

/** What a place found by the search is: a commune, an arrondissement of Paris, Lyon or Marseille, or a commune that merged into another. */
export type PlaceKind = 'commune' | 'arrondissement' | 'former-commune';

export interface FoundPlace {
  readonly code: string;
  readonly name: string;
  readonly kind: PlaceKind;
  /** "Saint-Priest (69)": the name with its department, which tells homonyms apart. */
  readonly label: string;
  readonly department: { readonly code: string; readonly name: string };
  readonly postcodes: readonly string[];
  /** Municipal population 2021; a former commune counts in the one it belongs to, and has 0. */
  readonly population: number;
  readonly lat: number;
  readonly lon: number;
  /** How close the point is: `commune` for its own; a few overseas places only have their postcode's or department's centre. */
  readonly precision: 'commune' | 'postcode' | 'department';
  /** The city of an arrondissement, or the commune a former commune belongs to. */
  readonly belongsTo?: { readonly code: string; readonly name: string };
}

export interface PlaceSearch {
  /**
   * Places whose name starts with the query (any case, accents, hyphens and apostrophes;
   * `st`/`ste` for `saint`/`sainte`; a leading article optional), whose postcode starts with
   * it, or whose INSEE code it is. Best matches first: exact before prefix, then by population.
   */
  search(query: string, limit: number): FoundPlace[];
}

/** How well a place matches, best first. */
const EXACT = 0;
const PREFIX = 1;

/**
 * Builds the search's sorted key lists once (a few tens of milliseconds for the whole
 * gazetteer); a search is then two binary searches and one pass over the matching range.
 * Places without a point (the uninhabited TAAF districts) are left out: nothing can be referred there.
 */
export function createPlaceSearch(records: readonly GazetteerCommuneRecord[], departmentName: (code: string) => string | undefined): PlaceSearch {
  const currentByCode = new Map(records.filter(isCurrent).map((r) => [r.code, r]));
  const cities = new Set(records.flatMap((r) => (r.kind === 'arrondissement-municipal' && r.parentCode !== null ? [r.parentCode] : [])));
  // Numbered in ranking order, so that among equal matches the lower number ranks first.
  const places = records
    .filter((r) => r.lat !== null && r.lon !== null && (isCurrent(r) || isDistinctFormer(r, currentByCode)))
    .map((r) => toFoundPlace(r, currentByCode, departmentName))
    .sort(rank);
  const byName = sortedKeys(places.flatMap((place, i) => nameKeys(place.name).map((key) => [key, i] as const)));
  const byPostcode = sortedKeys(places.flatMap((place, i) => (place.kind === 'former-commune' ? [] : place.postcodes.map((p) => [p, i] as const))));
  const byCode = new Map<string, number[]>();
  places.forEach((place, i) => {
    const list = byCode.get(place.code);
    if (list === undefined) byCode.set(place.code, [i]);
    else list.push(i);
  });

  return {
    search(query, limit) {
      const folded = foldPlaceName(query);
      if (folded === '') return [];
      const best = new TopMatches(limit, (i) => places[i] as FoundPlace);
      for (const i of byCode.get(folded.toUpperCase().replace(/\s/g, '')) ?? []) best.offer(i, EXACT);
      const digits = folded.replace(/\s/g, '');
      // Paris, Lyon and Marseille match a postcode by prefix only: for an exact one, their arrondissement is the place.
      if (/^\d{1,5}$/.test(digits)) byPostcode.eachWithPrefix(digits, (key, i) => best.offer(i, key === digits && !cities.has((places[i] as FoundPlace).code) ? EXACT : PREFIX));
      byName.eachWithPrefix(folded, (key, i) => best.offer(i, key === folded ? EXACT : PREFIX));
      return best.places();
    },
  };
}

const LEADING_ARTICLE = /^(?:le|la|les|l) /;

/** The keys a name is found under: as written, with `saint(e)` shortened to `st(e)`, and each without its leading article. */
function nameKeys(name: string): string[] {
  const folded = foldPlaceName(name);
  const short = normalisePlaceName(folded);
  const keys = new Set([folded, short, folded.replace(LEADING_ARTICLE, ''), short.replace(LEADING_ARTICLE, '')]);
  // "L'Haÿ-les-Roses" is often typed "lhay".
  if (folded.startsWith('l ')) keys.add(`l${folded.slice(2)}`);
  return [...keys];
}

function isCurrent(r: GazetteerCommuneRecord): boolean {
  return r.kind === 'commune-actuelle' || r.kind === 'arrondissement-municipal';
}

/** A former commune is listed unless it only repeats its commune's own name. */
function isDistinctFormer(r: GazetteerCommuneRecord, currentByCode: ReadonlyMap<string, GazetteerCommuneRecord>): boolean {
  const parent = currentByCode.get(r.parentCode ?? '');
  return parent !== undefined && foldPlaceName(parent.name) !== foldPlaceName(r.name);
}

function toFoundPlace(r: GazetteerCommuneRecord, currentByCode: ReadonlyMap<string, GazetteerCommuneRecord>, departmentName: (code: string) => string | undefined): FoundPlace {
  const kind: PlaceKind = r.kind === 'commune-actuelle' ? 'commune' : r.kind === 'arrondissement-municipal' ? 'arrondissement' : 'former-commune';
  const parent = r.parentCode === null ? undefined : currentByCode.get(r.parentCode);
  return {
    code: r.code, name: r.name, kind, label: `${r.name} (${r.department})`,
    department: { code: r.department, name: departmentName(r.department) ?? r.department },
    postcodes: r.postcodes, population: r.population, lat: r.lat as number, lon: r.lon as number,
    precision: r.precision === 'none' ? 'department' : r.precision,
    ...(parent !== undefined && { belongsTo: { code: parent.code, name: parent.name } }),
  };
}

/** Ranking among equal matches: current places before former ones, then the more populous, then by name and code. */
function rank(a: FoundPlace, b: FoundPlace): number {
  return Number(a.kind === 'former-commune') - Number(b.kind === 'former-commune')
    || b.population - a.population
    || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
    || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Keys in code-unit order with the place each stands for; equal keys keep the ranking order they came in. */
function sortedKeys(entries: readonly (readonly [string, number])[]) {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const keys = sorted.map(([key]) => key);
  const targets = Int32Array.from(sorted, ([, i]) => i);
  const firstAtLeast = (text: string) => {
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((keys[mid] as string) < text) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  return {
    eachWithPrefix(prefix: string, visit: (key: string, target: number) => void): void {
      for (let at = firstAtLeast(prefix); at < keys.length && (keys[at] as string).startsWith(prefix); at++) visit(keys[at] as string, targets[at] as number);
    },
  };
}

/**
 * The best `limit` places offered so far, each once at its best match. Places are numbered in
 * ranking order (see createPlaceSearch), so comparing (match, number) ranks them.
 */
class TopMatches {
  private readonly kept: { index: number; match: number }[] = [];

  constructor(private readonly limit: number, private readonly placeAt: (index: number) => FoundPlace) {}

  offer(index: number, match: number): void {
    // Not before the worst kept: neither is it better than a match of its own already kept.
    const worst = this.kept[this.kept.length - 1];
    if (this.kept.length >= this.limit && worst !== undefined && !isBefore(index, match, worst)) return;
    const held = this.kept.findIndex((k) => k.index === index);
    if (held >= 0) {
      if ((this.kept[held] as { match: number }).match <= match) return;
      this.kept.splice(held, 1);
    }
    let at = this.kept.length;
    while (at > 0 && isBefore(index, match, this.kept[at - 1] as { index: number; match: number })) at--;
    this.kept.splice(at, 0, { index, match });
    if (this.kept.length > this.limit) this.kept.pop();
  }

  places(): FoundPlace[] {
    return this.kept.map((k) => this.placeAt(k.index));
  }
}

function isBefore(index: number, match: number, other: { index: number; match: number }): boolean {
  return match < other.match || (match === other.match && index < other.index);
}
