import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { directoryVectors } from '../../scripts/vectors/directory-vectors.js';
import { problemsOfDirectory, type DirectoryVectors } from '../support/independent-verifier.js';

const vectors = JSON.parse(readFileSync(new URL('../../docs/vectors/directory.json', import.meta.url), 'utf8')) as DirectoryVectors;
const copy = <T>(value: T): T => structuredClone(value);
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

describe('known-answer vectors of the directory state, its log and pools formed again (docs/vectors/directory.json)', () => {
  it('when the scenario is made again by the service (real SQLite, fixed clock and directory), then the file is exactly what it makes', async () => {
    const made = JSON.parse(JSON.stringify(await directoryVectors())) as unknown;
    expect(made).to.deep.equal(vectors, 'docs/vectors/directory.json: regenerate with `npm run gen:vectors` and review the diff');
  });

  it('when the file is checked by the independent verifier (rows, buckets, versions, the log replayed, every pool formed again), then it finds nothing wrong', () => {
    expect(problemsOfDirectory(vectors)).to.deep.equal([]);
  });

  it('when the file covers what the specification asks for, then it has every cause, shared buckets, languages, every kind of pool and a site across the sea', () => {
    const { state, log, pools } = vectors;
    expect(log.entries.map((e) => e.cause.kind)).to.deep.equal(['initial', 'initial', 'suspension', 'resumption', 'unrecorded']);
    expect(new Set(log.entries.map((e) => e.specialty)).size).to.equal(2);
    expect(log.entries[3]?.versionAfter).to.equal(log.entries[0]?.versionAfter);
    const buckets = state.rows.map((row) => row.bucket);
    expect(new Set(buckets).size).to.be.below(buckets.length);
    expect(state.rows.some((row) => row.line.includes('["ar","en"]'))).to.equal(true);
    const cases = pools.cases;
    expect(cases.some((c) => c.radiusSource === 'request')).to.equal(true);
    expect(cases.some((c) => c.filters?.languages !== undefined)).to.equal(true);
    expect(cases.some((c) => c.parentId !== undefined && c.widenedFromKm === undefined)).to.equal(true);
    expect(cases.some((c) => c.widenedFromKm !== undefined && c.radiusKm === 200)).to.equal(true);
    expect(new Set(cases.map((c) => c.madeByDirectoryEntry))).to.deep.equal(new Set([1, 3, 5]));
    const sites = cases.flatMap((c) => c.sites ?? []);
    expect(sites.some((s) => s.withinRadius && !s.sameLand)).to.equal(true);
    expect(sites.some((s) => s.counts && !s.keptForPerson)).to.equal(true);
  });

  it('when one byte of a vector is altered, then the independent verifier names what is wrong', () => {
    const latitude = copy(vectors) as Mutable<DirectoryVectors>;
    const row = latitude.state.rows[0] as { line: string; bucket: number };
    row.line = row.line.replace('48.861797', '48.861798');
    expect(problemsOfDirectory(latitude)).to.include.members([`state bucket ${row.bucket}: digest is not SHA-256 of its lines, each followed by LF`, 'state: version is not SHA-256 of the version text']);

    const cause = copy(vectors) as Mutable<DirectoryVectors>;
    const suspension = cause.log.entries[2] as { canonicalText: string };
    suspension.canonicalText = suspension.canonicalText.replace('"by":"admin-paris"', '"by":"admin-parjs"');
    expect(problemsOfDirectory(cause)).to.include('directory entry 3: hash is not SHA-256 of the canonical text');

    // The last entry altered and its hash recomputed, as an insider would: the state it makes no longer hashes to versionAfter.
    const resealed = copy(vectors) as Mutable<DirectoryVectors>;
    const moved = resealed.log.entries[4] as { canonicalText: string; hash: string; upserted: string[] };
    moved.canonicalText = moved.canonicalText.replace('48.882458', '48.882459');
    moved.hash = createHash('sha256').update(moved.canonicalText).digest('hex');
    moved.upserted = moved.upserted.map((line) => line.replace('48.882458', '48.882459'));
    expect(problemsOfDirectory(resealed)).to.include('directory entry 5: versionAfter is not the version of the state once removed and upserted are applied');

    const pool = copy(vectors) as Mutable<DirectoryVectors>;
    const second = pool.pools.cases[1] as { formed: { pool: string[] } };
    second.formed.pool = second.formed.pool.slice(0, -1);
    expect(problemsOfDirectory(pool).join('\n')).to.match(/pool of referral 2: the pool formed again is .* 810000000308, not /);

    const distance = copy(vectors) as Mutable<DirectoryVectors>;
    const site = distance.pools.cases[0]?.sites?.[0] as { distanceM: number };
    site.distanceM = Number(String(site.distanceM).replace(/\.(\d{7})(\d)/, (_, head: string, digit: string) => `.${head}${(Number(digit) + 1) % 10}`));
    expect(problemsOfDirectory(distance).join('\n')).to.match(/pool of referral 1: site 1 is not seen as/);
  });
});
