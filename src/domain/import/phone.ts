/**
 * The registry writes phones as it received them (`0148237096`, `09 84 30 21 12`, `+33 1 48…`):
 * a French number becomes `01 48 23 70 96`; anything else is kept as written, trimmed.
 */
export function normalisePhone(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  let digits = trimmed.replace(/[\s.\-()/]/g, '');
  if (/^(?:\+33|0033)\d{9}$/.test(digits)) digits = `0${digits.slice(-9)}`;
  if (!/^0\d{9}$/.test(digits)) return trimmed;
  return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
}
