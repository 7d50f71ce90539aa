import type { RevisionStep } from '../storage/status-change-repository.js';

export interface DirectoryWatch {
  /** Looks for a change now rather than at the next tick (after an import this server ran). */
  checkNow(): Promise<void>;
  /**
   * A change this process made and has already applied in memory (a status change): no rebuild
   * for it, unless something else changed the directory since the last look (`step.from` is not
   * the revision last seen), which the next check rebuilds for as usual.
   */
  acknowledge(step: RevisionStep): void;
  stop(): void;
}

/**
 * Notices changes to the directory made by any process (the nightly CLI import, another
 * server's upload) by polling its revision, a single-row read, and rebuilds what the server
 * keeps in memory. One rebuild at a time; a change seen during one triggers another after it.
 */
export function watchDirectory(revision: () => number, rebuild: () => Promise<void>, intervalMs: number, onError: (error: unknown) => void): DirectoryWatch {
  let seen = revision();
  let current: Promise<void> | null = null;
  let again = false;

  const check = (): Promise<void> => {
    if (current) {
      again = true;
      return current;
    }
    current = (async () => {
      do {
        again = false;
        const now = revision();
        if (now === seen) continue;
        await rebuild();
        seen = now;
      } while (again);
    })().catch(onError).finally(() => {
      current = null;
    });
    return current;
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return {
    checkNow: check,
    acknowledge(step) {
      if (seen === step.from) seen = step.to;
    },
    stop: () => clearInterval(timer),
  };
}
