import { UnknownSpecialtyError } from '../errors.js';
import { normaliseName } from '../practitioners/normalise-name.js';
import { SPECIALTIES, type SpecialtyDefinition } from './catalogue.js';
import { editDistance } from './edit-distance.js';

const MAX_SUGGESTIONS = 3;

/** Lower-case, accents stripped, runs of spaces, hyphens and apostrophes folded into one hyphen. */
function normaliseTerm(term: string): string {
  return normaliseName(term.replace(/_/g, ' ')).replace(/ /g, '-');
}

function termsOf(specialty: SpecialtyDefinition): string[] {
  return [specialty.code, specialty.label, ...specialty.synonyms].map(normaliseTerm);
}

const TERM_INDEX: ReadonlyMap<string, SpecialtyDefinition> = new Map(
  SPECIALTIES.flatMap((specialty) => termsOf(specialty).map((term) => [term, specialty] as const)),
);

/**
 * Resolves what an advisor typed (a code, a label or a common synonym such as "kiné" or
 * "ophtalmo") to a specialty.
 * @throws UnknownSpecialtyError with up to three closest codes when nothing matches.
 */
export function findSpecialty(requested: string): SpecialtyDefinition {
  const found = TERM_INDEX.get(normaliseTerm(requested));
  if (found) return found;
  throw new UnknownSpecialtyError(requested, suggestSpecialties(requested));
}

/** The codes whose code, label or synonyms are closest to `requested` by edit distance. */
function suggestSpecialties(requested: string): string[] {
  const wanted = normaliseTerm(requested);
  const ranked = SPECIALTIES.map((specialty) => ({
    code: specialty.code,
    distance: Math.min(...termsOf(specialty).map((term) => editDistance(wanted, term))),
  })).sort((a, b) => a.distance - b.distance || a.code.localeCompare(b.code));
  const tolerable = Math.max(3, Math.ceil(wanted.length / 2));
  return ranked
    .filter((entry) => entry.distance <= tolerable)
    .slice(0, MAX_SUGGESTIONS)
    .map((entry) => entry.code);
}
