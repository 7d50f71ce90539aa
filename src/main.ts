import { createServer } from 'node:http';
import { loadConfig } from './config.js';
import { openServices } from './compose.js';
import { createApp } from './http/app.js';
import { answerClientError } from './http/client-error.js';
import { createDrain } from './http/drain.js';
import { startingHandler } from './http/starting-handler.js';
import { createMetrics } from './observability/metrics.js';
import { createReadiness } from './observability/readiness.js';
import { createLogger } from './observability/logger.js';
import { startLogWriter } from './log-writer/client.js';
import { CHECKPOINT_INTERVAL_MS } from './storage/checkpointer.js';
import { writeFirstAdminKeyFile } from './storage/first-admin-key-file.js';
import { loadGazetteer } from './storage/gazetteer-file.js';
import { currentImportOwner } from './import/import-owner.js';
import { createImportRunner } from './import/import-runner.js';
import { createAuthenticator, ensureFirstAdminKey } from './use-cases/api-keys.js';
import { resumeEndedSuspensions, type PractitionerChange } from './use-cases/practitioner-status.js';
import { watchDirectory } from './use-cases/directory-watch.js';
import { loadSampleDirectory } from './use-cases/load-sample-directory.js';
import { regeocodeSites } from './use-cases/regeocode-sites.js';
import { commitPeriods } from './use-cases/period-secret.js';
import { ensureSigningKey } from './storage/signing-key-file.js';
import { createLogSigner, type LogSigner } from './use-cases/transparency-log.js';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { Services } from './compose.js';
import { createEpochRepository } from './storage/epoch-repository.js';
import { readCheckpointState, removeCheckpointState, writeCheckpointState } from './storage/checkpoint-state-file.js';
import { acceptRollback, bringTreeUpToDate, checkAgainstSigned } from './use-cases/rollback-guard.js';

/** How often the next period's seed commitment is checked for (DESIGN §5): well within an hour. */
const COMMITMENT_INTERVAL_MS = 300_000;
/** How soon a directory change made by another process (the nightly CLI import) reaches referrals. */
const DIRECTORY_WATCH_INTERVAL_MS = 2_000;
/** How often ended suspensions are looked for: a suspension ends within a minute of its date. */
const SUSPENSION_CHECK_INTERVAL_MS = 60_000;
/** On SIGTERM: answer until no request has come for this long, for at most the timeout (Docker waits 10 s). */
const DRAIN_QUIET_MS = 300;
const DRAIN_TIMEOUT_MS = 8_000;

const STARTING = 'starting: migrating the database and loading the directory';
const IMPORT_APPLYING = 'an import is applying its changes';

/**
 * Composition root: listen (answering "not ready") → config → database → sample directory →
 * index → the application; stops cleanly on signals.
 */
