import { parse } from 'csv-parse/sync';
import { DomainError, NotFoundError } from '../domain/errors.js';
import { actionFromCsvRow, missingActionColumns } from '../domain/prevention/action-csv-row.js';
import { actionProblems, type PreventionAction, type PreventionActionChange, type PreventionActionInput } from '../domain/prevention/prevention-action.js';
import type { PreventionActionRepository } from '../storage/prevention-action-repository.js';

/** What managing the actions needs; `changed` reloads what this server mentions in referrals. */
export interface PreventionDependencies {
  readonly actions: PreventionActionRepository;
  readonly clock: () => Date;
  readonly changed: () => void;
}

function checked(input: PreventionActionInput): PreventionActionInput {
  const problems = actionProblems(input);
  if (problems.length > 0) throw new DomainError('invalid-prevention-action', `The prevention action cannot be recorded: ${problems.join('; ')}.`, { problems });
  return input;
}

/** @throws DomainError invalid-prevention-action */
export function createPreventionAction(deps: PreventionDependencies, input: PreventionActionInput, by: string): PreventionAction {
  const action = deps.actions.create(checked(input), by, deps.clock());
  deps.changed();
  return action;
}

/** @throws NotFoundError, DomainError invalid-prevention-action or prevention-action-retired */
export function editPreventionAction(deps: PreventionDependencies, id: number, input: PreventionActionInput, by: string): PreventionAction & { history: PreventionActionChange[] } {
  const existing = deps.actions.findById(id);
  if (!existing) throw new NotFoundError('prevention action', id);
  if (existing.retiredAt !== null) throw new DomainError('prevention-action-retired', `Prevention action ${id} was retired on ${existing.retiredAt} by ${existing.retiredBy}: create a new one.`);
  const edited = deps.actions.update(id, checked(input), by, deps.clock()) as PreventionAction;
  deps.changed();
  return { ...edited, history: deps.actions.history(id) };
}

/** Retires an action (kept, with its history, never mentioned again); a retired one is left as it is. @throws NotFoundError */
export function retirePreventionAction(deps: PreventionDependencies, id: number, by: string): PreventionAction & { history: PreventionActionChange[] } {
  const retired = deps.actions.retire(id, by, deps.clock());
  if (!retired) throw new NotFoundError('prevention action', id);
  deps.changed();
  return { ...retired, history: deps.actions.history(id) };
}

/** @throws NotFoundError */
export function preventionActionWithHistory(actions: PreventionActionRepository, id: number): PreventionAction & { history: PreventionActionChange[] } {
  const action = actions.findById(id);
  if (!action) throw new NotFoundError('prevention action', id);
  return { ...action, history: actions.history(id) };
}

export interface ActionImport {
  /** The actions recorded. */
  readonly created: readonly PreventionAction[];
  /** Lines (of the file, the header being line 1) already recorded: same title, start and end as an action not retired. */
  readonly alreadyThere: readonly number[];
}

/**
 * Imports a CSV of actions (docs/desk.md, "Prevention actions"): all or nothing, so that a file with
 * one bad line changes nothing and is corrected whole; a line matching an action not retired
 * (same title, start and end) is left out, so that importing a file twice records it once.
 * @throws DomainError invalid-prevention-action listing every bad line
 */
export function importPreventionActions(deps: PreventionDependencies, csv: string, by: string): ActionImport {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: false, trim: false }) as string[][];
  } catch (error) {
    throw new DomainError('invalid-prevention-action', `The file is not a readable CSV: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const [header = [], ...rows] = records;
  const columns = header.map((name) => name.trim());
  const missing = missingActionColumns(columns);
  if (missing.length > 0) throw new DomainError('invalid-prevention-action', `The header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  const problems: string[] = [];
  const inputs: { line: number; input: PreventionActionInput }[] = [];
  rows.forEach((cells, index) => {
    const line = index + 2;
    const parsed = actionFromCsvRow(Object.fromEntries(columns.map((name, i) => [name, cells[i] ?? ''])));
    if ('problems' in parsed) problems.push(`line ${line}: ${parsed.problems.join('; ')}`);
    else inputs.push({ line, input: parsed.input });
  });
  if (problems.length > 0) throw new DomainError('invalid-prevention-action', `Nothing imported: ${problems.join('. ')}.`, { problems });
  const now = deps.clock();
  const result = deps.actions.inTransaction(() => {
    const known = new Set(deps.actions.list(false).map(identity));
    const created: PreventionAction[] = [];
    const alreadyThere: number[] = [];
    for (const { line, input } of inputs) {
      if (known.has(identity(input))) {
        alreadyThere.push(line);
        continue;
      }
      known.add(identity(input));
      created.push(deps.actions.create(input, by, now));
    }
    return { created, alreadyThere };
  });
  if (result.created.length > 0) deps.changed();
  return result;
}

function identity(action: PreventionActionInput): string {
  return JSON.stringify([action.title, action.startsOn, action.endsOn]);
}
