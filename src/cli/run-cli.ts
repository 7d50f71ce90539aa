import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, SETTINGS } from '../config.js';
import { DomainError } from '../domain/errors.js';
import { auditReport, type ReportFormat } from './audit-report.js';
import { auditVerify } from './audit-verify.js';
import { auditKey } from './audit-key.js';
import { auditWitness } from './audit-witness.js';
import { backupCommand } from './backup.js';
import { importCommand } from './import.js';
import { keysCommand } from './keys.js';
import { actionsCommand } from './prevention-actions.js';
import { regeocodeCommand } from './regeocode.js';
import { runSimulation } from './simulate.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { serviceDatabaseProblem } from '../storage/database.js';

const USAGE = `usage: npm run cli -- <command> [options]      (in a clone, from the sources)
       node dist/cli/main.js <command> [options]   (in a build or the Docker image)

commands:
  audit verify [--database FILE] [--strict] [--json]
      Replays the whole referral log from empty counters, recomputing every selection, order,
      seed, hash and counter, and forming every pool again from the directory log. Exit 0 when
      everything checks out, 1 at the first divergence. Entries of a period committed after it
      began are reported as "seed not committed in advance", and directory changes nothing on
      record explains as "unrecorded"; --strict makes them failures.
  audit verify --export FILE --commitments FILE [--key VERIFIER] [--directory FILE] [--strict] [--json]
      The same from an export of GET /v1/audit/log (NDJSON, from sequence 1), with the saved
      body of GET /v1/audit/commitments to check seeds against revealed secrets: no database.
      --key (the body of GET /v1/audit/key) also checks every commitment's signature;
      --directory (an export of GET /v1/audit/directory-log) forms every pool again, which
      --strict requires.
  audit key [--database FILE]
      Prints the verifier key of the log's checkpoints (name+keyid+key, Go's note format) from
      SIGNING_KEY_PATH (default: beside the database), named LOG_ORIGIN as the service names it:
      hand it to auditors out of band.
  audit witness --url URL --key VERIFIER --state DIR [--referral ID]
      One witness run, for auditors (cron it every minute): fetches the log's latest checkpoint,
      checks its signature and its consistency with the one kept in DIR, and keeps it. With
      --referral, also checks that referral's inclusion proof (an auditor's API key in
      REFERRAL_SERVICE_API_KEY). Exit 0 consistent; 1 a fork, a tree that shrank, a bad signature
      or a bad proof (both checkpoints named); 2 nothing concluded (log unreachable, referral not
      in a checkpoint yet, wrong arguments).
  audit report --out FILE [--from DAY] [--to DAY] [--specialty S] [--department D] [--filtered CUT] [--format json|csv|html]
      Writes the fairness report of a period (default today, UTC) to FILE; the format is taken
      from FILE's extension unless given. Exit 1 when the log does not verify.
  import FILE [--format registry|csv] [--dry-run] [--force] [--json] [--database FILE]
      Imports a directory file: the national registry extract (pipe-separated) or the service's
      CSV, detected from the header unless --format says. Changes nothing when the file is
      empty, cut short, or would deactivate more than IMPORT_MAX_DEACTIVATION (5%) of the
      active practitioners, unless --force; --dry-run reports what would change and changes
      nothing. Shows a progress bar on a terminal, plain lines otherwise (--quiet: none).
  regeocode [--dry-run] [--force] [--json] [--database FILE]
      Places the directory's sites again with this gazetteer when another placed them (the
      service does so at start), and reports how many moved and by how much; --dry-run writes
      nothing, --force checks every site even when the gazetteer's version has not changed.
  keys create --role agent|auditor|importer|admin --name NAME [--json]
      Creates an API key and prints it, once: only its hash is stored.
  keys list [--json]
      Names, roles, creation and revocation dates (never the keys).
  keys revoke --name NAME
      Revokes a key at once, for every server on the database.
  actions list [--all] [--json] [--database FILE]
      The prevention actions advisors mention at the end of a call (--all: retired ones too).
  actions create --title T --summary S --url U --starts-on DAY --ends-on DAY
                 (--national | --regions 84,93 --departments 07,26) [--specialties C,C] [--themes T,T] [--by NAME]
      Records an action; themes: vaccination, screening, dental, vision. Without specialties
      or themes it concerns every specialty. Running servers mention it within seconds.
  actions retire ID [--by NAME]
      Retires an action: never mentioned again, kept with its history.
  actions import FILE [--by NAME]
      Records the actions of a CSV (format in docs/desk.md; data/prevention-actions.example.csv):
      all or nothing; lines already recorded (same title, start and end) are left out.
      Every change is recorded with --by, or else "cli:" and the operating-system user.
  backup FILE [--database FILE]
      A consistent copy of the database, taken while the service runs (SQLite's online backup),
      checked for integrity. docs/operations.md says how to restore one.
  simulate [--referrals N] [--seed S] [--joiners J] [--returners R] [--database FILE] [--json]
      N referrals (default 100000) from places weighted by population over the sample directory,
      on a fresh database (temporary unless --database names a new file); prints the fairness
      figures against their targets and replays the log. R practitioners leave at a quarter of
      the run and return half-way, when J newcomers join. Exit 1 when a target is missed.

options:
  --database FILE   the SQLite database (default: DATABASE_PATH, or var/referrals.sqlite)
  --export FILE     an NDJSON export of the log
  --commitments FILE  the saved JSON of /v1/audit/commitments
  --directory FILE  an NDJSON export of the directory log (/v1/audit/directory-log)
  --role R          keys create: agent, auditor, importer or admin
  --name N          keys: the key's name (a desk, a team, a job: not a person's identity)
  --by NAME         actions: who makes the change, recorded with it (default: cli:OS-USER)
  --format F        import: registry or csv (default: detected from the header)
  --dry-run         import, regeocode: report what would change, change nothing
  --force           import: apply even beyond IMPORT_MAX_DEACTIVATION; regeocode: check every site
  --quiet           import: no progress on standard error
  --strict          audit verify: a seed not committed in advance, an unrecorded directory
                    change or a pool not formed again is a failure
  --json            print the report as JSON
  --out FILE        where audit report writes
  --url URL         audit witness: the service's base URL
  --key VERIFIER    audit witness: the log's verifier key string
  --state DIR       audit witness: where it keeps the last checkpoint it saw
  --referral ID     audit witness: also check this referral's inclusion
  --help            this text

exit codes: 0 verified, imported, dry run done or witnessed consistent; 1 divergence found, a fork or
shrunken log witnessed, or the import failed (nothing changed); 2 usage error, unreadable file or
log unreachable; 3 import refused by its safety brake (nothing changed);
4 another import is running.`;

