import { InvalidQueryError, NotFoundError } from '../domain/errors.js';
import { normaliseName } from '../domain/practitioners/normalise-name.js';
import type { Practitioner } from '../domain/model.js';
import { SPECIALTIES } from '../domain/specialties/catalogue.js';
import { findSpecialty } from '../domain/specialties/find-specialty.js';
import type { PractitionerRepository } from '../storage/practitioner-repository.js';
import type { DirectoryIndex } from './directory-index.js';

export interface SpecialtySummary {
  readonly code: string;
  readonly label: string;
  readonly profession: string;
  /** What advisors type for it: the desk suggests specialties from these. */
  readonly synonyms: string[];
  readonly activeCount: number;
}

/** Every specialty of the catalogue with its count of active practitioners, in French label order. */
export function listSpecialties(directory: DirectoryIndex): SpecialtySummary[] {
  return SPECIALTIES.map((s) => ({ code: s.code, label: s.label, profession: s.profession.label, synonyms: [...s.synonyms], activeCount: directory.activeCount(s.code) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
}

export interface PractitionerSearch {
  readonly nationalId?: string;
  readonly name?: string;
  readonly postcode?: string;
  readonly specialty?: string;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * A page of practitioners; the specialty may be given as a code, label or synonym.
 * @throws InvalidQueryError for a name with no letter or digit (it would match everyone)
 */
export function searchPractitioners(practitioners: PractitionerRepository, search: PractitionerSearch): { items: Practitioner[]; total: number } {
  if (search.name !== undefined && !/[\p{L}\p{N}]/u.test(normaliseName(search.name))) {
    throw new InvalidQueryError(`The name "${search.name}" has no letter or digit to look up.`);
  }
  return practitioners.search({
    page: search.page,
    pageSize: search.pageSize,
    ...(search.nationalId !== undefined && { nationalId: search.nationalId }),
    ...(search.name !== undefined && { namePrefix: search.name }),
    ...(search.postcode !== undefined && { postcode: search.postcode }),
    ...(search.specialty !== undefined && { specialty: findSpecialty(search.specialty).code }),
  });
}

/** @throws NotFoundError */
export function getPractitioner(practitioners: PractitionerRepository, id: number): Practitioner {
  const found = practitioners.findById(id);
  if (!found) throw new NotFoundError('practitioner', id);
  return found;
}
