import { SPECIALTIES } from '../specialties/catalogue.js';

/**
 * Dentists' savoir-faire is often empty in the extract (rpps-extract.md): a dentist without one
 * practises general dentistry. Physicians have no such default: a physician whose specialty the
 * service does not refer to is skipped.
 */
const WHEN_NO_SAVOIR_FAIRE: Readonly<Record<string, string>> = { '40': 'chirurgie-dentaire' };

const byProfession = new Map<string, typeof SPECIALTIES[number][]>();
for (const specialty of SPECIALTIES) {
  const list = byProfession.get(specialty.profession.code) ?? [];
  byProfession.set(specialty.profession.code, [...list, specialty]);
}

/** The service's specialty for a registry row's profession and savoir-faire, or why there is none. */
export function registrySpecialty(professionCode: string, savoirFaireCode: string):
  { readonly code: string } | 'profession-not-referred' | 'specialty-not-referred' {
  const candidates = byProfession.get(professionCode);
  if (candidates === undefined) return 'profession-not-referred';
  const byProfessionAlone = candidates.find((s) => s.savoirFaireCodes.length === 0);
  if (byProfessionAlone) return { code: byProfessionAlone.code };
  const bySavoirFaire = candidates.find((s) => s.savoirFaireCodes.includes(savoirFaireCode));
  if (bySavoirFaire) return { code: bySavoirFaire.code };
  const fallback = savoirFaireCode === '' ? WHEN_NO_SAVOIR_FAIRE[professionCode] : undefined;
  return fallback === undefined ? 'specialty-not-referred' : { code: fallback };
}
