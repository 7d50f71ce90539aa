import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Caller } from '../domain/access/roles.js';
import type { Metrics } from '../observability/metrics.js';

/** Accepted as given: an id another system can correlate with, short and without spaces. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every request gets an id: the caller's `X-Request-Id` when it is a plausible one, a new UUID
 * otherwise, echoed in the response. When the response is sent, its latency is observed by route
 * template and status, and one log line is written with the id, route template, status, duration
 * and key name: never the URL's query, the body or the client's address, which may hold personal
 * data.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // A route template, never the path itself, so that ids never become labels.
      const route = (res.locals.route as string | undefined) ?? (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.observeRequest(req.method, route, res.statusCode, seconds);
      const caller = res.locals.caller as Caller | undefined;
      logger.info({ requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10, key: caller?.name }, 'request');
    });
    next();
  };
}
