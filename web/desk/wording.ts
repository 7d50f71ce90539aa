/** What the desk says, in French: filters, warnings, problems and the text sent to the member. */
import { ApiProblem, type Filters, type Person, type PreventionAction, type Referral } from './api.js';

const KM = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const LANGUAGES = new Intl.DisplayNames(['fr'], { type: 'language' });

export function distance(km: number): string {
  return `${KM.format(km)} km`;
}

/** The registry's civility codes as French writes them before a name. */
const CIVILITIES: Readonly<Record<string, string>> = { M: 'M.', MME: 'Mme', MLLE: 'Mlle', DR: 'Dr', PR: 'Pr' };

export function personName(person: Person): string {
  const civility = person.civility === null ? null : (CIVILITIES[person.civility.toUpperCase()] ?? person.civility);
  return [civility, person.firstName, person.lastName].filter((part) => part).join(' ');
}

export function personAddress(person: Person): string {
  return `${person.address}, ${person.postcode} ${person.city}`;
}

/** Digits only, for a tel: link; a leading + kept. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/(?!^\+)[^\d]/g, '')}`;
}

/** "0475123456" read as "04 75 12 34 56". */
export function phoneText(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 10 ? digits.replace(/(\d\d)(?=\d)/g, '$1 ') : phone;
}

/** The filters asked for, which every person proposed meets (the pool held only those who do). */
export function filterLabels(filters: Filters | undefined): string[] {
  if (!filters) return [];
  const labels: string[] = [];
  if (filters.sector) labels.push(filters.sector.map((s) => (s === 'optam' ? 'OPTAM' : `secteur ${s}`)).join(' ou '));
  if (filters.acceptsNewPatients) labels.push('accepte de nouveaux patients');
  if (filters.languages) labels.push(...filters.languages.map((code) => `parle ${LANGUAGES.of(code) ?? code}`));
  if (filters.wheelchairAccess) labels.push('accès en fauteuil roulant');
  if (filters.gender) labels.push(filters.gender === 'female' ? 'femme' : 'homme');
  return labels;
}

/** The answer's warnings in plain French, from its figures (the API states them in English). */
export function warnings(referral: Referral): string[] {
  const said: string[] = [];
  if (referral.widenedFromKm !== undefined) {
    said.push(`Tous les professionnels à moins de ${distance(referral.widenedFromKm)} ont déjà été proposés pendant cet appel : le rayon a été élargi à ${distance(referral.radiusKm)}.`);
  }
  const found = referral.practitioners.length;
  const plural = found > 1 ? 's' : '';
  if (found < referral.count && referral.parentId !== undefined) {
    // A "five more": the others within the radius were proposed earlier in the call, they still exist.
    const further = referral.radiusSource === 'ladder' && referral.radiusKm < 200 ? ' Demandés à nouveau, « Cinq autres » cherchera plus loin.' : '';
    said.push(`Plus que ${found} professionnel${plural} non encore proposé${plural} dans un rayon de ${distance(referral.radiusKm)} : les autres l'ont déjà été pendant cet appel.${further}`);
  } else if (found < referral.count) {
    said.push(`Seulement ${found} professionnel${plural} dans un rayon de ${distance(referral.radiusKm)}, moins que les ${referral.count} demandés.`);
  }
  return said;
}

/** What to tell the advisor when the API refused a request. */
export function problemText(error: unknown): string {
  if (!(error instanceof ApiProblem)) return 'Le service ne répond pas. Réessayez dans un instant.';
  switch (error.code) {
    case 'unknown-specialty': return 'Spécialité inconnue : choisissez-la dans la liste.';
    case 'unknown-place': return 'Lieu inconnu : choisissez-le dans la liste.';
    case 'no-practitioner-in-range': return 'Aucun professionnel de cette spécialité, répondant à ces filtres, dans le rayon le plus large. Retirez un filtre ou changez de lieu.';
    case 'no-more-practitioners': return 'Tous les professionnels à proximité ont déjà été proposés pendant cet appel.';
    case 'referral-too-old': return '« Cinq autres » n\'est proposé que pendant l\'appel : faites une nouvelle orientation.';
    case 'rate-limited': return 'Trop de demandes en une minute pour ce poste. Patientez quelques secondes.';
    case 'forbidden': return 'Cette clé n\'a pas le rôle de conseiller.';
    default: return `Le service a refusé la demande (${error.code}).`;
  }
}

export function receiptText(referral: Referral): string {
  return `n° ${referral.audit.sequence}, empreinte ${referral.audit.hash.slice(0, 12)}`;
}

/** The text the advisor sends to the member: the five, then the prevention actions, then the receipt. */
export function memberText(referral: Referral, placeLabel: string): string {
  const lines = [`${referral.specialty.label} près de ${placeLabel} :`];
  for (const person of referral.practitioners) {
    const phone = person.phone ? ` - tél. ${phoneText(person.phone)}` : '';
    lines.push(`${person.rank}. ${personName(person)} - ${personAddress(person)}${phone} (${distance(person.distanceKm)})`);
  }
  const actions: readonly PreventionAction[] = referral.preventionActions ?? [];
  if (actions.length > 0) {
    lines.push('', 'Près de chez vous :');
    for (const action of actions) lines.push(`- ${action.title} : ${action.summary} ${action.url}`);
  }
  lines.push('', `Référence de l'orientation : ${receiptText(referral)}.`);
  return lines.join('\n');
}
