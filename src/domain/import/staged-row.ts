import type { Gender, PractitionerAttributes } from '../filters/referral-filters.js';
import type { Site } from '../model.js';

/** A person as one import row describes them (DESIGN §7); the first in-scope row of a person wins. */
export interface StagedPerson {
  readonly nationalId: string;
  readonly civility: string | null;
  readonly lastName: string;
  readonly firstName: string;
  readonly professionCode: string;
  readonly specialtyCode: string;
  /** From the registry's civility (`M`, `MME`) or the CSV's `gender`; null when it says neither. */
  readonly gender: Gender | null;
}

/** A practice site as one import row describes it, geocoded; keyed on (person, structureId). */
export type StagedSite = Omit<Site, 'id'>;

/** What a practice declares in the service's CSV (never in the registry extract); null when unknown. */
export type DeclaredAttributes = Omit<PractitionerAttributes, 'gender'>;

/** Why a well-formed row is outside what the service refers to: counted, not an error. */
export type SkipReason = 'no-practice-address' | 'foreign-address' | 'profession-not-referred' | 'specialty-not-referred';

export const SKIP_REASONS: readonly SkipReason[] = ['no-practice-address', 'foreign-address', 'profession-not-referred', 'specialty-not-referred'];

/** What one data row of a file amounts to. */
export type RowOutcome =
  | { readonly kind: 'site'; readonly person: StagedPerson; readonly site: StagedSite; readonly attributes?: DeclaredAttributes }
  | { readonly kind: 'skipped'; readonly reason: SkipReason }
  /** `nationalId` when the row's identifier was valid: that person is in the file, so never deactivated for it. */
  | { readonly kind: 'rejected'; readonly reason: string; readonly nationalId?: string };
