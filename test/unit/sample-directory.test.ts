import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { stringify } from 'csv-stringify/sync';
import { generateDirectory, type SampleRow } from '../../scripts/sample/generate-directory.js';
import { DEFAULT_SAMPLE_COUNT, DEFAULT_SAMPLE_SEED, SAMPLE_CSV_OPTIONS } from '../../scripts/sample/sample-defaults.js';
import type { Gazetteer } from '../../src/domain/geo/gazetteer.js';
import { SPECIALTIES } from '../../src/domain/specialties/catalogue.js';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from '../../src/storage/gazetteer-file.js';

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe('generateDirectory (the seeded sample directory)', () => {
  let gazetteer: Gazetteer;
  let rows: SampleRow[];
  before(() => {
    gazetteer = loadGazetteer(DEFAULT_GAZETTEER_PATH);
    rows = [...generateDirectory({ seed: 7, count: 4000, communes: gazetteer.communes() })];
  });

  it('when regenerated with the default seed and count, then it reproduces data/sample-directory.csv byte for byte', () => {
    const text = stringify([...generateDirectory({ seed: DEFAULT_SAMPLE_SEED, count: DEFAULT_SAMPLE_COUNT, communes: gazetteer.communes() })], SAMPLE_CSV_OPTIONS);
    expect(sha256(text)).to.equal(sha256(readFileSync(new URL('../../data/sample-directory.csv', import.meta.url))));
  });

  it('when generated, then every person has one well-formed national id of their own', () => {
    const people = new Map(rows.map((r) => [r.national_id, `${r.last_name}|${r.first_name}|${r.specialty_code}`]));
    expect(people.size).to.equal(4000);
    for (const row of rows) {
      expect(row.national_id).to.match(/^8\d{11}$/);
      expect(people.get(row.national_id)).to.equal(`${row.last_name}|${row.first_name}|${row.specialty_code}`);
    }
  });

  it('when generated, then every specialty and profession code is the catalogue\'s and every specialty is present', () => {
    const professionOf = new Map(SPECIALTIES.map((s) => [s.code, s.profession.code]));
    for (const row of rows) expect(professionOf.get(row.specialty_code)).to.equal(row.profession_code);
    expect(new Set(rows.map((r) => r.specialty_code)).size).to.equal(SPECIALTIES.length);
  });

  it('when generated, then about 5 % of people practise at a second site with a distinct site id', () => {
    const secondSites = rows.length - 4000;
    expect(secondSites / 4000).to.be.within(0.03, 0.07);
    expect(new Set(rows.map((r) => r.site_id)).size).to.equal(rows.length);
  });

  it('when generated, then people practise in rural communes in proportion to their population, not only in towns', () => {
    // Communes of fewer than 2,000 inhabitants hold about a fifth of the people of France.
    const current = gazetteer.communes().filter((c) => (c.kind === 'commune-actuelle' || c.kind === 'arrondissement-municipal') && !['75056', '69123', '13055'].includes(c.code));
    const isRural = new Map(current.map((c) => [c.code, c.population < 2000]));
    const total = current.reduce((sum, c) => sum + c.population, 0);
    const rural = current.filter((c) => c.population < 2000).reduce((sum, c) => sum + c.population, 0);
    const ruralSites = rows.filter((r) => isRural.get(r.commune_code)).length;
    expect(rural / total).to.be.within(0.2, 0.3);
    expect(ruralSites / rows.length).to.be.within(rural / total - 0.03, rural / total + 0.03);
  });

  it('when generated, then every site is in a commune the gazetteer knows, with one of its postcodes, near its point', () => {
    // A former seat shares its parent's code: only current communes and arrondissements count.
    const current = gazetteer.communes().filter((c) => c.kind === 'commune-actuelle' || c.kind === 'arrondissement-municipal');
    const byCode = new Map(current.map((c) => [c.code, c]));
    for (const row of rows) {
      const commune = byCode.get(row.commune_code);
      expect(commune, row.commune_code).to.not.equal(undefined);
      expect(row.commune_code).to.not.be.oneOf(['75056', '69123', '13055']);
      expect(commune?.postcodes).to.include(row.postcode);
      expect(Math.abs(Number(row.lat) - (commune?.lat ?? NaN))).to.be.below(0.03);
      expect(row.phone).to.match(/^0\d( \d\d){4}$/);
    }
  });

  it('when generated, then a person declares the same attributes at both sites, a sector only as a physician, and each attribute is left undeclared by some', () => {
    const declaredOf = (r: SampleRow) => [r.sector, r.accepts_new_patients, r.languages, r.wheelchair_access].join('|');
    const firstRow = new Map<string, SampleRow>();
    for (const row of rows) {
      const first = firstRow.get(row.national_id);
      if (first) expect(declaredOf(row)).to.equal(declaredOf(first));
      else firstRow.set(row.national_id, row);
      expect(row.sector).to.be.oneOf(row.profession_code === '10' ? ['', '1', '2', 'optam'] : ['']);
      expect(row.accepts_new_patients).to.be.oneOf(['', 'yes', 'no']);
      expect(row.wheelchair_access).to.be.oneOf(['', 'yes', 'no']);
      expect(row.languages).to.match(/^([a-z]{2}(;[a-z]{2})*)?$/);
      expect(row.languages.split(';')).to.not.include('fr');
    }
    for (const column of ['sector', 'accepts_new_patients', 'languages', 'wheelchair_access'] as const) {
      const declared = rows.filter((r) => r[column] !== '').length / rows.length;
      expect(declared, column).to.be.within(0.1, 0.9);
    }
  });

  it('when generated twice with one seed, then the rows are identical, and another seed gives other rows', () => {
    const again = [...generateDirectory({ seed: 7, count: 4000, communes: gazetteer.communes() })];
    const other = [...generateDirectory({ seed: 8, count: 50, communes: gazetteer.communes() })];
    expect(again).to.deep.equal(rows);
    expect(other.slice(0, 50)).to.not.deep.equal(rows.slice(0, 50));
  });
});
