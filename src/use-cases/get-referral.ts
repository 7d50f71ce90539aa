import { NotFoundError } from '../domain/errors.js';
import type { Referral } from '../domain/model.js';
import type { ReferralRepository } from '../storage/referral-repository.js';

/** A stored referral exactly as it was returned. @throws NotFoundError */
export function getReferral(referrals: ReferralRepository, id: string): Referral {
  const found = referrals.findById(id);
  if (!found) throw new NotFoundError('referral', id);
  return found;
}
