import { counterChanges, type DrawResult } from '../domain/draw.js';
import { EMPTY_COUNTER, type FairnessCounter } from '../domain/selection/fairness-counters.js';
import type { FairnessCounterRepository } from '../storage/fairness-counter-repository.js';
import type { PoolRepository } from '../storage/pool-repository.js';

/**
 * Every practitioner's fairness counters, held in memory so that forming a referral's deficits
 * costs one map look-up per pool member instead of a database read, and recording it touches
 * the k proposed instead of all n members. The database stays the authority: the ledger is
 * rebuilt from it at start, and again whenever the log has moved without it.
 */
export interface FairnessLedger {
  /** The counters of `pool`'s members in `specialty`, as of the log whose newest entry has hash `lastHash`. */
  countersFor(specialty: string, pool: readonly string[], lastHash: string): Map<string, FairnessCounter>;
  /** Reads the counters from the database now, so that the first referral does not wait for it. */
  load(): void;
  /** Applies a draw logged as the entry with hash `hash` (DESIGN §4.6). */
  record(specialty: string, pool: readonly string[], result: DrawResult, hash: string): void;
}

interface MutableCounter {
  expectedUnits: number;
  offered: number;
}

export interface LedgerSource {
  readonly pools: PoolRepository;
  readonly counters: FairnessCounterRepository;
  /** The hash of the newest log entry (GENESIS_HASH for an empty log). */
  lastHash(): string;
}

export function createFairnessLedger(source: LedgerSource): FairnessLedger {
  let bySpecialty = new Map<string, Map<string, MutableCounter>>();
  // The log the ledger reflects, named by its newest entry's hash: unlike a count, it tells a
  // rolled-back entry from another writer's entry with the same sequence number.
  let reflectedHash: string | null = null;

  const counterOf = (specialty: string, nationalId: string): MutableCounter => {
    let counters = bySpecialty.get(specialty);
    if (!counters) bySpecialty.set(specialty, (counters = new Map()));
    let counter = counters.get(nationalId);
    if (!counter) counters.set(nationalId, (counter = { ...EMPTY_COUNTER }));
    return counter;
  };

  const rebuild = () => {
    bySpecialty = new Map();
    for (const { specialty, membersJson, accruedUnits } of source.pools.accruedTotals()) {
      for (const nationalId of JSON.parse(membersJson) as string[]) counterOf(specialty, nationalId).expectedUnits += accruedUnits;
    }
    for (const { specialty, nationalId, offered } of source.counters.offers()) counterOf(specialty, nationalId).offered = offered;
    reflectedHash = source.lastHash();
  };

  return {
    load: rebuild,
    countersFor(specialty, pool, lastHash) {
      // Another writer, or a failed commit, moved the log: the database is the authority.
      if (lastHash !== reflectedHash) rebuild();
      const counters = bySpecialty.get(specialty);
      const found = new Map<string, FairnessCounter>();
      if (!counters) return found;
      for (const nationalId of pool) {
        const counter = counters.get(nationalId);
        if (counter) found.set(nationalId, { expectedUnits: counter.expectedUnits, offered: counter.offered });
      }
      return found;
    },
    record(specialty, pool, result, hash) {
      for (const change of counterChanges(pool, result)) {
        const counter = counterOf(specialty, change.nationalId);
        counter.expectedUnits += change.expectedUnits;
        if (change.rank !== null) counter.offered += 1;
      }
      reflectedHash = hash;
    },
  };
}
