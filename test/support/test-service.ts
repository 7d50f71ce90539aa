import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { ROLES, type Role } from '../../src/domain/access/roles.js';
import { createApiKey, createAuthenticator } from '../../src/use-cases/api-keys.js';
import { openServices, type Services } from '../../src/compose.js';
import type { PeriodLength } from '../../src/domain/audit/seed.js';
import type { Gazetteer } from '../../src/domain/geo/gazetteer.js';
import { createApp } from '../../src/http/app.js';
import { createImportRunner } from '../../src/import/import-runner.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createReadiness, type Readiness } from '../../src/observability/readiness.js';
import { currentImportOwner } from '../../src/import/import-owner.js';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from '../../src/storage/gazetteer-file.js';
import type { NewPractitioner } from '../../src/storage/practitioner-repository.js';
import { expectConformsToSpec } from './contract.js';
import { ensureSigningKey } from '../../src/storage/signing-key-file.js';
import type { StoredCheckpoint } from '../../src/storage/tree-repository.js';
import { signPending } from '../../src/use-cases/checkpoint-signer.js';
import { createLogSigner, type LogSigner } from '../../src/use-cases/transparency-log.js';

let gazetteer: Gazetteer | undefined;
/** The real gazetteer from data/, loaded once for the whole run. */
export function testGazetteer(): Gazetteer {
  gazetteer ??= loadGazetteer(fileURLToPath(DEFAULT_GAZETTEER_PATH));
  return gazetteer;
}

/** A clock that starts at 2026-11-23T10:00:00Z and moves one second per reading. */
export function fixedClock(start = Date.parse('2026-11-23T10:00:00Z')): () => Date {
  let tick = 0;
  return () => new Date(start + 1000 * tick++);
}

export interface TestService {
  readonly app: Express;
  readonly services: Services;
  readonly dir: string;
  readonly readiness: Readiness;
  /** A key of each role, created with the service. */
  readonly keys: Readonly<Record<Role, string>>;
  /** Sends a request with a key (admin unless `as` says) and checks the response against openapi.yaml before returning it. */
  call(method: 'get' | 'post' | 'patch' | 'put' | 'delete', url: string, body?: unknown, as?: Role): Promise<Response>;
  /** A supertest agent sending a key of this role (default admin) with every request. */
  as(role?: Role): TestAgent;
  /** The log's signer, with a key of its own in the service's directory. */
  readonly signer: LogSigner;
  /** Brings the log into the Merkle tree and signs a checkpoint, as the log writer does every CHECKPOINT_SECONDS. */
  signCheckpoint(): Promise<StoredCheckpoint>;
  /** Resolves once every import started through the API has ended. */
  importsIdle(): Promise<void>;
  close(): void;
}

/**
 * A real service on a fresh SQLite file in a temporary directory, with a fixed clock and a fixed
 * period secret, holding exactly the practitioners given.
 */
export function givenService(practitioners: readonly NewPractitioner[] = [], options: { clock?: () => Date; drawSecret?: () => Buffer; seedPeriod?: PeriodLength; rateLimitPerMinute?: number; authFailuresPerMinute?: number; trustProxy?: number } = {}): TestService {
  const dir = mkdtempSync(join(tmpdir(), 'referral-test-'));
  const databasePath = join(dir, 'referrals.sqlite');
  const services = openServices({
    databasePath,
    gazetteer: testGazetteer(),
    clock: options.clock ?? fixedClock(),
    drawSecret: options.drawSecret ?? (() => Buffer.alloc(32, 1)),
    ...(options.seedPeriod !== undefined && { seedPeriod: options.seedPeriod }),
  });
  services.referralContext.practitioners.insertMany(practitioners, new Date('2026-11-01T00:00:00Z'));
  services.reindex();
  const keys = Object.fromEntries(ROLES.map((role) => [role, createApiKey(services.apiKeys, `test-${role}`, role, new Date()).key])) as Record<Role, string>;
  const metrics = createMetrics(databasePath, () => services.referralContext.directory.totalActive, { processMetrics: false });
  const readiness = createReadiness();
  const importRunner = createImportRunner({
    imports: services.importer.imports, databasePath, gazetteerPath: fileURLToPath(DEFAULT_GAZETTEER_PATH), owner: currentImportOwner(),
    clock: options.clock ?? fixedClock(),
    onFinished: (run) => {
      if (run.status === 'succeeded') services.reindex();
    },
    onError: (error) => console.error('import thread error:', error),
    onApplying: (applying) => (applying ? readiness.hold('import applying') : readiness.release('import applying')),
  });
  const signer = createLogSigner('referrals.test/log', ensureSigningKey(join(dir, 'log-key')).key);
  const app = createApp({
    signer,
    referralContext: services.referralContext,
    openApiPath: fileURLToPath(new URL('../../openapi.yaml', import.meta.url)),
    logError: (error, where) => console.error(`unexpected error in ${where}:`, error),
    imports: {
      runner: importRunner,
      imports: services.importer.imports,
      maxDeactivationShare: 0.05,
    },
    // The production authenticator, rechecking every time: tests revoke a key and expect 401 at once.
    authenticate: createAuthenticator(services.apiKeys, Date.now, 0),
    statusChanges: services.statusChanges,
    directoryChanged: (change) => services.practitionerChanged(change),
    prevention: services.prevention,
    logger: createLogger('silent'),
    metrics,
    readiness,
    protection: {
      rateLimitPerMinute: options.rateLimitPerMinute ?? 0, authFailuresPerMinute: options.authFailuresPerMinute ?? 0, corsOrigins: ['https://desk.example.org'],
      bodyTimeouts: { bodyMs: 10_000, uploadIdleMs: 30_000, uploadMs: 3_600_000 },
      ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
    },
  });
  const as = (role: Role = 'admin') => request.agent(app).set('authorization', `Bearer ${keys[role]}`);
  return {
    app,
    services,
    dir,
    importsIdle: () => importRunner.idle(),
    signer,
    signCheckpoint: () => signPending(services.referralContext, signer),
    keys,
    as,
    readiness,
    async call(method, url, body, role = 'admin') {
      const pending = method === 'get' || method === 'delete' ? as(role)[method](url) : as(role)[method](url).send(body as object);
      const res = await pending;
      expectConformsToSpec(res, method, url);
      return res;
    },
    close() {
      services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
