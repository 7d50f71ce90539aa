import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { withPreventionActions } from '../compose.js';
import { keyNameProblem } from '../domain/access/roles.js';
import { THEMES, type PreventionAction, type PreventionActionInput, type Theme } from '../domain/prevention/prevention-action.js';
import { createPreventionAction, importPreventionActions, retirePreventionAction } from '../use-cases/prevention-actions.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface ActionsCommand {
  readonly action: 'create' | 'list' | 'retire' | 'import';
  readonly databasePath: string;
  /** retire: the action's id; import: the CSV file. */
  readonly argument?: string;
  /** Who makes the change: --by, else `cli:` and the operating-system user. */
  readonly by?: string;
  readonly all: boolean;
  readonly json: boolean;
  readonly fields: {
    readonly title?: string; readonly summary?: string; readonly url?: string; readonly startsOn?: string; readonly endsOn?: string;
    readonly national: boolean; readonly regions?: string; readonly departments?: string; readonly specialties?: string; readonly themes?: string;
  };
}

/** The name a change made from the command line is recorded under. */
export function changedBy(given: string | undefined): string {
  const by = given ?? `cli:${userInfo().username}`;
  if (given !== undefined && keyNameProblem(given) !== null) throw new Error(`--by "${given}" must be 1 to 64 letters, digits, dots, dashes or underscores.`);
  return by;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function inputOf(fields: ActionsCommand['fields']): PreventionActionInput {
  const missing = (['title', 'summary', 'url', 'startsOn', 'endsOn'] as const).filter((name) => fields[name] === undefined);
  if (missing.length > 0) throw new Error(`actions create needs ${missing.map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}.`);
  const themes = list(fields.themes);
  const unknown = themes.filter((theme) => !(THEMES as readonly string[]).includes(theme));
  if (unknown.length > 0) throw new Error(`--themes: "${unknown.join('", "')}" is not a theme (${THEMES.join(', ')}).`);
  return {
    title: fields.title as string, summary: fields.summary as string, url: fields.url as string,
    startsOn: fields.startsOn as string, endsOn: fields.endsOn as string, national: fields.national,
    regions: list(fields.regions), departments: list(fields.departments).map((code) => code.toUpperCase()),
    specialties: list(fields.specialties), themes: themes as Theme[],
  };
}

function line(action: PreventionAction): string {
  const where = action.national ? 'national' : [...action.regions.map((r) => `region ${r}`), ...action.departments.map((d) => `department ${d}`)].join(', ');
  const what = [...action.specialties, ...action.themes].join(', ') || 'every specialty';
  const retired = action.retiredAt === null ? '' : `  retired ${action.retiredAt} by ${action.retiredBy}`;
  return `${String(action.id).padStart(4)}  ${action.startsOn} to ${action.endsOn}  ${action.title}  [${where}; ${what}]  by ${action.updatedBy}${retired}`;
}

/**
 * `actions create|list|retire ID|import FILE`: the prevention actions advisors mention at the
 * end of a call. Every change is recorded with --by (default `cli:` and the OS user); running
 * servers pick changes up within a few seconds.
 */
export function actionsCommand(command: ActionsCommand, out: (line: string) => void, err: (line: string) => void): ExitCode {
  return withPreventionActions(command.databasePath, (deps) => {
    if (command.action === 'list') {
      const actions = deps.actions.list(command.all);
      if (command.json) out(JSON.stringify(actions, null, 2));
      else if (actions.length === 0) out('no prevention actions');
      else for (const action of actions) out(line(action));
      return EXIT.ok;
    }
    if (command.action === 'create') {
      const action = createPreventionAction(deps, inputOf(command.fields), changedBy(command.by));
      out(command.json ? JSON.stringify(action, null, 2) : `created ${line(action).trim()}`);
      return EXIT.ok;
    }
    if (command.action === 'retire') {
      const id = /^\d+$/.test(command.argument ?? '') ? Number(command.argument) : NaN;
      if (!Number.isSafeInteger(id) || id < 1) throw new Error(`actions retire needs the action's id, got "${command.argument ?? ''}".`);
      const action = retirePreventionAction(deps, id, changedBy(command.by));
      out(command.json ? JSON.stringify(action, null, 2) : `retired ${line(action).trim()}`);
      return EXIT.ok;
    }
    if (command.argument === undefined) throw new Error('actions import needs a FILE.');
    let csv: string;
    try {
      csv = readFileSync(command.argument, 'utf8');
    } catch (error) {
      err(`Cannot read ${command.argument}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.usage;
    }
    const imported = importPreventionActions(deps, csv, changedBy(command.by));
    if (command.json) out(JSON.stringify(imported, null, 2));
    else {
      for (const action of imported.created) out(`created ${line(action).trim()}`);
      out(`${imported.created.length} created, ${imported.alreadyThere.length} already there${imported.alreadyThere.length > 0 ? ` (lines ${imported.alreadyThere.join(', ')})` : ''}`);
    }
    return EXIT.ok;
  });
}
