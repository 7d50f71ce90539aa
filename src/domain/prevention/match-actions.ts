import type { PreventionAction } from './prevention-action.js';
import { THEME_SPECIALTIES } from './prevention-action.js';
import { REGION_OF_DEPARTMENT } from './regions.js';

/** How far ahead an action that has not started yet is mentioned. */
export const UPCOMING_DAYS = 30;
/** At most this many actions are mentioned at the end of a call. */
export const MAX_MENTIONED = 3;

/** How local an action is to a member: where it applies that covers the member's department. */
export type Reach = 'department' | 'region' | 'national';
const REACH_ORDER: Readonly<Record<Reach, number>> = { department: 0, region: 1, national: 2 };

export interface MatchedAction {
  readonly action: PreventionAction;
  readonly reach: Reach;
}

/** `day` (YYYY-MM-DD) plus `days`, as a calendar day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The most local place of the action that covers the department (null: coordinates, no department known). */
function reachOf(action: PreventionAction, department: string | null): Reach | null {
  if (department !== null && action.departments.includes(department)) return 'department';
  const region = department === null ? undefined : REGION_OF_DEPARTMENT[department];
  if (region !== undefined && action.regions.includes(region)) return 'region';
  return action.national ? 'national' : null;
}

function concerns(action: PreventionAction, specialty: string): boolean {
  if (action.specialties.length === 0 && action.themes.length === 0) return true;
  return action.specialties.includes(specialty) || action.themes.some((theme) => THEME_SPECIALTIES[theme].includes(specialty));
}

/**
 * The actions to mention at the end of a call for `specialty` in `department`: not retired,
 * under way `today` or starting within 30 days, applying there and concerning the specialty; at
 * most three, most local first (department, region, national), then those under way (ending
 * soonest first) before those to come (starting soonest first), then by id.
 */
export function actionsToMention(actions: readonly PreventionAction[], department: string | null, specialty: string, today: string): MatchedAction[] {
  const horizon = addDays(today, UPCOMING_DAYS);
  const matched: MatchedAction[] = [];
  for (const action of actions) {
    if (action.retiredAt !== null || action.endsOn < today || action.startsOn > horizon) continue;
    if (!concerns(action, specialty)) continue;
    const reach = reachOf(action, department);
    if (reach !== null) matched.push({ action, reach });
  }
  const started = (m: MatchedAction) => (m.action.startsOn <= today ? 0 : 1);
  // Under way: the one ending soonest first, while there is time; to come: the one starting soonest.
  const soonest = (m: MatchedAction) => (started(m) === 0 ? m.action.endsOn : m.action.startsOn);
  return matched
    .sort((a, b) => REACH_ORDER[a.reach] - REACH_ORDER[b.reach] || started(a) - started(b)
      || soonest(a).localeCompare(soonest(b)) || a.action.id - b.action.id)
    .slice(0, MAX_MENTIONED);
}
