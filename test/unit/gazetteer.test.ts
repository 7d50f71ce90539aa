import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { createGazetteer, type Gazetteer } from '../../src/domain/geo/gazetteer.js';
import { computeGazetteerCoverage } from '../../src/domain/geo/gazetteer-coverage.js';
import { toPlaceNameKey } from '../../src/domain/geo/gazetteer-place-name.js';
import type { GazetteerSnapshot } from '../../src/domain/geo/gazetteer-snapshot.js';
import { DEFAULT_GAZETTEER_PATH } from '../../src/storage/gazetteer-file.js';

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

  it('when a commune has no point of its own, then it carries the fallback precision and its postcode or department point', () => {
    expect(gazetteer.findByCommuneCode('01015')?.precision).to.equal('postcode');
    const byDepartment = gazetteer.communes().find((c) => c.precision === 'department' && c.kind === 'commune-actuelle');
    const department = snapshot.departments.find(([code]) => code === byDepartment?.department);
    expect([byDepartment?.lat, byDepartment?.lon]).to.deep.equal([department?.[2], department?.[3]]);
  });

  it('when the coverage figures are recomputed from the rows, then they equal the recorded ones and beat the DESIGN §7 baseline', () => {
    expect(computeGazetteerCoverage(snapshot.communes)).to.deep.equal(snapshot.coverage);
    expect(snapshot.coverage.communesWithOwnCoordinates).to.be.greaterThan(8100);
    expect(snapshot.coverage.populationShareWithOwnCoordinates).to.be.greaterThan(0.77);
    expect(snapshot.coverage.postcodesWithOwnCoordinates).to.be.greaterThan(4900);
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
