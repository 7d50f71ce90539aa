import { close, fsync, open } from 'node:fs';

export interface WalSync {
  /** Makes everything committed so far durable; resolves once it is on disk. */
  sync(): Promise<void>;
  /** Closes the log's file descriptor once the syncs in flight have ended. */
  close(): Promise<void>;
}

type Fsync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * fsync of a database's write-ahead log, run on libuv's thread pool so that the waiting happens
 * off the event loop. A connection that commits with `synchronous = NORMAL` and answers only
 * after this resolves gives the same promise as `FULL` (what was answered survives a power cut)
 * without blocking its thread for the disk: the next batch is drawn and committed while the
 * previous one's fsync runs (see group-commit.ts).
 *
 * Calls coalesce: while one fsync runs, later callers share the next one, which starts when it
 * ends and covers everything committed meanwhile. The log is opened on first use (it exists once
 * something is committed) and kept open: SQLite truncates it in place and deletes it only when
 * its last connection closes, and the caller's connection stays open while it syncs.
 */
export function createWalSync(walPath: string, fsyncFile: Fsync = fsync): WalSync {
  let descriptor: Promise<number> | null = null;
  // Settles, never rejects, when the running fsync ends; null when none runs.
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;

  const openLog = () =>
    (descriptor ??= new Promise<number>((resolve, reject) =>
      open(walPath, 'r', (error, fd) => {
        if (!error) return resolve(fd);
        descriptor = null;
        reject(error);
      }),
    ));
  const start = (): Promise<void> => {
    const sync = openLog().then((fd) => new Promise<void>((resolve, reject) => fsyncFile(fd, (error) => (error ? reject(error) : resolve()))));
    running = sync.then(ignore, ignore).then(() => {
      running = null;
    });
    return sync;
  };

  return {
    sync() {
      if (running === null) return start();
      // What was committed after the running fsync began may not be covered by it: share the next.
      queued ??= running.then(() => {
        queued = null;
        return start();
      });
      return queued;
    },
    async close() {
      await queued?.catch(ignore);
      await running;
      const fd = await descriptor?.catch(() => null);
      descriptor = null;
      if (fd !== null && fd !== undefined) await new Promise<void>((resolve) => close(fd, () => resolve()));
    },
  };
}

function ignore(): void {}
