/**
 * The log writer's serial section alone, in this process, on a copy of a benchmark directory:
 * pools are formed by the real search from the referral benchmark's seeded bodies, then drawn,
 * logged and committed by the real `appendInTransaction` in batches of `batchSize` (the service
 * commits at most MAX_BATCH at once, see group-commit.ts). No HTTP, no threads, no other load:
 * the figure moves far less between runs than throughput under load, so it shows what a change
 * to the writer does. Run by `npm run bench` (or `--only writer`), which writes bench/results/writer.json.
 */
import { copyFileSync } from 'node:fs';
import { removeDatabaseFiles } from '../src/storage/database.js';
import { openLogServices, openServices } from '../src/compose.js';
import type { Gazetteer } from '../src/domain/geo/gazetteer.js';
import { CHECKPOINT_INTERVAL_MS, startCheckpointer } from '../src/storage/checkpointer.js';
import { MAX_BATCH } from '../src/storage/group-commit.js';
import { answerReferral, appendInTransaction, type PendingReferral } from '../src/use-cases/make-referral.js';

export interface WriterBenchResult {
  readonly referrals: number;
  readonly batchSize: number;
  readonly synchronous: 'FULL' | 'NORMAL';
  /** Forming the pools (the HTTP thread's share of a referral, without HTTP). */
  readonly formMicrosPerReferral: number;
  /** Drawing, logging and committing (the writer thread's share). */
  readonly writeMicrosPerReferral: number;
  readonly meanPoolSize: number;
}

export async function runWriterBench(options: {
  directoryPath: string; workPath: string; gazetteer: Gazetteer; bodies: readonly string[]; batchSize: number; synchronous: 'FULL' | 'NORMAL';
}): Promise<WriterBenchResult> {
  // Larger batches would be split into commits of MAX_BATCH by group commit, unreported.
  if (options.batchSize > MAX_BATCH) throw new RangeError(`batchSize ${options.batchSize} is above what the service commits at once (${MAX_BATCH})`);
  const { workPath } = options;
  removeDatabaseFiles(workPath);
  copyFileSync(options.directoryPath, workPath);

  // The pools, as the HTTP thread forms them: the appender keeps them instead of logging them.
  const pending: PendingReferral[] = [];
  const services = openServices({ databasePath: workPath, gazetteer: options.gazetteer });
  services.useAppender({
    append: async (formed) => {
      pending.push(formed);
      throw new Error('kept, not logged');
    },
    directoryChanged: () => {},
  });
  const requests = options.bodies.map((body) => JSON.parse(body) as Parameters<typeof answerReferral>[1]);
  void services.referralContext.directory.totalActive; // builds the index before the timing
  let started = performance.now();
  for (const request of requests) await answerReferral(services.referralContext, request).catch(() => undefined);
  const formMicros = ((performance.now() - started) * 1000) / requests.length;
  services.close();

  const log = openLogServices({ databasePath: workPath, synchronous: options.synchronous });
  log.logContext.ledger.load();
  // As in the service: checkpoints from their own thread, not inside the timed commits.
  const checkpointer = startCheckpointer(log.db, CHECKPOINT_INTERVAL_MS, (message) => console.error(`checkpoint failed: ${message}`));
  started = performance.now();
  for (let first = 0; first < pending.length; first += options.batchSize) {
    await Promise.all(pending.slice(first, first + options.batchSize).map((one) => appendInTransaction(log.logContext, one)));
  }
  const writeMicros = ((performance.now() - started) * 1000) / pending.length;
  await checkpointer.stop();
  log.close();
  removeDatabaseFiles(workPath);

  return {
    referrals: pending.length,
    batchSize: options.batchSize,
    synchronous: options.synchronous,
    formMicrosPerReferral: Math.round(formMicros),
    writeMicrosPerReferral: Math.round(writeMicros),
    meanPoolSize: Math.round((pending.reduce((sum, one) => sum + one.members.length, 0) / pending.length) * 10) / 10,
  };
}
