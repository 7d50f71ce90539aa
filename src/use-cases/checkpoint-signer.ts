import type { StoredCheckpoint } from '../storage/tree-repository.js';
import type { LogContext } from './referral-context.js';
import { extendTree, signCheckpoint, type LogSigner } from './transparency-log.js';

/**
 * Leaves added per write transaction: each one holds the log writer (and its write lock) for a few tens of
 * milliseconds at most (bench: `npm run bench -- --only transparency`), so that referrals made
 * while a large log is first brought into the tree wait little.
 */
export const TREE_BATCH = 500;

/**
 * Brings every entry of the log into the Merkle tree, a batch per transaction, then signs a
 * checkpoint of it when its size changed. Off the referral path: referrals only carry the size
 * their tree will have, and nothing is written per referral.
 */
export async function signPending(ctx: LogContext, signer: LogSigner): Promise<StoredCheckpoint> {
  while ((await ctx.transaction(() => extendTree(ctx, TREE_BATCH))) === TREE_BATCH) {
    // More to add: the next batch in its own transaction, so referrals get the lock between.
  }
  return ctx.transaction(() => signCheckpoint(ctx.tree, signer, ctx.clock()));
}

export interface CheckpointSigner {
  /** Waits for a signing in progress, signs once more (the referrals since), and stops. */
  stop(): Promise<void>;
}

/**
 * Signs at once, then every `everyMs`, one signing at a time; `onSigned` hears every checkpoint
 * (new or not), `onError` every failure, and signing goes on.
 */
export function startCheckpointSigner(
  ctx: LogContext, signer: LogSigner, everyMs: number,
  onSigned: (checkpoint: StoredCheckpoint) => void, onError: (error: unknown) => void,
): CheckpointSigner {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = signPending(ctx, signer).then(onSigned, onError);
  };
  run();
  const timer = setInterval(() => {
    void running.then(() => {
      if (!stopped) run();
    });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      // The last referrals answered are covered too, and so recorded beside the key.
      await signPending(ctx, signer).then(onSigned, onError);
    },
  };
}
