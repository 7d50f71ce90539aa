import { expect } from 'chai';
import fc from 'fast-check';
import { UNKNOWN_ATTRIBUTES, type PractitionerAttributes, type ReferralFilters } from '../../src/domain/filters/referral-filters.js';
import { searchCandidates } from '../../src/domain/geo/candidate-search.js';
import { fastDistanceMeters } from '../../src/domain/geo/distance.js';
import { createSiteIndex, type IndexedSite, type IndexEntry, type SiteIndex } from '../../src/domain/geo/site-index.js';

const LYON = { lat: 45.764, lon: 4.8357 };

describe('createSiteIndex', () => {
  const sites: IndexedSite[] = [
    { practitionerId: 1, nationalId: '810000000001', siteId: 11, lat: 45.77, lon: 4.84 },
    {
      practitionerId: 2, nationalId: '810000000002', siteId: 12, lat: 45.75, lon: 4.82,
      attributes: { sector: '1', acceptsNewPatients: true, languages: ['en'], wheelchairAccess: null, gender: 'female' },
    },
    { practitionerId: 3, nationalId: '810000000003', siteId: 13, lat: 48.8566, lon: 2.3522 },
  ];
  const index = createSiteIndex(sites);

  it('when queried, then each hit names a position whose site is the one given, attributes included', () => {
    const hits = index.sitesWithin(LYON, 5);
    const found = hits.map((hit) => index.site(hit.position)).sort((a, b) => a.siteId - b.siteId);

    expect(index.size).to.equal(3);
    expect(found).to.deep.equal(sites.slice(0, 2));
    for (const hit of hits) {
      expect(index.nationalIdAt(hit.position)).to.equal(index.site(hit.position).nationalId);
      expect(index.siteIdAt(hit.position)).to.equal(index.site(hit.position).siteId);
      expect(index.attributesAt(hit.position)).to.equal(sites[hit.position]?.attributes);
    }
  });

  it('when the radius reaches Paris, then the third site is found with its distance', () => {
    const paris = index.sitesWithin(LYON, 400).find((hit) => index.siteIdAt(hit.position) === 13);
    expect(paris?.distanceM).to.be.within(390_000, 395_000);
  });

  it('when asked for a position it does not hold, then it refuses rather than inventing a site', () => {
    expect(() => index.site(3)).to.throw(RangeError, /No site at position 3 of 3/);
    expect(() => index.site(-1)).to.throw(RangeError);
    expect(() => index.site(0.5)).to.throw(RangeError);
    expect(createSiteIndex([]).sitesWithin(LYON, 200)).to.deep.equal([]);
  });

  /** The point at `distanceM` from `from` on bearing `bearing` (radians), on the distance's sphere. */
  const pointAt = (from: { lat: number; lon: number }, distanceM: number, bearing: number) => {
    const rad = Math.PI / 180;
    const angle = distanceM / 6378137;
    const lat = Math.asin(Math.sin(from.lat * rad) * Math.cos(angle) + Math.cos(from.lat * rad) * Math.sin(angle) * Math.cos(bearing));
    const lon = from.lon * rad + Math.atan2(Math.sin(bearing) * Math.sin(angle) * Math.cos(from.lat * rad), Math.cos(angle) - Math.sin(from.lat * rad) * Math.sin(lat));
    return { lat: lat / rad, lon: lon / rad };
  };

  it('when sites lie just inside the radius in every direction, anywhere from Cayenne to Dunkirk, then every one within it by the distance is found', () => {
    fc.assert(fc.property(
      fc.record({ lat: fc.double({ min: -22, max: 51, noNaN: true }), lon: fc.double({ min: -62, max: 56, noNaN: true }) }),
      fc.constantFrom(0.1, 1, 2, 5, 10, 20, 50, 100, 200),
      (origin, radiusKm) => {
        // Due north, east, south and west first: the box's edges are nearest the circle there.
        const sites = Array.from({ length: 16 }, (_, i) => ({
          practitionerId: i, nationalId: String(i), siteId: i, ...pointAt(origin, radiusKm * 1000 * (1 - 1e-7), (i * Math.PI) / 8),
        }));
        const within = sites.filter((site) => fastDistanceMeters(origin.lat, origin.lon, site.lat, site.lon) <= radiusKm * 1000);
        const index = createSiteIndex(sites);
        const found = index.sitesWithin(origin, radiusKm).map((hit) => index.siteIdAt(hit.position)).sort((a, b) => a - b);
        expect(found).to.deep.equal(within.map((site) => site.siteId));
        expect(within.length).to.be.at.least(12);
      },
    ), { seed: 20261204, numRuns: 300 });
  });
});

