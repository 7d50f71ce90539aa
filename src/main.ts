import type { Server } from 'node:http';
import { loadConfig } from './config.js';
import { openServices } from './compose.js';
import { createApp } from './http/app.js';
import { createLogger } from './observability/logger.js';
import { startLogWriter } from './log-writer/client.js';
import { startCheckpointer } from './storage/checkpointer.js';
import { loadGazetteer } from './storage/gazetteer-file.js';
import { loadSampleDirectory } from './use-cases/load-sample-directory.js';
import { commitPeriods } from './use-cases/period-secret.js';

const CHECKPOINT_INTERVAL_MS = 200;
/** How often the next period's seed commitment is checked for (DESIGN §5): well within an hour. */
const COMMITMENT_INTERVAL_MS = 300_000;

/** Composition root: config → database → sample directory → index → HTTP; stops cleanly on signals. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const gazetteer = loadGazetteer(config.gazetteerPath);
  const services = openServices({ databasePath: config.databasePath, synchronous: config.databaseSynchronous, gazetteer, seedPeriod: config.seedPeriod });

  if (config.sampleDirectoryPath !== '') {
    const added = await loadSampleDirectory(services.referralContext.practitioners, gazetteer, config.sampleDirectoryPath, new Date());
    if (added > 0) {
      services.reindex();
      logger.info({ added, source: config.sampleDirectoryPath }, 'empty directory filled with the sample directory');
    }
  }

  const ctx = services.referralContext;
  const commit = () => ctx.transaction(() => commitPeriods(ctx.seedPeriods, ctx.drawSecret, ctx.clock(), ctx.seedPeriod));
  await commit();
  // Referrals are drawn and logged in their own thread, so that commits never stall HTTP.
  const logWriter = await startLogWriter({
    databasePath: config.databasePath, synchronous: config.databaseSynchronous, seedPeriod: config.seedPeriod,
  });
  services.useAppender(logWriter);
  const committing = setInterval(() => {
    Promise.resolve().then(commit).catch((error: unknown) => logger.error({ err: error }, 'could not commit the next seed period'));
  }, COMMITMENT_INTERVAL_MS);
  committing.unref();
  const checkpointer = startCheckpointer(services.db, CHECKPOINT_INTERVAL_MS, (message) => logger.error({ message }, 'WAL checkpoint failed'));
  const app = createApp({
    referralContext: services.referralContext,
    openApiPath: config.openApiPath,
    logError: (error, where) => logger.error({ err: error, where }, 'unexpected error'),
  });
  const server: Server = app.listen(config.port, config.host, () => {
    logger.info({ port: config.port, host: config.host, database: config.databasePath }, 'referral service listening');
  });

  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping: finishing in-flight requests');
    clearInterval(committing);
    server.close(() => {
      void Promise.all([checkpointer.stop(), logWriter.close()]).then(() => {
        services.close();
        process.exit(0);
      });
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // A failure nobody awaited leaves the process in an unknown state: log it and let the
  // supervisor (Docker, systemd) restart a clean one. The log and counters are transactional.
  for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
    process.on(event, (error: unknown) => {
      logger.fatal({ err: error, event }, 'stopping after an unexpected error');
      process.exit(1);
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