async function main(): Promise<void> {
  // `--accept-rollback`: serve a database behind the last checkpoint signed, starting a new log epoch.
  const { values: flags } = parseArgs({ options: { 'accept-rollback': { type: 'boolean', default: false } } });
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const readiness = createReadiness(STARTING);
  const server = createServer({
    // Headers must come within their deadline, checked every second (Node checks every 30 s by
    // default); every request must have arrived within the upload's, the longest operation's.
    // Bodies have their deadlines by operation (http/body-timeouts.ts).
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.uploadTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
  }, startingHandler(readiness));
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const gazetteer = loadGazetteer(config.gazetteerPath);
  const services = openServices({ databasePath: config.databasePath, synchronous: config.databaseSynchronous, gazetteer, seedPeriod: config.seedPeriod });

  // Before anything imports: a run this process left in an earlier life (pid 1 in a container) is over.
  const owner = currentImportOwner();
  const interrupted = services.importer.imports.markInterrupted(owner, new Date());
  if (interrupted > 0) logger.warn({ interrupted }, 'imports interrupted by an earlier stop marked failed; the directory was left as it was');
  // Sites placed by another gazetteer are placed again before anything is drawn from them.
  const regeocoded = regeocodeSites(services.db, gazetteer, () => new Date());
  if (regeocoded.status === 'placed') {
    const { fromVersion, toVersion, report } = regeocoded.run;
    services.reindex();
    logger.info({ regeocodingId: regeocoded.run.id, fromVersion, toVersion, sitesChecked: report.sitesChecked, sitesMoved: report.sitesMoved, movedByDistance: report.movedByDistance, maxMoveKm: report.maxMoveKm },
      'gazetteer changed: sites placed again');
  }
  if (config.sampleDirectoryPath !== '') {
    const added = await loadSampleDirectory(services.referralContext.practitioners, services.importer, owner, config.sampleDirectoryPath);
    if (added > 0) {
      services.reindex();
      logger.info({ added, source: config.sampleDirectoryPath }, 'empty directory filled with the sample directory');
    }
  }

  // The index is built now, not at the first referral: the state it shows enters the directory log
  // before anything can change it, so that every later change is logged with its own cause.
  void services.referralContext.directory.totalActive;

  // The key that signs the log's checkpoints lives beside the database, never in it.
  const signingKey = ensureSigningKey(config.signingKeyPath);
  if (signingKey.created) logger.warn({ path: config.signingKeyPath }, 'created the log signing key (mode 0600): back it up once, apart from the database');
  const signer = createLogSigner(config.logOrigin, signingKey.key);
  guardAgainstRollback(services, signer, config.checkpointStatePath, flags['accept-rollback'], logger);

  const ctx = services.referralContext;
  const commit = () => ctx.transaction(() => commitPeriods(ctx.seedPeriods, ctx.drawSecret, ctx.clock(), ctx.seedPeriod));
  await commit();
  // Referrals are drawn and logged in their own thread, so that commits never stall HTTP.
  // It also owns the WAL's checkpoints, being the connection that writes nearly every frame:
  // this connection's rare commits must not copy the log back on the event loop.
  const logWriter = await startLogWriter({
    databasePath: config.databasePath, synchronous: config.databaseSynchronous, seedPeriod: config.seedPeriod, checkpointIntervalMs: CHECKPOINT_INTERVAL_MS,
    signing: { keyPath: config.signingKeyPath, origin: config.logOrigin, everyMs: config.checkpointSeconds * 1000 },
  }, {
    onSigningError: (message) => logger.error({ message }, 'could not sign a checkpoint of the log'),
    // Kept outside the database, so that a restored backup cannot carry it back (rollback-guard.ts).
    onSigned: (checkpoint) => writeCheckpointState(config.checkpointStatePath, checkpoint.note),
    onError: (message) => logger.error({ message }, 'WAL checkpoint failed'),
    // Without its writer the service can only fail referrals: exit, so that the supervisor restarts it.
    onDeath: (error) => {
      logger.fatal({ err: error }, 'the log writer thread stopped: exiting');
      process.exit(1);
    },
  });
  services.db.pragma('wal_autocheckpoint = 0');
  services.useAppender(logWriter);
  const stopCommitting = repeat(COMMITMENT_INTERVAL_MS, commit, (error) => logger.error({ err: error }, 'could not commit the next seed period'));
  const practitioners = services.referralContext.practitioners;
  const directoryWatch = watchDirectory(() => practitioners.revision(), async () => {
    await services.reindexGradually();
    logger.info({ activePractitioners: services.referralContext.directory.totalActive }, 'directory changed: index rebuilt');
  }, DIRECTORY_WATCH_INTERVAL_MS, (error) => logger.error({ err: error }, 'could not rebuild the directory index'));
  // A status change is applied to this server's index in place, at once; it still moves the
  // revision, so that other servers on the database rebuild, but this one need not.
  const practitionerChanged = (change: PractitionerChange) => {
    services.practitionerChanged(change);
    directoryWatch.acknowledge(change.revisions);
  };
  // Prevention actions changed by the CLI or another server: the same single-row poll as the directory's.
  const preventionWatch = watchDirectory(() => services.prevention.actions.revision(), async () => {
    services.prevention.board.reload();
  }, DIRECTORY_WATCH_INTERVAL_MS, (error) => logger.error({ err: error }, 'could not reload the prevention actions'));
  const drain = createDrain();
  const metrics = createMetrics(config.databasePath, () => services.referralContext.directory.totalActive);
  const importRunner = createImportRunner({
    imports: services.importer.imports, databasePath: config.databasePath, gazetteerPath: config.gazetteerPath, owner, clock: () => new Date(),
    onFinished: (run) => {
      logger.info({ importId: run.id, status: run.status, counts: run.counts, message: run.message }, 'import finished');
      metrics.observeImport(run.status);
      void directoryWatch.checkNow();
    },
    onError: (error) => logger.error({ err: error }, 'import thread error'),
    onApplying: (applying) => (applying ? readiness.hold(IMPORT_APPLYING) : readiness.release(IMPORT_APPLYING)),
  });
  const app = createApp({
    referralContext: services.referralContext,
    openApiPath: config.openApiPath,
    logError: (error, where) => logger.error({ err: error, where }, 'unexpected error'),
    imports: { runner: importRunner, imports: services.importer.imports, maxDeactivationShare: config.importMaxDeactivation },
    authenticate: createAuthenticator(services.apiKeys),
    statusChanges: services.statusChanges,
    directoryChanged: practitionerChanged,
    prevention: services.prevention,
    logger,
    metrics,
    readiness,
    protection: {
      rateLimitPerMinute: config.rateLimitPerMinute, authFailuresPerMinute: config.authFailuresPerMinute, corsOrigins: config.corsOrigins,
      bodyTimeouts: { bodyMs: config.bodyTimeoutMs, uploadIdleMs: config.uploadIdleTimeoutMs, uploadMs: config.uploadTimeoutMs },
      ...(config.trustProxy !== undefined && { trustProxy: config.trustProxy }),
    },
    signer,
    drain,
  });
  const statusDeps = { practitioners, statusChanges: services.statusChanges, clock: () => new Date(), directoryChanged: practitionerChanged };
  const stopResuming = repeat(SUSPENSION_CHECK_INTERVAL_MS, () => {
    const resumed = resumeEndedSuspensions(statusDeps);
    if (resumed > 0) logger.info({ resumed }, 'suspensions ended: practitioners back in the pools');
  }, (error) => logger.error({ err: error }, 'could not resume ended suspensions'));
  const firstAdminKey = ensureFirstAdminKey(services.apiKeys, new Date());
  if (firstAdminKey !== undefined) {
    // Warn, so that it shows even at LOG_LEVEL=warn: the operator has something to do.
    logger.warn({ file: writeFirstAdminKeyFile(config.databasePath, firstAdminKey) },
      'no API key existed: created the admin key, written to this file (mode 0600); read it, create your own keys '
      + '(npm run cli -- keys create --role agent --name desk-12 in a clone; node dist/cli/main.js keys create … in a build '
      + 'or the Docker image) and delete the file');
  }
  server.removeAllListeners('request');
  server.on('request', app);
  readiness.release(STARTING);
  logger.info({ port: config.port, host: config.host, database: config.databasePath }, 'referral service ready');

  let stopping = false;
  const stop = async (signal: string) => {
    // Ctrl-C reaches npm and the server, and npm passes it on; systemd signals the whole group:
    // the same signal may come twice, and the second must not cut the drain short.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing in-flight requests');
    readiness.hold('stopping');
    stopCommitting();
    directoryWatch.stop();
    preventionWatch.stop();
    stopResuming();
    await drain.drain(DRAIN_QUIET_MS, DRAIN_TIMEOUT_MS);
    server.close(() => {
      void logWriter.close().then(() => {
        services.close();
        logger.info({ signal }, 'stopped');
        process.exit(0);
      });
    });
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // A failure nobody awaited leaves the process in an unknown state: log it and let the
  // supervisor (Docker, systemd) restart a clean one. The log and counters are transactional.
  for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
    process.on(event, (error: unknown) => {
      logger.fatal({ err: error, event }, 'stopping after an unexpected error');
      process.exit(1);
    });
  }
}

