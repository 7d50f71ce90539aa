import { createHash, createHmac, createPrivateKey, createPublicKey, verify } from 'node:crypto';

/**
 * A verifier of docs/vectors/log.json, transparency.json and directory.json written from
 * docs/audit-log.md alone, with node:crypto and nothing from src/: SHA-256 of the canonical
 * texts, HMAC seeds and ids, pool hashes, the counter rule, RFC 9162's recursive definitions
 * of the tree, its paths and proofs, Ed25519 notes, directory versions, the directory log
 * replayed and pools formed again. It never reads how an entry is
 * serialized (the code's log format decides that): only the members every format has. Each
 * check returns what it found wrong, so that a test can show it fails on an altered vector.
 */

interface Counter {
  readonly expectedUnits: number;
  readonly offered: number;
}

export interface LogVectorEntry {
  readonly sequence: number;
  readonly createdAt: string;
  readonly period: string;
  readonly periodSecretHex: string;
  readonly seedDerivation: { readonly hmacMessage: string; readonly hmacSha256Hex: string; readonly seed: string };
  readonly idDerivation: { readonly hmacMessage: string; readonly hmacSha256Hex: string; readonly id: string };
  readonly specialty: string;
  readonly parentId?: string;
  readonly filters?: unknown;
  readonly widenedFromKm?: number;
  readonly pool: { readonly nationalIds: readonly string[]; readonly hashedText: string; readonly poolHash: string };
  readonly previousOrderOfSamePool: readonly string[] | null;
  readonly countersBefore: Readonly<Record<string, Counter>>;
  readonly draw: { readonly k: number; readonly shareUnits: number; readonly redraws: number; readonly order: readonly string[] };
  readonly countersAfter: Readonly<Record<string, Counter>>;
  readonly shown: { readonly text: string; readonly shownHash: string };
  readonly entry: { readonly canonicalText: string; readonly hash: string; readonly previousHash: string; readonly leafIndex: number };
}

export interface LogVectors {
  readonly periods: { readonly list: readonly { readonly period: string; readonly secretHex: string; readonly commitment: string }[] };
  readonly entries: { readonly list: readonly LogVectorEntry[] };
}

export interface TransparencyVectors {
  readonly testKey: { readonly origin: string; readonly ed25519PrivateSeedHex: string; readonly ed25519PublicKeyHex: string; readonly keyIdHex: string; readonly verifierKey: string };
  readonly leaves: { readonly list: readonly { readonly leafIndex: number; readonly sequence: number; readonly entryHash: string; readonly leafHash: string }[] };
  readonly roots: { readonly list: readonly { readonly treeSize: number; readonly rootHex: string; readonly rootBase64: string }[] };
  readonly checkpoints: { readonly list: readonly { readonly treeSize: number; readonly text: string; readonly signedNote: string; readonly keyIdHex: string; readonly signatureHex: string }[] };
  readonly inclusionProofs: { readonly list: readonly { readonly leafIndex: number; readonly treeSize: number; readonly leafHash: string; readonly hashes: readonly string[]; readonly rootHex: string }[] };
  readonly consistencyProofs: { readonly list: readonly { readonly from: number; readonly to: number; readonly hashes: readonly string[]; readonly fromRootHex: string; readonly toRootHex: string }[] };
}

