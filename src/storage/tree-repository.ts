import type { HashReader, StoredHash } from '../domain/transparency/merkle-tree.js';
import type { Db } from './database.js';

/** A signed checkpoint as stored: its size, root and the note served. */
export interface StoredCheckpoint {
  readonly treeSize: number;
  readonly root: Buffer;
  /** The C2SP signed note, byte for byte as served. */
  readonly note: string;
  readonly signedAt: string;
}

/** The Merkle tree's stored hashes and the checkpoints signed over it (src/domain/transparency). */
export interface TreeRepository {
  /** Leaves in the tree. */
  size(): number;
  /** The sequence of the newest entry in the tree; 0 for an empty tree. */
  lastSequence(): number;
  /** The leaf an entry is in the tree, or undefined when it is not in it yet. */
  leafIndexOf(sequence: number): number | undefined;
  /** Reads a complete subtree's root. @throws Error when it is not stored */
  readonly readHash: HashReader;
  /** Adds leaves (their entries' sequences, in leaf order) and the complete subtrees they finish. */
  append(leaves: readonly { leafIndex: number; sequence: number }[], hashes: readonly StoredHash[]): void;
  saveCheckpoint(checkpoint: StoredCheckpoint): void;
  latestCheckpoint(): StoredCheckpoint | undefined;
}

export function createTreeRepository(db: Db): TreeRepository {
  const lastLeaf = db.prepare('SELECT leaf_index AS leafIndex, sequence FROM tree_leaves ORDER BY leaf_index DESC LIMIT 1');
  const leafOf = db.prepare('SELECT leaf_index FROM tree_leaves WHERE sequence = ?').pluck();
  const hashAt = db.prepare('SELECT hash FROM tree_hashes WHERE level = ? AND idx = ?').pluck();
  const insertLeaf = db.prepare('INSERT INTO tree_leaves (leaf_index, sequence) VALUES (?, ?)');
  const insertHash = db.prepare('INSERT INTO tree_hashes (level, idx, hash) VALUES (?, ?, ?)');
  const insertCheckpoint = db.prepare('INSERT OR IGNORE INTO checkpoints (tree_size, root, note, signed_at) VALUES (?, ?, ?, ?)');
  const latest = db.prepare('SELECT tree_size AS treeSize, root, note, signed_at AS signedAt FROM checkpoints ORDER BY tree_size DESC LIMIT 1');
  const last = () => lastLeaf.get() as { leafIndex: number; sequence: number } | undefined;
  return {
    size: () => (last()?.leafIndex ?? -1) + 1,
    lastSequence: () => last()?.sequence ?? 0,
    leafIndexOf: (sequence) => leafOf.get(sequence) as number | undefined,
    readHash(level, index) {
      const hash = hashAt.get(level, index) as Buffer | undefined;
      if (!hash) throw new Error(`the tree has no complete subtree at level ${level}, index ${index}`);
      return hash;
    },
    append(leaves, hashes) {
      for (const { leafIndex, sequence } of leaves) insertLeaf.run(leafIndex, sequence);
      for (const { level, index, hash } of hashes) insertHash.run(level, index, hash);
    },
    saveCheckpoint({ treeSize, root, note, signedAt }) {
      insertCheckpoint.run(treeSize, root, note, signedAt);
    },
    latestCheckpoint: () => latest.get() as StoredCheckpoint | undefined,
  };
}
