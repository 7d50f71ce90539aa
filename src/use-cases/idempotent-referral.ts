import { DomainError } from '../domain/errors.js';
import { parseIdempotencyKey, rememberedSince, requestFingerprint, type IdempotentRequest } from '../domain/idempotency/idempotency-key.js';
import type { Referral } from '../domain/model.js';
import type { IdempotencyKeyRepository } from '../storage/idempotency-key-repository.js';
import type { ReferralRepository } from '../storage/referral-repository.js';
import type { AnsweredReferral } from './make-referral.js';
import type { ReferralContext } from './referral-context.js';

/** A keyed request as the log writer needs it: with the moment before which a stored key is forgotten. */
export interface PendingIdempotency extends IdempotentRequest {
  /** ISO 8601: keys stored before it no longer answer (24 hours before the request, by the service's clock). */
  readonly rememberedSince: string;
}

/** The keys of the requests this process is answering now, each as `scope \n key`. */
export type KeysInFlight = Set<string>;

/**
 * The request's `Idempotency-Key`, scoped to the API key that sent it, with the fingerprint of
 * what was asked; null without the header (then nothing more is read or written).
 * @throws DomainError `invalid-idempotency-key`
 */
export function idempotentRequest(header: string | undefined, scope: string, operation: string, body: unknown): IdempotentRequest | null {
  if (header === undefined) return null;
  return { scope, key: parseIdempotencyKey(header), fingerprint: requestFingerprint(operation, body) };
}

/**
 * Answers a referral request at most once per key: the original referral again for a retry
 * (nothing drawn, logged or counted), a 409 while the first is still being answered by this
 * process, a 422 for the same key with another request. Without a key, `answer` alone runs.
 * The key is stored by the log writer with the referral, in its transaction (`rememberInTransaction`).
 */
export async function answerOnce(
  ctx: Pick<ReferralContext, 'clock' | 'referrals' | 'idempotencyKeys'>,
  inFlight: KeysInFlight,
  request: IdempotentRequest | null,
  answer: (idempotency?: PendingIdempotency) => Promise<AnsweredReferral>,
): Promise<AnsweredReferral> {
  if (request === null) return answer();
  const slot = `${request.scope}\n${request.key}`;
  if (inFlight.has(slot)) {
    throw new DomainError('idempotency-key-in-flight', `A request with this Idempotency-Key is still being answered; retry in a moment to get its answer.`);
  }
  const since = rememberedSince(ctx.clock());
  const replayed = replayRemembered(ctx, request, since);
  if (replayed) return replayed;
  inFlight.add(slot);
  try {
    return await answer({ ...request, rememberedSince: since });
  } finally {
    inFlight.delete(slot);
  }
}

/**
 * The original answer to a key remembered since `since`, or undefined for a key unknown or
 * forgotten. In the log writer's transaction too, where it catches a retry that another
 * process answered in the meantime.
 * @throws DomainError `idempotency-key-reused` for the same key with another request
 */
export function replayRemembered(
  ctx: { readonly referrals: ReferralRepository; readonly idempotencyKeys: IdempotencyKeyRepository },
  request: IdempotentRequest,
  since: string,
): AnsweredReferral | undefined {
  const remembered = ctx.idempotencyKeys.find(request.scope, request.key);
  // Both ISO 8601 in UTC from toISOString: their order is the order of the moments.
  if (!remembered || remembered.createdAt < since) return undefined;
  if (remembered.fingerprint !== request.fingerprint) {
    throw new DomainError(
      'idempotency-key-reused',
      `This Idempotency-Key answered another request (referral ${remembered.referralId}, at ${remembered.createdAt}): a retry must send the same body to the same path; a new request needs a new key.`,
      { referralId: remembered.referralId },
    );
  }
  const referral = ctx.referrals.findById(remembered.referralId) as Referral;
  return { id: referral.id, specialtyCode: referral.specialty.code, poolSize: referral.poolSize, json: JSON.stringify(referral), replayed: true, location: referral.location };
}

/** In the write transaction, after the referral is logged: the key now answers with it; keys past their 24 hours go. */
export function rememberInTransaction(idempotencyKeys: IdempotencyKeyRepository, idempotency: PendingIdempotency, referral: Referral): void {
  idempotencyKeys.forgetBefore(idempotency.rememberedSince);
  idempotencyKeys.remember(idempotency.scope, idempotency.key, {
    fingerprint: idempotency.fingerprint, referralId: referral.id, createdAt: referral.createdAt,
  });
}
