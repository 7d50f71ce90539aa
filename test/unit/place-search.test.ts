import { expect } from 'chai';
import type { Gazetteer } from '../../src/domain/geo/gazetteer.js';
import { foldPlaceName } from '../../src/domain/geo/gazetteer-place-name.js';
import { testGazetteer } from '../support/test-service.js';

describe('place search (the advisor\'s place field)', () => {
  let gazetteer: Gazetteer;
  before(() => {
    gazetteer = testGazetteer();
  });
  const labels = (query: string, limit = 10) => gazetteer.searchPlaces(query, limit).map((p) => p.label);

  const spellings: [string, string][] = [
    ['upper case and no accents', 'SAINT-ETIENNE'],
    ['lower case with accents', 'saint-étienne'],
    ['spaces for hyphens', 'saint etienne'],
    ['st for saint', 'st etienne'],
    ['a prefix typed so far', 'saint-eti'],
  ];
  for (const [what, query] of spellings) {
    it(`when the query is written with ${what}, then Saint-Étienne (42) comes first`, () => {
      expect(labels(query)[0]).to.equal('Saint-Étienne (42)');
    });
  }

  it('when the query is "ste foy" or "sainte-foy", then both find Sainte-Foy-lès-Lyon', () => {
    expect(labels('ste foy les')).to.include('Sainte-Foy-lès-Lyon (69)');
    expect(labels('sainte-foy-les')).to.include('Sainte-Foy-lès-Lyon (69)');
  });

  it('when a name is typed letter by letter, then "sain" already lists Saint- communes', () => {
    expect(labels('sain', 3).every((label) => label.startsWith('Saint-'))).to.equal(true);
  });

  it('when the leading article is left out or abbreviated with an apostrophe, then the commune is found', () => {
    expect(labels('havre')[0]).to.equal('Le Havre (76)');
    expect(labels('le havre')[0]).to.equal('Le Havre (76)');
    expect(labels('isle adam')[0]).to.equal("L'Isle-Adam (95)");
    expect(labels("l'isle-adam")[0]).to.equal("L'Isle-Adam (95)");
  });

  it('when homonyms match, then each is told apart by its department, the most populous first', () => {
    const found = gazetteer.searchPlaces('saint priest', 10);
    const exact = found.filter((p) => p.name === 'Saint-Priest');
    expect(exact.map((p) => p.label)).to.deep.equal(['Saint-Priest (69)', 'Saint-Priest (07)', 'Saint-Priest (23)']);
    expect(exact[0]).to.deep.include({ code: '69290', kind: 'commune', department: { code: '69', name: 'Rhône' } });
    expect(found.slice(0, 3)).to.deep.equal(exact);
  });

  it('when exact and prefix matches compete, then the exact name ranks first even against a larger town', () => {
    // Lyon is the exact match; Lyons-la-Forêt is a prefix match.
    expect(labels('lyon')[0]).to.equal('Lyon (69)');
    expect(labels('lyons')[0]).to.equal('Lyons-la-Forêt (27)');
  });

  it('when a postcode is typed, then its communes come first, and a shorter prefix lists communes whose postcode starts with it', () => {
    const exact = gazetteer.searchPlaces('69003', 10);
    expect(exact[0]).to.deep.include({ code: '69383', kind: 'arrondissement', belongsTo: { code: '69123', name: 'Lyon' } });
    // 69003 is also the INSEE code of Albigny-sur-Saône.
    expect(exact.map((p) => p.code)).to.include('69003');
    const prefix = gazetteer.searchPlaces('0140', 50);
    expect(prefix.length).to.be.greaterThan(5);
    expect(prefix.every((p) => p.postcodes.some((postcode) => postcode.startsWith('0140')))).to.equal(true);
  });

  it('when a postcode prefix is typed, then Paris, Lyon and Marseille as a whole are offered too; for an exact postcode their arrondissement comes first', () => {
    expect(gazetteer.searchPlaces('690', 10).map((p) => p.code)).to.include('69123');
    expect(gazetteer.searchPlaces('75011', 2).map((p) => p.code)).to.deep.equal(['75111', '75056']);
  });

  it('when "L\'Haÿ-les-Roses" is typed without its apostrophe or space, then it is found', () => {
    expect(labels('lhay')[0]).to.equal("L'Haÿ-les-Roses (94)");
  });

  it('when a place has only a centre for a point, then its precision says so', () => {
    expect(gazetteer.searchPlaces('les hauts talican', 1)[0]).to.deep.include({ code: '60694', precision: 'postcode' });
    expect(gazetteer.searchPlaces('le havre', 1)[0]).to.deep.include({ precision: 'commune' });
  });

  it('when an INSEE code is typed, Corsican and overseas ones included, then its commune comes back', () => {
    expect(gazetteer.searchPlaces('2a004', 1)[0]).to.deep.include({ code: '2A004', name: 'Ajaccio' });
    expect(gazetteer.searchPlaces('97411', 1)[0]).to.deep.include({ code: '97411', name: 'Saint-Denis' });
  });

  it('when a former commune is typed by its old name, then it comes back with the commune it belongs to', () => {
    const beon = gazetteer.searchPlaces('beon', 10).find((p) => p.kind === 'former-commune');
    expect(beon).to.deep.include({ code: '01039', name: 'Béon', label: 'Béon (01)', belongsTo: { code: '01138', name: 'Culoz-Béon' } });
    const octeville = gazetteer.searchPlaces('cherbourg octeville', 10)[0];
    expect(octeville).to.deep.include({ kind: 'former-commune', belongsTo: { code: '50129', name: 'Cherbourg-en-Cotentin' } });
  });

  it('when a place is found, then it carries its point, postcodes, population and department name', () => {
    const [havre] = gazetteer.searchPlaces('le havre', 1);
    expect(havre).to.deep.include({ code: '76351', kind: 'commune', department: { code: '76', name: 'Seine-Maritime' } });
    expect(havre?.postcodes).to.include('76600');
    expect(havre?.population).to.be.greaterThan(150_000);
    expect(havre?.lat).to.be.within(49.4, 49.6);
  });

  it('when nothing matches or the query is only punctuation, then the list is empty; the limit is kept', () => {
    expect(labels('zzzz')).to.deep.equal([]);
    expect(labels(" -'' ")).to.deep.equal([]);
    expect(labels('s', 7)).to.have.length(7);
  });

  it('when folding names, then case, accents, ligatures, hyphens and apostrophes fold and saint stays spelled out', () => {
    expect(foldPlaceName("  Saint-Œuf-en-l'Île  ")).to.equal('saint oeuf en l ile');
  });
});
