import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 (Certificate Transparency v2), as Go's `tlog` computes it:
 * record and node hashes, the root of any size, inclusion and consistency proofs, and their
 * verifiers. Pure functions over 32-byte hashes. Where the tree's hashes live is the caller's
 * business: every function that needs stored hashes takes a `HashReader`, which reads the root
 * of one complete (perfect, aligned) subtree, so a proof reads O(log n) stored hashes and never
 * the whole log.
 *
 * Sizes and indexes are JavaScript numbers: exact up to 2^53 leaves, far beyond any log here.
 * @see https://www.rfc-editor.org/rfc/rfc9162#section-2.1
 */

/** A SHA-256 hash: 32 bytes. */
export type Hash = Buffer;

/**
 * Reads the root of the complete subtree of 2^level leaves whose first leaf is index × 2^level
 * (level 0: the leaf hashes themselves). Throws when that subtree is not stored.
 */
export type HashReader = (level: number, index: number) => Hash;

/** A complete subtree's root, as `appendLeaves` computes them for storage. */
export interface StoredHash {
  readonly level: number;
  readonly index: number;
  readonly hash: Hash;
}

const sha256 = (...parts: readonly Uint8Array[]): Hash => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** The root of the empty tree: SHA-256 of no bytes (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Hash = sha256();

/** `SHA-256(0x00 || leaf)`: the hash of one entry's bytes (RFC 9162 §2.1.1). */
export function leafHash(leaf: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, leaf);
}

/** `SHA-256(0x01 || left || right)`: an interior node (RFC 9162 §2.1.1). */
export function nodeHash(left: Hash, right: Hash): Hash {
  return sha256(NODE_PREFIX, left, right);
}

/** k: the largest power of two smaller than n (n > 1), where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n > 0 && splitPoint(n * 2) === n;

/**
 * MTH(D[start:end]), the root of leaves `start` (inclusive) to `end` (exclusive). For the ranges
 * RFC 9162's recursion visits, every left half is a complete aligned subtree read in one go.
 * @throws RangeError on an empty range
 */
export function subtreeRoot(read: HashReader, start: number, end: number): Hash {
  const n = end - start;
  if (!(n > 0)) throw new RangeError(`no subtree from ${start} to ${end}`);
  if (isPowerOfTwo(n) && start % n === 0) return read(Math.log2(n), start / n);
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(read, start, start + k), subtreeRoot(read, start + k, end));
}

/** The root of the tree of the first `size` leaves; `EMPTY_ROOT` for size 0. */
export function treeRoot(read: HashReader, size: number): Hash {
  return size === 0 ? EMPTY_ROOT : subtreeRoot(read, 0, size);
}

/**
 * The complete subtrees that leaves `first`, `first + 1`, … complete, given the tree already
 * holds `first` leaves (read through `read`): each leaf hash at level 0, and every node whose
 * right-most leaf it is. Storing them keeps every later root and proof a few reads away.
 */
export function appendLeaves(read: HashReader, first: number, leafHashes: readonly Hash[]): StoredHash[] {
  const added: StoredHash[] = [];
  const fresh = new Map<string, Hash>();
  const get = (level: number, index: number) => fresh.get(`${level}/${index}`) ?? read(level, index);
  leafHashes.forEach((hash, offset) => {
    let level = 0;
    let index = first + offset;
    let current = hash;
    for (;;) {
      added.push({ level, index, hash: current });
      fresh.set(`${level}/${index}`, current);
      if (index % 2 === 0) break;
      current = nodeHash(get(level, index - 1), current);
      level += 1;
      index = (index - 1) / 2;
    }
  });
  return added;
}

/** A reader over hashes kept in memory (tests, and verifiers that hold a whole small tree). */
export function memoryHashReader(leafHashes: readonly Hash[]): HashReader {
  const stored = new Map(appendLeaves(() => {
    throw new Error('unreachable: every sibling is among the leaves');
  }, 0, leafHashes).map(({ level, index, hash }) => [`${level}/${index}`, hash]));
  return (level, index) => {
    const hash = stored.get(`${level}/${index}`);
    if (!hash) throw new RangeError(`no complete subtree at level ${level}, index ${index}`);
    return hash;
  };
}

/**
 * The inclusion proof (audit path) of leaf `index` in the tree of `size` leaves, RFC 9162
 * §2.1.3.1: PATH(m, D[n]), the deepest sibling first.
 * @throws RangeError unless 0 ≤ index < size
 */
export function inclusionProof(read: HashReader, index: number, size: number): Hash[] {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  }
  const path = (m: number, start: number, n: number): Hash[] => {
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...path(m, start, k), subtreeRoot(read, start + k, start + n)]
      : [...path(m - k, start + k, n - k), subtreeRoot(read, start, start + k)];
  };
  return path(index, 0, size);
}

/**
 * The consistency proof from the tree of `first` leaves to the tree of `second`, RFC 9162
 * §2.1.4.1: SUBPROOF(m, D[n], true); empty when first is 0 or equals second.
 * @throws RangeError unless 0 ≤ first ≤ second
 */
export function consistencyProof(read: HashReader, first: number, second: number): Hash[] {
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(second) && first >= 0 && first <= second)) {
    throw new RangeError(`no consistency proof from ${first} to ${second}`);
  }
  if (first === 0 || first === second) return [];
  const subproof = (m: number, start: number, n: number, whole: boolean): Hash[] => {
    if (m === n) return whole ? [] : [subtreeRoot(read, start, start + n)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, start, k, whole), subtreeRoot(read, start + k, start + n)]
      : [...subproof(m - k, start + k, n - k, false), subtreeRoot(read, start, start + k)];
  };
  return subproof(first, 0, second, true);
}

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/**
 * Whether `proof` shows the leaf whose hash is `leaf` at `index` in the tree of `size` leaves
 * whose root is `root`: RFC 9162 §2.1.3.2, step by step.
 */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/**
 * Whether `proof` shows that the tree of `first` leaves with root `firstRoot` is a prefix of the
 * tree of `second` leaves with root `secondRoot`: RFC 9162 §2.1.4.2. Equal sizes need an empty
 * proof and equal roots; from the empty tree, an empty proof.
 */
export function verifyConsistency(first: number, second: number, firstRoot: Hash, secondRoot: Hash, proof: readonly Hash[]): boolean {
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(second) && first >= 0 && first <= second)) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return proof.length === 0 && firstRoot.equals(EMPTY_ROOT);
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  const [start, ...rest] = path;
  if (start === undefined) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = start;
  let sr = start;
  for (const c of rest) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}
