import { Router } from 'express';
import { latestCheckpoint, proveConsistency, proveInclusion } from '../../use-cases/transparency-log.js';
import type { ReferralContext } from '../../use-cases/referral-context.js';
import type { QueryParams, ResponseBody } from '../contract.js';

/**
 * The transparency log's endpoints (RFC 9162, C2SP): the checkpoint, the verifier key and
 * consistency proofs are public, as a CT log's are; an inclusion proof needs a key that may read
 * the referral (openapi.yaml's x-roles).
 */
export function transparencyRoutes(ctx: ReferralContext, verifierKey: string): Router {
  const router = Router();

  router.get('/v1/audit/checkpoint', (_req, res) => {
    res.type('text/plain').send(latestCheckpoint(ctx.tree).note);
  });

  router.get('/v1/audit/key', (_req, res) => {
    res.type('text/plain').send(`${verifierKey}\n`);
  });

  router.get('/v1/audit/epochs', (_req, res) => {
    const items = ctx.epochs.list().map((e) => ({ epoch: e.epoch, acceptedAt: e.acceptedAt, eventJson: e.eventJson, hash: e.hash }));
    const body: ResponseBody<'/v1/audit/epochs', 'get', 200> = { items };
    res.json(body);
  });

  router.get('/v1/audit/consistency', (req, res) => {
    const { from, to } = req.query as unknown as QueryParams<'/v1/audit/consistency', 'get'>;
    const body: ResponseBody<'/v1/audit/consistency', 'get', 200> = proveConsistency(ctx.tree, from, to);
    res.json(body);
  });

  router.get('/v1/referrals/:id/inclusion', (req, res) => {
    const { size } = req.query as QueryParams<'/v1/referrals/{id}/inclusion', 'get'>;
    const body: ResponseBody<'/v1/referrals/{id}/inclusion', 'get', 200> = proveInclusion(ctx, req.params.id as string, size);
    res.json(body);
  });

  return router;
}
