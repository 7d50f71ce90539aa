import { ALGORITHM_VERSION, counterChanges, draw } from '../draw.js';
import type { Referral } from '../model.js';
import { RADIUS_LADDER_KM } from '../geo/radius-ladder.js';
import { EMPTY_COUNTER, fairShareUnits, MAX_PROPOSALS, type FairnessCounter } from '../selection/fairness-counters.js';
import { GENERATOR } from '../shuffle/rng.js';
import { chainedEntryOf, GENESIS_HASH, hashEntry, hashPool } from './hash-chain.js';
import { deriveReferralId, deriveSeed, secretsAt } from './seed.js';
import { formPoolAgain, type CallSoFar } from './pool-formation.js';
import type { SiteIndex } from '../geo/site-index.js';

/** Where the replay finds the directory state a format-3 entry formed its pool from (directory-history.ts). */
export interface DirectorySource {
  stateFor(entryHash: string, version: string, specialty: string, at: string): { index: SiteIndex } | { problem: string };
}

/** How long after a referral "five more" may continue it: the length of a phone call, generously. */
export const MORE_WINDOW_MS = 60 * 60 * 1000;

/** One log entry as stored or exported: the referral as answered, and the members of its pool. */
export interface LogRecord {
  readonly referral: Referral;
  /** The pool's members (national identifiers) as stored, which should be in canonical order. */
  readonly pool: readonly string[];
  /** The proposed national identifiers as the log records them, rank 1 first. */
  readonly proposed: readonly string[];
}

/** The first check an entry fails: which one, on which entry, what replay expected and what the log holds. */
export interface Divergence {
  readonly sequence: number;
  readonly check: ReplayCheck;
  readonly expected: string;
  readonly found: string;
}

export type ReplayCheck =
  | 'sequence'
  | 'previous-hash'
  | 'algorithm'
  | 'pool'
  | 'seed'
  | 'id'
  | 'selection'
  | 'order'
  | 'shown'
  | 'parent'
  | 'hash'
  | 'counters'
  | 'directory';

/** A practitioner's counters in one specialty, as the replay recomputes them. */
export interface ReplayedCounter extends FairnessCounter {
  /** Proposals at each rank, rank 1 first (MAX_PROPOSALS entries). */
  readonly ranks: readonly number[];
}

interface MutableCounter {
  expectedUnits: number;
  offered: number;
  ranks: number[];
}

/**
 * Replays the log from empty counters (DESIGN §4 "Replay", §5): each entry is checked, in order,
 * against everything it commits to, then its draw is applied to the counters. The first failed
 * check stops the replay; later entries cannot be trusted to mean anything after it.
 *
 * `secretOf(period)` gives a period's seed secret when known: all of them for the operator, the
 * revealed ones for an outside auditor (see the constructor for entries without one).
 */
export class LogReplay {
  private readonly counters = new Map<string, Map<string, MutableCounter>>();
  private readonly lastOrderOfPool = new Map<string, readonly string[]>();
  private readonly accruedOfPool = new Map<string, number>();
  private lastSequence = 0;
  private lastHash = GENESIS_HASH;
  private lastCreatedAt = '';
  private seedsChecked = 0;
  private poolsFormed = 0;
  private poolsNotFormed = 0;
  private divergence: Divergence | null = null;
  /** The entries a "five more" may continue: those of the last MORE_WINDOW_MS, by id. */
  private readonly recent = new Map<string, { readonly createdAt: number; readonly specialty: string; readonly filters: string; readonly rootId: string; readonly pool: ReadonlySet<string>; readonly radiusKm: number; readonly radiusSource: Referral['radiusSource'] }>();
  /** Everyone proposed so far in each call still open, by the id of its first referral. */
  private readonly calls = new Map<string, Set<string>>();

  /**
   * @param secretOf a period's secret, when known
   * @param mayBeUnrevealed whether an entry made at this moment may lack a secret: false for the
   *   operator, who holds them all; for an outside auditor, true only within a period that was
   *   committed and has not ended yet, so that no entry escapes the seed check by its date
   */
  constructor(
    private readonly secretOf: (period: string) => Buffer | undefined,
    private readonly mayBeUnrevealed: (moment: Date) => boolean = () => false,
    private readonly directory: DirectorySource | null = null,
  ) {}

