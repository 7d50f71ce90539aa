import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { GazetteerCommune } from '../../src/domain/geo/gazetteer.js';
import { SPECIALTIES, type SpecialtyDefinition } from '../../src/domain/specialties/catalogue.js';
import { drawDeclaredAttributes, type DeclaredColumns } from './declared-attributes.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES } from './french-names.js';
import { pickOne, pickWeighted } from './pick-weighted.js';
import { hasPhoneZone, jitter, toAddress, toPhone, toPostalCity, type SampleCommune } from './sample-fields.js';
import { toSpecialtyMix } from './specialty-mix.js';

/** One row of the service's own CSV format (src/domain/import/own-csv-row.ts), every field a string. */
export interface SampleRow extends DeclaredColumns {
  readonly national_id: string; readonly civility: string; readonly last_name: string; readonly first_name: string;
  readonly profession_code: string; readonly specialty_code: string; readonly site_id: string; readonly address: string;
  readonly postcode: string; readonly commune_code: string; readonly city: string; readonly phone: string;
  readonly lat: string; readonly lon: string;
}

export interface GenerateDirectoryOptions {
  /** 32-bit integer seed: the same seed, count and communes give the same rows. */
  readonly seed: number;
  /** Number of people (≥ 0); about 5 % get a second row for a second site. */
  readonly count: number;
  /** The gazetteer's communes; see generateDirectory for which ones are used. */
  readonly communes: readonly GazetteerCommune[];
}

const SECOND_SITE_PERCENT = 5;
const FIRST_RPPS = 10_001_000_000;
const RPPS_STRIDE = 40;

/**
 * Generates a synthetic directory lazily, one person (and maybe a second site) at a time, so
 * that a million people stream without being held. Deterministic for a seed (pure-rand,
 * never Math.random). People are placed in current communes and arrondissements that have a
 * point of their own (see toPlaces), in
 * proportion to population (Paris, Lyon and Marseille through their arrondissements only,
 * and only departments with a telephone zone: the overseas collectivities are outside the
 * registry). National ids are `8` + increasing, unique 11-digit RPPS numbers; site ids
 * `R10000` + 7 digits, one per row. A person's declared attributes (sector, new patients,
 * languages, wheelchair access) are the same on both their rows.
 */
export function* generateDirectory({ seed, count, communes }: GenerateDirectoryOptions): Generator<SampleRow> {
  const rng = xoroshiro128plus(seed);
  // Declared attributes come from a stream of their own, 2^64 draws ahead of the first, so that
  // adding them left every other column of the sample as it was.
  const declaredRng = xoroshiro128plus(seed);
  declaredRng.jump();
  const places = toPlaces(communes);
  const cumulativePopulation = cumulate(places.map((c) => c.population));
  const byDepartment = groupIndexes(places);
  const mix = toSpecialtyMix();
  let sites = 0;
  for (let person = 0; person < count; person++) {
    const specialty = SPECIALTIES[pickWeighted(rng, mix.cumulative)] as SpecialtyDefinition;
    const isWoman = uniformInt(rng, 0, 99) < 60;
    const identity = {
      national_id: `8${FIRST_RPPS + person * RPPS_STRIDE + uniformInt(rng, 0, RPPS_STRIDE - 1)}`,
      civility: isWoman ? 'MME' : 'M',
      last_name: pickOne(rng, SURNAMES),
      first_name: pickOne(rng, isWoman ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES),
      profession_code: specialty.profession.code,
      specialty_code: specialty.code,
      ...drawDeclaredAttributes(declaredRng, specialty),
    };
    const home = places[pickWeighted(rng, cumulativePopulation)] as SampleCommune;
    yield { ...identity, ...toSite(rng, home, ++sites) };
    if (uniformInt(rng, 0, 99) < SECOND_SITE_PERCENT) {
      yield { ...identity, ...toSite(rng, nearbyCommune(rng, home, places, byDepartment), ++sites) };
    }
  }
}

function toSite(rng: RandomGenerator, commune: SampleCommune, siteNumber: number) {
  return {
    site_id: `R10000${String(siteNumber).padStart(7, '0')}`,
    address: toAddress(rng),
    postcode: pickOne(rng, commune.postcodes),
    commune_code: commune.code,
    city: toPostalCity(commune.name),
    phone: toPhone(rng, commune.department),
    ...jitter(rng, commune),
  };
}

/** Half the time the same commune; otherwise the nearest of eight communes drawn from the same department. */
function nearbyCommune(rng: RandomGenerator, home: SampleCommune, places: readonly SampleCommune[], byDepartment: ReadonlyMap<string, number[]>): SampleCommune {
  const sameDepartment = byDepartment.get(home.department) ?? [];
  if (uniformInt(rng, 0, 1) === 0 || sameDepartment.length < 2) return home;
  let best = home;
  let bestDistance = Infinity;
  for (let i = 0; i < 8; i++) {
    const candidate = places[pickOne(rng, sameDepartment)] as SampleCommune;
    const distance = (candidate.lat - home.lat) ** 2 + (candidate.lon - home.lon) ** 2;
    if (candidate !== home && distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/**
 * Only communes with a point of their own: a commune placed at its postcode's or department's
 * centroid would stack its practitioners on a point that may lie in another town.
 */
function toPlaces(communes: readonly GazetteerCommune[]): SampleCommune[] {
  const cities = new Set(communes.flatMap((c) => (c.kind === 'arrondissement-municipal' && c.parentCode !== null ? [c.parentCode] : [])));
  return communes.filter((c) => (c.kind === 'commune-actuelle' || c.kind === 'arrondissement-municipal')
    && c.precision === 'commune' && !cities.has(c.code) && c.population > 0 && c.postcodes.length > 0 && hasPhoneZone(c.department));
}

function cumulate(values: readonly number[]): number[] {
  let running = 0;
  return values.map((v) => (running += v));
}

function groupIndexes(places: readonly SampleCommune[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  places.forEach((c, i) => {
    const list = groups.get(c.department);
    if (list === undefined) groups.set(c.department, [i]);
    else list.push(i);
  });
  return groups;
}
