import { expect } from 'chai';
import { canonicalDirectoryEntry, DIRECTORY_GENESIS_HASH, hashDirectoryEntry, parseDirectoryEntry, type DirectoryLogEntry } from '../../src/domain/directory/directory-log-entry.js';
import { DirectoryHistory, SUPERSEDED_GRACE_MS } from '../../src/domain/directory/directory-history.js';
import { applyChange, diffStates, directoryVersion, rowLine, stateOf, type DirectoryRow } from '../../src/domain/directory/directory-state.js';
import { UNKNOWN_ATTRIBUTES } from '../../src/domain/filters/referral-filters.js';
import { createSiteIndex, type IndexEntry } from '../../src/domain/geo/site-index.js';

const site = (siteId: number, practitionerId = siteId, overrides: Partial<IndexEntry> = {}): IndexEntry => ({
  practitionerId, nationalId: `8100000${String(practitionerId).padStart(5, '0')}`, siteId, lat: 48.85 + siteId / 1000, lon: 2.35, ...overrides,
});
const rowOf = ({ nationalId, siteId, lat, lon, attributes }: IndexEntry): DirectoryRow => ({ nationalId, siteId, lat, lon, attributes: attributes ?? UNKNOWN_ATTRIBUTES });

describe('the directory state and its version', () => {
  const sites = Array.from({ length: 300 }, (_, i) => site(i + 1, Math.floor(i / 2) + 1));

  it('when the index is asked its version, then it is the reference computation over its referable rows, whatever the order the sites came in', () => {
    const index = createSiteIndex([...sites].reverse());
    expect(index.directoryVersion('ophtalmologie')).to.equal(directoryVersion('ophtalmologie', sites.map(rowOf)));
    expect(index.directoryVersion('ophtalmologie')).to.not.equal(directoryVersion('cardiologie', sites.map(rowOf)));
  });

  it('when a practitioner is suspended, resumed or declares attributes in place, then the version follows as a rebuild would', () => {
    const index = createSiteIndex(sites);
    const original = index.directoryVersion('ophtalmologie');
    index.showPractitioner({ practitionerId: 7, isListed: false, attributes: undefined });
    const without7 = sites.filter((s) => s.practitionerId !== 7).map(rowOf);
    expect(index.directoryVersion('ophtalmologie')).to.equal(directoryVersion('ophtalmologie', without7));
    expect(index.rowsOfPractitioner(7)).to.deep.equal([]);

    const attributes = { ...UNKNOWN_ATTRIBUTES, gender: 'female' as const, languages: ['en'] };
    index.showPractitioner({ practitionerId: 7, isListed: true, attributes });
    const with7 = sites.map((s) => (s.practitionerId === 7 ? rowOf({ ...s, attributes }) : rowOf(s)));
    expect(index.directoryVersion('ophtalmologie')).to.equal(directoryVersion('ophtalmologie', with7));
    index.showPractitioner({ practitionerId: 7, isListed: true, attributes: undefined });
    expect(index.directoryVersion('ophtalmologie')).to.equal(original);
  });

  it('when a row is written as its line, then the line is the JSON array the specification names, unknowns as null', () => {
    expect(rowLine(rowOf(site(12, 3)))).to.equal('["810000000003",12,48.862,2.35,null,null,[],null,null]');
  });

  it('when two states are diffed, then applying the change to the first gives the second', () => {
    const before = stateOf(sites.map(rowOf));
    const after = stateOf([...sites.slice(10).map(rowOf), rowOf(site(999)), rowOf({ ...site(50, 25), lat: 44 })]);
    const change = diffStates(before, after);
    expect(change.removed).to.deep.equal(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(change.upserted.map((row) => row.siteId)).to.deep.equal([50, 999]);
    expect(directoryVersion('x', applyChange(before, change).values())).to.equal(directoryVersion('x', after.values()));
  });
});

describe('the directory log replayed', () => {
  const empty = directoryVersion('ophtalmologie', []);
  const rows = [rowOf(site(1)), rowOf(site(2))];
  const v1 = directoryVersion('ophtalmologie', rows);
  const v2 = directoryVersion('ophtalmologie', [rows[0] as DirectoryRow]);
  const first: DirectoryLogEntry = {
    sequence: 1, createdAt: '2026-11-23T10:00:00.000Z', specialty: 'ophtalmologie', cause: { kind: 'initial' },
    versionBefore: empty, versionAfter: v1, change: { removed: [], upserted: rows }, previousHash: DIRECTORY_GENESIS_HASH,
  };
  const second = (previousHash: string): DirectoryLogEntry => ({
    sequence: 2, createdAt: '2026-11-23T11:00:00.000Z', specialty: 'ophtalmologie', cause: { kind: 'suspension', nationalId: '810000000002', by: 'desk', reason: 'Complaint' },
    versionBefore: v1, versionAfter: v2, change: { removed: [2], upserted: [] }, previousHash,
  });
  const replayed = (...texts: string[]) => {
    const history = new DirectoryHistory();
    for (const text of texts) history.apply(text);
    return history;
  };

  it('when an entry is written and read back, then its canonical text is unchanged', () => {
    const text = canonicalDirectoryEntry(first);
    expect(canonicalDirectoryEntry(parseDirectoryEntry(text))).to.equal(text);
    expect(text).to.match(/^\{"sequence":1,"createdAt":"2026-11-23T10:00:00.000Z","specialty":"ophtalmologie","cause":\{"kind":"initial"\},"versionBefore":"[0-9a-f]{64}","versionAfter":"[0-9a-f]{64}","removed":\[\],"upserted":\[\["810000000001",1,/);
  });

  it('when the log is intact, then each entry gives its state while it was its specialty\'s latest, and an entry replaced long ago is refused', () => {
    const one = canonicalDirectoryEntry(first);
    const two = canonicalDirectoryEntry(second(hashDirectoryEntry(one)));
    const history = replayed(one, two);
    expect(history.result.divergence).to.equal(null);
    const [hashOne, hashTwo] = [hashDirectoryEntry(one), hashDirectoryEntry(two)];
    const during = history.stateFor(hashOne, v1, 'ophtalmologie', '2026-11-23T10:30:00.000Z');
    expect('index' in during && during.index.size).to.equal(2);
    const justAfter = new Date(Date.parse(second('').createdAt) + SUPERSEDED_GRACE_MS).toISOString();
    expect('index' in history.stateFor(hashOne, v1, 'ophtalmologie', justAfter)).to.equal(true);
    expect(history.stateFor(hashOne, v1, 'ophtalmologie', '2026-11-23T12:00:00.000Z')).to.have.property('problem').that.match(/was current from 2026-11-23T10:00:00.000Z to 2026-11-23T11:00:00.000Z/);
    expect(history.stateFor(hashTwo, v2, 'ophtalmologie', '2026-11-23T09:00:00.000Z')).to.have.property('problem');
    expect(history.stateFor(hashTwo, v2, 'cardiologie', '2026-11-23T12:00:00.000Z')).to.have.property('problem');
    expect(history.stateFor(hashTwo, v1, 'ophtalmologie', '2026-11-23T12:00:00.000Z')).to.have.property('problem').that.match(/made version/);
    expect(history.stateFor('0'.repeat(64), v2, 'ophtalmologie', '2026-11-23T12:00:00.000Z')).to.have.property('problem').that.match(/not in the directory log/);
  });

  it('when an entry claims a version its change does not give, or breaks the chain, then the replay stops at it', () => {
    const one = canonicalDirectoryEntry(first);
    const lying = canonicalDirectoryEntry({ ...second(hashDirectoryEntry(one)), versionAfter: v1 });
    expect(replayed(one, lying).result.divergence).to.include({ sequence: 2, check: 'version-after' });
    expect(replayed(one, canonicalDirectoryEntry(second(DIRECTORY_GENESIS_HASH))).result.divergence).to.include({ sequence: 2, check: 'previous-hash' });
    const skipping = canonicalDirectoryEntry({ ...second(hashDirectoryEntry(one)), versionBefore: empty });
    expect(replayed(one, skipping).result.divergence).to.include({ sequence: 2, check: 'version-before' });
    expect(replayed(one.replace('{"sequence":1,', '{ "sequence":1,')).result.divergence).to.include({ sequence: 1, check: 'malformed' });
  });

  it('when a suspension entry removes someone else\'s site, then the replay stops at it: a status change is one practitioner\'s', () => {
    const one = canonicalDirectoryEntry(first);
    const passedOff = { ...second(hashDirectoryEntry(one)), cause: { kind: 'suspension' as const, nationalId: '810000000001', by: 'desk', reason: 'Complaint' } };
    const divergence = replayed(one, canonicalDirectoryEntry(passedOff)).result.divergence;
    expect(divergence).to.include({ sequence: 2, check: 'cause' });
    expect(divergence?.found).to.equal('site 2 of 810000000002 removed');
  });
});
