import { Router } from 'express';
import { publishedCommitments } from '../../use-cases/period-secret.js';
import type { ReferralContext } from '../../use-cases/referral-context.js';
import type { ResponseBody } from '../contract.js';

export function auditRoutes(ctx: ReferralContext): Router {
  const router = Router();

  router.get('/v1/audit/commitments', (_req, res) => {
    const body: ResponseBody<'/v1/audit/commitments', 'get', 200> = { items: publishedCommitments(ctx.seedPeriods, ctx.clock()) };
    res.json(body);
  });

  return router;
}