describe('SiteIndex.showPractitioner (a status or attribute change applied in place)', () => {
  const SECTOR_ONE = { sector: '1', acceptsNewPatients: true, languages: ['en'], wheelchairAccess: null, gender: 'female' } as const;
  const NOTHING_DECLARED = undefined;
  const attributesArb = fc.constantFrom(SECTOR_ONE, NOTHING_DECLARED, { ...UNKNOWN_ATTRIBUTES, gender: 'male' as const });
  // Up to 12 people, each with one to three sites around Lyon; some suspended when built.
  const directoryArb = fc.array(fc.record({
    sites: fc.array(fc.record({ lat: fc.double({ min: 45.5, max: 46, noNaN: true }), lon: fc.double({ min: 4.5, max: 5.2, noNaN: true }) }), { minLength: 1, maxLength: 3 }),
    isListed: fc.boolean(),
    attributes: attributesArb,
  }), { minLength: 1, maxLength: 12 });
  const changeArb = fc.record({ person: fc.nat(), isListed: fc.boolean(), attributes: attributesArb });

  type Person = { sites: { lat: number; lon: number }[]; isListed: boolean; attributes: PractitionerAttributes | undefined };
  const entriesOf = (people: readonly Person[]): IndexEntry[] => people.flatMap((person, i) => person.sites.map((at, s) => ({
    practitionerId: i + 1, nationalId: `8${String(10000000000 + i)}`, siteId: 100 * (i + 1) + s, ...at,
    ...(person.attributes !== undefined && { attributes: person.attributes }), ...(!person.isListed && { isSuspended: true }),
  })));

  it('when random changes are applied in place, then every search answers as an index built afresh with the final state', () => {
    fc.assert(fc.property(directoryArb, fc.array(changeArb, { maxLength: 20 }), fc.integer({ min: 1, max: 60 }), (people, changes, radiusKm) => {
      const live = createSiteIndex(entriesOf(people));
      const final: Person[] = people.map((person) => ({ ...person }));
      for (const change of changes) {
        const at = change.person % final.length;
        live.showPractitioner({ practitionerId: at + 1, isListed: change.isListed, attributes: change.attributes });
        final[at] = { ...(final[at] as Person), isListed: change.isListed, attributes: change.attributes };
      }
      const fresh = createSiteIndex(entriesOf(final));
      const search = (index: SiteIndex, filters?: ReferralFilters) => searchCandidates(index, LYON, 3, radiusKm, filters);
      expect(search(live)).to.deep.equal(search(fresh));
      expect(search(live, { sector: ['1'] })).to.deep.equal(search(fresh, { sector: ['1'] }));
      expect(search(live, { gender: 'male' })).to.deep.equal(search(fresh, { gender: 'male' }));
      expect(searchCandidates(live, LYON, 3)).to.deep.equal(searchCandidates(fresh, LYON, 3));
    }), { seed: 20261202, numRuns: 300 });
  });

  it('when someone is suspended, then none of their sites is found, and when resumed all are again', () => {
    const index = createSiteIndex([
      { practitionerId: 1, nationalId: '810000000001', siteId: 11, lat: 45.77, lon: 4.84 },
      { practitionerId: 2, nationalId: '810000000002', siteId: 12, lat: 45.75, lon: 4.82 },
      { practitionerId: 1, nationalId: '810000000001', siteId: 14, lat: 45.76, lon: 4.83 },
    ]);
    const foundIds = () => index.sitesWithin(LYON, 5).map((hit) => index.siteIdAt(hit.position)).sort((a, b) => a - b);

    expect(index.showPractitioner({ practitionerId: 1, isListed: false, attributes: undefined })).to.equal(2);
    expect(foundIds()).to.deep.equal([12]);
    index.showPractitioner({ practitionerId: 1, isListed: true, attributes: undefined });
    expect(foundIds()).to.deep.equal([11, 12, 14]);
    expect(index.showPractitioner({ practitionerId: 99, isListed: false, attributes: undefined })).to.equal(0);
  });
});
