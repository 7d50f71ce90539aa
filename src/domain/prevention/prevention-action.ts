import { SPECIALTIES } from '../specialties/catalogue.js';
import { REGION_OF_DEPARTMENT, REGIONS } from './regions.js';

/** What an action may concern besides specialties; each stands for the specialties in THEME_SPECIALTIES. */
export const THEMES = ['vaccination', 'screening', 'dental', 'vision'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * The specialties a theme concerns: a member asking for one of them may be told of an action on
 * the theme. Vaccination: those who vaccinate; screening: those who prescribe or perform the
 * national cancer screenings (breast, cervix, colon) and skin checks; dental and vision: their
 * professions.
 */
export const THEME_SPECIALTIES: Readonly<Record<Theme, readonly string[]>> = {
  vaccination: ['medecine-generale', 'pediatrie', 'soins-infirmiers', 'sage-femme'],
  screening: ['medecine-generale', 'gynecologie', 'sage-femme', 'dermatologie'],
  dental: ['chirurgie-dentaire', 'orthodontie'],
  vision: ['ophtalmologie', 'orthoptie', 'optique'],
};

/** What whoever creates or edits an action gives. Dates are calendar days (YYYY-MM-DD), the end included. */
export interface PreventionActionInput {
  readonly title: string;
  /** A short text the advisor reads aloud. */
  readonly summary: string;
  readonly url: string;
  readonly startsOn: string;
  readonly endsOn: string;
  /** Everywhere in France; then `regions` and `departments` are empty. */
  readonly national: boolean;
  /** INSEE region codes ("84"). */
  readonly regions: readonly string[];
  /** Department codes ("69", "2A", "974"). */
  readonly departments: readonly string[];
  /** Specialty codes; with `themes` empty too, the action concerns every specialty. */
  readonly specialties: readonly string[];
  readonly themes: readonly Theme[];
}

/** An action as recorded, with who made it and, once retired, who retired it. */
export interface PreventionAction extends PreventionActionInput {
  readonly id: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly retiredAt: string | null;
  readonly retiredBy: string | null;
}

/** One recorded change of an action, with who made it (an API key's name, or the CLI's --by). */
export interface PreventionActionChange {
  readonly change: 'created' | 'edited' | 'retired';
  readonly at: string;
  readonly by: string;
}

export const TITLE_MAX = 120;
export const SUMMARY_MAX = 400;
const SPECIALTY_CODES = new Set(SPECIALTIES.map((s) => s.code));
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * What is wrong with an action, one sentence per problem; empty when it can be recorded. The
 * contract checks shapes; this checks what it cannot: real dates in order, a place to apply,
 * known regions, departments and specialties, a web link.
 */
export function actionProblems(input: PreventionActionInput): string[] {
  const problems: string[] = [];
  if (input.title.trim() === '' || input.title.length > TITLE_MAX) problems.push(`the title must be 1 to ${TITLE_MAX} characters`);
  if (input.summary.trim() === '' || input.summary.length > SUMMARY_MAX) problems.push(`the summary must be 1 to ${SUMMARY_MAX} characters, short enough to read aloud`);
  if (!/^https?:\/\/[^\s/]+\.[^\s]+$/.test(input.url)) problems.push(`the url "${input.url}" must be a web address (https://...)`);
  if (!isDay(input.startsOn)) problems.push(`startsOn "${input.startsOn}" must be a date (YYYY-MM-DD)`);
  if (!isDay(input.endsOn)) problems.push(`endsOn "${input.endsOn}" must be a date (YYYY-MM-DD)`);
  if (isDay(input.startsOn) && isDay(input.endsOn) && input.endsOn < input.startsOn) problems.push(`endsOn ${input.endsOn} is before startsOn ${input.startsOn}`);
  const places = input.regions.length + input.departments.length;
  if (input.national && places > 0) problems.push('a national action lists no region or department');
  if (!input.national && places === 0) problems.push('an action applies nationally or in at least one region or department');
  for (const region of input.regions) if (!(region in REGIONS)) problems.push(`"${region}" is not a region code (INSEE: 11, 84, 93...)`);
  for (const department of input.departments) if (!(department in REGION_OF_DEPARTMENT)) problems.push(`"${department}" is not a department code (01 to 95, 2A, 2B, 971 to 976)`);
  for (const specialty of input.specialties) if (!SPECIALTY_CODES.has(specialty)) problems.push(`"${specialty}" is not a specialty code (GET /v1/specialties)`);
  for (const theme of input.themes) if (!(THEMES as readonly string[]).includes(theme)) problems.push(`"${theme}" is not a theme (${THEMES.join(', ')})`);
  return problems;
}
