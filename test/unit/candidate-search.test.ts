import { expect } from 'chai';
import { searchCandidates } from '../../src/domain/geo/candidate-search.js';
import { displayDistanceKm, fastDistanceMeters } from '../../src/domain/geo/distance.js';
import { climbRadiusLadder, RADIUS_LADDER_KM } from '../../src/domain/geo/radius-ladder.js';
import { createSiteIndex, type IndexedSite } from '../../src/domain/geo/site-index.js';

const PARIS = { lat: 48.8566, lon: 2.3522 };
/** A point `km` north of Paris centre (1° of latitude ≈ 111.2 km on geolib's sphere). */
const north = (km: number) => ({ lat: PARIS.lat + km / 111.32, lon: PARIS.lon });

let nextSiteId = 1;
function site(nationalId: string, at: { lat: number; lon: number }): IndexedSite {
  return { practitionerId: Number(nationalId.slice(-4)), nationalId, siteId: nextSiteId++, ...at };
}

describe('climbRadiusLadder', () => {
  const cases: [string, { counts: Record<number, number>; k: number; want: number }][] = [
    ['enough people within the first step', { counts: { 1: 5 }, k: 5, want: 1 }],
    ['enough people within 2 km only', { counts: { 1: 4, 2: 5 }, k: 5, want: 2 }],
    ['too few until 20 km', { counts: { 2: 1, 5: 3, 10: 4, 20: 6 }, k: 5, want: 20 }],
    ['never enough', { counts: { 200: 2 }, k: 5, want: 200 }],
    ['k of one', { counts: { 2: 0, 5: 1 }, k: 1, want: 5 }],
  ];
  for (const [name, { counts, k, want }] of cases) {
    it(`when ${name}, then the radius is ${want} km`, () => {
      const countWithin = (radius: number) => Math.max(0, ...Object.entries(counts).filter(([r]) => Number(r) <= radius).map(([, n]) => n));
      expect(climbRadiusLadder(countWithin, k)).to.equal(want);
    });
  }

  it('when read, then the ladder is 1, 2, 5, 10, 20, 50, 100, 200 km', () => {
    expect(RADIUS_LADDER_KM).to.deep.equal([1, 2, 5, 10, 20, 50, 100, 200]);
  });
});

describe('searchCandidates', () => {
  const sites = [
    site('810000000005', north(1)),
    site('810000000001', north(3)),
    site('810000000003', north(4)),
    site('810000000002', north(8)),
    site('810000000004', north(15)),
    // A second site of 810000000004, closer: the person counts once, at their nearest site.
    site('810000000004', north(1.5)),
    site('810000000009', north(150)),
  ];
  const index = createSiteIndex(sites);

  it('when no radius is given, then the ladder stops at the first step holding k people', () => {
    const { radiusKm, candidates } = searchCandidates(index, PARIS, 3);
    expect(radiusKm).to.equal(5);
    expect(candidates.map((c) => c.site.nationalId)).to.deep.equal(['810000000001', '810000000003', '810000000004', '810000000005']);
  });

  it('when a person has two sites within the radius, then they are one pool entry at their nearest site', () => {
    const { candidates } = searchCandidates(index, PARIS, 1, 20);
    const person = candidates.filter((c) => c.site.nationalId === '810000000004');
    expect(person).to.have.length(1);
    expect(person[0]?.distanceM).to.be.closeTo(1500, 5);
  });

  it('when a person has two sites at the same distance, then they are one pool entry at the site with the lower id, whatever the order given', () => {
    const twin = { practitionerId: 6, nationalId: '810000000006', ...north(2) };
    const tied = createSiteIndex([{ ...twin, siteId: 90 }, { ...twin, siteId: 80 }, site('810000000007', north(3))]);

    const { candidates } = searchCandidates(tied, PARIS, 1, 5);

    expect(candidates.map((c) => [c.site.nationalId, c.site.siteId])).to.deep.equal([['810000000006', 80], ['810000000007', nextSiteId - 1]]);
  });

  it('when a radius is given, then it is used as is, even with fewer than k people', () => {
    const { radiusKm, candidates } = searchCandidates(index, PARIS, 5, 2);
    expect(radiusKm).to.equal(2);
    expect(candidates.map((c) => c.site.nationalId)).to.deep.equal(['810000000004', '810000000005']);
  });

  it('when nobody is within the largest step, then the pool is empty at 200 km', () => {
    const { radiusKm, candidates } = searchCandidates(createSiteIndex([site('810000000007', { lat: 16.25, lon: -61.58 })]), PARIS, 5);
    expect(radiusKm).to.equal(200);
    expect(candidates).to.deep.equal([]);
  });

  it('when candidates come back, then they are in canonical order by national identifier', () => {
    const ids = searchCandidates(index, PARIS, 1, 200).candidates.map((c) => c.site.nationalId);
    expect(ids).to.deep.equal([...ids].sort());
  });
});

describe('distances', () => {
  it('when measured by the fast formula and by geolib, then they agree to the metre', () => {
    const to = { lat: 45.764, lon: 4.8357 }; // Lyon
    const fast = fastDistanceMeters(PARIS.lat, PARIS.lon, to.lat, to.lon);
    expect(displayDistanceKm(PARIS, to) * 1000).to.be.closeTo(fast, 10);
    expect(fast / 1000).to.be.closeTo(392, 2);
  });
});

describe('pools that never cross the sea', () => {
  const CALVI = { lat: 42.5675, lon: 8.7575 };
  const AJACCIO = { lat: 41.9267, lon: 8.7369 };
  const NICE = { lat: 43.7031, lon: 7.2661 };
  const BASSE_TERRE = { lat: 15.9985, lon: -61.7261 };
  const FORT_DE_FRANCE = { lat: 14.6161, lon: -61.0588 };
  const index = createSiteIndex([
    site('810000000101', NICE), site('810000000102', NICE), site('810000000103', AJACCIO),
    site('810000000201', FORT_DE_FRANCE), site('810000000202', BASSE_TERRE),
  ]);
  const ids = (origin: { lat: number; lon: number }) => searchCandidates(index, origin, 5).candidates.map((c) => c.site.nationalId);

  it('when a member in Corsica is within 200 km of Nice, then only Corsican practitioners are in the pool, and the other way round', () => {
    expect(fastDistanceMeters(CALVI.lat, CALVI.lon, NICE.lat, NICE.lon) / 1000).to.be.below(200);
    expect(ids(CALVI)).to.deep.equal(['810000000103']);
    expect(ids(NICE)).to.deep.equal(['810000000101', '810000000102']);
  });

  it('when a member in Guadeloupe is within 200 km of Martinique, then only Guadeloupe\'s practitioners are in the pool', () => {
    expect(fastDistanceMeters(BASSE_TERRE.lat, BASSE_TERRE.lon, FORT_DE_FRANCE.lat, FORT_DE_FRANCE.lon) / 1000).to.be.below(200);
    expect(ids(BASSE_TERRE)).to.deep.equal(['810000000202']);
    expect(ids(FORT_DE_FRANCE)).to.deep.equal(['810000000201']);
  });
});
