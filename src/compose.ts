import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { GENESIS_HASH } from './domain/audit/hash-chain.js';
import type { PeriodLength } from './domain/audit/seed.js';
import type { Gazetteer } from './domain/geo/gazetteer.js';
import { SPECIALTIES } from './domain/specialties/catalogue.js';
import { openDatabase, type Db } from './storage/database.js';
import { createFairnessCounterRepository } from './storage/fairness-counter-repository.js';
import { createGroupCommit } from './storage/group-commit.js';
import { createIdempotencyKeyRepository } from './storage/idempotency-key-repository.js';
import { createPoolRepository } from './storage/pool-repository.js';
import { migrate } from './storage/migrate.js';
import { createPractitionerRepository, type PractitionerRepository } from './storage/practitioner-repository.js';
import { createReferralRepository } from './storage/referral-repository.js';
import { createSeedPeriodRepository } from './storage/seed-period-repository.js';
import { createTreeRepository } from './storage/tree-repository.js';
import { createEpochRepository } from './storage/epoch-repository.js';
import { createSpecialtyRepository, type SpecialtyRepository } from './storage/specialty-repository.js';
import { assembleDirectoryIndex, buildDirectoryIndex, gatherSiteIndexesGradually, type LiveDirectoryIndex } from './use-cases/directory-index.js';
import { createFairnessLedger } from './use-cases/fairness-ledger.js';
import { createSiteDescriptions } from './use-cases/site-descriptions.js';
import type { ReportSource } from './use-cases/fairness-report.js';
import type { LogContext, ReferralContext } from './use-cases/referral-context.js';
import { appendInTransaction, type AnsweredReferral, type PendingReferral } from './use-cases/make-referral.js';
import type { ImportDependencies } from './use-cases/import-directory.js';
import { createImportRepository } from './storage/import-repository.js';
import { createApiKeyRepository, type ApiKeyRepository } from './storage/api-key-repository.js';
import { createStatusChangeRepository, type StatusChangeRepository } from './storage/status-change-repository.js';
import type { PractitionerChange } from './use-cases/practitioner-status.js';
import { createDirectoryLogRepository, type DirectoryLogRepository } from './storage/directory-log-repository.js';
import { logDirectoryState, logDirectoryStates, practitionerChange, prepareDirectoryChanges, type PreparedChange } from './use-cases/directory-log.js';
import { createPreventionActionRepository } from './storage/prevention-action-repository.js';
import { createPreventionBoard, type PreventionBoard } from './use-cases/prevention-board.js';
import type { PreventionDependencies } from './use-cases/prevention-actions.js';

/** About 60 MiB of remembered site descriptions at most. */
const SITE_DESCRIPTION_CAPACITY = 200_000;

export interface Services {
  readonly db: Db;
  readonly specialties: SpecialtyRepository;
  readonly referralContext: ReferralContext;
  /** What an import into this database needs, on this connection. */
  readonly importer: ImportDependencies;
  readonly apiKeys: ApiKeyRepository;
  readonly statusChanges: StatusChangeRepository;
  /** Prevention actions: managed on this connection; `board` holds those referrals mention, reloaded after each change here. */
  readonly prevention: PreventionDependencies & { readonly board: PreventionBoard };
  /** Rebuilds the in-memory spatial index after the directory changed; referrals then see the new one. */
  reindex(): void;
  /**
   * The same without holding the event loop for long: referrals use the old index until the new
   * one is whole; status changes made meanwhile are applied to both.
   */
  reindexGradually(): Promise<void>;
  /**
   * Applies one practitioner's committed status or attribute change to the index in place, so
   * that the next referral sees it: a few primary-key reads and a pass over one specialty's
   * practitioner ids in memory, instead of a rebuild (bench: `npm run bench -- --only status`).
   */
  practitionerChanged(change: Pick<PractitionerChange, 'practitionerId' | 'statusBefore' | 'cause'>): void;
  /** The directory log (docs/audit-log.md): every state of each specialty's referable sites that pools were formed from. */
  readonly directoryLog: DirectoryLogRepository;
  /** Draws and logs referrals elsewhere from now on (the log writer thread). */
  useAppender(appender: ReferralAppender): void;
  close(): void;
}

export interface ServiceOptions {
  readonly databasePath: string;
  readonly synchronous?: 'FULL' | 'NORMAL';
  readonly gazetteer: Gazetteer;
  readonly clock?: () => Date;
  readonly drawSecret?: () => Buffer;
  readonly seedPeriod?: PeriodLength;
}

