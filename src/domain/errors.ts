import { describeFilters, type ReferralFilters } from './filters/referral-filters.js';

/**
 * Domain errors carry a stable kebab-case `code` and a human `detail`; they know nothing of HTTP.
 * `http/problem.ts` is the one place that maps a code to a status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export class UnknownSpecialtyError extends DomainError {
  constructor(requested: string, suggestions: readonly string[]) {
    const hint = suggestions.length > 0 ? ` Did you mean: ${suggestions.join(', ')}?` : '';
    super('unknown-specialty', `Unknown specialty "${requested}".${hint} GET /v1/specialties lists them all.`, {
      suggestions,
    });
  }
}

export class UnknownPlaceError extends DomainError {
  constructor(kind: 'postcode' | 'commune', value: string) {
    const what = kind === 'postcode' ? 'postcode' : 'INSEE commune code';
    super('unknown-place', `Unknown ${what} "${value}": it is not in the gazetteer of French communes.`);
  }
}

export class NoPractitionerInRangeError extends DomainError {
  /** `filters` in canonical form, when the request had any: without them the caller could not tell why nobody came up. */
  constructor(specialtyLabel: string, radiusKm: number, filters?: ReferralFilters) {
    const qualifying = filters ? ` who meets the filters (${describeFilters(filters)})` : '';
    super(
      'no-practitioner-in-range',
      `No active practitioner of ${specialtyLabel}${qualifying} has a practice site within ${radiusKm} km of this location.`,
      { radiusKm },
    );
  }
}

export class NotFoundError extends DomainError {
  constructor(what: 'referral' | 'practitioner' | 'import' | 'prevention action', id: string | number) {
    super('not-found', `No ${what} with id "${id}".`);
  }
}

export class InvalidQueryError extends DomainError {
  constructor(detail: string) {
    super('invalid-query', detail);
  }
}
