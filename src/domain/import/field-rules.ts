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
  if (firstName === '') return 'first name missing';
  for (const [which, name] of [['last', lastName], ['first', firstName]] as const) {
    if (name.length > MAX_NAME_LENGTH) return `${which} name longer than ${MAX_NAME_LENGTH} characters`;
    // Shown to advisors and written into the hashed log: a control character is an error of the file, not a name.
    if (/\p{Cc}/u.test(name)) return `${which} name holds a control character`;
  }
  return null;
}

/** Longer than any name in the registry by far: a longer one is a broken row, not a person. */
const MAX_NAME_LENGTH = 100;

/** Collapses runs of spaces (the registry writes `Paris 12e  Arrondissement`) and trims. */
export function tidy(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}
