import { REGISTRY_LAYOUT } from '../../src/domain/import/registry-layout.js';
import { writeFileSync } from 'node:fs';

export const REGISTRY_COLUMN_NAMES = REGISTRY_LAYOUT;

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
  readonly lineEnd?: '\n' | '\r\n' | '\r';
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
