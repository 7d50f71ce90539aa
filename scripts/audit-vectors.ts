/**
 * Known-answer vectors for reimplementing the draw and the entry hash (docs/audit-log.md), as
 * `docs/vectors/draw.json`: for each case the inputs (pool, counters, seed, k, previous order)
 * and every intermediate an implementer needs to find where they part ways: the seed's four
 * words, the tie-break permutation, the selection, the order, the share, the counters after.
 * `npm run gen:vectors` writes the file; test/unit/audit-vectors.test.ts recomputes it, so a
 * change to the draw that would change a vector fails the tests.
 */
import { writeFileSync } from 'node:fs';
import { applyDraw, draw } from '../src/domain/draw.js';
import type { FairnessCounter } from '../src/domain/selection/fairness-counters.js';
import { selectByDeficit } from '../src/domain/selection/select-by-deficit.js';
import { createRng } from '../src/domain/shuffle/rng.js';
import { seededShuffle } from '../src/domain/shuffle/seeded-shuffle.js';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

interface Case {
  readonly name: string;
  readonly pool: readonly string[];
  readonly counters: Readonly<Record<string, FairnessCounter>>;
  readonly seed: string;
  readonly k: number;
  readonly previousOrder: readonly string[] | null;
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `8100000000${String(i + 1).padStart(2, '0')}`);

export const CASES: readonly Case[] = [
  { name: 'fresh pool of 12, nobody owed yet', pool: ids(12), counters: {}, seed: '0123456789abcdef0123456789abcdef', k: 5, previousOrder: null },
  { name: 'some owed more than others', pool: ids(8), seed: 'fedcba9876543210fedcba9876543210', k: 5, previousOrder: null,
    counters: { '810000000002': { expectedUnits: 3 * 2 ** 32, offered: 1 }, '810000000005': { expectedUnits: 2 ** 31, offered: 0 }, '810000000007': { expectedUnits: 2 ** 32, offered: 2 } } },
  { name: 'pool smaller than k', pool: ids(3), counters: {}, seed: '80000000000000000000000000000001', k: 5, previousOrder: null },
  { name: 'a seed whose words have their top bit set (signed words)', pool: ids(6), counters: {}, seed: 'ffffffff80000000deadbeefcafebabe', k: 5, previousOrder: null },
  { name: 'the same set as last time: shuffled again until the order differs', pool: ids(2), counters: {}, seed: '0123456789abcdef0123456789abcdef', k: 5, previousOrder: null },
];

/** Every intermediate of one case, computed with the service's own functions. */
export function vectorOf(c: Case) {
  const counters = new Map(Object.entries(c.counters));
  const words = [0, 8, 16, 24].map((offset) => parseInt(c.seed.slice(offset, offset + 8), 16) | 0);
  const probe = createRng(c.seed);
  const firstUniformInts = [9, 99, 999, 0x7fffffff].map((max) => uniformInt(probe, 0, max));
  const rng = createRng(c.seed);
  const tieBreak = seededShuffle(c.pool, createRng(c.seed));
  const selected = selectByDeficit(c.pool, counters, c.k, rng);
  const result = draw({ pool: c.pool, counters, seed: c.seed, k: c.k, previousOrder: c.previousOrder });
  const after = applyDraw(counters, c.pool, result);
  return {
    ...c,
    seedWords: words,
    firstUniformInts: { maxima: [9, 99, 999, 0x7fffffff], values: firstUniformInts },
    tieBreak,
    selected,
    order: result.order,
    redraws: result.redraws,
    shareUnits: result.shareUnits,
    countersAfter: Object.fromEntries([...after].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/** The last case is drawn twice: the second time against the first order, to show the redraw rule. */
export function vectors() {
  const computed = CASES.map(vectorOf);
  const last = computed[computed.length - 1];
  if (last !== undefined) computed[computed.length - 1] = vectorOf({ ...CASES[CASES.length - 1] as Case, previousOrder: last.order });
  return { description: 'Known answers for docs/audit-log.md: the draw of pure-rand 8.4.2 xoroshiro128plus with uniformInt; counters in units of 2^-32 of a proposal.', cases: computed };
}

if (process.argv[1]?.endsWith('audit-vectors.ts')) {
  writeFileSync('docs/vectors/draw.json', `${JSON.stringify(vectors(), null, 2)}\n`);
  console.log('wrote docs/vectors/draw.json');
}
