import type { PreventionAction, PreventionActionChange, PreventionActionInput, Theme } from '../domain/prevention/prevention-action.js';
import type { Db } from './database.js';

export interface PreventionActionRepository {
  create(input: PreventionActionInput, by: string, now: Date): PreventionAction;
  /** @returns undefined when no action has this id */
  update(id: number, input: PreventionActionInput, by: string, now: Date): PreventionAction | undefined;
  /** @returns undefined when no action has this id */
  retire(id: number, by: string, now: Date): PreventionAction | undefined;
  findById(id: number): PreventionAction | undefined;
  /** Every action, or only those not retired, by id. */
  list(includeRetired: boolean): PreventionAction[];
  history(id: number): PreventionActionChange[];
  /** Moves at every change: a single indexed read, for servers to notice changes made elsewhere. */
  revision(): number;
  /** Runs `work` in one transaction (an import is all or nothing). */
  inTransaction<T>(work: () => T): T;
}

interface ActionRow {
  id: number; title: string; summary: string; url: string; starts_on: string; ends_on: string; national: number;
  regions_json: string; departments_json: string; specialties_json: string; themes_json: string;
  created_at: string; created_by: string; updated_at: string; updated_by: string; retired_at: string | null; retired_by: string | null;
}

function toAction(row: ActionRow): PreventionAction {
  return {
    id: row.id, title: row.title, summary: row.summary, url: row.url, startsOn: row.starts_on, endsOn: row.ends_on,
    national: row.national === 1,
    regions: JSON.parse(row.regions_json) as string[],
    departments: JSON.parse(row.departments_json) as string[],
    specialties: JSON.parse(row.specialties_json) as string[],
    themes: JSON.parse(row.themes_json) as Theme[],
    createdAt: row.created_at, createdBy: row.created_by, updatedAt: row.updated_at, updatedBy: row.updated_by,
    retiredAt: row.retired_at, retiredBy: row.retired_by,
  };
}

function fields(input: PreventionActionInput): unknown[] {
  return [input.title, input.summary, input.url, input.startsOn, input.endsOn, input.national ? 1 : 0,
    JSON.stringify(input.regions), JSON.stringify(input.departments), JSON.stringify(input.specialties), JSON.stringify(input.themes)];
}

export function createPreventionActionRepository(db: Db): PreventionActionRepository {
  const insert = db.prepare(`INSERT INTO prevention_actions (title, summary, url, starts_on, ends_on, national, regions_json, departments_json, specialties_json, themes_json,
    created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const update = db.prepare(`UPDATE prevention_actions SET title = ?, summary = ?, url = ?, starts_on = ?, ends_on = ?, national = ?, regions_json = ?, departments_json = ?,
    specialties_json = ?, themes_json = ?, updated_at = ?, updated_by = ? WHERE id = ?`);
  const retire = db.prepare('UPDATE prevention_actions SET retired_at = ?, retired_by = ?, updated_at = ?, updated_by = ? WHERE id = ? AND retired_at IS NULL');
  const byId = db.prepare('SELECT * FROM prevention_actions WHERE id = ?');
  const all = db.prepare('SELECT * FROM prevention_actions ORDER BY id');
  const current = db.prepare('SELECT * FROM prevention_actions WHERE retired_at IS NULL ORDER BY id');
  const record = db.prepare('INSERT INTO prevention_action_changes (action_id, change, at, by, action_json) VALUES (?, ?, ?, ?, ?)');
  const history = db.prepare('SELECT change, at, by FROM prevention_action_changes WHERE action_id = ? ORDER BY id');
  const revision = db.prepare('SELECT COALESCE(MAX(id), 0) FROM prevention_action_changes').pluck();

  const find = (id: number) => {
    const row = byId.get(id) as ActionRow | undefined;
    return row && toAction(row);
  };
  const recorded = (id: number, change: PreventionActionChange['change'], by: string, at: string): PreventionAction => {
    const action = find(id) as PreventionAction;
    record.run(id, change, at, by, JSON.stringify(action));
    return action;
  };
  return {
    create: db.transaction((input: PreventionActionInput, by: string, now: Date) => {
      const at = now.toISOString();
      const id = Number(insert.run(...fields(input), at, by, at, by).lastInsertRowid);
      return recorded(id, 'created', by, at);
    }),
    update: db.transaction((id: number, input: PreventionActionInput, by: string, now: Date) => {
      const at = now.toISOString();
      if (update.run(...fields(input), at, by, id).changes === 0) return undefined;
      return recorded(id, 'edited', by, at);
    }),
    retire: db.transaction((id: number, by: string, now: Date) => {
      const at = now.toISOString();
      if (retire.run(at, by, at, by, id).changes === 0) return find(id);
      return recorded(id, 'retired', by, at);
    }),
    findById: find,
    list: (includeRetired) => ((includeRetired ? all : current).all() as ActionRow[]).map(toAction),
    history: (id) => history.all(id) as PreventionActionChange[],
    revision: () => revision.get() as number,
    inTransaction: (work) => db.transaction(work)(),
  };
}
