import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { GENESIS_HASH } from './domain/audit/hash-chain.js';
import type { PeriodLength } from './domain/audit/seed.js';
import type { Gazetteer } from './domain/geo/gazetteer.js';
import { SPECIALTIES } from './domain/specialties/catalogue.js';
import { openDatabase, type Db } from './storage/database.js';
import { createFairnessCounterRepository } from './storage/fairness-counter-repository.js';
import { createGroupCommit } from './storage/group-commit.js';
import { createPoolRepository } from './storage/pool-repository.js';
import { migrate } from './storage/migrate.js';
import { createPractitionerRepository } from './storage/practitioner-repository.js';
import { createReferralRepository } from './storage/referral-repository.js';
import { createSeedPeriodRepository } from './storage/seed-period-repository.js';
import { createSpecialtyRepository, type SpecialtyRepository } from './storage/specialty-repository.js';
import { buildDirectoryIndex } from './use-cases/directory-index.js';
import { createFairnessLedger } from './use-cases/fairness-ledger.js';
import { createSiteDescriptions } from './use-cases/site-descriptions.js';
import type { LogSource } from './use-cases/verify-log.js';
import type { ReferralContext } from './use-cases/referral-context.js';

/** About 60 MiB of remembered site descriptions at most. */
const SITE_DESCRIPTION_CAPACITY = 200_000;

export interface Services {
  readonly db: Db;
  readonly specialties: SpecialtyRepository;
  readonly referralContext: ReferralContext;
  /** Rebuilds the in-memory spatial index after the directory changed; referrals then see the new one. */
  reindex(): void;
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

/**
 * Opens and migrates the database and wires the repositories: the one place, with main.ts,
 * where concrete objects are built. Tests pass a fixed clock and secret.
 */
export function openServices(options: ServiceOptions): Services {
  const db = openDatabase(options.databasePath, options.synchronous);
  migrate(db);
  const specialties = createSpecialtyRepository(db);
  specialties.sync(SPECIALTIES);
  const practitioners = createPractitionerRepository(db);
  const referrals = createReferralRepository(db);
  const pools = createPoolRepository(db);
  const counters = createFairnessCounterRepository(db);
  let index = buildDirectoryIndex(practitioners, specialties);
  const siteDescriptions = createSiteDescriptions(practitioners, SITE_DESCRIPTION_CAPACITY);
  const referralContext: ReferralContext = {
    gazetteer: options.gazetteer,
    directory: {
      forSpecialty: (code) => index.forSpecialty(code),
      activeCount: (code) => index.activeCount(code),
      get totalActive() {
        return index.totalActive;
      },
    },
    practitioners,
    siteDescriptions,
    referrals,
    pools,
    counters,
    ledger: createFairnessLedger({ pools, counters, lastHash: () => referrals.lastEntry()?.hash ?? GENESIS_HASH }),
    seedPeriods: createSeedPeriodRepository(db),
    transaction: createGroupCommit(db).run,
    clock: options.clock ?? (() => new Date()),
    drawSecret: options.drawSecret ?? (() => randomBytes(32)),
    seedPeriod: options.seedPeriod ?? 'day',
  };
  return {
    db,
    specialties,
    referralContext,
    reindex() {
      index = buildDirectoryIndex(practitioners, specialties);
      siteDescriptions.clear();
    },
    close: () => db.close(),
  };
}

/**
 * The log, pools, counters and seed secrets of an existing database, for the audit commands:
 * no directory index is built and nothing is created where there was no database.
 * @throws Error when the file does not exist
 */
export function openLogSource(databasePath: string): LogSource & { close(): void } {
  if (!existsSync(databasePath)) throw new Error(`No database at ${databasePath}.`);
  const db = openDatabase(databasePath);
  migrate(db);
  return {
    referrals: createReferralRepository(db),
    pools: createPoolRepository(db),
    counters: createFairnessCounterRepository(db),
    seedPeriods: createSeedPeriodRepository(db),
    close: () => db.close(),
  };
}
