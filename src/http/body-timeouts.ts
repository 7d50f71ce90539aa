import type { Request, RequestHandler, Response } from 'express';
import { problemOf, sendProblem } from './problem.js';

export interface BodyTimeouts {
  /** A JSON body (at most 16 KiB) must have arrived whole this long after its headers. */
  readonly bodyMs: number;
  /** An upload delivering less than UPLOAD_MIN_PROGRESS_BYTES in this long is idle. */
  readonly uploadIdleMs: number;
  /** The longest an upload may take in all. */
  readonly uploadMs: number;
}

/**
 * The least an upload must deliver in each idle window: a client trickling a byte every few
 * seconds is never silent, yet holds the only import slot as if it were. A national extract on
 * any real link sends this in well under a second.
 */
export const UPLOAD_MIN_PROGRESS_BYTES = 64 * 1024;

/**
 * Deadlines for reading a request's body, chosen by operation once the contract has matched it
 * (`isUpload`): a slow or stalled client is answered 408 `request-timeout` and its connection
 * closed, so that it holds neither a connection nor, for an upload, the import slot (the import
 * runner sees the upload interrupted and frees it). Headers have their own deadline, the
 * server's `headersTimeout` (main.ts).
 */
export function bodyTimeouts(timeouts: BodyTimeouts, isUpload: (res: Response) => boolean): RequestHandler {
  return (req, res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
    if (!hasBody || req.complete) return next();
    const timers: NodeJS.Timeout[] = [];
    const clear = () => timers.forEach((timer) => clearTimeout(timer));
    req.once('end', clear);
    res.once('close', clear);
    if (isUpload(res)) {
      timers.push(setTimeout(() => cutOff(req, res, `The upload did not arrive whole within ${timeouts.uploadMs / 1000} s.`), timeouts.uploadMs));
      let lastRead = req.socket.bytesRead;
      const idle = setInterval(() => {
        const read = req.socket.bytesRead;
        if (read - lastRead < UPLOAD_MIN_PROGRESS_BYTES) {
          clearInterval(idle);
          cutOff(req, res, `The upload sent less than ${UPLOAD_MIN_PROGRESS_BYTES / 1024} KiB in ${timeouts.uploadIdleMs / 1000} s: it was taken to be stalled.`);
        }
        lastRead = read;
      }, timeouts.uploadIdleMs);
      timers.push(idle);
    } else {
      timers.push(setTimeout(() => cutOff(req, res, `The request body did not arrive whole within ${timeouts.bodyMs / 1000} s.`), timeouts.bodyMs));
    }
    next();
  };
}

/** Answers 408 unless an answer has begun, then closes the connection: the rest of the body will never be read. */
function cutOff(req: Request, res: Response, detail: string): void {
  if (req.complete) return;
  // Destroying the request, not just its socket, fails whatever reads it (the upload's pipeline):
  // an answered request is no longer the socket's, so closing the socket alone would leave the
  // reader waiting forever, and the import slot taken.
  const stop = () => req.destroy(new Error(detail));
  if (res.headersSent) {
    stop();
    return;
  }
  res.set('Connection', 'close');
  sendProblem(res, problemOf(408, 'request-timeout', `${detail} Nothing was changed; send it again.`));
  res.once('finish', stop);
}
