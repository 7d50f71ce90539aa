import type { Db } from './database.js';

export interface GroupCommit {
  /**
   * Runs `work` atomically (in its own savepoint) inside the current batch transaction and
   * resolves with its result once the batch is committed; rejects, with nothing of `work`
   * kept, when `work` throws or the commit fails.
   */
  run<T>(work: () => T): Promise<T>;
}

interface Waiting {
  readonly settle: (error: unknown) => void;
}

/**
 * Group commit: the referrals that arrive in the same turn of the event loop share one write
 * transaction, committed before any of their responses is sent. Each referral still applies
 * all or nothing (a savepoint), but the fixed cost of a commit (locks, WAL frames, wal-index)
 * is paid once per batch instead of once per referral. The write lock is held only until the
 * end of the current turn, so other processes get their turn between batches.
 */
export function createGroupCommit(db: Db, schedule: (flush: () => void) => void = setImmediate): GroupCommit {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT referral');
  const release = db.prepare('RELEASE referral');
  const undo = db.prepare('ROLLBACK TO referral');
  let batch: Waiting[] | null = null;

  const flush = () => {
    const settled = batch ?? [];
    batch = null;
    let failure: unknown;
    try {
      commit.run();
    } catch (error) {
      failure = error;
      if (db.inTransaction) rollback.run();
    }
    for (const waiting of settled) waiting.settle(failure);
  };

  return {
    run(work) {
      if (batch === null) {
        begin.run();
        batch = [];
        schedule(flush);
      }
      const current = batch;
      savepoint.run();
      let value: ReturnType<typeof work>;
      try {
        value = work();
        release.run();
      } catch (error) {
        undo.run();
        release.run();
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        current.push({ settle: (error) => (error === undefined ? resolve(value) : reject(error)) });
      });
    },
  };
}
