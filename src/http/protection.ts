import cors from 'cors';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Caller } from '../domain/access/roles.js';
import { DomainError } from '../domain/errors.js';
import type { BodyTimeouts } from './body-timeouts.js';
import { createFailedAuthenticationBudget } from './failed-authentication-budget.js';
import { sendProblem } from './problem.js';

export interface ProtectionOptions {
  /** Requests per key per minute; 0 for no limit. */
  readonly rateLimitPerMinute: number;
  /** Failed authentications per client address per minute; 0 for no limit. */
  readonly authFailuresPerMinute: number;
  /** How long bodies may take to arrive (http/body-timeouts.ts). */
  readonly bodyTimeouts: BodyTimeouts;
  /** Express's `trust proxy`: the proxies whose X-Forwarded-For gives the client's address; none when undefined. */
  readonly trustProxy?: number | readonly string[];
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

/**
 * A per-address budget of failed authentications, checked before a key is hashed and looked up:
 * `guard` answers 429 with Retry-After to an address over its budget, and `counting` wraps the
 * contract's access check to count each presented key it refuses as unknown or revoked. A request
 * without a key costs nothing and is not counted; nor is one from any other address.
 */
export function failedAuthenticationLimit(options: ProtectionOptions): { guard: RequestHandler; counting: (access: RequestHandler) => RequestHandler } {
  const budget = createFailedAuthenticationBudget(options.authFailuresPerMinute);
  const addressOf = (req: Parameters<RequestHandler>[0]) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return {
    guard(req, res, next) {
      const seconds = budget.retryAfter(addressOf(req));
      if (seconds === null) return next();
      res.set('Retry-After', String(seconds));
      sendProblem(res, {
        type: 'urn:problem:too-many-failed-authentications', title: 'Too Many Requests', status: 429, code: 'too-many-failed-authentications',
        detail: `More than ${options.authFailuresPerMinute} requests from this address this minute presented an unknown or revoked API key; retry in ${seconds} s.`,
      });
    },
    counting: (access) => (req, res, next) => {
      access(req, res, (error?: unknown) => {
        if (error instanceof DomainError && error.code === 'unauthenticated' && req.headers.authorization !== undefined) budget.failed(addressOf(req));
        next(error);
      });
    },
  };
}
