/** Checks shared by both import formats: each returns why a value is wrong, or null. */

/** `8` + an 11-digit RPPS number, or `0` + a 9-digit ADELI number (rpps-extract.md). */
export function nationalIdProblem(value: string): string | null {
  if (value === '') return 'national identifier missing';
  return /^(?:8\d{11}|0\d{9})$/.test(value) ? null : `national identifier "${value}" is neither 8 and 11 digits (RPPS) nor 0 and 9 digits (ADELI)`;
}

export function postcodeProblem(value: string): string | null {
  return value === '' || /^\d{5}$/.test(value) ? null : `postcode "${value}" is not five digits`;
}

/** INSEE codes are strings: five digits, or 2A/2B and three digits in Corsica. */
export function communeCodeProblem(value: string): string | null {
  return value === '' || /^(?:\d{5}|2[AB]\d{3})$/.test(value) ? null : `commune code "${value}" is not an INSEE code`;
}

export function namesProblem(lastName: string, firstName: string): string | null {
  if (lastName === '') return 'last name missing';
  return firstName === '' ? 'first name missing' : null;
}

/** Collapses runs of spaces (the registry writes `Paris 12e  Arrondissement`) and trims. */
export function tidy(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}
