import type { SpecialtyDefinition } from '../domain/specialties/catalogue.js';
import type { Db } from './database.js';

export interface SpecialtyRepository {
  /** Makes the specialties table match the catalogue (labels may change; codes are stable). */
  sync(definitions: readonly SpecialtyDefinition[]): void;
  /** Active practitioners per specialty code. */
  activeCounts(): Map<string, number>;
}

export function createSpecialtyRepository(db: Db): SpecialtyRepository {
  const upsert = db.prepare(
    `INSERT INTO specialties (code, label, profession_code, profession_label) VALUES (?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET label = excluded.label, profession_code = excluded.profession_code,
       profession_label = excluded.profession_label`,
  );
  const counts = db.prepare(
    `SELECT specialty_code AS code, COUNT(*) AS n FROM practitioners WHERE status = 'active' GROUP BY specialty_code`,
  );

  return {
    sync: db.transaction((definitions: readonly SpecialtyDefinition[]) => {
      for (const s of definitions) upsert.run(s.code, s.label, s.profession.code, s.profession.label);
    }),
    activeCounts() {
      const rows = counts.all() as { code: string; n: number }[];
      return new Map(rows.map((row) => [row.code, row.n]));
    },
  };
}