  /** Checks and applies the next entry; false once the log has diverged. */
  apply(record: LogRecord): boolean {
    if (this.divergence) return false;
    try {
      this.divergence = this.check(record);
    } catch (error) {
      // A malformed entry (a field missing or of the wrong type) is a divergence, not a crash.
      this.failMalformed(error);
    }
    if (this.divergence) return false;
    const { referral, pool, proposed } = record;
    const shareUnits = fairShareUnits(pool.length, proposed.length);
    for (const change of counterChanges(pool, { order: proposed, shareUnits, redraws: 0 })) {
      const counter = this.counterOf(referral.specialty.code, change.nationalId);
      counter.expectedUnits += change.expectedUnits;
      if (change.rank !== null) {
        counter.offered += 1;
        counter.ranks[change.rank - 1] = (counter.ranks[change.rank - 1] ?? 0) + 1;
      }
    }
    this.remember(record);
    this.lastOrderOfPool.set(referral.audit.poolHash, proposed);
    this.accruedOfPool.set(referral.audit.poolHash, (this.accruedOfPool.get(referral.audit.poolHash) ?? 0) + shareUnits);
    this.lastSequence = referral.audit.sequence;
    this.lastHash = referral.audit.hash;
    this.lastCreatedAt = referral.createdAt;
    return true;
  }

  /** Records a divergence found outside the entries themselves (stored counters, a missing tail). */
  fail(divergence: Divergence): void {
    this.divergence ??= divergence;
  }

  /** Records that the next entry could not be read as an entry: `error` says why. */
  failMalformed(error: unknown): void {
    this.fail({ sequence: this.lastSequence + 1, check: 'hash', expected: 'a well-formed log entry', found: `malformed: ${error instanceof Error ? error.message : String(error)}` });
  }

  /**
   * `poolsFormed`: format-3 entries whose pool was formed again from their directory state;
   * `poolsNotFormed`: format-3 entries replayed without the directory log, whose pools were not.
   */
  get result(): { readonly entries: number; readonly seedsChecked: number; readonly poolsFormed: number; readonly poolsNotFormed: number; readonly lastHash: string; readonly divergence: Divergence | null } {
    return { entries: this.lastSequence, seedsChecked: this.seedsChecked, poolsFormed: this.poolsFormed, poolsNotFormed: this.poolsNotFormed, lastHash: this.lastHash, divergence: this.divergence };
  }

  /** The replayed counters of a specialty's practitioners. */
  countersOf(specialty: string): ReadonlyMap<string, ReplayedCounter> {
    return this.counters.get(specialty) ?? new Map();
  }

  specialties(): string[] {
    return [...this.counters.keys()];
  }

  /** Each pool's accrued share and last order, by pool hash, as the log implies them. */
  pools(): ReadonlyMap<string, { readonly accruedUnits: number; readonly lastOrder: readonly string[] }> {
    return new Map([...this.accruedOfPool].map(([hash, accruedUnits]) => [hash, { accruedUnits, lastOrder: this.lastOrderOfPool.get(hash) ?? [] }]));
  }

