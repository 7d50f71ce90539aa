/**
 * Folds a name or a query for comparison: accents stripped, lower case, ligatures spelled out,
 * hyphens, apostrophes, dots and brackets as spaces, single spaces. `saint` stays spelled out,
 * so that a name typed letter by letter ("sain") matches as it grows (place-search.ts).
 */
export function foldPlaceName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[-'’.,/()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Folds a French place name to a comparison key (DESIGN §7): folded as above, `saint`/`sainte`
 * shortened to `st`/`ste` (both spellings occur in registry extracts and in GeoNames).
 * Idempotent: `normalisePlaceName(normalisePlaceName(x)) === normalisePlaceName(x)`.
 */
export function normalisePlaceName(name: string): string {
  return foldPlaceName(name)
    .replace(/\bsaint\b/g, 'st')
    .replace(/\bsainte\b/g, 'ste');
}

/** Leading articles that La Poste and GeoNames sometimes drop or move ("Le Havre" / "Havre (Le)"). */
const LEADING_ARTICLE = /^(?:le|la|les|l) /;
/** The article written after the name, as "Havre (Le)" or "Havre, Le"; parentheses and commas are already spaces. */
const TRAILING_ARTICLE = / (?:le|la|les|l)$/;

/**
 * The keys under which a place name is filed: its normalised form without any leading or
 * trailing article, so that "Le Havre", "Havre" and "HAVRE (LE)" share one key.
 * Also strips a trailing `cedex` and its office number, which distribution lines carry
 * ("VERSAILLES CEDEX 9") but commune names never do.
 */
export function toPlaceNameKey(name: string): string {
  return normalisePlaceName(name)
    .replace(/ cedex(?: \d+)?$/, '')
    .replace(LEADING_ARTICLE, '')
    .replace(TRAILING_ARTICLE, '');
}
