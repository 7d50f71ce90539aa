import type { PeriodLength } from '../domain/audit/seed.js';
import type { Gazetteer } from '../domain/geo/gazetteer.js';
import type { AnsweredReferral, PendingReferral } from './make-referral.js';
import type { FairnessCounterRepository } from '../storage/fairness-counter-repository.js';
import type { IdempotencyKeyRepository } from '../storage/idempotency-key-repository.js';
import type { PoolRepository } from '../storage/pool-repository.js';
import type { EpochRepository } from '../storage/epoch-repository.js';
import type { PractitionerRepository } from '../storage/practitioner-repository.js';
import type { ReferralRepository } from '../storage/referral-repository.js';
import type { SeedPeriodRepository } from '../storage/seed-period-repository.js';
import type { TreeRepository } from '../storage/tree-repository.js';
import type { DirectoryLogRepository } from '../storage/directory-log-repository.js';
import type { DirectoryIndex } from './directory-index.js';
import type { FairnessLedger } from './fairness-ledger.js';
import type { SiteDescriptions } from './site-descriptions.js';

/** What drawing and logging a referral needs: the log's connection and the fairness ledger. */
export interface LogContext {
  readonly siteDescriptions: SiteDescriptions;
  readonly referrals: ReferralRepository;
  readonly pools: PoolRepository;
  readonly counters: FairnessCounterRepository;
  readonly ledger: FairnessLedger;
  readonly seedPeriods: SeedPeriodRepository;
  /** Idempotency-Keys and the referrals they answered (written only for requests that send one). */
  readonly idempotencyKeys: IdempotencyKeyRepository;
  /** The log epoch new entries are made in: null until a rollback was accepted (read once, at start). */
  readonly epoch: string | null;
  /** The Merkle tree over the log and its signed checkpoints. */
  readonly tree: TreeRepository;
  /** Every state of each specialty's referable sites that pools were formed from (docs/audit-log.md, "Directory log"). */
  readonly directoryLog: DirectoryLogRepository;
  /** Runs `work` atomically in a write transaction; resolves once it is committed (group commit). */
  readonly transaction: <T>(work: () => T) => Promise<T>;
  readonly clock: () => Date;
  /** Draws a fresh 32-byte period secret (crypto.randomBytes in production). */
  readonly drawSecret: () => Buffer;
  /** How long one seed secret lasts. */
  readonly seedPeriod: PeriodLength;
}

/** What the referral use cases need, built once by the composition root (or a test). */
export interface ReferralContext extends LogContext {
  readonly gazetteer: Gazetteer;
  readonly directory: DirectoryIndex;
  /**
   * The hash of the directory log entry that made the state `directory` shows for a specialty:
   * known once the index is built (every state is logged before it is used).
   */
  readonly directoryEntryOf: (specialty: string) => string | undefined;
  readonly practitioners: PractitionerRepository;
  /** The log's epochs and their fork events, published to auditors. */
  readonly epochs: EpochRepository;
  /** Draws and logs a pending referral; resolves once it is committed (in this thread or the log writer's). */
  readonly appendReferral: (pending: PendingReferral) => Promise<AnsweredReferral>;
}
