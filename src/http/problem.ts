import type { ErrorRequestHandler, Response } from 'express';
import { DomainError } from '../domain/errors.js';
import { BodyReadError, RequestValidationError } from './request-validator.js';

/** The one place that knows HTTP statuses: domain error codes to RFC 9457 problems. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'invalid-query': 400,
  'unknown-specialty': 422,
  'unknown-place': 422,
  'no-practitioner-in-range': 404,
  'not-found': 404,
  'import-running': 409,
  unauthenticated: 401,
  'invalid-status-change': 400,
  'practitioner-inactive': 409,
  'referral-too-old': 409,
  'no-more-practitioners': 404,
  forbidden: 403,
  'upload-interrupted': 400,
  'invalid-idempotency-key': 400,
  'idempotency-key-in-flight': 409,
  'idempotency-key-reused': 422,
  'not-in-tree': 409,
  'no-checkpoint': 404,
  'invalid-prevention-action': 400,
  'prevention-action-retired': 409,
};

const TITLE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extension: string]: unknown;
}

export function sendProblem(res: Response, problem: ProblemBody): void {
  res.status(problem.status).type('application/problem+json').json(problem);
}

export function problemOf(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): ProblemBody {
  return { type: `urn:problem:${code}`, title: TITLE_BY_STATUS[status] ?? 'Error', status, detail, code, ...extensions };
}

/** body-parser's statuses other than 400: a body too large, or a charset or Content-Encoding it cannot read (the error table of docs/api.md). */
const BODY_READ_CODE_BY_STATUS: Readonly<Record<number, string>> = { 413: 'body-too-large', 415: 'unsupported-media-type' };

function bodyReadingDetail(error: BodyReadError): string {
  if (error.type === 'entity.parse.failed') return 'The request body is not valid JSON.';
  if (error.type === 'entity.too.large') return 'The request body is too large.';
  if (error.type === undefined) return `The request body could not be decompressed as its Content-Encoding says (${error.message}).`;
  const { charset, encoding } = error.cause as { charset?: unknown; encoding?: unknown };
  if (error.type === 'charset.unsupported') return `The request body's charset "${String(charset)}" is not supported; send it in UTF-8.`;
  if (error.type === 'encoding.unsupported') return `The Content-Encoding "${String(encoding)}" is not supported; send the body as is, or as gzip, deflate or br.`;
  return `The request body could not be read (${error.type}).`;
}

/** The client errors Express's own parts raise (http-errors marked `expose`), such as sendFile's for a range past the end. */
const EXPOSED_BY_STATUS: Readonly<Record<number, { code: string; detail: string }>> = {
  412: { code: 'precondition-failed', detail: 'The document does not meet the request\'s precondition (If-Match or If-Unmodified-Since).' },
  416: { code: 'range-not-satisfiable', detail: 'The requested range is outside the document.' },
};

function isExposedClientError(error: unknown): error is Error & { status: number } {
  if (!(error instanceof Error)) return false;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}

/**
 * Turns anything thrown into a problem response. Unknown errors become a generic 500 without a
 * stack trace; they are logged by `logError` with the request's method and path.
 */
export function problemHandler(logError: (error: unknown, where: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    // Already answered (a body that came too slowly was cut off): what its reader then raises is no news.
    if (res.headersSent) {
      if (!(error instanceof DomainError) && !(error instanceof BodyReadError)) logError(error, `${req.method} ${req.path}`);
      return;
    }
    if (error instanceof RequestValidationError) res.set(error.headers);
    if (error instanceof DomainError && error.code === 'unauthenticated') res.set('WWW-Authenticate', 'Bearer');
    // The first request under the key is being drawn and committed: its answer is a moment away.
    if (error instanceof DomainError && error.code === 'idempotency-key-in-flight') res.set('Retry-After', '1');
    sendProblem(res, toProblem(error, () => logError(error, `${req.method} ${req.path}`)));
  };
}

function toProblem(error: unknown, reportUnexpected: () => void): ProblemBody {
  const status = error instanceof DomainError ? STATUS_BY_CODE[error.code] : undefined;
  if (error instanceof DomainError && status !== undefined) {
    return problemOf(status, error.code, error.detail, { ...error.extensions });
  }
  if (error instanceof BodyReadError && error.status < 500) {
    return problemOf(error.status, BODY_READ_CODE_BY_STATUS[error.status] ?? 'malformed-body', bodyReadingDetail(error));
  }
  if (error instanceof RequestValidationError) {
    const code = error.status === 405 ? 'method-not-allowed' : error.status === 415 ? 'unsupported-media-type' : 'invalid-request';
    return problemOf(error.status, code, error.message, { errors: error.errors.map(({ path, message }) => ({ path, message })) });
  }
  if (isExposedClientError(error)) {
    const known = EXPOSED_BY_STATUS[error.status];
    return problemOf(error.status, known?.code ?? 'bad-request', known?.detail ?? error.message);
  }
  reportUnexpected();
  return problemOf(500, 'internal-error', 'An unexpected error occurred; it has been logged.');
}
