import { expect } from 'chai';
import { SPECIALTIES } from '../../src/domain/specialties/catalogue.js';
import { createSpecialtyRepository } from '../../src/storage/specialty-repository.js';
import { assembleDirectoryIndex, buildDirectoryIndex, gatherSiteIndexesGradually } from '../../src/use-cases/directory-index.js';
import { aPractitioner, aSite } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

describe('the directory index rebuilt gradually (a server after an import)', () => {
  let t: TestService;
  before(() => {
    const paris = { lat: 48.8686, lon: 2.3314 };
    const lyon = { lat: 45.76, lon: 4.85 };
    t = givenService([
      ...Array.from({ length: 7 }, () => aPractitioner({ at: paris })),
      aPractitioner({ sites: [aSite(paris), aSite(lyon)] }),
      ...Array.from({ length: 5 }, () => aPractitioner({ specialtyCode: 'pediatrie', at: lyon })),
      aPractitioner({ sites: [aSite({ lat: null, lon: null, precision: 'none' })] }),
    ]);
    const [inactive, retiredSite] = t.services.db.prepare('SELECT id FROM practitioners ORDER BY id LIMIT 2').pluck().all() as number[];
    t.services.db.prepare(`UPDATE practitioners SET status = 'inactive' WHERE id = ?`).run(inactive);
    t.services.db.prepare(`UPDATE sites SET active = 0 WHERE practitioner_id = ?`).run(retiredSite);
  });
  after(() => t.close());

  it('when read a page of two practitioners at a time, then it holds exactly what the one-go build holds', async () => {
    const { practitioners } = t.services.referralContext;
    const specialties = createSpecialtyRepository(t.services.db);
    const whole = buildDirectoryIndex(practitioners, specialties);
    const paged = assembleDirectoryIndex(await gatherSiteIndexesGradually(practitioners, SPECIALTIES.map((s) => s.code), 2), specialties.activeCounts());
    const sites = (index: typeof whole, code: string) =>
      index.forSpecialty(code).sitesWithin({ lat: 47, lon: 3.5 }, 500).map((hit) => index.forSpecialty(code).siteIdAt(hit.position)).sort((a, b) => a - b);

    for (const code of ['ophtalmologie', 'pediatrie']) expect(sites(paged, code), code).to.deep.equal(sites(whole, code));
    expect(sites(paged, 'ophtalmologie')).to.have.length(7); // 8 people, 9 sites: one inactive, one site retired, none unplaced
    expect(paged.totalActive).to.equal(whole.totalActive);
  });
});