/** What the referral log's side of a process needs, on its own connection. */
export interface LogServices {
  readonly db: Db;
  readonly logContext: LogContext;
  /** Forgets what was read of the directory (site descriptions) after it changed. */
  directoryChanged(): void;
  close(): void;
}

export type LogServiceOptions = Omit<ServiceOptions, 'gazetteer'>;

/**
 * The log's side alone, for the log writer thread (src/log-writer/): repositories, the fairness
 * ledger and group commit on a connection of its own.
 */
export function openLogServices(options: LogServiceOptions): LogServices {
  const db = openDatabase(options.databasePath, options.synchronous);
  migrate(db);
  const logContext = createLogContext(db, createPractitionerRepository(db), options);
  return { db, logContext, directoryChanged: () => logContext.siteDescriptions.clear(), close: () => db.close() };
}

function createLogContext(db: Db, practitioners: PractitionerRepository, options: LogServiceOptions): LogContext {
  const referrals = createReferralRepository(db);
  const pools = createPoolRepository(db);
  const counters = createFairnessCounterRepository(db);
  return {
    siteDescriptions: createSiteDescriptions(practitioners, SITE_DESCRIPTION_CAPACITY),
    referrals,
    pools,
    counters,
    ledger: createFairnessLedger({ pools, counters, lastHash: () => referrals.lastEntry()?.hash ?? GENESIS_HASH }),
    seedPeriods: createSeedPeriodRepository(db),
    idempotencyKeys: createIdempotencyKeyRepository(db),
    tree: createTreeRepository(db),
    directoryLog: createDirectoryLogRepository(db),
    epoch: createEpochRepository(db).current(),
    transaction: createGroupCommit(db).run,
    clock: options.clock ?? (() => new Date()),
    drawSecret: options.drawSecret ?? (() => randomBytes(32)),
    seedPeriod: options.seedPeriod ?? 'day',
  };
}

/** Where referrals are drawn and logged once their pool is formed. */
export interface ReferralAppender {
  readonly append: (pending: PendingReferral) => Promise<AnsweredReferral>;
  /** Told after every reindex, so that what it remembers of the directory is dropped. */
  readonly directoryChanged: () => void;
}

/**
 * Opens and migrates the database and wires the repositories: the one place, with main.ts,
 * where concrete objects are built. Tests pass a fixed clock and secret. Referrals are drawn and
 * logged on this connection unless `useAppender` hands them to another (the log writer thread).
 */