  private check({ referral, pool, proposed }: LogRecord): Divergence | null {
    const { audit } = referral;
    const at = (check: ReplayCheck, expected: unknown, found: unknown): Divergence => ({
      sequence: audit.sequence, check, expected: String(expected), found: String(found),
    });
    if (audit.sequence !== this.lastSequence + 1) return at('sequence', this.lastSequence + 1, audit.sequence);
    if (audit.previousHash !== this.lastHash) return at('previous-hash', this.lastHash, audit.previousHash);
    // Authenticate the entry before computing anything from it.
    const hash = hashEntry(chainedEntryOf(referral));
    if (hash !== audit.hash) return at('hash', hash, audit.hash);
    const moment = new Date(referral.createdAt);
    if (Number.isNaN(moment.getTime()) || referral.createdAt < this.lastCreatedAt) {
      return at('sequence', `a time not before ${this.lastCreatedAt || 'the start'}`, referral.createdAt);
    }
    if (audit.algorithm !== ALGORITHM_VERSION || audit.generator !== GENERATOR) {
      return at('algorithm', `${ALGORITHM_VERSION} with ${GENERATOR}`, `${audit.algorithm} with ${audit.generator}`);
    }
    const poolHash = hashPool(referral.specialty.code, pool);
    if (poolHash !== audit.poolHash || pool.length !== referral.poolSize || !isCanonical(pool)) {
      return at('pool', `${audit.poolHash} (${referral.poolSize} members, sorted, distinct)`, `${poolHash} (${pool.length} members${isCanonical(pool) ? '' : ', not sorted and distinct'})`);
    }
    const secrets = secretsAt(moment, this.secretOf);
    // Format 3 puts the epoch in the seed too; earlier entries of an epoch kept the plain derivation.
    const seedEpoch = audit.logFormat === 3 ? audit.epoch : undefined;
    const secret = secrets.find((candidate) => deriveSeed(candidate, audit.sequence, seedEpoch) === audit.seed) ?? secrets[0];
    if (!secret && !this.mayBeUnrevealed(moment)) return at('seed', `the secret of the period of ${referral.createdAt}`, 'no secret, nor a commitment to one');
    if (secret) {
      const seed = deriveSeed(secret, audit.sequence, seedEpoch);
      if (seed !== audit.seed) return at('seed', seed, audit.seed);
      const id = deriveReferralId(secret, audit.sequence, audit.epoch);
      if (id !== referral.id) return at('id', id, referral.id);
      this.seedsChecked++;
    }
    // Is the pool the one the directory gave? Before the draw: a draw over a wrong pool proves nothing.
    const poolFormed = (referral.parentId === undefined ? null : this.checkParent(referral, pool, moment, at)) ?? this.checkFormedPool(referral, pool, at);
    if (poolFormed) return poolFormed;
    const redrawn = draw({
      pool, seed: audit.seed, k: referral.count,
      counters: this.countersFor(referral.specialty.code, pool),
      previousOrder: this.lastOrderOfPool.get(audit.poolHash) ?? null,
    }).order;
    if ([...redrawn].sort().join() !== [...proposed].sort().join()) return at('selection', [...redrawn].sort().join(' '), [...proposed].sort().join(' '));
    if (redrawn.join() !== proposed.join()) return at('order', redrawn.join(' '), proposed.join(' '));
    const shown = referral.practitioners.map((practitioner) => `${practitioner.rank}:${practitioner.nationalId}`).join(' ');
    const logged = proposed.map((nationalId, index) => `${index + 1}:${nationalId}`).join(' ');
    return shown === logged ? null : at('shown', logged, shown);
  }

  /**
   * A format-3 entry names the directory version its pool was formed from: that version must have
   * been current when the entry was made (directory-history.ts), and the pool formed again from it
   * must be the pool logged.
   */
  private checkFormedPool(referral: Referral, pool: readonly string[], at: (check: ReplayCheck, expected: unknown, found: unknown) => Divergence): Divergence | null {
    const { audit } = referral;
    if (audit.logFormat !== 3) return null;
    if (this.directory === null) {
      this.poolsNotFormed++;
      return null;
    }
    const state = this.directory.stateFor(audit.directoryEntry as string, audit.directoryVersion as string, referral.specialty.code, referral.createdAt);
    if ('problem' in state) return at('directory', `a version of the directory of ${referral.specialty.code} current at ${referral.createdAt}`, state.problem);
    const formed = formPoolAgain(state.index, referral, this.callSoFar(referral));
    if (formed.radiusKm !== referral.radiusKm) return at('pool', `a pool within ${formed.radiusKm} km formed again from directory version ${audit.directoryVersion}`, `${referral.radiusKm} km`);
    // Sets: a dense city's pool holds thousands, and the whole log is replayed.
    const logged = new Set(pool);
    const expected = new Set(formed.pool);
    const missing = formed.pool.filter((id) => !logged.has(id));
    const extra = pool.filter((id) => !expected.has(id));
    if (missing.length > 0 || extra.length > 0) {
      return at('pool', `the pool formed again from directory version ${audit.directoryVersion} (${formed.pool.length} members)`,
        `${pool.length} members${missing.length > 0 ? `, without ${missing.join(' ')}` : ''}${extra.length > 0 ? `, with ${extra.join(' ')} who should not be` : ''}`);
    }
    this.poolsFormed++;
    return null;
  }

  private callSoFar(referral: Referral): CallSoFar | null {
    const parent = referral.parentId === undefined ? undefined : this.recent.get(referral.parentId);
    return parent === undefined ? null : { parentPool: parent.pool, proposedInCall: this.calls.get(parent.rootId) ?? new Set() };
  }

