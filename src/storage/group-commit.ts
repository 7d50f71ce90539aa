import type { Db } from './database.js';

export interface GroupCommit {
  /**
   * Runs `work` atomically (in its own savepoint) inside the current batch transaction and
   * resolves with its result once the batch is committed; rejects, with nothing of `work`
   * kept, when `work` throws or the commit fails.
   */
  run<T>(work: () => T): Promise<T>;
}

interface Batch {
  readonly settlers: ((error: unknown) => void)[];
}

/**
 * Referrals per commit at most. With 10 callers waiting, an unbounded batch takes them all: the
 * writer then draws while the thread serving HTTP waits, and the other way round. Committing
 * every few referrals sends the first answers back while the next ones are drawn, so that both
 * threads work at once (docs/performance.md, docs/architecture.md's decisions).
 */
export const MAX_BATCH = 3;

/**
 * Group commit: the referrals that arrive in the same turn of the event loop share one write
 * transaction, committed before any of their responses is sent, and as soon as `maxBatch` of
 * them are in it. Each referral still applies all or nothing (a savepoint), but the fixed cost of
 * a commit (locks, WAL frames, wal-index, the fsync) is paid once per batch instead of once per
 * referral. The write lock is held at most until the end of the current turn, so other processes
 * get their turn between batches.
 */
export function createGroupCommit(db: Db, schedule: (flush: () => void) => void = setImmediate, maxBatch = MAX_BATCH): GroupCommit {
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, not ${maxBatch}`);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT referral');
  const release = db.prepare('RELEASE referral');
  const undo = db.prepare('ROLLBACK TO referral');
  let open: Batch | null = null;
  // Works running now: a work that runs another inside itself must not see its batch committed under it.
  let depth = 0;

  const settle = (batch: Batch, failure: unknown) => {
    if (open === batch) open = null;
    for (const settler of batch.settlers) settler(failure);
  };

  const flush = (batch: Batch) => {
    // A batch that SQLite already ended (see run) has been settled: nothing to commit.
    if (open !== batch) return;
    let failure: unknown;
    try {
      commit.run();
    } catch (error) {
      failure = error;
      try {
        if (db.inTransaction) rollback.run();
      } catch {
        // The commit's error is the one to report; the batch is settled either way.
      }
    }
    settle(batch, failure);
  };

  return {
    run(work) {
      // Every failure, the database's included (busy past the timeout, I/O), is a rejection,
      // never a throw: callers await it, and a throw would escape a timer or a worker's handler.
      try {
        if (open === null) {
          begin.run();
          const batch: Batch = { settlers: [] };
          open = batch;
          schedule(() => flush(batch));
        }
        savepoint.run();
      } catch (error) {
        return Promise.reject(error);
      }
      const batch = open;
      let value: ReturnType<typeof work>;
      depth += 1;
      try {
        value = work();
        release.run();
      } catch (error) {
        if (db.inTransaction) {
          undo.run();
          release.run();
        } else {
          // On SQLITE_FULL, IOERR or NOMEM SQLite rolls the whole transaction back: the
          // batch's earlier work is gone too, and the next run must begin a new batch.
          settle(batch, error);
        }
        return Promise.reject(error);
      } finally {
        depth -= 1;
      }
      const committed = new Promise<typeof value>((resolve, reject) => {
        batch.settlers.push((failure) => (failure === undefined ? resolve(value) : reject(failure)));
      });
      if (batch.settlers.length >= maxBatch && depth === 0) flush(batch);
      return committed;
    },
  };
}
