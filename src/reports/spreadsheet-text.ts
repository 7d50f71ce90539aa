/**
 * A spreadsheet opening a CSV runs a cell starting with one of these as a formula
 * (OWASP, "CSV Injection"): `=HYPERLINK(…)` from an imported name would become a link
 * that leaks the sheet, `+…|' /C calc'!A0` a command.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as a spreadsheet will show it and never evaluate: a leading single quote
 * marks it as text. Only text columns go through this; numbers such as a negative
 * deficit are written as they are. Embedded quotes are escaped by the CSV writer.
 */
export function spreadsheetText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