  /**
   * A "five more" draws from its parent's pool less everyone already proposed in the call (its
   * first referral and every "five more" since), minus any who left the directory meanwhile: its
   * pool must be within that, with the parent's specialty and filters, and the call's first
   * referral made at most MORE_WINDOW_MS before it.
   */
  private checkParent(referral: Referral, pool: readonly string[], moment: Date, at: (check: ReplayCheck, expected: unknown, found: unknown) => Divergence): Divergence | null {
    const parent = this.recent.get(referral.parentId as string);
    const root = parent && this.recent.get(parent.rootId);
    if (!parent || !root || moment.getTime() - root.createdAt > MORE_WINDOW_MS) {
      return at('parent', `a referral of a call begun within ${MORE_WINDOW_MS / 60_000} minutes before`, referral.parentId);
    }
    if (parent.specialty !== referral.specialty.code) return at('parent', `the parent's specialty ${parent.specialty}`, referral.specialty.code);
    if (parent.filters !== JSON.stringify(referral.filters ?? null)) return at('parent', `the parent's filters ${parent.filters}`, JSON.stringify(referral.filters ?? null));
    const proposedInCall = this.calls.get(parent.rootId) ?? new Set<string>();
    if (referral.widenedFromKm !== undefined) return this.checkWidened(referral, parent, pool, proposedInCall, at);
    const outsider = pool.find((nationalId) => !parent.pool.has(nationalId) || proposedInCall.has(nationalId));
    if (outsider !== undefined) return at('parent', 'members of the parent\'s pool not yet proposed in the call', `${outsider}, outside them`);
    return null;
  }

  /**
   * A "five more" drawn beyond its parent's radius: from a radius the ladder chose, to a later
   * step of the ladder, over people none of whom the call had proposed yet.
   */
  private checkWidened(referral: Referral, parent: { radiusKm: number; radiusSource: Referral['radiusSource'] }, pool: readonly string[], proposedInCall: ReadonlySet<string>, at: (check: ReplayCheck, expected: unknown, found: unknown) => Divergence): Divergence | null {
    if (parent.radiusSource !== 'ladder' || referral.widenedFromKm !== parent.radiusKm) {
      return at('parent', `widened from the parent's radius chosen by the ladder (${parent.radiusKm} km, ${parent.radiusSource})`, `widenedFromKm ${referral.widenedFromKm}`);
    }
    if (!RADIUS_LADDER_KM.includes(referral.radiusKm) || referral.radiusKm <= parent.radiusKm) {
      return at('parent', `a step of the ladder beyond ${parent.radiusKm} km`, `${referral.radiusKm} km`);
    }
    const repeated = pool.find((nationalId) => proposedInCall.has(nationalId));
    return repeated === undefined ? null : at('parent', 'people not yet proposed in the call', `${repeated}, proposed earlier in the call`);
  }

  private remember({ referral, pool, proposed }: LogRecord): void {
    const createdAt = Date.parse(referral.createdAt);
    // Entries come in time order: the oldest are first in the map; a call ends with its first referral.
    for (const [id, entry] of this.recent) {
      if (createdAt - entry.createdAt <= MORE_WINDOW_MS) break;
      this.recent.delete(id);
      if (entry.rootId === id) this.calls.delete(id);
    }
    const rootId = referral.parentId === undefined ? referral.id : (this.recent.get(referral.parentId)?.rootId ?? referral.id);
    this.recent.set(referral.id, { createdAt, specialty: referral.specialty.code, filters: JSON.stringify(referral.filters ?? null), rootId, pool: new Set(pool), radiusKm: referral.radiusKm, radiusSource: referral.radiusSource });
    const call = this.calls.get(rootId) ?? new Set<string>();
    for (const nationalId of proposed) call.add(nationalId);
    this.calls.set(rootId, call);
  }

  private countersFor(specialty: string, pool: readonly string[]): Map<string, FairnessCounter> {
    const counters = this.counters.get(specialty);
    const found = new Map<string, FairnessCounter>();
    for (const nationalId of pool) {
      const counter = counters?.get(nationalId);
      if (counter) found.set(nationalId, { expectedUnits: counter.expectedUnits, offered: counter.offered });
    }
    return found;
  }

  private counterOf(specialty: string, nationalId: string): MutableCounter {
    let counters = this.counters.get(specialty);
    if (!counters) this.counters.set(specialty, (counters = new Map()));
    let counter = counters.get(nationalId);
    if (!counter) counters.set(nationalId, (counter = { ...EMPTY_COUNTER, ranks: new Array<number>(MAX_PROPOSALS).fill(0) }));
    return counter;
  }
}

function isCanonical(pool: readonly string[]): boolean {
  for (let index = 1; index < pool.length; index++) {
    if ((pool[index - 1] as string) >= (pool[index] as string)) return false;
  }
  return true;
}
