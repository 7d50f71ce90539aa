/**
 * Failed authentications counted per client address, a fixed window of a minute from the first
 * failure. Only failures count: each presented key that is unknown costs a hash and a database
 * lookup, and a flood of them must stop before those are paid; a valid key costs neither (it is
 * remembered) and its caller has the per-key budget instead.
 */
export interface FailedAuthenticationBudget {
  /** Seconds before this address may try again, or null when it may now. */
  retryAfter(address: string): number | null;
  /** Counts one failed authentication from this address. */
  failed(address: string): void;
}

const WINDOW_MS = 60_000;
/** Addresses remembered at most: beyond, the expired are forgotten, then all (a flood from many addresses cannot fill memory). */
const MAX_ADDRESSES = 10_000;

export function createFailedAuthenticationBudget(perMinute: number, clock: () => number = Date.now): FailedAuthenticationBudget {
  let windows = new Map<string, { start: number; failures: number }>();
  return {
    retryAfter(address) {
      if (perMinute === 0) return null;
      const window = windows.get(address);
      const now = clock();
      if (!window || now - window.start >= WINDOW_MS || window.failures < perMinute) return null;
      return Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
    },
    failed(address) {
      if (perMinute === 0) return;
      const now = clock();
      const window = windows.get(address);
      if (window && now - window.start < WINDOW_MS) {
        window.failures += 1;
        return;
      }
      if (windows.size >= MAX_ADDRESSES) {
        for (const [known, { start }] of windows) if (now - start >= WINDOW_MS) windows.delete(known);
        if (windows.size >= MAX_ADDRESSES) windows = new Map();
      }
      windows.set(address, { start: now, failures: 1 });
    },
  };
}
