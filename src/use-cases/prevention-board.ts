import { departmentOfPostcode } from '../domain/geo/department.js';
import type { Gazetteer } from '../domain/geo/gazetteer.js';
import type { ResolvedLocation } from '../domain/model.js';
import { actionsToMention, type Reach } from '../domain/prevention/match-actions.js';
import type { PreventionAction } from '../domain/prevention/prevention-action.js';
import type { PreventionActionRepository } from '../storage/prevention-action-repository.js';

/** An action as a referral's answer mentions it. */
export interface MentionedAction {
  readonly id: number;
  readonly title: string;
  readonly summary: string;
  readonly url: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly reach: Reach;
}

/**
 * The actions not retired, held in memory so that a referral's answer finds its actions without
 * reading the database: reloaded after every change this server makes, and when the revision
 * moves (a change by the CLI or another server; see main.ts).
 */
export interface PreventionBoard {
  reload(): void;
  /** The actions to mention for a referral at `location` in `specialty`, today. */
  mention(location: ResolvedLocation, specialty: string): MentionedAction[];
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in mainland France: actions start and end on French days. */
export function parisDay(now: Date): string {
  return PARIS_DAY.format(now);
}

/** The department of a referral's place: its commune's, else its postcode's; null for coordinates. */
export function departmentOfLocation(gazetteer: Gazetteer, location: ResolvedLocation): string | null {
  if (location.commune !== undefined) return gazetteer.departmentOf(location.commune) ?? null;
  if (location.postcode !== undefined) return departmentOfPostcode(location.postcode);
  return null;
}

export function createPreventionBoard(actions: Pick<PreventionActionRepository, 'list'>, gazetteer: Gazetteer, clock: () => Date): PreventionBoard {
  let current: readonly PreventionAction[] = actions.list(false);
  return {
    reload() {
      current = actions.list(false);
    },
    mention(location, specialty) {
      if (current.length === 0) return [];
      return actionsToMention(current, departmentOfLocation(gazetteer, location), specialty, parisDay(clock())).map(({ action, reach }) => ({
        id: action.id, title: action.title, summary: action.summary, url: action.url, startsOn: action.startsOn, endsOn: action.endsOn, reach,
      }));
    },
  };
}

/**
 * A referral's answer (its body as logged, serialized by the log writer) with the actions
 * appended: the logged entry and its hash are untouched.
 */
export function withPreventionActions(json: string, mentioned: readonly MentionedAction[]): string {
  return `${json.slice(0, json.lastIndexOf('}'))},"preventionActions":${JSON.stringify(mentioned)}}`;
}
