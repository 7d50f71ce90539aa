import { createHash, createHmac, createPrivateKey, createPublicKey, verify } from 'node:crypto';

/**
 * A verifier of docs/vectors/log.json and docs/vectors/transparency.json written from
 * docs/audit-log.md alone, with node:crypto and nothing from src/: SHA-256 of the canonical
 * texts, HMAC seeds and ids, pool hashes, the counter rule, RFC 9162's recursive definitions
 * of the tree, its paths and proofs, and Ed25519 notes. It never reads how an entry is
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
