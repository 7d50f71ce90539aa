import express from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import type { Readiness } from '../observability/readiness.js';
import { browserProtection, failedAuthenticationLimit, rateLimitPerKey, type ProtectionOptions } from './protection.js';
import type { Drain } from './drain.js';
import { requestContext } from './request-context.js';
import type { StatusDependencies } from '../use-cases/practitioner-status.js';
import type { ReferralContext } from '../use-cases/referral-context.js';
import { problemHandler, sendProblem } from './problem.js';
import { bodyTimeouts } from './body-timeouts.js';
import { requestValidator, takesUpload, type Authenticate } from './request-validator.js';
import { auditRoutes } from './routes/audit.js';
import { deskRoutes } from './routes/desk.js';
import { directoryRoutes } from './routes/directory.js';
import { importRoutes, type ImportRouteDeps } from './routes/imports.js';
import { operationsRoutes } from './routes/operations.js';
import { preventionActionRoutes } from './routes/prevention-actions.js';
import type { PreventionDependencies } from '../use-cases/prevention-actions.js';
import type { PreventionBoard } from '../use-cases/prevention-board.js';
import { referralRoutes } from './routes/referrals.js';
import { transparencyRoutes } from './routes/transparency.js';
import type { LogSigner } from '../use-cases/transparency-log.js';

export interface AppDeps {
  readonly referralContext: ReferralContext;
  /** Absolute path of openapi.yaml: served, and the source of request validation. */
  readonly openApiPath: string;
  readonly logError: (error: unknown, where: string) => void;
  readonly imports: ImportRouteDeps;
  /** Who an API key stands for (use-cases/api-keys.ts). */
  readonly authenticate: Authenticate;
  readonly statusChanges: StatusDependencies['statusChanges'];
  /** Told after a suspension, resumption or change of attributes: updates the pools before the answer. */
  readonly directoryChanged: StatusDependencies['directoryChanged'];
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly readiness: Readiness;
  readonly protection: ProtectionOptions;
  /** The log's signer: its verifier key is served at /v1/audit/key; it signs checkpoints and seed commitments. */
  readonly signer: LogSigner;
  /** Prevention actions: managing them, and the board referrals' answers mention them from. */
  readonly prevention: PreventionDependencies & { readonly board: PreventionBoard };
  /** Counts requests in flight, for a graceful shutdown (main.ts). */
  readonly drain?: Drain;
}

/** Builds the Express application; it never listens (see main.ts). */
export function createApp(deps: AppDeps): express.Express {
  const { referralContext: ctx } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Behind the TLS proxy, the client's address is the one it forwards (X-Forwarded-For).
  if (deps.protection.trustProxy !== undefined) app.set('trust proxy', deps.protection.trustProxy);
  app.set('etag', false);
  if (deps.drain) app.use(deps.drain.middleware);
  app.use(requestContext(deps.logger, deps.metrics));
  app.use(browserProtection(deps.protection));

  // Documentation, health and metrics are not JSON APIs: served before the contract's checks,
  // and never read a body.
  app.use(operationsRoutes(deps.openApiPath, ctx, deps));
  app.use(deskRoutes());
  // Who may call comes before the body is read, and so does the budget of requests per key.
  const contract = requestValidator(deps.openApiPath, deps.authenticate);
  // An address sending unknown keys is stopped before each one is hashed and looked up.
  const failedAuthentications = failedAuthenticationLimit(deps.protection);
  app.use(failedAuthentications.guard);
  app.use(failedAuthentications.counting(contract.access));
  app.use(rateLimitPerKey(deps.protection));
  // A body too slow to arrive is answered 408: its deadline depends on the operation matched.
  app.use(bodyTimeouts(deps.protection.bodyTimeouts, takesUpload));
  app.use(contract.body);
  app.use(contract.request);
  app.use(referralRoutes(ctx, deps.metrics, deps.prevention.board));
  app.use(preventionActionRoutes(deps.prevention));
  app.use(directoryRoutes(ctx, { statusChanges: deps.statusChanges, directoryChanged: deps.directoryChanged }));
  app.use(auditRoutes(ctx, deps.signer));
  app.use(transparencyRoutes(ctx, deps.signer.verifierKey));
  app.use(importRoutes(deps.imports));
  app.use((req, res) => {
    sendProblem(res, { type: 'urn:problem:not-found', title: 'Not Found', status: 404, code: 'not-found', detail: `No route for ${req.method} ${req.path}.` });
  });
  app.use(problemHandler(deps.logError));
  return app;
}
