import { createHash, type KeyObject } from 'node:crypto';
import { canonicalEntry, chainedEntryOf } from '../domain/audit/hash-chain.js';
import { DomainError, InvalidQueryError, NotFoundError } from '../domain/errors.js';
import { formatCheckpoint } from '../domain/transparency/checkpoint.js';
import { appendLeaves, consistencyProof, inclusionProof, leafHash, treeRoot, type Hash } from '../domain/transparency/merkle-tree.js';
import { formatNote, rawPublicKey, signNote } from '../domain/transparency/signed-note.js';
import { formatVerifierKey, verifierKeyOf } from '../domain/transparency/verifier-key.js';
import type { ReferralRepository } from '../storage/referral-repository.js';
import type { StoredCheckpoint, TreeRepository } from '../storage/tree-repository.js';

/** The log's signing identity: its origin (the key's name), key ID and Ed25519 private key. */
export interface LogSigner {
  readonly origin: string;
  readonly keyId: number;
  readonly privateKey: KeyObject;
  /** The verifier key string outsiders check checkpoints with (Go's note format). */
  readonly verifierKey: string;
}

/** @throws Error when the origin is not a valid key name (no spaces, no `+`) */
export function createLogSigner(origin: string, privateKey: KeyObject): LogSigner {
  const key = verifierKeyOf(origin, rawPublicKey(privateKey));
  return { origin, keyId: key.keyId, privateKey, verifierKey: formatVerifierKey(key) };
}

/** What the tree's upkeep and proofs need. */
export interface TransparencyStore {
  readonly tree: TreeRepository;
  readonly referrals: ReferralRepository;
}

/**
 * Appends to the tree, in sequence order, up to `max` entries the log holds beyond it (call it
 * in a write transaction). A leaf is the exact canonical text whose SHA-256 is the entry's
 * `hash`; an entry whose stored fields no longer give its hash is never added.
 * @returns the number of leaves added
 * @throws Error naming the first entry that does not hash to its stored hash
 */
export function extendTree(store: TransparencyStore, max: number): number {
  const { tree } = store;
  const first = tree.size();
  const leaves: { leafIndex: number; sequence: number }[] = [];
  const hashes: Hash[] = [];
  for (const referral of store.referrals.referralsFrom(tree.lastSequence() + 1)) {
    if (leaves.length >= max) break;
    const text = Buffer.from(canonicalEntry(chainedEntryOf(referral)), 'utf8');
    const hash = createHash('sha256').update(text).digest('hex');
    if (hash !== referral.audit.hash) {
      throw new Error(`entry ${referral.audit.sequence} no longer hashes to its stored hash (${hash} ≠ ${referral.audit.hash}): it is not added to the tree`);
    }
    leaves.push({ leafIndex: first + leaves.length, sequence: referral.audit.sequence });
    hashes.push(leafHash(text));
  }
  if (leaves.length > 0) tree.append(leaves, appendLeaves(tree.readHash, first, hashes));
  return leaves.length;
}

/**
 * Signs a checkpoint of the whole tree and stores it, unless the latest one already has its
 * size. Never signs a tree smaller than the latest checkpoint.
 * @returns the latest checkpoint (new or not)
 * @throws Error when the tree is smaller than the latest checkpoint
 */
export function signCheckpoint(tree: TreeRepository, signer: LogSigner, now: Date): StoredCheckpoint {
  const size = tree.size();
  const latest = tree.latestCheckpoint();
  if (latest && latest.treeSize === size) return latest;
  if (latest && latest.treeSize > size) throw new Error(`the tree holds ${size} entries, fewer than the ${latest.treeSize} of the latest checkpoint: not signing`);
  const root = treeRoot(tree.readHash, size);
  const text = formatCheckpoint({ origin: signer.origin, size, root, extensions: [] });
  const checkpoint = { treeSize: size, root, note: formatNote(signNote(text, signer.origin, signer.keyId, signer.privateKey)), signedAt: now.toISOString() };
  tree.saveCheckpoint(checkpoint);
  return checkpoint;
}

/**
 * The latest checkpoint. @throws DomainError `no-checkpoint` before the first is signed
 */
export function latestCheckpoint(tree: TreeRepository): StoredCheckpoint {
  const latest = tree.latestCheckpoint();
  if (!latest) throw new DomainError('no-checkpoint', 'No checkpoint has been signed yet: the first is signed as the service starts.');
  return latest;
}

/** An RFC 9162 inclusion proof, hex-encoded, with what a client needs to check it. */
export interface InclusionAnswer {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly hashes: string[];
}

/**
 * The inclusion proof of a referral's entry in the tree of `size` leaves (default: the latest
 * checkpoint's).
 * @throws NotFoundError, DomainError `not-in-tree` (not in a checkpoint yet), InvalidQueryError (a size that cannot hold it)
 */
export function proveInclusion(store: TransparencyStore, id: string, size?: number): InclusionAnswer {
  const referral = store.referrals.findById(id);
  if (!referral) throw new NotFoundError('referral', id);
  const leafIndex = store.tree.leafIndexOf(referral.audit.sequence);
  if (leafIndex === undefined) {
    throw new DomainError('not-in-tree', `Referral ${id} is not in the tree yet: it will be in the next checkpoint, signed within a minute (tree size ${referral.audit.treeSize}).`);
  }
  const treeSize = size ?? latestCheckpoint(store.tree).treeSize;
  const held = store.tree.size();
  if (treeSize <= leafIndex || treeSize > held) {
    throw new InvalidQueryError(`size must be from ${leafIndex + 1} (the entry's leaf ${leafIndex} included) to ${held} (the tree's size), got ${treeSize}.`);
  }
  const { readHash } = store.tree;
  return { leafIndex, treeSize, leafHash: readHash(0, leafIndex).toString('hex'), hashes: inclusionProof(readHash, leafIndex, treeSize).map(toHex) };
}

export interface ConsistencyAnswer {
  readonly from: number;
  readonly to: number;
  readonly hashes: string[];
}

/**
 * The RFC 9162 consistency proof from the tree of `from` leaves to that of `to`.
 * @throws InvalidQueryError unless 0 ≤ from ≤ to ≤ the tree's size
 */
export function proveConsistency(tree: TreeRepository, from: number, to: number): ConsistencyAnswer {
  const held = tree.size();
  if (from > to || to > held) throw new InvalidQueryError(`from and to must satisfy 0 ≤ from ≤ to ≤ ${held} (the tree's size), got from=${from}, to=${to}.`);
  return { from, to, hashes: consistencyProof(tree.readHash, from, to).map(toHex) };
}

const toHex = (hash: Hash) => hash.toString('hex');
