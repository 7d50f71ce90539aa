import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { geocodeSite } from '../../src/domain/import/geocode-site.js';
import { interpretOwnCsvRow, OWN_CSV_COLUMNS, type OwnCsvColumnIndexes } from '../../src/domain/import/own-csv-row.js';
import { normalisePhone } from '../../src/domain/import/phone.js';
import { REGISTRY_LAYOUT } from '../../src/domain/import/registry-layout.js';
import { interpretRegistryRow, REGISTRY_COLUMNS, type RegistryColumnIndexes } from '../../src/domain/import/registry-row.js';
import { applySafetyBrake } from '../../src/domain/import/safety-brake.js';
import type { RowOutcome } from '../../src/domain/import/staged-row.js';
import { gp, REGISTRY_COLUMN_NAMES, type RegistryRowFields } from '../support/registry-fixture.js';
import { testGazetteer } from '../support/test-service.js';

const AT = Object.fromEntries(Object.entries(REGISTRY_COLUMNS).map(([key, name]) => [key, REGISTRY_COLUMN_NAMES.indexOf(name)])) as RegistryColumnIndexes;
const interpret = (row: RegistryRowFields): RowOutcome =>
  interpretRegistryRow([...REGISTRY_COLUMN_NAMES.map((name) => row[name] ?? ''), ''], AT, testGazetteer());
const site = (outcome: RowOutcome) => {
  if (outcome.kind !== 'site') throw new Error(`expected a site, got ${outcome.kind}: ${outcome.reason}`);
  return outcome;
};

