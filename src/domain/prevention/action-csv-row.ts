import { THEMES, type PreventionActionInput, type Theme } from './prevention-action.js';
import { actionProblems } from './prevention-action.js';

/**
 * The CSV of prevention actions (docs/desk.md, "Prevention actions"; data/prevention-actions.example.csv):
 * a header naming these columns, in any order; lists separated by semicolons; `national` true or
 * false; dates YYYY-MM-DD.
 */
export const ACTION_CSV_COLUMNS = ['title', 'summary', 'url', 'startsOn', 'endsOn', 'national', 'regions', 'departments', 'specialties', 'themes'] as const;

/** The columns missing from a header; empty when it can be read. */
export function missingActionColumns(header: readonly string[]): string[] {
  return ACTION_CSV_COLUMNS.filter((column) => !header.includes(column));
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(';').map((item) => item.trim()).filter((item) => item !== '');
}

/** One row of the CSV, by column name, as an action to record, or what is wrong with it. */
export function actionFromCsvRow(row: Readonly<Record<string, string>>): { input: PreventionActionInput } | { problems: string[] } {
  const national = (row.national ?? '').trim().toLowerCase();
  const problems: string[] = [];
  if (national !== 'true' && national !== 'false') problems.push(`national must be true or false, got "${row.national ?? ''}"`);
  const themes = list(row.themes);
  const input: PreventionActionInput = {
    title: (row.title ?? '').trim(),
    summary: (row.summary ?? '').trim(),
    url: (row.url ?? '').trim(),
    startsOn: (row.startsOn ?? '').trim(),
    endsOn: (row.endsOn ?? '').trim(),
    national: national === 'true',
    regions: list(row.regions),
    departments: list(row.departments).map((code) => code.toUpperCase()),
    specialties: list(row.specialties),
    themes: themes.filter((theme): theme is Theme => (THEMES as readonly string[]).includes(theme)),
  };
  problems.push(...themes.filter((theme) => !(THEMES as readonly string[]).includes(theme)).map((theme) => `"${theme}" is not a theme (${THEMES.join(', ')})`));
  problems.push(...actionProblems(input));
  return problems.length === 0 ? { input } : { problems };
}
