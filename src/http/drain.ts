import type { RequestHandler } from 'express';

export interface Drain {
  /** Counts requests in flight and, once draining, asks clients to close their connections. */
  readonly middleware: RequestHandler;
  /**
   * Starts draining and resolves once no request has been in flight for `quietMs`, or after
   * `timeoutMs` at most.
   */
  drain(quietMs: number, timeoutMs: number): Promise<void>;
}

/**
 * Graceful shutdown without resetting anyone: closing the server at once would also close
 * keep-alive connections between two requests and refuse connections a client had already
 * opened, so a request sent at that moment would be lost. Instead the server first answers
 * everything with `Connection: close` until it has been quiet for a moment (readiness already
 * failing, so a load balancer sends nothing new), and only then closes.
 */
export function createDrain(): Drain {
  let inFlight = 0;
  let draining = false;
  let lastActivity = Date.now();
  return {
    middleware(_req, res, next) {
      inFlight += 1;
      lastActivity = Date.now();
      if (draining) res.set('Connection', 'close');
      res.once('close', () => {
        inFlight -= 1;
        lastActivity = Date.now();
      });
      next();
    },
    async drain(quietMs, timeoutMs) {
      draining = true;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastActivity < quietMs)) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
