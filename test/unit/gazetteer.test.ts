import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { createGazetteer, type Gazetteer } from '../../src/domain/geo/gazetteer.js';
import { computeGazetteerCoverage } from '../../src/domain/geo/gazetteer-coverage.js';
import { toPlaceNameKey } from '../../src/domain/geo/gazetteer-place-name.js';
import type { GazetteerSnapshot } from '../../src/domain/geo/gazetteer-snapshot.js';
import { DEFAULT_GAZETTEER_PATH, OFFICIAL_COMMUNES_PATH } from '../../src/storage/gazetteer-file.js';
import { fastDistanceMeters } from '../../src/domain/geo/distance.js';
import { territoryOf } from '../../src/domain/geo/territory.js';
import type { PlaceMatch } from '../../src/domain/geo/gazetteer.js';
import { parse } from 'csv-parse/sync';

describe('gazetteer (data/gazetteer.json)', () => {
  let snapshot: GazetteerSnapshot;
  let gazetteer: Gazetteer;
  before(() => {
    snapshot = JSON.parse(readFileSync(DEFAULT_GAZETTEER_PATH, 'utf8')) as GazetteerSnapshot;
    gazetteer = createGazetteer(snapshot);
  });

  const codeCases: [string, { given: string; want: { name: RegExp; department: string; lat: [number, number] } }][] = [
    ['a Paris arrondissement', { given: '75112', want: { name: /^Paris 12e/, department: '75', lat: [48.83, 48.85] } }],
    ['a Lyon arrondissement', { given: '69383', want: { name: /^Lyon 3e/, department: '69', lat: [45.75, 45.77] } }],
    ['a Marseille arrondissement', { given: '13201', want: { name: /^Marseille 1er/, department: '13', lat: [43.29, 43.31] } }],
    ['a commune of Corse-du-Sud', { given: '2A004', want: { name: /^Ajaccio$/, department: '2A', lat: [41.9, 41.95] } }],
    ['a commune of Haute-Corse', { given: '2B033', want: { name: /^Bastia$/, department: '2B', lat: [42.68, 42.72] } }],
    ['a commune of Guadeloupe', { given: '97101', want: { name: /^Les Abymes$/, department: '971', lat: [16.2, 16.35] } }],
    ['a commune of La Réunion', { given: '97411', want: { name: /^Saint-Denis$/, department: '974', lat: [-20.95, -20.85] } }],
  ];
  for (const [name, { given, want }] of codeCases) {
    it(`when looking up ${name} by commune code, then its own point comes back with precision commune`, () => {
      const place = gazetteer.findByCommuneCode(given);
      expect(place?.name).to.match(want.name);
      expect(place?.precision).to.equal('commune');
      expect(place?.communeCode).to.equal(given);
      expect(place?.lat).to.be.within(...want.lat);
      expect(gazetteer.departmentOf(given)).to.equal(want.department);
    });
  }

  it('when looking up a Paris or Marseille postcode, then it maps to its arrondissement, not the whole city', () => {
    expect(gazetteer.findByPostcode('75012')).to.include({ communeCode: '75112', precision: 'postcode' });
    expect(gazetteer.findByPostcode('13001')).to.include({ communeCode: '13201', precision: 'postcode' });
    expect(gazetteer.findByPostcodeAndName('69003', 'LYON')).to.include({ communeCode: '69383', precision: 'commune' });
  });

  it('when a postcode is shared by several communes, then the point is their weighted centroid, inside their extent', () => {
    const carriers = gazetteer.communes().filter((c) => c.postcodes.includes('01400') && c.kind === 'commune-actuelle');
    const place = gazetteer.findByPostcode('01400');
    expect(carriers.length).to.be.greaterThan(5);
    expect(place).to.include({ precision: 'postcode', communeCode: null });
    expect(place?.lat).to.be.within(Math.min(...carriers.map((c) => c.lat)), Math.max(...carriers.map((c) => c.lat)));
    expect(place?.lon).to.be.within(Math.min(...carriers.map((c) => c.lon)), Math.max(...carriers.map((c) => c.lon)));
  });

  it('when the postcode or the commune is unknown, then the look-up answers undefined', () => {
    expect(gazetteer.findByPostcode('99999')).to.equal(undefined);
    expect(gazetteer.findByCommuneCode('99999')).to.equal(undefined);
    expect(gazetteer.findByPostcodeAndName('99999', 'NULLE PART')).to.equal(undefined);
    expect(gazetteer.departmentOf('00000')).to.equal(undefined);
  });

  it('when a CEDEX distribution line names a known commune, then that commune is found through the department', () => {
    expect(gazetteer.findByPostcodeAndName('78009', 'VERSAILLES CEDEX')).to.include({ communeCode: '78646', precision: 'commune' });
    expect(gazetteer.findByPostcodeAndName('20090', 'AJACCIO CEDEX 9')).to.include({ communeCode: '2A004' });
  });

  it('when a CEDEX line names no commune of its department, then the department point comes back', () => {
    const place = gazetteer.findByPostcodeAndName('78009', 'ZONE INCONNUE CEDEX');
    const [, name, lat, lon] = snapshot.departments.find(([code]) => code === '78') ?? [];
    expect(place).to.deep.equal({ lat, lon, precision: 'department', communeCode: null, name });
  });

  it('when an address names a former commune, then it resolves inside the current one', () => {
    expect(gazetteer.findByPostcodeAndName('50100', 'CHERBOURG OCTEVILLE')).to.include({ communeCode: '50129', precision: 'commune' });
    expect(gazetteer.findByCommuneCode('50129')?.name).to.equal('Cherbourg-en-Cotentin');
  });

  it('when a commune created in 2024 has no official point, then it takes its postcode\'s centre', () => {
    for (const code of ['60694', '85165', '85212']) {
      const place = gazetteer.findByCommuneCode(code);
      const postcode = gazetteer.communeRecord(code)?.postcodes[0] ?? '';
      expect(place?.precision, code).to.equal('postcode');
      expect([place?.lat, place?.lon], code).to.deep.equal([gazetteer.findByPostcode(postcode)?.lat, gazetteer.findByPostcode(postcode)?.lon]);
    }
  });

  it('when the coverage figures are recomputed from the rows, then they equal the recorded ones', () => {
    expect(computeGazetteerCoverage(snapshot.communes, snapshot.postcodes)).to.deep.equal(snapshot.coverage);
  });
});