describe('a registry extract row', () => {
  it('when a general practitioner practises in a Lyon arrondissement, then person and site come out geocoded to the arrondissement', () => {
    const { person, site: place } = site(interpret(gp('810001234567')));
    expect(person).to.deep.equal({ nationalId: '810001234567', civility: 'DR', lastName: 'MARTIN', firstName: 'Paul', professionCode: '10', specialtyCode: 'medecine-generale', gender: 'male' });
    expect(place).to.include({ structureId: 'R10001234567', address: '12 RUE DE LA PART-DIEU', postcode: '69003', communeCode: '69383', city: 'Lyon 3e Arrondissement', phone: '04 78 12 34 56', precision: 'commune' });
    expect(place.lat).to.be.within(45.75, 45.77);
  });

  for (const code of ['SM54', 'SM53', 'SM26']) {
    it(`when the savoir-faire is ${code}, then it is general practice (one specialty for an advisor)`, () => {
      expect(site(interpret(gp('810001234567', { 'Code savoir-faire': code }))).person.specialtyCode).to.equal('medecine-generale');
    });
  }

  it('when a dentist has no savoir-faire, then general dentistry; SCD01 is orthodontics', () => {
    const dentist = { 'Code profession': '40', 'Code type savoir-faire': '', 'Code savoir-faire': '' };
    expect(site(interpret(gp('810001234567', dentist))).person.specialtyCode).to.equal('chirurgie-dentaire');
    expect(site(interpret(gp('810001234567', { ...dentist, 'Code savoir-faire': 'SCD01' }))).person.specialtyCode).to.equal('orthodontie');
  });

  it('when the profession or the specialty is not referred to, then the row is skipped with that reason', () => {
    expect(interpret(gp('810001234567', { 'Code profession': '21', 'Code savoir-faire': '' }))).to.deep.equal({ kind: 'skipped', reason: 'profession-not-referred' });
    expect(interpret(gp('810001234567', { 'Code savoir-faire': 'SM99' }))).to.deep.equal({ kind: 'skipped', reason: 'specialty-not-referred' });
  });

  it('when the row has no practice site, then it is skipped as having no practice address', () => {
    const noSite = Object.fromEntries(Object.entries(gp('810001234567')).filter(([name]) => !name.includes('structure') && !name.includes('site')));
    expect(interpret(noSite)).to.deep.equal({ kind: 'skipped', reason: 'no-practice-address' });
  });

  it('when the address is abroad, then the row is skipped, whatever its postcode looks like', () => {
    const london = gp('810001234567', { 'Code pays (coord. structure)': '99132', 'Libellé pays (coord. structure)': 'Royaume-Uni', 'Code postal (coord. structure)': 'SW1A 1AA', 'Code commune (coord. structure)': '' });
    expect(interpret(london)).to.deep.equal({ kind: 'skipped', reason: 'foreign-address' });
  });

  const french: [string, RegistryRowFields][] = [
    ['marked 99000 with the label France, as a real extract marks Noyelles-Godault', { 'Code pays (coord. structure)': '99000', 'Libellé pays (coord. structure)': 'France' }],
    ['marked 99100, INSEE\'s code for France', { 'Code pays (coord. structure)': '99100', 'Libellé pays (coord. structure)': '' }],
    ['with no country code and a French postcode', { 'Code pays (coord. structure)': '', 'Libellé pays (coord. structure)': '' }],
    ['with an unusual code but the label FRANCE', { 'Code pays (coord. structure)': '99999', 'Libellé pays (coord. structure)': 'FRANCE' }],
  ];
  for (const [what, country] of french) {
    it(`when a site is ${what}, then it is placed in France`, () => {
      const row = gp('810001234567', { 'Code postal (coord. structure)': '62950', 'Code commune (coord. structure)': '62617', 'Libellé commune (coord. structure)': 'NOYELLES GODAULT', ...country });
      expect(site(interpret(row)).site).to.include({ postcode: '62950', communeCode: '62617', precision: 'commune' });
    });
  }

  const foreign: [string, RegistryRowFields][] = [
    ['another country\'s code', { 'Code pays (coord. structure)': '99109', 'Libellé pays (coord. structure)': 'Allemagne', 'Code postal (coord. structure)': '10115' }],
    ['no country code but a postcode with letters', { 'Code pays (coord. structure)': '', 'Code postal (coord. structure)': 'AD500' }],
    ['no country code but a Monaco postcode', { 'Code pays (coord. structure)': '', 'Code postal (coord. structure)': '98000' }],
  ];
  for (const [what, country] of foreign) {
    it(`when a site has ${what}, then it is skipped as foreign`, () => {
      expect(interpret(gp('810001234567', { 'Code commune (coord. structure)': '', ...country }))).to.deep.equal({ kind: 'skipped', reason: 'foreign-address' });
    });
  }

  it('when a row names the old INSEE code of a delegated commune, then the site is placed at its commune nouvelle', () => {
    const row = gp('810001234567', { 'Code postal (coord. structure)': '01350', 'Code commune (coord. structure)': '01039', 'Libellé commune (coord. structure)': 'BEON' });
    const nouvelle = testGazetteer().findByCommuneCode('01138');
    expect(site(interpret(row)).site).to.include({ communeCode: '01039', precision: 'commune', lat: nouvelle?.lat, lon: nouvelle?.lon });
  });

  const rejected: [string, RegistryRowFields, RegExp][] = [
    ['a national id of the wrong form', { 'Identification nationale PP': '81234' }, /national identifier "81234"/],
    ['no national id', { 'Identification nationale PP': '' }, /national identifier missing/],
    ['no last name', { "Nom d'exercice": '' }, /last name missing/],
    ['a first name of 101 letters', { "Prénom d'exercice": 'A'.repeat(101) }, /first name longer than 100 characters/],
    ['a control character in a last name', { "Nom d'exercice": 'DU\u0000PONT' }, /last name holds a control character/],
    ['no profession', { 'Code profession': '' }, /profession code missing/],
    ['a postcode of four digits', { 'Code postal (coord. structure)': '6903' }, /postcode "6903"/],
    ['a commune code that is no INSEE code', { 'Code commune (coord. structure)': '2C004' }, /commune code "2C004"/],
  ];
  for (const [what, overrides, reason] of rejected) {
    it(`when the row has ${what}, then it is rejected with a reason that says so`, () => {
      const outcome = interpret(gp('810001234567', overrides));
      expect(outcome.kind).to.equal('rejected');
      expect(outcome.kind === 'rejected' && outcome.reason).to.match(reason);
    });
  }

  it('when an ADELI identifier is given, then it is accepted as the person\'s key', () => {
    expect(site(interpret(gp('0123456789'))).person.nationalId).to.equal('0123456789');
  });

  it('when the commune code is missing, then the distribution line gives the postcode and the place', () => {
    const cedex = gp('810001234567', {
      'Code postal (coord. structure)': '', 'Code commune (coord. structure)': '', 'Libellé commune (coord. structure)': '',
      'Bureau cedex (coord. structure)': '78009 VERSAILLES CEDEX',
    });
    const { site: place } = site(interpret(cedex));
    expect(place).to.include({ postcode: '78009', communeCode: '78646', precision: 'commune' });
    expect(place.city).to.equal('VERSAILLES CEDEX');
  });

  it('when the postcode is a CEDEX one with the commune\'s name and no code, then the commune is found by name in the department', () => {
    const { site: place } = site(interpret(gp('810001234567', {
      'Code postal (coord. structure)': '78009', 'Code commune (coord. structure)': '', 'Libellé commune (coord. structure)': 'VERSAILLES',
    })));
    expect(place).to.include({ communeCode: '78646', precision: 'commune' });
  });

  const places: [string, string, string, [number, number]][] = [
    ['Corse-du-Sud', '2A004', '20000', [41.9, 41.95]],
    ['Haute-Corse', '2B033', '20200', [42.68, 42.72]],
    ['La Réunion', '97411', '97400', [-20.95, -20.85]],
    ['a Paris arrondissement', '75112', '75012', [48.83, 48.85]],
    ['a Marseille arrondissement', '13205', '13005', [43.28, 43.30]],
  ];
  for (const [where, commune, postcode, lat] of places) {
    it(`when the site is in ${where} (${commune}), then it is placed at its commune`, () => {
      const { site: place } = site(interpret(gp('810001234567', { 'Code commune (coord. structure)': commune, 'Code postal (coord. structure)': postcode, 'Libellé commune (coord. structure)': '' })));
      expect(place.precision).to.equal('commune');
      expect(place.lat).to.be.within(...lat);
    });
  }

  it('when names carry accents and the site name a double quote, then they are kept as written', () => {
    const { person } = site(interpret(gp('810001234567', { "Nom d'exercice": 'LEFÈVRE-DURAND', "Prénom d'exercice": 'Zoé', 'Raison sociale site': 'CABINET "LES TILLEULS"' })));
    expect(person).to.include({ lastName: 'LEFÈVRE-DURAND', firstName: 'Zoé' });
  });

  it('when the place is unknown to the gazetteer, then the site is kept with precision none', () => {
    const { site: place } = site(interpret(gp('810001234567', { 'Code commune (coord. structure)': '', 'Code postal (coord. structure)': '00000', 'Libellé commune (coord. structure)': 'NULLE PART' })));
    expect(place).to.include({ lat: null, lon: null, precision: 'none' });
  });
});

