import { expect } from 'chai';
import fc from 'fast-check';
import { DomainError } from '../../src/domain/errors.js';
import type { ReferralFilters } from '../../src/domain/filters/referral-filters.js';
import { searchCandidates } from '../../src/domain/geo/candidate-search.js';
import type { DeclaredAttributes } from '../../src/domain/import/staged-row.js';
import { createSpecialtyRepository } from '../../src/storage/specialty-repository.js';
import { buildDirectoryIndex, type DirectoryIndex } from '../../src/use-cases/directory-index.js';
import { changePractitionerStatus, type StatusDependencies, type StatusRequest } from '../../src/use-cases/practitioner-status.js';
import { aPractitioner, aSite, practitionersAround } from '../support/factories.js';
import { fixedClock, givenService, type TestService } from '../support/test-service.js';
import { directoryHistoryOf } from '../../src/use-cases/verify-log.js';
import { parseDirectoryEntry } from '../../src/domain/directory/directory-log-entry.js';

const PARIS_2E = { lat: 48.8686, lon: 2.3314 };
const SPECIALTY_CODES = ['ophtalmologie', 'pediatrie'];
const ORIGINS = [PARIS_2E, { lat: 48.84, lon: 2.28 }];
const FILTERS: (ReferralFilters | undefined)[] = [undefined, { sector: ['1', 'optam'] }, { acceptsNewPatients: true, languages: ['en'] }, { gender: 'male' }];

/** Everything a referral or a listing reads of an index, for every specialty, place, radius and filter above. */
function everythingSeenIn(index: DirectoryIndex): unknown {
  const searches = SPECIALTY_CODES.flatMap((code) => ORIGINS.flatMap((origin) => FILTERS.flatMap((filters) => [undefined, 2, 8].flatMap((radiusKm) =>
    [1, 5].map((k) => searchCandidates(index.forSpecialty(code), origin, k, radiusKm, filters))))));
  return { searches, counts: SPECIALTY_CODES.map((code) => index.activeCount(code)), totalActive: index.totalActive };
}

const requestArb: fc.Arbitrary<StatusRequest> = fc.oneof(
  fc.constant<StatusRequest>({ status: 'suspended', reason: 'Complaint under review' }),
  fc.constant<StatusRequest>({ status: 'active' }),
  fc.record<Partial<DeclaredAttributes>>({
    sector: fc.constantFrom('1', '2', 'optam', null),
    acceptsNewPatients: fc.constantFrom(true, false, null),
    languages: fc.subarray(['ar', 'en', 'es']),
    wheelchairAccess: fc.constantFrom(true, null),
  }, { requiredKeys: [] }).map((attributes): StatusRequest => ({ attributes })),
  fc.constant<StatusRequest>({ status: 'suspended', reason: 'Holiday closure', attributes: { acceptsNewPatients: false } }),
);

describe('status and attribute changes applied to the search index in place', () => {
  let t: TestService;
  let deps: StatusDependencies;
  let practitionerCount: number;
  const freshIndex = () => buildDirectoryIndex(t.services.referralContext.practitioners, createSpecialtyRepository(t.services.db));
  const change = async (id: number, request: StatusRequest) => {
    try {
      await changePractitionerStatus(deps, id, request, 'test-admin');
    } catch (error) {
      // The inactive practitioner refuses every change (409): nothing to apply.
      if (!(error instanceof DomainError)) throw error;
    }
  };

  /** The directory log replays, each specialty's last logged version is the one the index shows, and only the hand edit of `before` is unrecorded. */
  const expectDirectoryLogInStep = () => {
    const history = directoryHistoryOf(t.services.referralContext.directoryLog);
    expect(history.result.divergence).to.equal(null);
    expect(history.unrecorded.map((entry) => entry.specialty)).to.deep.equal(['ophtalmologie']);
    for (const code of SPECIALTY_CODES) {
      expect(t.services.referralContext.directoryLog.lastOf(code)?.versionAfter, code).to.equal(t.services.referralContext.directory.forSpecialty(code).directoryVersion(code));
    }
  };

  before(() => {
    const directory = [
      ...practitionersAround(14, PARIS_2E, 'ophtalmologie', 6).map((p, i) => (i % 3 === 0 ? { ...p, civility: 'M' } : i % 3 === 1 ? { ...p, civility: 'DR' } : p)),
      ...practitionersAround(8, PARIS_2E, 'pediatrie', 3),
      // Two sites, one far: the person counts once, at their nearest site.
      aPractitioner({ sites: [aSite({ lat: 48.87, lon: 2.34 }), aSite({ lat: 48.8, lon: 2.2 })] }),
      // Not placed: counted as active, in no pool.
      aPractitioner({ sites: [aSite({ lat: null, lon: null, precision: 'none' })] }),
    ];
    t = givenService(directory);
    practitionerCount = directory.length;
    // One has left the registry.
    t.services.db.prepare(`UPDATE practitioners SET status = 'inactive' WHERE id = 3`).run();
    t.services.reindex();
    deps = { practitioners: t.services.referralContext.practitioners, statusChanges: t.services.statusChanges, clock: fixedClock(), directoryChanged: t.services.practitionerChanged };
  });
  after(() => t.close());

  it('when random suspensions, resumptions and attribute changes are applied, then every search and count is what a rebuild from the database gives', async () => {
    const changesArb = fc.array(fc.tuple(fc.integer({ min: 1, max: practitionerCount }), requestArb), { minLength: 1, maxLength: 12 });
    await fc.assert(fc.asyncProperty(changesArb, async (changes) => {
      for (const [id, request] of changes) await change(id, request);
      expect(everythingSeenIn(t.services.referralContext.directory)).to.deep.equal(everythingSeenIn(freshIndex()));
    }), { seed: 20261202, numRuns: 60 });
    expectDirectoryLogInStep();
  });

  it('when changes are made while a gradual rebuild reads its pages, then the index swapped in has them too', async () => {
    let rebuilt = false;
    const rebuilding = t.services.reindexGradually().then(() => (rebuilt = true));
    const changes = fc.sample(fc.tuple(fc.integer({ min: 1, max: practitionerCount }), requestArb), { seed: 7, numRuns: 200 });
    for (const [id, request] of changes) {
      if (rebuilt) break;
      await change(id, request);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await rebuilding;
    expect(everythingSeenIn(t.services.referralContext.directory)).to.deep.equal(everythingSeenIn(freshIndex()));
    expectDirectoryLogInStep();
  });

  it('when a gradual rebuild finds a site moved in the database, then it logs just that site, before the index that shows it serves', async () => {
    const siteId = t.services.db.prepare(`SELECT s.id FROM sites s JOIN practitioners p ON p.id = s.practitioner_id
      WHERE p.status = 'active' AND p.specialty_code = 'pediatrie' AND s.lat IS NOT NULL ORDER BY s.id LIMIT 1`).pluck().get() as number;
    t.services.db.prepare('UPDATE sites SET lat = lat + 0.01 WHERE id = ?').run(siteId);
    await t.services.reindexGradually();
    const last = parseDirectoryEntry(t.services.referralContext.directoryLog.lastOf('pediatrie')?.entryJson as string);
    expect(last.cause).to.deep.equal({ kind: 'unrecorded' });
    expect(last.change.removed).to.deep.equal([]);
    expect(last.change.upserted.map((row) => row.siteId)).to.deep.equal([siteId]);
    expect(last.versionAfter).to.equal(t.services.referralContext.directory.forSpecialty('pediatrie').directoryVersion('pediatrie'));
  });
});