/** Parses the command line, runs one command and resolves with its exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { database: { type: 'string' }, export: { type: 'string' }, commitments: { type: 'string' }, directory: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
        specialty: { type: 'string' }, department: { type: 'string' }, filtered: { type: 'string' }, format: { type: 'string' },
        referrals: { type: 'string' }, referral: { type: 'string' }, url: { type: 'string' }, key: { type: 'string' }, state: { type: 'string' }, seed: { type: 'string' }, joiners: { type: 'string' }, returners: { type: 'string' }, json: { type: 'boolean', default: false },
        role: { type: 'string' }, name: { type: 'string' },
        title: { type: 'string' }, summary: { type: 'string' }, 'starts-on': { type: 'string' }, 'ends-on': { type: 'string' },
        national: { type: 'boolean', default: false }, regions: { type: 'string' }, departments: { type: 'string' }, specialties: { type: 'string' },
        themes: { type: 'string' }, by: { type: 'string' }, all: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false }, strict: { type: 'boolean', default: false }, force: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    });
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return EXIT.ok;
  }
  const command = positionals.join(' ');
  try {
    if (command === 'audit verify') {
      // Without the revealed secrets no seed of an export can be checked: every entry would fail on it.
      if (values.export !== undefined && values.commitments === undefined) throw new Error('audit verify --export needs --commitments FILE, the saved body of GET /v1/audit/commitments.');
      return await auditVerify({
        // From an export, no database is opened.
        databasePath: values.export === undefined ? serviceDatabase(values.database) : databasePathOf(values.database),
        json: values.json,
        ...(values.export !== undefined && { exportPath: values.export }),
        ...(values.commitments !== undefined && { commitmentsPath: values.commitments }),
        ...(values.directory !== undefined && { directoryPath: values.directory }),
        strict: values.strict,
        ...(values.export !== undefined && values.key !== undefined && { verifierKey: values.key }),
      }, out);
    }
    if (command === 'audit key') {
      const config = loadConfig({ ...process.env, ...(values.database !== undefined && { DATABASE_PATH: databasePathOf(values.database) }) });
      return auditKey({ keyPath: config.signingKeyPath, origin: config.logOrigin }, out);
    }
    if (command === 'audit witness') {
      if (values.url === undefined || values.key === undefined || values.state === undefined) throw new Error('audit witness needs --url URL --key VERIFIER --state DIR.');
      const apiKey = process.env.REFERRAL_SERVICE_API_KEY;
      return await auditWitness({
        url: values.url, key: values.key, stateDir: values.state,
        ...(values.referral !== undefined && { referralId: values.referral }),
        ...(apiKey !== undefined && apiKey !== '' && { apiKey }),
      }, out, err);
    }
    if (command === 'audit report') {
      if (values.out === undefined) throw new Error('audit report needs --out FILE.');
      const format = values.format ?? extname(values.out).slice(1);
      if (!isReportFormat(format)) {
        throw new Error(values.format === undefined
          ? `--out ${values.out} does not end in .json, .csv or .html: name the format with --format json|csv|html.`
          : `--format must be json, csv or html, got "${format}".`);
      }
      return auditReport({
        databasePath: serviceDatabase(values.database),
        outPath: values.out,
        format,
        query: {
          ...(values.from !== undefined && { from: values.from }),
          ...(values.to !== undefined && { to: values.to }),
          ...(values.specialty !== undefined && { specialty: values.specialty }),
          ...(values.department !== undefined && { department: values.department }),
          ...(values.filtered !== undefined && { filtered: values.filtered }),
        },
      }, out);
    }
    const [verb, ...files] = positionals;
    if (verb === 'import') {
      const [filePath] = files;
      if (filePath === undefined || files.length > 1) throw new Error('import needs one FILE.');
      if (values.format !== undefined && values.format !== 'registry' && values.format !== 'csv') throw new Error(`--format must be registry or csv, got "${values.format}".`);
      const config = loadConfig();
      return await importCommand({
        filePath,
        // A dry run only reads the directory; a real one may create it.
        databasePath: serviceDatabase(values.database, !values['dry-run']),
        gazetteerPath: config.gazetteerPath,
        dryRun: values['dry-run'],
        force: values.force,
        maxDeactivationShare: config.importMaxDeactivation,
        json: values.json,
        progress: values.quiet ? 'none' : process.stderr.isTTY ? 'bar' : 'lines',
        ...(values.format !== undefined && { format: values.format }),
      }, out, err);
    }
    if (verb === 'keys' && (files[0] === 'create' || files[0] === 'list' || files[0] === 'revoke') && files.length === 1) {
      return keysCommand({
        action: files[0], databasePath: serviceDatabase(values.database, files[0] === 'create'), json: values.json,
        ...(values.name !== undefined && { name: values.name }), ...(values.role !== undefined && { role: values.role }),
      }, out, err);
    }
    if (verb === 'actions' && (files[0] === 'create' || files[0] === 'list' || files[0] === 'retire' || files[0] === 'import')) {
      const action = files[0];
      if (files.length !== (action === 'retire' || action === 'import' ? 2 : 1)) {
        throw new Error(action === 'retire' ? 'actions retire needs one ID.' : action === 'import' ? 'actions import needs one FILE.' : `actions ${action} takes no positional argument.`);
      }
      return actionsCommand({
        action, databasePath: serviceDatabase(values.database, action !== 'list'), all: values.all, json: values.json,
        ...(files[1] !== undefined && { argument: files[1] }), ...(values.by !== undefined && { by: values.by }),
        fields: {
          national: values.national,
          ...(values.title !== undefined && { title: values.title }), ...(values.summary !== undefined && { summary: values.summary }),
          ...(values.url !== undefined && { url: values.url }), ...(values['starts-on'] !== undefined && { startsOn: values['starts-on'] }),
          ...(values['ends-on'] !== undefined && { endsOn: values['ends-on'] }), ...(values.regions !== undefined && { regions: values.regions }),
          ...(values.departments !== undefined && { departments: values.departments }), ...(values.specialties !== undefined && { specialties: values.specialties }),
          ...(values.themes !== undefined && { themes: values.themes }),
        },
      }, out, err);
    }
    if (command === 'regeocode') {
      return regeocodeCommand({
        databasePath: serviceDatabase(values.database), gazetteerPath: loadConfig().gazetteerPath,
        dryRun: values['dry-run'], force: values.force, json: values.json,
      }, out);
    }
    if (verb === 'backup') {
      const [outPath] = files;
      if (outPath === undefined || files.length > 1) throw new Error('backup needs one FILE to write.');
      return await backupCommand({ databasePath: serviceDatabase(values.database), outPath }, out);
    }
    if (command === 'simulate') {
      const config = loadConfig();
      return await runSimulation({
        referrals: wholeNumber('--referrals', values.referrals ?? '100000'),
        seed: wholeNumber('--seed', values.seed ?? '20261123'),
        joiners: wholeNumber('--joiners', values.joiners ?? '5'),
        returners: wholeNumber('--returners', values.returners ?? '5'),
        gazetteerPath: config.gazetteerPath,
        // The bundled sample, whatever SAMPLE_DIRECTORY_PATH says: the figures are about it.
        sampleDirectoryPath: SETTINGS.sampleDirectoryPath.default,
        json: values.json,
        ...(values.database !== undefined && { databasePath: databasePathOf(values.database) }),
      }, out, err);
    }
  } catch (error) {
    err(error instanceof Error ? (error instanceof DomainError ? error.detail : error.message) : String(error));
    return EXIT.usage;
  }
  err(`${command === '' ? 'no command given' : `unknown command "${command}"`}\n\n${USAGE}`);
  return EXIT.usage;
}

/** --database, else DATABASE_PATH's file; never the empty path, which SQLite takes for a temporary database that vanishes. */
function databasePathOf(given: string | undefined): string {
  if (given === '') throw new Error('--database must name a file.');
  return given ?? loadConfig().databasePath;
}

/** The database of a command that works on what the service wrote: refused when it is not the service's (see serviceDatabaseProblem). */
function serviceDatabase(given: string | undefined, mayCreate = false): string {
  const path = databasePathOf(given);
  const problem = serviceDatabaseProblem(path, mayCreate);
  if (problem !== null) throw new Error(problem);
  return path;
}

function isReportFormat(format: string): format is ReportFormat {
  return format === 'json' || format === 'csv' || format === 'html';
}

function wholeNumber(name: string, text: string): number {
  // Number('') is 0: only digits are a whole number here.
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be a whole number, got "${text}".`);
  return value;
}