export function openServices(options: ServiceOptions): Services {
  const db = openDatabase(options.databasePath, options.synchronous);
  migrate(db);
  const specialties = createSpecialtyRepository(db);
  specialties.sync(SPECIALTIES);
  const practitioners = createPractitionerRepository(db);
  const logContext = createLogContext(db, practitioners, options);
  const { directoryLog } = logContext;
  const directoryLogDeps = { directoryLog, clock: logContext.clock };
  // The directory log entry that made each specialty's state as the index shows it: referrals name it.
  const directoryEntries = new Map<string, string>();
  const codes = SPECIALTIES.map((s) => s.code);
  // Every state a pool may be formed from is in the directory log before the first pool is.
  const logStates = (next: LiveDirectoryIndex, previous: LiveDirectoryIndex | null, prepared?: ReadonlyMap<string, PreparedChange>) => {
    logDirectoryStates(directoryLogDeps, codes, next, previous, prepared, directoryEntries);
    return next;
  };
  // Built when first needed: a process that only logs never pays for it.
  let index: LiveDirectoryIndex | null = null;
  const currentIndex = () => (index ??= logStates(buildDirectoryIndex(practitioners, specialties), null));
  // Practitioners changed while a gradual rebuild reads pages: its early pages may predate them.
  const changedDuringRebuilds = new Set<Set<number>>();
  let appender: ReferralAppender = {
    append: (pending) => appendInTransaction(logContext, pending),
    directoryChanged: () => logContext.siteDescriptions.clear(),
  };
  const directoryChanged = () => {
    logContext.siteDescriptions.clear();
    appender.directoryChanged();
  };
  const referralContext: ReferralContext = {
    ...logContext,
    gazetteer: options.gazetteer,
    directory: {
      forSpecialty: (code) => currentIndex().forSpecialty(code),
      activeCount: (code) => currentIndex().activeCount(code),
      get totalActive() {
        return currentIndex().totalActive;
      },
    },
    practitioners,
    directoryEntryOf: (code) => directoryEntries.get(code),
    epochs: createEpochRepository(db),
    appendReferral: (pending) => appender.append(pending),
  };
  const preventionActions = createPreventionActionRepository(db);
  const board = createPreventionBoard(preventionActions, options.gazetteer, logContext.clock);
  return {
    db,
    specialties,
    referralContext,
    prevention: { actions: preventionActions, clock: logContext.clock, board, changed: () => board.reload() },
    importer: createImportDependencies(db, options.databasePath, options.gazetteer, logContext.clock),
    apiKeys: createApiKeyRepository(db),
    statusChanges: createStatusChangeRepository(db),
    directoryLog,
    reindex() {
      index = logStates(buildDirectoryIndex(practitioners, specialties), index);
      directoryChanged();
    },
    async reindexGradually() {
      const changed = new Set<number>();
      changedDuringRebuilds.add(changed);
      try {
        const sites = await gatherSiteIndexesGradually(practitioners, SPECIALTIES.map((s) => s.code));
        const prepared = index === null ? undefined : await prepareDirectoryChanges(codes, index, sites);
        // From here to the swap, synchronously: the counts are read now, so they include every
        // change made during the reading; the sites are brought up to the same moment.
        const next = assembleDirectoryIndex(sites, specialties.activeCounts());
        for (const id of changed) {
          const standing = practitioners.shownInIndex(id);
          if (standing) next.showPractitioner(standing, standing.status);
        }
        index = logStates(next, index, prepared);
      } finally {
        changedDuringRebuilds.delete(changed);
      }
      directoryChanged();
    },
    practitionerChanged({ practitionerId, statusBefore, cause }) {
      for (const changed of changedDuringRebuilds) changed.add(practitionerId);
      // Not built yet: it will be, from the database as it is then.
      if (index === null) return;
      const standing = practitioners.shownInIndex(practitionerId);
      if (!standing) return;
      const sites = index.forSpecialty(standing.specialty);
      const versionBefore = sites.directoryVersion(standing.specialty);
      const rowsBefore = sites.rowsOfPractitioner(practitionerId);
      index.showPractitioner(standing, statusBefore);
      const rowsAfter = sites.rowsOfPractitioner(practitionerId);
      // Without a site before or after, the state did not change and nothing is logged: the name is not needed.
      const nationalId = rowsBefore[0]?.nationalId ?? rowsAfter[0]?.nationalId ?? '';
      const entry = logDirectoryState(directoryLogDeps, standing.specialty, sites, {
        known: { cause: { ...cause, nationalId }, versionBefore, change: practitionerChange(rowsBefore, rowsAfter) },
      });
      if (entry !== undefined) directoryEntries.set(standing.specialty, entry);
    },
    useAppender(next) {
      appender = next;
    },
    close: () => db.close(),
  };
}

/**
 * The log, pools, counters and seed secrets of an existing database, for the audit commands:
 * no directory index is built and nothing is created where there was no database.
 * @throws Error when the file does not exist
 */
export function openLogSource(databasePath: string): ReportSource & { close(): void } {
  if (!existsSync(databasePath)) throw new Error(`No database at ${databasePath}.`);
  const services = openLogServices({ databasePath });
  return { ...services.logContext, practitioners: createPractitionerRepository(services.db), close: services.close };
}

/**
 * What an import needs, on `db`, a connection of the importing thread or process: its staging
 * file lies beside the database (same disk, no size limit of a tmpfs).
 */
export function createImportDependencies(db: Db, databasePath: string, gazetteer: Gazetteer, clock: () => Date = () => new Date()): ImportDependencies {
  return { db, imports: createImportRepository(db), gazetteer, stagingPath: `${databasePath}.import-staging`, clock };
}

/**
 * The prevention actions of a database, opened (and migrated) for `work` and closed after: for
 * the CLI. Servers on the database notice its changes by the revision (main.ts).
 */
export function withPreventionActions<T>(databasePath: string, work: (deps: PreventionDependencies) => T): T {
  const db = openDatabase(databasePath);
  try {
    migrate(db);
    return work({ actions: createPreventionActionRepository(db), clock: () => new Date(), changed: () => {} });
  } finally {
    db.close();
  }
}

/**
 * The API keys of a database, opened (and migrated) for `work` and closed after: for the keys
 * command and for whoever prepares a database before a server starts on it.
 */
export function withApiKeys<T>(databasePath: string, work: (keys: ApiKeyRepository) => T): T {
  const db = openDatabase(databasePath);
  try {
    migrate(db);
    return work(createApiKeyRepository(db));
  } finally {
    db.close();
  }
}
