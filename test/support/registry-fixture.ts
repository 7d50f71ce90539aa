import { writeFileSync } from 'node:fs';

/** The registry extract's 56 columns, verbatim from ../shared/formats/rpps-extract.md. */
export const REGISTRY_COLUMN_NAMES = [
  "Type d'identifiant PP", 'Identifiant PP', 'Identification nationale PP', "Code civilité d'exercice", "Libellé civilité d'exercice",
  'Code civilité', 'Libellé civilité', "Nom d'exercice", "Prénom d'exercice", 'Code profession', 'Libellé profession',
  'Code catégorie professionnelle', 'Libellé catégorie professionnelle', 'Code type savoir-faire', 'Libellé type savoir-faire',
  'Code savoir-faire', 'Libellé savoir-faire', 'Code mode exercice', 'Libellé mode exercice', 'Numéro SIRET site', 'Numéro SIREN site',
  'Numéro FINESS site', 'Numéro FINESS établissement juridique', 'Identifiant technique de la structure', 'Raison sociale site',
  'Enseigne commerciale site', 'Complément destinataire (coord. structure)', 'Complément point géographique (coord. structure)',
  'Numéro Voie (coord. structure)', 'Indice répétition voie (coord. structure)', 'Code type de voie (coord. structure)',
  'Libellé type de voie (coord. structure)', 'Libellé Voie (coord. structure)', 'Mention distribution (coord. structure)',
  'Bureau cedex (coord. structure)', 'Code postal (coord. structure)', 'Code commune (coord. structure)',
  'Libellé commune (coord. structure)', 'Code pays (coord. structure)', 'Libellé pays (coord. structure)',
  'Téléphone (coord. structure)', 'Téléphone 2 (coord. structure)', 'Télécopie (coord. structure)',
  'Adresse e-mail (coord. structure)', 'Code Département (structure)', 'Libellé Département (structure)',
  'Ancien identifiant de la structure', "Autorité d'enregistrement", "Code secteur d'activité", "Libellé secteur d'activité",
  'Code section tableau pharmaciens', 'Libellé section tableau pharmaciens', 'Code rôle', 'Libellé rôle', 'Code genre activité',
  'Libellé genre activité',
] as const;

export type RegistryColumnName = (typeof REGISTRY_COLUMN_NAMES)[number];
export type RegistryRowFields = Partial<Record<RegistryColumnName, string>>;

/** The 52 columns of files before about 2023: the same, without the last four. */
export const OLD_REGISTRY_COLUMN_NAMES = REGISTRY_COLUMN_NAMES.slice(0, 52);

/** A general practitioner practising in Lyon 3e, in the registry's own words; tests override what they are about. */
export function gp(nationalId: string, overrides: RegistryRowFields = {}): RegistryRowFields {
  return {
    "Type d'identifiant PP": '8', 'Identifiant PP': nationalId.slice(1), 'Identification nationale PP': nationalId,
    "Code civilité d'exercice": 'DR', "Libellé civilité d'exercice": 'Docteur', 'Code civilité': 'M', 'Libellé civilité': 'Monsieur',
    "Nom d'exercice": 'MARTIN', "Prénom d'exercice": 'Paul', 'Code profession': '10', 'Libellé profession': 'Médecin',
    'Code catégorie professionnelle': 'C', 'Libellé catégorie professionnelle': 'Civil',
    'Code type savoir-faire': 'S', 'Libellé type savoir-faire': 'Spécialité ordinale', 'Code savoir-faire': 'SM54', 'Libellé savoir-faire': 'Médecine Générale',
    'Code mode exercice': 'L', 'Libellé mode exercice': 'Libéral',
    'Identifiant technique de la structure': `R1${nationalId.slice(-10)}`, 'Raison sociale site': 'CABINET DU DR MARTIN',
    'Numéro Voie (coord. structure)': '12', 'Code type de voie (coord. structure)': 'R', 'Libellé type de voie (coord. structure)': 'RUE',
    'Libellé Voie (coord. structure)': 'DE LA PART-DIEU', 'Code postal (coord. structure)': '69003', 'Code commune (coord. structure)': '69383',
    'Libellé commune (coord. structure)': 'Lyon 3e  Arrondissement', 'Téléphone (coord. structure)': '0478123456',
    "Code secteur d'activité": 'SA07', "Libellé secteur d'activité": 'Cabinet individuel', 'Code rôle': 'FON-01', 'Libellé rôle': 'Titulaire de cabinet',
    ...overrides,
  };
}

export interface RegistryFileOptions {
  readonly columns?: readonly string[];
  readonly byteOrderMark?: boolean;
  readonly lineEnd?: '\n' | '\r\n';
  /** False: the last line has no line end. */
  readonly finalLineEnd?: boolean;
}

/** One row as the publisher writes it: `|`-separated, no quoting, a trailing separator. */
export function registryLine(row: RegistryRowFields, columns: readonly string[] = REGISTRY_COLUMN_NAMES): string {
  return `${columns.map((name) => row[name as RegistryColumnName] ?? '').join('|')}|`;
}

export function registryText(rows: readonly RegistryRowFields[], options: RegistryFileOptions = {}): string {
  const columns = options.columns ?? REGISTRY_COLUMN_NAMES;
  const lineEnd = options.lineEnd ?? '\n';
  const lines = [`${columns.join('|')}|`, ...rows.map((row) => registryLine(row, columns))];
  return `${options.byteOrderMark ? '\uFEFF' : ''}${lines.join(lineEnd)}${options.finalLineEnd === false ? '' : lineEnd}`;
}

export function writeRegistryFile(path: string, rows: readonly RegistryRowFields[], options: RegistryFileOptions = {}): string {
  writeFileSync(path, registryText(rows, options));
  return path;
}
