import type { ReferralContext } from './referral-context.js';

export interface Health {
  readonly practitioners: number;
  readonly referrals: number;
}

/** What /healthz reports: the directory held in memory, and the log (one read of its last sequence). */
export function checkHealth(ctx: Pick<ReferralContext, 'directory' | 'referrals'>): Health {
  return { practitioners: ctx.directory.totalActive, referrals: ctx.referrals.count() };
}
