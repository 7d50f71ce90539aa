import type { Gazetteer } from '../domain/geo/gazetteer.js';
import { planRegeocoding, type RegeocodeReport } from '../domain/import/regeocode-plan.js';
import type { Db } from '../storage/database.js';
import { createRegeocodingRepository, type RegeocodingRun } from '../storage/regeocoding-repository.js';

export type RegeocodeOutcome =
  | { readonly status: 'current'; readonly version: string }
  | { readonly status: 'dry-run'; readonly fromVersion: string | null; readonly toVersion: string; readonly report: RegeocodeReport }
  | { readonly status: 'placed'; readonly run: RegeocodingRun };

/** Moves written per transaction: short enough that referrals committing meanwhile barely wait. */
const MOVES_PER_TRANSACTION = 5_000;

/**
 * Places the directory's sites again when the gazetteer that placed them is not this one (or
 * always, with `force`): at start, and by `referral-service regeocode`. The plan is read outside
 * any transaction and the moves written a few thousand at a time, so that a service running on
 * the same database keeps serving; the run and the new version are recorded last, so that an
 * interrupted run is simply done again. Servers rebuild their index when they see the change.
 */
export function regeocodeSites(db: Db, gazetteer: Gazetteer, clock: () => Date, options: { force?: boolean; dryRun?: boolean } = {}): RegeocodeOutcome {
  const repository = createRegeocodingRepository(db);
  const fromVersion = repository.placedWith();
  if (fromVersion === gazetteer.version && options.force !== true) return { status: 'current', version: fromVersion };
  const startedAt = clock().toISOString();
  const { moves, report } = planRegeocoding(repository.placedSites(), gazetteer);
  if (options.dryRun === true) return { status: 'dry-run', fromVersion, toVersion: gazetteer.version, report };
  if (report.sitesChecked === 0) {
    // Nothing placed yet (a new database): only the version to remember.
    db.transaction(() => repository.setVersion(gazetteer.version, clock().toISOString()))();
    return { status: 'current', version: gazetteer.version };
  }
  for (let at = 0; at < moves.length; at += MOVES_PER_TRANSACTION) {
    db.transaction(() => repository.move(moves.slice(at, at + MOVES_PER_TRANSACTION)))();
  }
  const run = db.transaction(() => repository.record({ fromVersion, toVersion: gazetteer.version, startedAt, finishedAt: clock().toISOString(), report }))();
  return { status: 'placed', run };
}