/**
 * Refuses to serve a database behind the last checkpoint this service signed (issue 14: no
 * silent forks), naming what was lost, unless the operator accepted the rollback, which logs a
 * hashed fork event and starts a new log epoch so that no id is handed out twice.
 * @throws Error naming the lost range, without --accept-rollback
 */
function guardAgainstRollback(services: Services, signer: LogSigner, statePath: string, accepted: boolean, logger: Logger): void {
  const signedNote = readCheckpointState(statePath);
  if (signedNote === undefined) return;
  const ctx = services.referralContext;
  services.db.transaction(() => bringTreeUpToDate(ctx))();
  const check = checkAgainstSigned(ctx, signedNote, signer);
  if (check.ok) return;
  if (!accepted) {
    throw new Error(`Refusing to serve: ${check.detail} Serving it would hand out their sequence numbers again. ` +
      `If this database was restored on purpose, start with --accept-rollback: the fork is then recorded and witnesses will see it.`);
  }
  const epoch = services.db.transaction(() => acceptRollback(createEpochRepository(services.db), ctx, signer, check.detail, signedNote, new Date()))();
  removeCheckpointState(statePath);
  logger.warn({ forkEvent: JSON.parse(epoch.eventJson) as unknown, hash: epoch.hash, epoch: epoch.epoch }, 'rollback accepted: a new log epoch starts; witnesses will report the fork');
}

/** Runs `task` every `ms` without keeping the process alive; a failure is reported, never thrown. */
function repeat(ms: number, task: () => unknown, onError: (error: unknown) => void): () => void {
  const timer = setInterval(() => {
    Promise.resolve().then(task).catch(onError);
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
