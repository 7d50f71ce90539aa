import cors from 'cors';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Caller } from '../domain/access/roles.js';
import { sendProblem } from './problem.js';

export interface ProtectionOptions {
  /** Requests per key per minute; 0 for no limit. */
  readonly rateLimitPerMinute: number;
  /** Browser origins allowed to call (the advisor desktop); none when empty. */
  readonly corsOrigins: readonly string[];
}

/**
 * Security headers (helmet's defaults: a same-origin content policy, no sniffing, no framing,
 * HSTS) and CORS for the configured advisor-desktop origins only, before anything else, so that
 * preflight requests are answered without a key.
 */
export function browserProtection(options: ProtectionOptions): RequestHandler[] {
  return [
    helmet(),
    cors({
      origin: [...options.corsOrigins],
      allowedHeaders: ['authorization', 'content-type', 'x-request-id', 'idempotency-key'],
      exposedHeaders: ['location', 'x-request-id', 'retry-after', 'link', 'idempotent-replayed'],
      maxAge: 600,
    }),
  ];
}

/**
 * A per-key budget of requests per minute (issue 5), counted after authentication so that one
 * desk cannot crowd out the others; beyond it, 429 with Retry-After. Requests without a key
 * (health, documentation) are not counted.
 */
export function rateLimitPerKey(options: ProtectionOptions): RequestHandler {
  if (options.rateLimitPerMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: options.rateLimitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (_req, res) => res.locals.caller === undefined,
    keyGenerator: (_req, res) => (res.locals.caller as Caller).name,
    handler: (req, res) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 60;
      res.set('Retry-After', String(seconds));
      sendProblem(res, {
        type: 'urn:problem:rate-limited', title: 'Too Many Requests', status: 429, code: 'rate-limited',
        detail: `The key "${(res.locals.caller as Caller).name}" has made more than ${options.rateLimitPerMinute} requests this minute; retry in ${seconds} s.`,
      });
    },
  });
}
