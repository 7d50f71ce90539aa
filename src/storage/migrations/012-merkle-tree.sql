-- The transparency log (docs/audit-log.md, "Merkle tree and checkpoints"): a Merkle tree over
-- the referral log, extended in batches by the checkpoint signer, never per referral.

-- The leaf a referral answered it would be: its position in sequence order, gaps skipped.
ALTER TABLE referrals ADD COLUMN leaf_index INTEGER;
UPDATE referrals SET leaf_index = numbered.position
FROM (SELECT sequence, ROW_NUMBER() OVER (ORDER BY sequence) - 1 AS position FROM referrals) AS numbered
WHERE numbered.sequence = referrals.sequence;

-- Which entry each leaf of the tree is, in leaf order.
CREATE TABLE tree_leaves (
  leaf_index INTEGER PRIMARY KEY,
  sequence   INTEGER NOT NULL UNIQUE
) STRICT;

-- The root of every complete subtree: 2^level leaves from leaf idx × 2^level (level 0: the leaf
-- hashes). Any root or proof of any size is a few dozen of these.
CREATE TABLE tree_hashes (
  level INTEGER NOT NULL CHECK (level >= 0),
  idx   INTEGER NOT NULL CHECK (idx >= 0),
  hash  BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;

-- Every checkpoint signed: the C2SP signed note as served, one per tree size.
CREATE TABLE checkpoints (
  tree_size INTEGER PRIMARY KEY CHECK (tree_size >= 0),
  root      BLOB NOT NULL CHECK (length(root) = 32),
  note      TEXT NOT NULL,
  signed_at TEXT NOT NULL
) STRICT;
