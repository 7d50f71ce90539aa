import { expect } from 'chai';
import { createSiteIndex, type IndexedSite } from '../../src/domain/geo/site-index.js';

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
});
