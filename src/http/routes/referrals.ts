import { Router } from 'express';
import type { Caller } from '../../domain/access/roles.js';
import type { ReferralFilters } from '../../domain/filters/referral-filters.js';
import type { Referral } from '../../domain/model.js';
import type { Metrics } from '../../observability/metrics.js';
import { getReferral } from '../../use-cases/get-referral.js';
import { makeMoreReferral, makeReferral } from '../../use-cases/make-referral.js';
import type { ReferralContext } from '../../use-cases/referral-context.js';
import { verifyReferral } from '../../use-cases/verify-log.js';
import type { RequestBody, Schemas } from '../contract.js';

export function referralRoutes(ctx: ReferralContext, metrics: Metrics): Router {
  const router = Router();

  router.post('/v1/referrals', async (req, res) => {
    const body = req.body as RequestBody<'/v1/referrals', 'post'>;
    const caller = res.locals.caller as Caller;
    const referral = await makeReferral(ctx, {
      requestedBy: caller.name,
      specialty: body.specialty,
      location: body.location,
      ...(body.radiusKm !== undefined && { radiusKm: body.radiusKm }),
      ...(body.count !== undefined && { count: body.count }),
      ...(body.filters !== undefined && { filters: body.filters }),
    });
    metrics.observeReferral(referral.specialty.code, referral.poolSize);
    res.status(201).location(`/v1/referrals/${referral.id}`).json(toReferralBody(referral));
  });

  router.post('/v1/referrals/:id/more', async (req, res) => {
    const body = (req.body ?? {}) as RequestBody<'/v1/referrals/{id}/more', 'post'>;
    const caller = res.locals.caller as Caller;
    const referral = await makeMoreReferral(ctx, req.params.id as string, { requestedBy: caller.name, ...(body.count !== undefined && { count: body.count }) });
    metrics.observeReferral(referral.specialty.code, referral.poolSize);
    res.status(201).location(`/v1/referrals/${referral.id}`).json(toReferralBody(referral));
  });

  router.get('/v1/referrals/:id', (req, res) => {
    res.json(toReferralBody(getReferral(ctx.referrals, req.params.id)));
  });

  router.get('/v1/referrals/:id/verification', (req, res) => {
    const verification: Schemas['ReferralVerification'] = verifyReferral(ctx, req.params.id);
    res.json(verification);
  });

  return router;
}

function toReferralBody(referral: Referral): Schemas['Referral'] {
  const { filters, ...rest } = referral;
  return {
    ...rest,
    specialty: { ...referral.specialty },
    location: { ...referral.location },
    practitioners: referral.practitioners.map((practitioner) => ({ ...practitioner })),
    warnings: [...referral.warnings],
    ...(filters && { filters: toFiltersBody(filters) }),
    audit: { ...referral.audit },
  };
}

function toFiltersBody(filters: ReferralFilters): Schemas['ReferralFilters'] {
  const { sector, languages, ...flags } = filters;
  return { ...flags, ...(sector && { sector: [...sector] }), ...(languages && { languages: [...languages] }) };
}
