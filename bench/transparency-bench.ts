/**
 * The transparency log's costs (issue 14), on a log of real referrals made by `simulate`:
 * bringing a whole existing log into the Merkle tree (the first start after the upgrade), one
 * minute's worth of new entries plus a signature (the steady state, off the referral path), and
 * the latency of inclusion and consistency proofs read from the stored subtree hashes.
 */
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { openLogServices } from '../src/compose.js';
import { removeDatabaseFiles } from '../src/storage/database.js';
import { TREE_BATCH } from '../src/use-cases/checkpoint-signer.js';
import { createLogSigner, extendTree, proveConsistency, proveInclusion, signCheckpoint } from '../src/use-cases/transparency-log.js';

export interface TransparencyBenchResult {
  readonly entries: number;
  readonly treeBatch: number;
  /** The whole log into the tree, batch by batch as the log writer does it. */
  readonly wholeLog: { readonly seconds: number; readonly batches: number; readonly maxBatchMs: number; readonly meanBatchMs: number };
  /** The last `steadyEntries` entries and one signature: what a minute of heavy traffic costs. */
  readonly steady: { readonly entries: number; readonly extendMs: number; readonly signMs: number };
  readonly inclusionProof: { readonly count: number; readonly p50Micros: number; readonly p99Micros: number };
  readonly consistencyProof: { readonly count: number; readonly p50Micros: number; readonly p99Micros: number };
}

const STEADY_ENTRIES = 1_000;
const PROOFS = 2_000;

export async function runTransparencyBench(options: { workDir: string; entries: number; fresh: boolean }): Promise<TransparencyBenchResult> {
  const source = `${options.workDir}/tlog-${options.entries}.sqlite`;
  if (options.fresh || !existsSync(source)) {
    removeDatabaseFiles(source);
    // Real referrals over the sample directory; the simulation's own verdict does not matter here.
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulate', '--referrals', String(options.entries), '--database', source, '--json'], { stdio: 'ignore' });
  }
  const workPath = `${options.workDir}/tlog-work.sqlite`;
  removeDatabaseFiles(workPath);
  copyFileSync(source, workPath);
  const services = openLogServices({ databasePath: workPath, synchronous: 'FULL' });
  try {
    const ctx = services.logContext;
    const signer = createLogSigner('bench.invalid/log', generateKeyPairSync('ed25519').privateKey);
    const batchMs: number[] = [];
    const started = performance.now();
    const total = ctx.referrals.count();
    for (;;) {
      const room = total - STEADY_ENTRIES - ctx.tree.size();
      if (room <= 0) break;
      const t0 = performance.now();
      await ctx.transaction(() => extendTree(ctx, Math.min(TREE_BATCH, room)));
      batchMs.push(performance.now() - t0);
    }
    const t1 = performance.now();
    await ctx.transaction(() => extendTree(ctx, STEADY_ENTRIES));
    const t2 = performance.now();
    await ctx.transaction(() => signCheckpoint(ctx.tree, signer, new Date()));
    const t3 = performance.now();
    const size = ctx.tree.size();

    const rng = xoroshiro128plus(20261123);
    const idAt = services.db.prepare('SELECT r.id FROM tree_leaves t JOIN referrals r ON r.sequence = t.sequence WHERE t.leaf_index = ?').pluck();
    const inclusion = timeEach(PROOFS, () => proveInclusion(ctx, idAt.get(uniformInt(rng, 0, size - 1)) as string, size));
    const consistency = timeEach(PROOFS, () => proveConsistency(ctx.tree, uniformInt(rng, 1, size), size));
    return {
      entries: size,
      treeBatch: TREE_BATCH,
      wholeLog: {
        seconds: round((t1 - started + (t2 - t1)) / 1000, 2), batches: batchMs.length + 1,
        maxBatchMs: round(Math.max(...batchMs, t2 - t1), 1), meanBatchMs: round(batchMs.reduce((a, b) => a + b, 0) / Math.max(1, batchMs.length), 1),
      },
      steady: { entries: STEADY_ENTRIES, extendMs: round(t2 - t1, 1), signMs: round(t3 - t2, 2) },
      inclusionProof: { count: PROOFS, ...inclusion },
      consistencyProof: { count: PROOFS, ...consistency },
    };
  } finally {
    services.close();
    removeDatabaseFiles(workPath);
  }
}

function timeEach(count: number, work: () => unknown): { p50Micros: number; p99Micros: number } {
  const micros: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    work();
    micros.push((performance.now() - t0) * 1000);
  }
  micros.sort((a, b) => a - b);
  return { p50Micros: Math.round(micros[Math.floor(count / 2)] as number), p99Micros: Math.round(micros[Math.floor(count * 0.99)] as number) };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