describe('a row of the service\'s CSV', () => {
  const AT_CSV = Object.fromEntries(OWN_CSV_COLUMNS.map((name, index) => [name, index])) as OwnCsvColumnIndexes;
  const row = (overrides: Partial<Record<(typeof OWN_CSV_COLUMNS)[number], string>> = {}) => {
    const fields = { national_id: '810001234567', civility: 'MME', last_name: 'DUPONT', first_name: 'Anne', profession_code: '40', specialty_code: 'chirurgie-dentaire',
      site_id: 'S1', address: '3 rue Neuve', postcode: '69003', commune_code: '69383', city: 'LYON', phone: '', lat: '', lon: '', ...overrides };
    return interpretOwnCsvRow(OWN_CSV_COLUMNS.map((name) => fields[name]), AT_CSV, testGazetteer());
  };

  it('when coordinates are given, then they win with precision address; otherwise the gazetteer places the site', () => {
    expect(site(row({ lat: '45.76', lon: '4.85' })).site).to.include({ lat: 45.76, lon: 4.85, precision: 'address' });
    expect(site(row()).site.precision).to.equal('commune');
  });

  it('when the specialty is unknown, the profession does not match it or a coordinate is half given, then the row is rejected', () => {
    expect(row({ specialty_code: 'astrologie' })).to.have.property('reason').that.matches(/unknown specialty "astrologie"/);
    expect(row({ profession_code: '10' })).to.have.property('reason').that.matches(/profession code "10" is not 40/);
    expect(row({ lat: '45.7' })).to.have.property('reason').that.matches(/together/);
    expect(row({ lat: '145', lon: '2' })).to.have.property('reason').that.matches(/not a latitude/);
  });
});

