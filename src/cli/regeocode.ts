import { loadGazetteer } from '../storage/gazetteer-file.js';
import { openDatabase } from '../storage/database.js';
import { migrate } from '../storage/migrate.js';
import { regeocodeSites, type RegeocodeOutcome } from '../use-cases/regeocode-sites.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface RegeocodeCommand {
  readonly databasePath: string;
  readonly gazetteerPath: string;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly json: boolean;
}

/**
 * `regeocode`: places the directory's sites again with this gazetteer when another placed them
 * (the service does the same at start), and reports what moved and by how much. `--dry-run`
 * reports without writing; `--force` checks every site even when the versions agree.
 */
export function regeocodeCommand(command: RegeocodeCommand, out: (line: string) => void): ExitCode {
  const gazetteer = loadGazetteer(command.gazetteerPath);
  const db = openDatabase(command.databasePath);
  try {
    migrate(db);
    const outcome = regeocodeSites(db, gazetteer, () => new Date(), { force: command.force, dryRun: command.dryRun });
    out(command.json ? JSON.stringify(outcome, null, 2) : describe(outcome));
    return EXIT.ok;
  } finally {
    db.close();
  }
}

function describe(outcome: RegeocodeOutcome): string {
  if (outcome.status === 'current') return `sites already placed by this gazetteer (version ${outcome.version}): nothing to do`;
  const { report } = outcome.status === 'placed' ? outcome.run : outcome;
  const from = outcome.status === 'placed' ? outcome.run.fromVersion : outcome.fromVersion;
  const to = outcome.status === 'placed' ? outcome.run.toVersion : outcome.toVersion;
  const bands = report.movedByDistance;
  return [
    `${outcome.status === 'placed' ? 'placed again' : 'dry run, nothing written'}: gazetteer ${from ?? '(unrecorded)'} → ${to}`,
    `sites checked ${report.sitesChecked}, moved ${report.sitesMoved}: precision only ${bands.precisionOnly}, under 1 km ${bands.under1Km}, 1-5 km ${bands.from1To5Km}, 5-20 km ${bands.from5To20Km}, 20 km or more ${bands.atLeast20Km}, placed or unplaced ${bands.placedOrUnplaced}; largest move ${report.maxMoveKm} km`,
    `precision before: ${JSON.stringify(report.precisionBefore)}`,
    `precision after:  ${JSON.stringify(report.precisionAfter)}`,
    ...report.largestMoves.slice(0, 5).map((m) => `  site ${m.siteId} (${m.nationalId}, ${m.postcode} ${m.city}): ${m.from} → ${m.to}, moved ${m.movedKm ?? '-'} km`),
  ].join('\n');
}