describe('gazetteer against the official commune file (data/sources/communes-2024.csv)', () => {
  let gazetteer: Gazetteer;
  let rows: string[][];
  before(() => {
    gazetteer = createGazetteer(JSON.parse(readFileSync(DEFAULT_GAZETTEER_PATH, 'utf8')) as GazetteerSnapshot);
    rows = parse(readFileSync(OFFICIAL_COMMUNES_PATH, 'utf8'), { from_line: 2 }) as string[][];
  });
  const kmBetween = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => fastDistanceMeters(a.lat, a.lon, b.lat, b.lon) / 1000;

  it('when any commune of the file is looked up by its code, then it resolves at commune precision within 1 km of its official point', () => {
    const communes = rows.filter(([, type, , , , , lat]) => type === 'COM' && lat !== '');
    const wrong = communes.filter(([code, , , , , , lat, lon]) => {
      const place = gazetteer.findByCommuneCode(code as string);
      return place?.precision !== 'commune' || kmBetween(place, { lat: Number(lat), lon: Number(lon) }) > 1;
    });
    expect(new Set(communes.map(([code]) => code)).size).to.equal(34_928);
    expect(wrong.map(([code]) => code)).to.deep.equal([]);
  });

  it('when any postcode of the file is looked up, then it resolves at postcode precision, inside the extent of the communes it serves', () => {
    const served = new Map<string, { lat: number; lon: number }[]>();
    for (const [, type, , , postcode, , lat, lon] of rows) {
      if (type === 'COMD' || lat === '') continue;
      served.set(postcode as string, [...(served.get(postcode as string) ?? []), { lat: Number(lat), lon: Number(lon) }]);
    }
    const postcodes = new Set(rows.map(([, , , , postcode]) => postcode as string));
    const wrong = [...postcodes].filter((postcode) => {
      const place = gazetteer.findByPostcode(postcode);
      const points = served.get(postcode) ?? [];
      const inside = (axis: 'lat' | 'lon') => place !== undefined && place[axis] >= Math.min(...points.map((p) => p[axis])) - 1e-5 && place[axis] <= Math.max(...points.map((p) => p[axis])) + 1e-5;
      return place?.precision !== 'postcode' || !inside('lat') || !inside('lon');
    });
    expect(postcodes.size).to.equal(6_187);
    expect(wrong).to.deep.equal([]);
  });

  it('when Paris, Lyon or Marseille is looked up by its own code, then it stands at the population-weighted centre of its arrondissements with their summed population', () => {
    for (const [city, count] of [['75056', 20], ['69123', 9], ['13055', 16]] as const) {
      const parts = rows.filter(([, type, parent]) => type === 'ARM' && parent === city);
      const distinct = new Map(parts.map(([code, , , , , , lat, lon, population]) => [code, { lat: Number(lat), lon: Number(lon), population: Number(population) }]));
      const population = [...distinct.values()].reduce((sum, p) => sum + p.population, 0);
      const lat = [...distinct.values()].reduce((sum, p) => sum + p.lat * p.population, 0) / population;
      const lon = [...distinct.values()].reduce((sum, p) => sum + p.lon * p.population, 0) / population;
      expect(distinct.size, city).to.equal(count);
      expect(gazetteer.communeRecord(city)?.population, city).to.equal(population);
      const place = gazetteer.findByCommuneCode(city);
      expect(place?.precision, city).to.equal('commune');
      expect(kmBetween(place as PlaceMatch, { lat, lon }), city).to.be.below(0.01);
    }
  });

  it('when a delegated commune is looked up by its code or its former name, then it resolves to its commune nouvelle', () => {
    // The file files each delegated commune under its commune nouvelle's code, with its former name.
    const delegated = rows.filter(([, type]) => type === 'COMD');
    expect(delegated.length).to.equal(793);
    for (const [code, , parent, name, postcode] of delegated) {
      const byCode = gazetteer.findByCommuneCode(code as string);
      const byName = gazetteer.findByPostcodeAndName(postcode as string, name as string);
      const nouvelle = gazetteer.findByCommuneCode(parent as string);
      expect(byCode, code).to.include({ lat: nouvelle?.lat, lon: nouvelle?.lon });
      expect(byName, `${postcode} ${name}`).to.include({ lat: nouvelle?.lat, lon: nouvelle?.lon });
    }
  });

  it('when any commune\'s point is placed on a land, then it is its department\'s: mainland, Corsica, or its overseas territory', () => {
    const wrong = gazetteer.communes().filter((c) => {
      const expected = c.department === '2A' || c.department === '2B' ? 'corsica' : c.department.length === 3 ? c.department : 'mainland';
      return c.department !== '984' && c.department !== '989' && territoryOf(c) !== expected;
    });
    expect(wrong.map((c) => `${c.code} ${c.name}: ${territoryOf(c)}`)).to.deep.equal([]);
  });

  it('when a registry row names the old INSEE code of a delegated commune, then it resolves to its commune nouvelle', () => {
    // Béon (01039) joined Culoz in Culoz-Béon (01138) in 2025: the file predates it, the package adds the old code.
    expect(gazetteer.findByCommuneCode('01039')).to.deep.equal({ ...gazetteer.findByCommuneCode('01138'), communeCode: '01039', name: 'Béon' });
  });
});

describe('toPlaceNameKey', () => {
  const cases: [string, { given: [string, string] }][] = [
    ['accents and case', { given: ['ÉVRY', 'Évry'] }],
    ['saint spelled out or short', { given: ['ST ETIENNE', 'Saint-Étienne'] }],
    ['sainte and apostrophes', { given: ["STE FOY L'ARGENTIERE", 'Sainte-Foy-l’Argentière'] }],
    ['a leading article dropped', { given: ['HAVRE', 'Le Havre'] }],
    ['a trailing article as La Poste writes it', { given: ['HAVRE (LE)', 'Le Havre'] }],
    ['a CEDEX suffix with its office number', { given: ['VERSAILLES CEDEX 9', 'Versailles'] }],
  ];
  for (const [name, { given }] of cases) {
    it(`when two spellings differ by ${name}, then they share one key`, () => {
      expect(toPlaceNameKey(given[0])).to.equal(toPlaceNameKey(given[1]));
    });
  }
});