const sha256 = (...parts: readonly (string | Uint8Array)[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Every disagreement between log.json and the rules of docs/audit-log.md; empty when there is none. */
export function problemsOfLog(log: LogVectors): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const secrets = new Map(log.periods.list.map((p) => [p.period, p.secretHex]));
  for (const period of log.periods.list) {
    if (sha256(Buffer.from(period.secretHex, 'hex')).toString('hex') !== period.commitment) fail(`period ${period.period}`, 'commitment is not SHA-256 of the secret');
  }
  // Counters as the log implies them, per (specialty, national id), from zero.
  const tally = new Map<string, Counter>();
  const lastOrderOfPool = new Map<string, readonly string[]>();
  const ids = new Set<string>();
  let previousHash = '0'.repeat(64);
  log.entries.list.forEach((e, position) => {
    const at = `entry ${e.sequence}`;
    if (e.sequence !== position + 1 || e.entry.leafIndex !== position) fail(at, 'sequence or leaf index out of order');

    // The entry's hash and its chain.
    const text = e.entry.canonicalText;
    if (sha256(Buffer.from(text, 'utf8')).toString('hex') !== e.entry.hash) fail(at, 'SHA-256 of the canonical text is not the hash');
    if (e.entry.previousHash !== previousHash) fail(at, 'previousHash is not the previous entry\'s hash');
    previousHash = e.entry.hash;
    const members = JSON.parse(text) as Record<string, unknown>;
    if (JSON.stringify(members) !== text) fail(at, 'the canonical text is not compact JSON');
    const committed = {
      sequence: e.sequence, id: e.idDerivation.id, createdAt: e.createdAt, seed: e.seedDerivation.seed, specialty: e.specialty, count: e.draw.k,
      poolHash: e.pool.poolHash, poolSize: e.pool.nationalIds.length, proposed: e.draw.order, shownHash: e.shown.shownHash, previousHash: e.entry.previousHash,
    };
    for (const [key, value] of Object.entries(committed)) if (!same(members[key], value)) fail(at, `canonical ${key} is not the vector's`);
    // Optional members are omitted when absent, never null.
    for (const key of ['parentId', 'filters', 'widenedFromKm'] as const) {
      if (e[key] === undefined ? key in members : !same(members[key], e[key])) fail(at, `canonical ${key} does not match the vector`);
    }
    if (e.parentId !== undefined && !ids.has(e.parentId)) fail(at, 'parentId is not an earlier entry');
    ids.add(e.idDerivation.id);

    // Seed and id from the period's secret.
    const secretHex = secrets.get(e.createdAt.slice(0, 10));
    if (secretHex !== e.periodSecretHex || e.period !== e.createdAt.slice(0, 10)) fail(at, 'not the secret of the day of createdAt');
    const secret = Buffer.from(e.periodSecretHex, 'hex');
    const seedHmac = createHmac('sha256', secret).update(`seed:${e.sequence}`).digest('hex');
    if (e.seedDerivation.hmacMessage !== `seed:${e.sequence}` || e.seedDerivation.hmacSha256Hex !== seedHmac || e.seedDerivation.seed !== seedHmac.slice(0, 32)) fail(at, 'seed is not HMAC-SHA256(secret, "seed:" + sequence)');
    const idHmac = createHmac('sha256', secret).update(`id:${e.sequence}`).digest('hex');
    const ordered = e.sequence.toString(16).padStart(12, '0');
    const variant = ((parseInt(idHmac[3] ?? '', 16) & 3) | 8).toString(16);
    const id = `${ordered.slice(0, 8)}-${ordered.slice(8)}-8${idHmac.slice(0, 3)}-${variant}${idHmac.slice(4, 7)}-${idHmac.slice(7, 19)}`;
    if (e.idDerivation.hmacMessage !== `id:${e.sequence}` || e.idDerivation.hmacSha256Hex !== idHmac || e.idDerivation.id !== id) fail(at, 'id is not derived from HMAC-SHA256(secret, "id:" + sequence)');

    // The pool: canonical order, hashed with its specialty.
    const pool = e.pool.nationalIds;
    const sorted = [...new Set(pool)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (!same(sorted, pool)) fail(at, 'pool is not in canonical order without repeats');
    if (e.pool.hashedText !== [e.specialty, ...pool].join('\n') || sha256(e.pool.hashedText).toString('hex') !== e.pool.poolHash) fail(at, 'poolHash is not SHA-256 of specialty and members, one per line');

    // What was shown, and the order.
    const shown = JSON.parse(e.shown.text) as { practitioners: { rank: number; nationalId: string }[] };
    if (sha256(Buffer.from(e.shown.text, 'utf8')).toString('hex') !== e.shown.shownHash) fail(at, 'shownHash is not SHA-256 of the shown text');
    if (!same(shown.practitioners.map((p) => p.nationalId), e.draw.order) || shown.practitioners.some((p, i) => p.rank !== i + 1)) fail(at, 'the shown practitioners are not the order, ranked from 1');
    if (e.draw.order.length !== Math.min(e.draw.k, pool.length) || e.draw.order.some((member) => !pool.includes(member)) || new Set(e.draw.order).size !== e.draw.order.length) fail(at, 'the order is not min(k, n) distinct pool members');

    // The previous order of the same pool, and the rule that the same set never comes in the same order twice.
    const previousOrder = lastOrderOfPool.get(e.pool.poolHash) ?? null;
    if (!same(previousOrder, e.previousOrderOfSamePool)) fail(at, 'previousOrderOfSamePool is not the order of the last entry with this poolHash');
    if (previousOrder !== null && e.draw.order.length > 1 && same([...previousOrder].sort(), [...e.draw.order].sort()) && same(previousOrder, e.draw.order)) fail(at, 'the same set in the same order as last time');
    lastOrderOfPool.set(e.pool.poolHash, e.draw.order);

    // Counters: cumulative per specialty from zero; every member's expected grows by the share, the proposed are offered once more.
    const share = Math.round(Math.min(1, e.draw.order.length / pool.length) * 2 ** 32);
    if (e.draw.shareUnits !== share) fail(at, 'shareUnits is not round(min(1, proposed / n) × 2^32)');
    if (!same(Object.keys(e.countersBefore), pool) || !same(Object.keys(e.countersAfter), pool)) fail(at, 'counters are not given for exactly the pool');
    for (const member of pool) {
      const key = `${e.specialty}/${member}`;
      const before = tally.get(key) ?? { expectedUnits: 0, offered: 0 };
      const after = { expectedUnits: before.expectedUnits + share, offered: before.offered + (e.draw.order.includes(member) ? 1 : 0) };
      if (!same(e.countersBefore[member], before)) fail(at, `countersBefore of ${member} is not what the earlier entries imply`);
      if (!same(e.countersAfter[member], after)) fail(at, `countersAfter of ${member} is not countersBefore plus this draw`);
      tally.set(key, after);
    }
  });
  return problems;
}

/** MTH of RFC 9162 §2.1.1 over leaf hashes. */
function mth(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = largestPowerOfTwoBelow(leaves.length);
  return sha256(Uint8Array.of(1), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1. */
function path(m: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

/** SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1. */
function subproof(m: number, leaves: readonly Buffer[], whole: boolean): Buffer[] {
  if (m === leaves.length) return whole ? [] : [mth(leaves)];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), whole), mth(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

const hexes = (hashes: readonly Buffer[]) => hashes.map((hash) => hash.toString('hex'));

/** PKCS#8 DER header of an Ed25519 private key (RFC 8410), before the 32-byte seed. */
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Every disagreement between transparency.json (over log.json's entries) and RFC 9162, C2SP signed notes and checkpoints. */
export function problemsOfTransparency(tree: TransparencyVectors, log: LogVectors): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const texts = log.entries.list.map((e) => e.entry.canonicalText);
  const leaves = texts.map((text) => sha256(Uint8Array.of(0), Buffer.from(text, 'utf8')));
  if (tree.leaves.list.length !== leaves.length) fail('leaves', 'not one per entry');
  tree.leaves.list.forEach((leaf, i) => {
    const entry = log.entries.list[i];
    if (leaf.leafIndex !== i || leaf.sequence !== entry?.sequence || leaf.entryHash !== entry.entry.hash) fail(`leaf ${i}`, 'not the entry at that position');
    if (leaf.leafHash !== leaves[i]?.toString('hex')) fail(`leaf ${i}`, 'leafHash is not SHA-256(0x00 || canonical text)');
  });
  const root = (size: number) => mth(leaves.slice(0, size));
  if (tree.roots.list.length !== leaves.length + 1) fail('roots', 'not one per size from 0');
  tree.roots.list.forEach(({ treeSize, rootHex, rootBase64 }) => {
    if (rootHex !== root(treeSize).toString('hex') || rootBase64 !== root(treeSize).toString('base64')) fail(`root ${treeSize}`, 'not MTH of the first leaves');
  });
  for (const proof of tree.inclusionProofs.list) {
    const where = `inclusion of ${proof.leafIndex} in ${proof.treeSize}`;
    if (proof.leafHash !== leaves[proof.leafIndex]?.toString('hex') || proof.rootHex !== root(proof.treeSize).toString('hex')) fail(where, 'leaf or root hash wrong');
    if (!same(proof.hashes, hexes(path(proof.leafIndex, leaves.slice(0, proof.treeSize))))) fail(where, 'hashes are not PATH(m, D[n])');
  }
  for (const proof of tree.consistencyProofs.list) {
    const where = `consistency from ${proof.from} to ${proof.to}`;
    if (proof.fromRootHex !== root(proof.from).toString('hex') || proof.toRootHex !== root(proof.to).toString('hex')) fail(where, 'root hashes wrong');
    if (!same(proof.hashes, hexes(subproof(proof.from, leaves.slice(0, proof.to), true)))) fail(where, 'hashes are not SUBPROOF(m, D[n], true)');
  }

  // The key: the seed gives the public key, which gives the key ID and the verifier key string.
  const { testKey } = tree;
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, Buffer.from(testKey.ed25519PrivateSeedHex, 'hex')]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const publicRaw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  if (publicRaw.toString('hex') !== testKey.ed25519PublicKeyHex) fail('test key', 'the public key is not the seed\'s');
  const keyId = sha256(testKey.origin, Uint8Array.of(0x0a, 0x01), publicRaw).subarray(0, 4);
  if (keyId.toString('hex') !== testKey.keyIdHex) fail('test key', 'keyIdHex is not the first 4 bytes of SHA-256(origin || 0x0A || 0x01 || key)');
  if (testKey.verifierKey !== `${testKey.origin}+${keyId.toString('hex')}+${Buffer.concat([Uint8Array.of(1), publicRaw]).toString('base64')}`) fail('test key', 'verifierKey is not origin+keyID+base64(0x01 || key)');

  for (const checkpoint of tree.checkpoints.list) {
    const where = `checkpoint ${checkpoint.treeSize}`;
    if (checkpoint.text !== `${testKey.origin}\n${checkpoint.treeSize}\n${root(checkpoint.treeSize).toString('base64')}\n`) fail(where, 'text is not origin, size and base64 root, one per line');
    const signature = Buffer.from(checkpoint.signatureHex, 'hex');
    if (checkpoint.keyIdHex !== testKey.keyIdHex) fail(where, 'signed by another key ID');
    if (checkpoint.signedNote !== `${checkpoint.text}\n\u2014 ${testKey.origin} ${Buffer.concat([keyId, signature]).toString('base64')}\n`) fail(where, 'signedNote is not text, blank line, signature line');
    if (!verify(null, Buffer.from(checkpoint.text, 'utf8'), publicKey, signature)) fail(where, 'the Ed25519 signature does not verify over the text');
  }
  return problems;
}

/**
 * docs/vectors/directory.json, as the specification's "Directory state", "Directory log" and
 * "Forming the pool again" describe it, with nothing from src/: rows, buckets and versions
 * recomputed, the log replayed, every pool formed again from the state its referral names.
 */
type Row = readonly [string, number, number, number, string | null, boolean | null, readonly string[], boolean | null, string | null];
type Filters = { readonly sector?: readonly string[]; readonly acceptsNewPatients?: true; readonly languages?: readonly string[]; readonly wheelchairAccess?: true; readonly gender?: string };

export interface DirectoryLogVector {
  readonly sequence: number;
  readonly createdAt: string;
  readonly specialty: string;
  readonly cause: Readonly<Record<string, unknown>>;
  readonly versionBefore: string;
  readonly versionAfter: string;
  readonly removed: readonly number[];
  readonly upserted: readonly string[];
  readonly previousHash: string;
  readonly canonicalText: string;
  readonly hash: string;
}

export interface PoolCaseVector {
  readonly name: string;
  readonly referral: { readonly sequence: number; readonly id: string; readonly createdAt: string };
  readonly specialty: string;
  readonly directoryVersion: string;
  readonly madeByDirectoryEntry: number;
  readonly origin: { readonly lat: number; readonly lon: number };
  readonly count: number;
  readonly radiusSource: 'ladder' | 'request';
  readonly radiusKm: number;
  readonly filters?: Filters;
  readonly parentId?: string;
  readonly call?: { readonly parentPool: readonly string[]; readonly proposedInCall: readonly string[] };
  readonly widenedFromKm?: number;
  readonly proposed: readonly string[];
  readonly formed: { readonly radiusKm: number; readonly pool: readonly string[]; readonly poolHash: string; readonly nearestSites: readonly { readonly nationalId: string; readonly siteId: number | null }[] };
  readonly sites?: readonly {
    readonly siteId: number; readonly nationalId: string; readonly distanceM: number; readonly territory: string;
    readonly sameLand: boolean; readonly meetsFilters: boolean; readonly withinRadius: boolean; readonly counts: boolean; readonly keptForPerson: boolean;
  }[];
}

export interface DirectoryVectors {
  readonly emptyState: { readonly emptyBucketDigest: string; readonly versions: readonly { readonly specialty: string; readonly version: string }[] };
  readonly state: {
    readonly specialty: string;
    readonly rows: readonly { readonly siteId: number; readonly bucket: number; readonly line: string }[];
    readonly bucketDigests: readonly string[];
    readonly versionText: string;
    readonly version: string;
  };
  readonly log: { readonly entries: readonly DirectoryLogVector[] };
  readonly pools: { readonly cases: readonly PoolCaseVector[] };
}

const hex = (text: string) => sha256(Buffer.from(text, 'utf8')).toString('hex');
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A row read from its line, checked member by member against "Directory state". */
function rowOfLine(line: string): Row | string {
  const row = JSON.parse(line) as unknown[];
  if (!Array.isArray(row) || row.length !== 9) return 'not an array of nine members';
  const [nationalId, siteId, lat, lon, sector, accepts, languages, wheelchair, gender] = row;
  const isFlag = (value: unknown) => value === true || value === false || value === null;
  if (typeof nationalId !== 'string' || !Number.isInteger(siteId) || typeof lat !== 'number' || typeof lon !== 'number'
    || !['1', '2', 'optam', null].includes(sector as string | null) || !isFlag(accepts) || !isFlag(wheelchair)
    || !Array.isArray(languages) || languages.some((l) => typeof l !== 'string') || !['female', 'male', null].includes(gender as string | null)) {
    return 'a member of the wrong type';
  }
  if (JSON.stringify(row) !== line) return 'not written as ECMAScript writes it';
  return row as unknown as Row;
}

const BUCKETS = 64;

/** A state's 64 bucket digests, its hashed text and its version, from its lines. */
function versionOfLines(specialty: string, lines: readonly string[]): { digests: string[]; text: string; version: string } {
  const withIds = lines.map((line) => ({ line, siteId: (JSON.parse(line) as Row)[1] })).sort((a, b) => a.siteId - b.siteId);
  const digests = Array.from({ length: BUCKETS }, (_, bucket) => hex(withIds.filter((row) => row.siteId % BUCKETS === bucket).map((row) => `${row.line}\n`).join('')));
  const text = `directory-state/1\n${specialty}\n${digests.map((digest) => `${digest}\n`).join('')}`;
  return { digests, text, version: hex(text) };
}

/** The canonical text of a directory log entry from its members, in the specification's order. */
function canonicalOfEntry(entry: Readonly<Record<string, unknown>>): string {
  const cause = entry.cause as Record<string, unknown>;
  const causeKeys: Readonly<Record<string, readonly string[]>> = {
    initial: ['kind'], unrecorded: ['kind'], import: ['kind', 'imports'], regeocoding: ['kind', 'regeocodings'],
    suspension: ['kind', 'nationalId', 'by', 'reason'], resumption: ['kind', 'nationalId', 'by', 'reason'], attributes: ['kind', 'nationalId', 'by', 'reason'],
  };
  const orderedCause = Object.fromEntries((causeKeys[cause.kind as string] ?? []).map((key) => [key, cause[key]]));
  const keys = ['sequence', 'createdAt', 'specialty', 'cause', 'versionBefore', 'versionAfter', 'removed', 'upserted', 'previousHash'];
  return `{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(key === 'cause' ? orderedCause : entry[key])}`).join(',')}}`;
}

const EARTH_RADIUS_M = 6378137;
const RADIUS_LADDER_KM = [1, 2, 5, 10, 20, 50, 100, 200];
const OVERSEAS: readonly (readonly [string, number, number])[] = [
  ['971', 16.2, -61.55], ['972', 14.64, -61.02], ['973', 4.0, -53.0], ['974', -21.11, 55.53], ['975', 46.95, -56.3],
  ['976', -12.8, 45.15], ['977', 17.9, -62.83], ['978', 18.07, -63.06], ['986', -13.3, -176.2], ['987', -17.6, -149.5], ['988', -21.3, 165.5],
];

/** "Distance": the spherical law of cosines on 6,378,137 m, as the specification orders the operations. */
function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const perDegree = Math.PI / 180;
  const phi1 = lat1 * perDegree;
  const phi2 = lat2 * perDegree;
  const cosine = Math.sin(phi1) * Math.sin(phi2) + Math.cos(phi1) * Math.cos(phi2) * Math.cos((lon1 - lon2) * perDegree);
  return Math.acos(Math.min(1, Math.max(-1, cosine))) * EARTH_RADIUS_M;
}

/** "Same land": the boxes, then the nearest overseas point. */
function territoryOfPoint(lat: number, lon: number): string {
  if (lat >= 41.3 && lat <= 43.1 && lon >= 8.5 && lon <= 9.65) return 'corsica';
  if (lat >= 41.3 && lat <= 51.2 && lon >= -5.3 && lon <= 9.7) return 'mainland';
  let nearest = '';
  let nearestM = Infinity;
  for (const [code, pLat, pLon] of OVERSEAS) {
    const d = distanceM(lat, lon, pLat, pLon);
    if (d < nearestM) [nearest, nearestM] = [code, d];
  }
  return nearest;
}

function meetsFilters(row: Row, filters: Filters | undefined): boolean {
  if (filters === undefined) return true;
  const [, , , , sector, accepts, languages, wheelchair, gender] = row;
  if (filters.sector && (sector === null || !filters.sector.includes(sector))) return false;
  if (filters.acceptsNewPatients && accepts !== true) return false;
  if (filters.languages && !filters.languages.every((language) => languages.includes(language))) return false;
  if (filters.wheelchairAccess && wheelchair !== true) return false;
  if (filters.gender && gender !== filters.gender) return false;
  return true;
}

interface SeenSite { readonly row: Row; readonly d: number; readonly territory: string; readonly sameLand: boolean; readonly meets: boolean }

/** Every row seen from the origin: its distance, its land, and whether it meets the filters. */
function seenFrom(rows: readonly Row[], origin: { lat: number; lon: number }, filters: Filters | undefined): SeenSite[] {
  const originLand = territoryOfPoint(origin.lat, origin.lon);
  const landMatters = originLand !== 'mainland' || (origin.lat < 45.5 && origin.lon > 4.5);
  return rows.map((row) => {
    const territory = territoryOfPoint(row[2], row[3]);
    return { row, d: distanceM(origin.lat, origin.lon, row[2], row[3]), territory, sameLand: !landMatters || territory === originLand, meets: meetsFilters(row, filters) };
  });
}

/** "One per person" within a radius: each national identifier's nearest counting site (the lower site id on a tie). */
function peopleWithin(seen: readonly SeenSite[], radiusKm: number): Map<string, SeenSite> {
  const nearest = new Map<string, SeenSite>();
  for (const site of seen) {
    if (!site.sameLand || !site.meets || site.d > radiusKm * 1000) continue;
    const held = nearest.get(site.row[0]);
    if (!held || site.d < held.d || (site.d === held.d && site.row[1] < held.row[1])) nearest.set(site.row[0], site);
  }
  return nearest;
}

/** "Radius" and "Five more": the pool and radius the case's entry must have. */
function formPool(seen: readonly SeenSite[], c: PoolCaseVector, proposedInCall: ReadonlySet<string> | null): { radiusKm: number; people: Map<string, SeenSite> } {
  if (c.parentId === undefined) {
    if (c.radiusSource === 'request') return { radiusKm: c.radiusKm, people: peopleWithin(seen, c.radiusKm) };
    for (const step of RADIUS_LADDER_KM) {
      const people = peopleWithin(seen, step);
      if (people.size >= c.count || step === 200) return { radiusKm: step, people };
    }
  }
  const proposed = proposedInCall ?? new Set<string>();
  const fresh = (people: Map<string, SeenSite>) => new Map([...people].filter(([id]) => !proposed.has(id)));
  if (c.widenedFromKm !== undefined) {
    let found = { radiusKm: c.widenedFromKm, people: new Map<string, SeenSite>() };
    for (const step of RADIUS_LADDER_KM.filter((s) => s > (c.widenedFromKm as number))) {
      const people = fresh(peopleWithin(seen, step));
      if (people.size > 0) found = { radiusKm: step, people };
      if (people.size >= c.count) break;
    }
    return found;
  }
  const parentPool = new Set(c.call?.parentPool ?? []);
  return { radiusKm: c.radiusKm, people: new Map([...fresh(peopleWithin(seen, c.radiusKm))].filter(([id]) => parentPool.has(id))) };
}

/** Every disagreement between directory.json and the rules of docs/audit-log.md; empty when there is none. */
export function problemsOfDirectory(v: DirectoryVectors): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);

  // The empty state.
  if (v.emptyState.emptyBucketDigest !== hex('')) fail('empty state', 'emptyBucketDigest is not SHA-256 of the empty string');
  const emptyVersion = (specialty: string) => versionOfLines(specialty, []).version;
  for (const { specialty, version } of v.emptyState.versions) if (version !== emptyVersion(specialty)) fail(`empty state of ${specialty}`, 'version is not that of 64 empty buckets');

  // The state: each line, its bucket, the digests, the text and the version.
  const { state } = v;
  state.rows.forEach((r, i) => {
    const row = rowOfLine(r.line);
    if (typeof row === 'string') fail(`state row ${i}`, `line is ${row}`);
    else if (row[1] !== r.siteId || r.bucket !== r.siteId % BUCKETS) fail(`state row ${i}`, 'siteId or bucket is not the line\'s');
    const previous = state.rows[i - 1];
    if (previous !== undefined && previous.siteId >= r.siteId) fail(`state row ${i}`, 'not in ascending siteId');
  });
  const computed = versionOfLines(state.specialty, state.rows.map((r) => r.line));
  computed.digests.forEach((digest, bucket) => {
    if (state.bucketDigests[bucket] !== digest) fail(`state bucket ${bucket}`, 'digest is not SHA-256 of its lines, each followed by LF');
  });
  if (state.bucketDigests.length !== BUCKETS) fail('state', 'not 64 bucket digests');
  if (state.versionText !== computed.text) fail('state', 'versionText is not "directory-state/1", the specialty and the 64 digests, each followed by LF');
  if (state.version !== computed.version) fail('state', 'version is not SHA-256 of the version text');

  // The log, replayed: chain, canonical text, versionBefore, the change applied, versionAfter.
  const states = new Map<string, Map<number, string>>();
  const versionSoFar = new Map<string, string>();
  const madeBy = new Map<string, { sequence: number; specialty: string; lines: string[] }>();
  const tenures: { version: string; specialty: string; from: string; until: string | null }[] = [];
  let previousHash = '0'.repeat(64);
  v.log.entries.forEach((e, i) => {
    const at = `directory entry ${e.sequence}`;
    const text = e.canonicalText;
    const members = JSON.parse(text) as Record<string, unknown>;
    if (members.sequence !== i + 1) fail(at, 'sequence does not follow the previous one');
    if (hex(text) !== e.hash) fail(at, 'hash is not SHA-256 of the canonical text');
    if (members.previousHash !== previousHash) fail(at, 'previousHash is not the previous entry\'s hash');
    previousHash = e.hash;
    if (canonicalOfEntry(members) !== text) fail(at, 'the text is not canonical');
    const upsertedLines = (members.upserted as unknown[]).map((row) => JSON.stringify(row));
    const shown = { sequence: e.sequence, createdAt: e.createdAt, specialty: e.specialty, cause: e.cause, versionBefore: e.versionBefore, versionAfter: e.versionAfter, removed: e.removed, upserted: e.upserted, previousHash: e.previousHash };
    if (!same({ ...members, upserted: upsertedLines }, shown)) fail(at, 'its members are not those of its canonical text');
    const removed = members.removed as number[];
    if (!same(removed, [...removed].sort((a, b) => a - b))) fail(at, 'removed is not ascending');
    const upsertedIds = upsertedLines.map((line) => (JSON.parse(line) as Row)[1]);
    if (!same(upsertedIds, [...upsertedIds].sort((a, b) => a - b))) fail(at, 'upserted is not in ascending siteId');
    for (const line of upsertedLines) if (typeof rowOfLine(line) === 'string') fail(at, `an upserted row is ${rowOfLine(line) as string}`);
    const specialty = members.specialty as string;
    const before = versionSoFar.get(specialty) ?? emptyVersion(specialty);
    if (members.versionBefore !== before) fail(at, 'versionBefore is not the specialty\'s version so far');
    const next = new Map(states.get(specialty) ?? []);
    for (const siteId of removed) next.delete(siteId);
    for (const line of upsertedLines) next.set((JSON.parse(line) as Row)[1], line);
    const after = versionOfLines(specialty, [...next.values()]).version;
    if (members.versionAfter !== after) fail(at, 'versionAfter is not the version of the state once removed and upserted are applied');
    states.set(specialty, next);
    versionSoFar.set(specialty, after);
    const replaced = [...tenures].reverse().find((t) => t.specialty === specialty);
    if (replaced) replaced.until = members.createdAt as string;
    tenures.push({ version: after, specialty, from: members.createdAt as string, until: null });
    if (!madeBy.has(after)) madeBy.set(after, { sequence: e.sequence, specialty, lines: [...next.values()] });
  });
  const first = v.log.entries.find((e) => e.specialty === state.specialty);
  if (first?.versionAfter !== state.version) fail('state', 'not the state of the specialty\'s first directory entry');

  // Each pool formed again from the state its referral names.
  const proposedOf = new Map<string, readonly string[]>();
  const rootOf = new Map<string, string>();
  const formedOf = new Map<string, readonly string[]>();
  for (const c of v.pools.cases) {
    const at = `pool of referral ${c.referral.sequence}`;
    const made = madeBy.get(c.directoryVersion);
    if (made === undefined || made.specialty !== c.specialty) {
      fail(at, 'its directory version is not one the directory log made for its specialty');
      continue;
    }
    if (made.sequence !== c.madeByDirectoryEntry) fail(at, 'madeByDirectoryEntry is not the first entry that made its version');
    const moment = Date.parse(c.referral.createdAt);
    const current = tenures.some((t) => t.version === c.directoryVersion && t.specialty === c.specialty && Date.parse(t.from) <= moment
      && (t.until === null || moment - Date.parse(t.until) <= 120_000));
    if (!current) fail(at, 'its directory version was not current at its createdAt (nor replaced at most 120 s before)');

    // The call so far, from the earlier cases: the parent's pool, and everyone proposed in the call before this one.
    let proposedInCall: Set<string> | null = null;
    if (c.parentId !== undefined) {
      const root = rootOf.get(c.parentId);
      if (root === undefined) fail(at, 'its parent is not an earlier case');
      const call = [...rootOf].filter(([, r]) => r === root).map(([id]) => id);
      proposedInCall = new Set(call.flatMap((id) => proposedOf.get(id) ?? []));
      if (!same(c.call?.parentPool, formedOf.get(c.parentId)) || !same(c.call?.proposedInCall, [...proposedInCall].sort(byCodeUnits))) fail(at, 'call is not the parent\'s pool and everyone proposed earlier in the call');
      rootOf.set(c.referral.id, root ?? c.referral.id);
    } else {
      rootOf.set(c.referral.id, c.referral.id);
    }
    proposedOf.set(c.referral.id, c.proposed);

    const rows = made.lines.map((line) => JSON.parse(line) as Row);
    const seen = seenFrom(rows, c.origin, c.filters);
    const formed = formPool(seen, c, proposedInCall);
    const pool = [...formed.people.keys()].sort(byCodeUnits);
    formedOf.set(c.referral.id, pool);
    if (formed.radiusKm !== c.formed.radiusKm || formed.radiusKm !== c.radiusKm) fail(at, `the radius formed again is ${formed.radiusKm} km, not ${c.formed.radiusKm} km`);
    if (!same(pool, c.formed.pool)) fail(at, `the pool formed again is ${pool.join(' ')}, not ${c.formed.pool.join(' ')}`);
    if (hex([c.specialty, ...c.formed.pool].join('\n')) !== c.formed.poolHash) fail(at, 'poolHash is not SHA-256 of the specialty and the pool, one per line');
    const nearest = pool.map((nationalId) => ({ nationalId, siteId: formed.people.get(nationalId)?.row[1] ?? null }));
    if (!same(nearest, c.formed.nearestSites)) fail(at, 'nearestSites are not each person\'s nearest counting site (lower siteId on a tie)');
    if (c.proposed.some((id) => !pool.includes(id))) fail(at, 'proposed someone outside the pool');
    if (c.sites !== undefined) {
      const kept = new Set(nearest.map((n) => n.siteId));
      const expected = [...seen].sort((a, b) => a.row[1] - b.row[1]).map((s) => {
        const withinRadius = s.d <= formed.radiusKm * 1000;
        return {
          siteId: s.row[1], nationalId: s.row[0], distanceM: s.d, territory: s.territory, sameLand: s.sameLand, meetsFilters: s.meets, withinRadius,
          counts: s.sameLand && s.meets && withinRadius, keptForPerson: kept.has(s.row[1]),
        };
      });
      expected.forEach((site, i) => {
        if (!same(site, c.sites?.[i])) fail(at, `site ${site.siteId} is not seen as ${JSON.stringify(site)}`);
      });
      if (c.sites.length !== expected.length) fail(at, 'sites is not every row of the state');
    }
  }
  return problems;
}
