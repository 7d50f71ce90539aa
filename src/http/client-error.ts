import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemOf } from './problem.js';

/** Node's parser errors that have a status of their own; every other one is a 400. */
const STATUS_BY_PARSER_CODE: Readonly<Record<string, { status: number; code: string; detail: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers-too-large', detail: 'The request line and headers are larger than 16 KiB.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request-timeout', detail: 'The request was not received in time.' },
};

/**
 * Answers, as a problem like every other error, a request that Node could not parse (a header
 * line without a colon, headers over 16 KiB, a NUL in the path, conflicting lengths): Node's own
 * answer is a bare status with no body. The connection is closed after it, since the stream
 * can no longer be read. For the server's `clientError` event.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A response already under way on this connection (a pipelined request came in malformed while
  // it streamed) would be cut by ours: Node's own handler checks the same private field.
  const underway = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || underway) {
    socket.destroy();
    return;
  }
  const known = error.code === undefined ? undefined : STATUS_BY_PARSER_CODE[error.code];
  const problem = known
    ? problemOf(known.status, known.code, known.detail)
    : problemOf(400, 'malformed-request', `The request is not well-formed HTTP/1.1 (${error.code ?? error.message}).`);
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: application/problem+json\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  // end() only closes this side: a client that keeps its own open would hold the socket until a timeout.
  socket.once('finish', () => socket.destroy());
}
