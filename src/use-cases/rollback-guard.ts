import { createHash } from 'node:crypto';
import { treeRoot } from '../domain/transparency/merkle-tree.js';
import { parseVerifierKey } from '../domain/transparency/verifier-key.js';
import { describeCheckpoint, openCheckpoint } from '../domain/transparency/witness.js';
import type { EpochRepository, LogEpoch } from '../storage/epoch-repository.js';
import { TREE_BATCH } from './checkpoint-signer.js';
import { extendTree, type LogSigner, type TransparencyStore } from './transparency-log.js';

/** Whether the database still holds the tree of the last checkpoint the service signed. */
export type SignedStateCheck = { readonly ok: true } | { readonly ok: false; readonly detail: string };

/**
 * Brings the whole log into the tree (call it in a write transaction, at start, before serving):
 * a database restored from a backup is then compared by its full length, not by its tree's.
 */
export function bringTreeUpToDate(store: TransparencyStore): void {
  while (extendTree(store, TREE_BATCH) === TREE_BATCH) {
    // Until the log is all in.
  }
}

/**
 * Compares the database's tree with the last checkpoint signed (`signedNote`, from the state
 * file): it must hold at least as many entries, and the same root at that size. A database
 * behind it was restored from a backup (or lost its newest entries), and serving it would hand
 * out the lost entries' sequence numbers again: a silent fork.
 */
export function checkAgainstSigned(store: TransparencyStore, signedNote: string, signer: LogSigner): SignedStateCheck {
  const signed = openCheckpoint(signedNote, parseVerifierKey(signer.verifierKey));
  if (!('size' in signed)) return { ok: false, detail: `The last checkpoint kept beside the key is not one of this log's key: ${signed.detail}.` };
  const held = store.tree.size();
  if (held < signed.size) {
    const after = store.tree.lastSequence();
    return {
      ok: false,
      detail: `The database is behind the last checkpoint this service signed (${describeCheckpoint(signed)}): it holds ${held} entries, ` +
        `so entries ${held} to ${signed.size - 1} of the tree (${signed.size - held} referrals after sequence ${after}) are lost.`,
    };
  }
  const root = treeRoot(store.tree.readHash, signed.size);
  if (!root.equals(signed.root)) {
    return { ok: false, detail: `The database's first ${signed.size} entries are not those of the last checkpoint signed (${describeCheckpoint(signed)}; this database: root ${root.toString('base64')}): the log was rewritten.` };
  }
  return { ok: true };
}

/**
 * The operator accepts the rollback (`--accept-rollback`): a fork event, hashed, starts a new
 * log epoch, named by the first 16 hex digits of that hash, which every later entry carries and
 * its id derives from (docs/audit-log.md). Witnesses will see the fork; the event says why.
 */
export function acceptRollback(epochs: EpochRepository, store: TransparencyStore, signer: LogSigner, detail: string, signedNote: string, now: Date): LogEpoch {
  const event = {
    event: 'rollback-accepted',
    acceptedAt: now.toISOString(),
    previousEpoch: epochs.current(),
    lost: detail,
    lastSignedCheckpoint: signedNote,
    restoredSize: store.tree.size(),
    restoredRoot: treeRoot(store.tree.readHash, store.tree.size()).toString('base64'),
    origin: signer.origin,
  };
  const eventJson = JSON.stringify(event);
  const hash = createHash('sha256').update(eventJson, 'utf8').digest('hex');
  const epoch = { epoch: hash.slice(0, 16), acceptedAt: event.acceptedAt, eventJson, hash };
  epochs.insert(epoch);
  return epoch;
}