describe('geocoding order and phone numbers', () => {
  it('when the commune code is unknown but postcode and name are right, then the postcode and name place it', () => {
    expect(geocodeSite({ communeCode: '99999', postcode: '69003', city: 'Lyon', distributionLine: '' }, testGazetteer()).precision).to.equal('commune');
  });

  it('when phones come in the registry\'s mixed formats, then French numbers are written in pairs', () => {
    expect(normalisePhone('0148237096')).to.equal('01 48 23 70 96');
    expect(normalisePhone('09 84 30 21 12')).to.equal('09 84 30 21 12');
    expect(normalisePhone('+33 1 48 23 70 96')).to.equal('01 48 23 70 96');
    expect(normalisePhone('3615')).to.equal('3615');
    expect(normalisePhone('  ')).to.equal(null);
  });
});

describe('the safety brake', () => {
  const base = { parse: { rows: 1000, truncated: false }, activeBefore: 1000, toDeactivate: 50, maxDeactivationShare: 0.05, force: false };

  it('when a file would deactivate exactly the allowed share, then it passes; one more, and it is refused unless forced', () => {
    expect(applySafetyBrake(base).refused).to.equal(false);
    const over = applySafetyBrake({ ...base, toDeactivate: 51 });
    expect(over).to.deep.include({ refused: true, reason: 'too-many-deactivations' });
    expect(over.refused && over.detail).to.match(/51 of 1000 active practitioners \(5\.10%\), more than the 5\.00% allowed/);
    expect(applySafetyBrake({ ...base, toDeactivate: 51, force: true }).refused).to.equal(false);
  });

  it('when the file has no row or is cut short, then it is refused even when forced', () => {
    expect(applySafetyBrake({ ...base, parse: { rows: 0, truncated: false }, force: true })).to.deep.include({ refused: true, reason: 'empty-file' });
    expect(applySafetyBrake({ ...base, parse: { rows: 10, truncated: true }, force: true })).to.deep.include({ refused: true, reason: 'truncated-file' });
  });

  it('when the directory is empty, then any first file passes', () => {
    expect(applySafetyBrake({ ...base, activeBefore: 0, toDeactivate: 0 }).refused).to.equal(false);
  });
});

describe('the registry layout', () => {
  it('when compared with the published format note, then the 56 columns are its header verbatim, and every column read is among the 52 older ones', function () {
    // The note is the shared brief's (../shared, beside the clone on CI), not a file the service ships.
    const notePath = new URL('../../../shared/formats/rpps-extract.md', import.meta.url);
    if (!existsSync(notePath)) this.skip();
    const note = readFileSync(notePath, 'utf8');
    const header = /```\n(Type d'identifiant PP\|[^\n]*)\n```/.exec(note)?.[1];
    expect(header).to.equal(`${REGISTRY_LAYOUT.join('|')}|`);
    const older = REGISTRY_LAYOUT.slice(0, 52) as readonly string[];
    expect(Object.values(REGISTRY_COLUMNS).filter((name) => !older.includes(name))).to.deep.equal([]);
  });
});
