import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import { openServices, type Services } from '../../src/compose.js';
import type { PeriodLength } from '../../src/domain/audit/seed.js';
import type { Gazetteer } from '../../src/domain/geo/gazetteer.js';
import { createApp } from '../../src/http/app.js';
import { createImportRunner } from '../../src/import/import-runner.js';
import { currentImportOwner } from '../../src/import/import-owner.js';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from '../../src/storage/gazetteer-file.js';
import type { NewPractitioner } from '../../src/storage/practitioner-repository.js';
import { expectConformsToSpec } from './contract.js';

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
  /** Sends a request and checks the response against openapi.yaml before returning it. */
  call(method: 'get' | 'post', url: string, body?: unknown): Promise<Response>;
  /** Resolves once every import started through the API has ended. */
  importsIdle(): Promise<void>;
  close(): void;
}

/**
 * A real service on a fresh SQLite file in a temporary directory, with a fixed clock and a fixed
 * period secret, holding exactly the practitioners given.
 */
export function givenService(practitioners: readonly NewPractitioner[] = [], options: { clock?: () => Date; drawSecret?: () => Buffer; seedPeriod?: PeriodLength } = {}): TestService {
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
  const importRunner = createImportRunner({
    imports: services.importer.imports, databasePath, gazetteerPath: fileURLToPath(DEFAULT_GAZETTEER_PATH), owner: currentImportOwner(),
    clock: options.clock ?? fixedClock(),
    onFinished: (run) => {
      if (run.status === 'succeeded') services.reindex();
    },
    onError: (error) => console.error('import thread error:', error),
  });
  const app = createApp({
    referralContext: services.referralContext,
    openApiPath: fileURLToPath(new URL('../../openapi.yaml', import.meta.url)),
    logError: (error, where) => console.error(`unexpected error in ${where}:`, error),
    imports: {
      runner: importRunner,
      imports: services.importer.imports,
      maxDeactivationShare: 0.05,
    },
  });
  return {
    app,
    services,
    dir,
    importsIdle: () => importRunner.idle(),
    async call(method, url, body) {
      const pending = method === 'get' ? request(app).get(url) : request(app).post(url).send(body as object);
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
