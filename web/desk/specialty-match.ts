import type { Specialty } from './api.js';

/** Lower case, accents stripped, spaces, hyphens and apostrophes folded: as the API compares terms. */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\s'’_-]+/g, ' ').trim();
}

/**
 * The specialties whose label, code or synonyms start with what was typed (any word of the
 * label too), those matching exactly first, then in label order; with the synonym that matched,
 * to show the advisor why.
 */
export function matchSpecialties(specialties: readonly Specialty[], typed: string, limit = 8): { specialty: Specialty; synonym?: string }[] {
  const wanted = normalise(typed);
  if (wanted === '') return [];
  const found: { specialty: Specialty; synonym?: string; exact: boolean }[] = [];
  for (const specialty of specialties) {
    const label = normalise(specialty.label);
    const labelWords = [label, ...label.split(/[ ()]+/)];
    const terms = [normalise(specialty.code), ...specialty.synonyms.map(normalise)];
    if (labelWords.some((word) => word.startsWith(wanted))) {
      found.push({ specialty, exact: label === wanted || terms.includes(wanted) });
      continue;
    }
    const synonym = specialty.synonyms.find((term) => normalise(term).startsWith(wanted));
    const code = terms[0]?.startsWith(wanted);
    if (synonym !== undefined) found.push({ specialty, synonym, exact: normalise(synonym) === wanted });
    else if (code) found.push({ specialty, exact: terms[0] === wanted });
  }
  return found
    .sort((a, b) => Number(b.exact) - Number(a.exact) || a.specialty.label.localeCompare(b.specialty.label, 'fr'))
    .slice(0, limit)
    .map(({ specialty, synonym }) => (synonym === undefined ? { specialty } : { specialty, synonym }));
}
