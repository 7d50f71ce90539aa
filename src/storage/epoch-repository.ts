import type { Db } from './database.js';

/** A log epoch started by an accepted rollback, with its hashed fork event. */
export interface LogEpoch {
  readonly epoch: string;
  readonly acceptedAt: string;
  readonly eventJson: string;
  readonly hash: string;
}

export interface EpochRepository {
  /** The epoch new entries are made in, or null before any rollback was accepted. */
  current(): string | null;
  insert(epoch: LogEpoch): void;
  /** Every epoch, oldest first: the fork events auditors check entries' epochs against. */
  list(): LogEpoch[];
}

export function createEpochRepository(db: Db): EpochRepository {
  const latest = db.prepare('SELECT epoch FROM log_epochs ORDER BY accepted_at DESC, rowid DESC LIMIT 1').pluck();
  const insert = db.prepare('INSERT INTO log_epochs (epoch, accepted_at, event_json, hash) VALUES (?, ?, ?, ?)');
  const all = db.prepare('SELECT epoch, accepted_at AS acceptedAt, event_json AS eventJson, hash FROM log_epochs ORDER BY accepted_at, rowid');
  return {
    list: () => all.all() as LogEpoch[],
    current: () => (latest.get() as string | undefined) ?? null,
    insert: ({ epoch, acceptedAt, eventJson, hash }) => void insert.run(epoch, acceptedAt, eventJson, hash),
  };
}
