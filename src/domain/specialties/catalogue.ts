/**
 * The specialties an advisor can ask for (DESIGN §3): a stable service code, a French label,
 * the registry profession it belongs to and, for physicians and dentists, the registry
 * savoir-faire codes that map to it. Synonyms are what advisors actually type.
 */
export interface SpecialtyDefinition {
  readonly code: string;
  readonly label: string;
  readonly profession: { readonly code: string; readonly label: string };
  /** Registry savoir-faire codes (`Code savoir-faire`) mapped to this specialty; empty when the profession alone decides. */
  readonly savoirFaireCodes: readonly string[];
  readonly synonyms: readonly string[];
}

const PHYSICIAN = { code: '10', label: 'Médecin' } as const;
const DENTIST = { code: '40', label: 'Chirurgien-dentiste' } as const;

export const SPECIALTIES: readonly SpecialtyDefinition[] = [
  {
    code: 'medecine-generale', label: 'Médecine générale', profession: PHYSICIAN,
    // General practice has three registry codes (rpps-extract.md): one specialty for an advisor.
    savoirFaireCodes: ['SM54', 'SM53', 'SM26'],
    synonyms: ['generaliste', 'medecin generaliste', 'medecin traitant', 'mg', 'medecin'],
  },
  {
    code: 'chirurgie-dentaire', label: 'Chirurgie dentaire', profession: DENTIST,
    savoirFaireCodes: ['SCD03'],
    synonyms: ['dentiste', 'chirurgien-dentiste', 'chirurgien dentiste', 'dentaire'],
  },
  {
    code: 'orthodontie', label: 'Orthodontie', profession: DENTIST,
    savoirFaireCodes: ['SCD01'],
    synonyms: ['orthodontiste', 'ortho dentaire'],
  },
  {
    code: 'ophtalmologie', label: 'Ophtalmologie', profession: PHYSICIAN,
    savoirFaireCodes: ['SM38'],
    synonyms: ['ophtalmo', 'ophtalmologue', 'ophtalmologiste', 'oculiste'],
  },
  {
    code: 'kinesitherapie', label: 'Masso-kinésithérapie', profession: { code: '70', label: 'Masseur-kinésithérapeute' },
    savoirFaireCodes: [],
    synonyms: ['kine', 'kinesitherapeute', 'masseur-kinesitherapeute', 'masseur kinesitherapeute', 'physiotherapie'],
  },
  {
    code: 'soins-infirmiers', label: 'Soins infirmiers', profession: { code: '60', label: 'Infirmier' },
    savoirFaireCodes: [],
    synonyms: ['infirmier', 'infirmiere', 'idel', 'ide'],
  },
  {
    code: 'sage-femme', label: 'Maïeutique (sage-femme)', profession: { code: '50', label: 'Sage-femme' },
    savoirFaireCodes: [],
    synonyms: ['sages-femmes', 'maieutique', 'maieuticien', 'sage femme'],
  },
  {
    code: 'optique', label: 'Optique-lunetterie', profession: { code: '28', label: 'Opticien-lunetier' },
    savoirFaireCodes: [],
    synonyms: ['opticien', 'opticien-lunetier', 'lunetier', 'lunettes'],
  },
  {
    code: 'pediatrie', label: 'Pédiatrie', profession: PHYSICIAN,
    savoirFaireCodes: ['SM40'],
    synonyms: ['pediatre'],
  },
  {
    code: 'gynecologie', label: 'Gynécologie', profession: PHYSICIAN,
    savoirFaireCodes: ['SM19', 'SM20'],
    synonyms: ['gyneco', 'gynecologue', 'gynecologie medicale', 'gynecologie obstetrique'],
  },
  {
    code: 'dermatologie', label: 'Dermatologie et vénéréologie', profession: PHYSICIAN,
    savoirFaireCodes: ['SM15'],
    synonyms: ['dermato', 'dermatologue'],
  },
  {
    code: 'psychiatrie', label: 'Psychiatrie', profession: PHYSICIAN,
    savoirFaireCodes: ['SM42'],
    synonyms: ['psychiatre', 'psy'],
  },
  {
    code: 'cardiologie', label: 'Cardiologie et maladies vasculaires', profession: PHYSICIAN,
    savoirFaireCodes: ['SM04'],
    synonyms: ['cardio', 'cardiologue'],
  },
  {
    code: 'orl', label: 'Oto-rhino-laryngologie', profession: PHYSICIAN,
    savoirFaireCodes: ['SM39'],
    synonyms: ['oto-rhino', 'oto-rhino-laryngologiste', 'orl chirurgie cervico-faciale'],
  },
  {
    code: 'rhumatologie', label: 'Rhumatologie', profession: PHYSICIAN,
    savoirFaireCodes: ['SM48'],
    synonyms: ['rhumato', 'rhumatologue'],
  },
  {
    code: 'pneumologie', label: 'Pneumologie', profession: PHYSICIAN,
    savoirFaireCodes: ['SM41'],
    synonyms: ['pneumo', 'pneumologue'],
  },
  {
    code: 'orthophonie', label: 'Orthophonie', profession: { code: '91', label: 'Orthophoniste' },
    savoirFaireCodes: [],
    synonyms: ['orthophoniste'],
  },
  {
    code: 'orthoptie', label: 'Orthoptie', profession: { code: '92', label: 'Orthoptiste' },
    savoirFaireCodes: [],
    synonyms: ['orthoptiste'],
  },
  {
    code: 'podologie', label: 'Pédicurie-podologie', profession: { code: '80', label: 'Pédicure-podologue' },
    savoirFaireCodes: [],
    synonyms: ['podologue', 'pedicure', 'pedicure-podologue'],
  },
  {
    code: 'audioprothese', label: 'Audioprothèse', profession: { code: '26', label: 'Audioprothésiste' },
    savoirFaireCodes: [],
    synonyms: ['audioprothesiste', 'audio'],
  },
  {
    code: 'psychologie', label: 'Psychologie', profession: { code: '93', label: 'Psychologue' },
    savoirFaireCodes: [],
    synonyms: ['psychologue'],
  },
];
