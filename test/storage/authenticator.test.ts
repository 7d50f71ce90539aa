import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { migrate } from '../../src/storage/migrate.js';
import { createApiKeyRepository, type ApiKeyRepository } from '../../src/storage/api-key-repository.js';
import { createApiKey, createAuthenticator } from '../../src/use-cases/api-keys.js';

describe('createAuthenticator (keys believed for a second)', () => {
  let dir: string;
  let db: Db;
  let keys: ApiKeyRepository;
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authenticator-'));
    db = openDatabase(join(dir, 'keys.sqlite'));
    migrate(db);
    keys = createApiKeyRepository(db);
    now = Date.parse('2026-11-23T10:00:00Z');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a key is revoked (by another connection, as the CLI does), then it is refused once the recheck delay has passed, not before', () => {
    const { key } = createApiKey(keys, 'desk-1', 'agent', new Date(now));
    const authenticate = createAuthenticator(keys, clock, 1000);
    expect(authenticate(key)).to.deep.equal({ name: 'desk-1', role: 'agent' });

    const cli = openDatabase(join(dir, 'keys.sqlite'));
    createApiKeyRepository(cli).revoke('desk-1', new Date(now));
    cli.close();

    now += 999;
    expect(authenticate(key), 'still believed within the delay').to.deep.equal({ name: 'desk-1', role: 'agent' });
    now += 1;
    expect(authenticate(key), 'refused once rechecked').to.equal(undefined);
    now += 5000;
    expect(authenticate(key)).to.equal(undefined);
  });

  it('when a key is unknown or malformed, then it is refused, and a key created afterwards is accepted at once', () => {
    const authenticate = createAuthenticator(keys, clock, 1000);
    expect(authenticate('not-a-key')).to.equal(undefined);
    expect(authenticate('rsk_unknown')).to.equal(undefined);
    const { key } = createApiKey(keys, 'desk-2', 'auditor', new Date(now));
    expect(authenticate(key)).to.deep.equal({ name: 'desk-2', role: 'auditor' });
  });
});
