/**
 * Whether a registry site lies abroad, from its `Code pays`, `Libellé pays` and postcode.
 *
 * The registry marks French sites in several ways: an empty code, INSEE's code for France
 * (`99100`), or `99000` with the label `France` (seen in real extracts, e.g. Noyelles-Godault,
 * 62950). A site is foreign only when its code is another country's and its label is not
 * France, or when its postcode cannot be French: it holds a letter (`SW1A 1AA`, `AD500`) or it is
 * Monaco's (`980xx`). A French site's malformed postcode (`6903`) is a rejected row, not a
 * foreign one.
 */
export function isForeignSite(site: { readonly countryCode: string; readonly countryLabel: string; readonly postcode: string }): boolean {
  const saysFrance = FRENCH_CODES.has(site.countryCode) || /^france\b/.test(foldCase(site.countryLabel));
  if (!saysFrance) return true;
  return /\p{L}/u.test(site.postcode) || /^980\d\d$/.test(site.postcode);
}

const FRENCH_CODES: ReadonlySet<string> = new Set(['', '99000', '99100']);

function foldCase(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
}
