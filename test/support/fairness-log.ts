import type { LogRecord } from '../../src/domain/audit/replay.js';
import type { RandomGenerator } from '../../src/domain/shuffle/rng.js';
import { seededShuffle } from '../../src/domain/shuffle/seeded-shuffle.js';

export const SEED = '0123456789abcdef0123456789abcdef';
export const POOL = Array.from({ length: 20 }, (_, i) => `810000000${String(i).padStart(3, '0')}`);
/** Last names in reverse order of national id, so that alphabetical order is not id order. */
const NAMES = new Map(POOL.map((id, i) => [id, `NOM${String.fromCharCode(90 - i)} Prénom`]));

/** What the report reads of a log entry: pool, proposed in rank order, names and distances. */
export function entry(sequence: number, pool: readonly string[], proposed: readonly string[]): LogRecord {
  return {
    pool,
    proposed,
    referral: {
      createdAt: '2026-11-23T10:00:00.000Z',
      specialty: { code: 'ophtalmologie', label: 'Ophtalmologie' },
      audit: { sequence },
      practitioners: proposed.map((nationalId, index) => ({ rank: index + 1, nationalId, lastName: (NAMES.get(nationalId) ?? 'X Y').split(' ')[0], firstName: 'Prénom', distanceKm: index })),
    },
  } as unknown as LogRecord;
}

/**
 * A log of referrals from one pool of 20, five proposed each time in turn (as the deficit rule
 * does with equal pools), ordered by the seeded Fisher–Yates shuffle; `rig` may reorder them.
 */
export function simulatedLog(referrals: number, rng: RandomGenerator, rig: (order: string[]) => string[] = (order) => order): LogRecord[] {
  return Array.from({ length: referrals }, (_, i) => {
    const selected = POOL.slice((i * 5) % POOL.length, ((i * 5) % POOL.length) + 5);
    return entry(i + 1, POOL, rig(seededShuffle(selected, rng)));
  });
}

export const ALWAYS_LAST = POOL[7] as string;
export const putLast = (order: string[]): string[] => (order.includes(ALWAYS_LAST) ? [...order.filter((id) => id !== ALWAYS_LAST), ALWAYS_LAST] : order);
