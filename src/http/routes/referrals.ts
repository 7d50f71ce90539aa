import { Router, type Response } from 'express';
import type { Caller } from '../../domain/access/roles.js';
import type { ReferralFilters } from '../../domain/filters/referral-filters.js';
import type { Referral } from '../../domain/model.js';
import type { Metrics } from '../../observability/metrics.js';
import { getReferral } from '../../use-cases/get-referral.js';
import { answerOnce, idempotentRequest, type KeysInFlight } from '../../use-cases/idempotent-referral.js';
import { answerMoreReferral, answerReferral, type AnsweredReferral } from '../../use-cases/make-referral.js';
import { withPreventionActions, type PreventionBoard } from '../../use-cases/prevention-board.js';
import type { ReferralContext } from '../../use-cases/referral-context.js';
import { verifyReferral } from '../../use-cases/verify-log.js';
import type { RequestBody, Schemas } from '../contract.js';

export function referralRoutes(ctx: ReferralContext, metrics: Metrics, prevention: PreventionBoard): Router {
  const router = Router();
  const inFlight: KeysInFlight = new Set();

  router.post('/v1/referrals', async (req, res) => {
    const body = req.body as RequestBody<'/v1/referrals', 'post'>;
    const caller = res.locals.caller as Caller;
    const keyed = idempotentRequest(req.get('idempotency-key'), caller.name, 'POST /v1/referrals', body);
    const answer = await answerOnce(ctx, inFlight, keyed, (idempotency) => answerReferral(ctx, {
      requestedBy: caller.name,
      specialty: body.specialty,
      location: body.location,
      ...(body.radiusKm !== undefined && { radiusKm: body.radiusKm }),
      ...(body.count !== undefined && { count: body.count }),
      ...(body.filters !== undefined && { filters: body.filters }),
      ...(idempotency && { idempotency }),
    }));
    sendCreated(res, answer);
  });

  router.post('/v1/referrals/:id/more', async (req, res) => {
    const body = (req.body ?? {}) as RequestBody<'/v1/referrals/{id}/more', 'post'>;
    const caller = res.locals.caller as Caller;
    const parentId = req.params.id as string;
    const keyed = idempotentRequest(req.get('idempotency-key'), caller.name, `POST /v1/referrals/${parentId}/more`, body);
    sendCreated(res, await answerOnce(ctx, inFlight, keyed, (idempotency) => answerMoreReferral(ctx, parentId, {
      requestedBy: caller.name,
      ...(body.count !== undefined && { count: body.count }),
      ...(idempotency && { idempotency }),
    })));
  });

  router.get('/v1/referrals/:id', (req, res) => {
    res.json(toReferralBody(getReferral(ctx.referrals, req.params.id)));
  });

  router.get('/v1/referrals/:id/verification', (req, res) => {
    const verification: Schemas['ReferralVerification'] = verifyReferral(ctx, req.params.id);
    res.json(verification);
  });

  /**
   * The body comes serialized from the log writer: it is the referral as logged, which the
   * contract tests check against the schema, with the prevention actions of the moment appended
   * (from memory: no database read), outside the logged entry; a replay gets them too.
   */
  function sendCreated(res: Response, answer: AnsweredReferral): void {
    // A replay drew nothing: counted once, when it was drawn.
    if (answer.replayed) res.set('Idempotent-Replayed', 'true');
    else metrics.observeReferral(answer.specialtyCode, answer.poolSize);
    const body = withPreventionActions(answer.json, prevention.mention(answer.location, answer.specialtyCode));
    res.status(201).location(`/v1/referrals/${answer.id}`).type('application/json').send(body);
  }

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
