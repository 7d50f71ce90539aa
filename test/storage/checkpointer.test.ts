import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startCheckpointer } from '../../src/storage/checkpointer.js';
import { openDatabase, type Db } from '../../src/storage/database.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('checkpointer', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'checkpointer-test-'));
    db = openDatabase(join(dir, 'wal.sqlite'));
    db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when writes never stop, then the log is started over instead of growing without bound', async () => {
    const errors: string[] = [];
    const checkpointer = startCheckpointer(db, 10, (message) => errors.push(message), 64);
    const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
    const payload = 'x'.repeat(3000);
    // Like a server under load: a small transaction every turn of the event loop, never a pause
    // long enough for a PASSIVE checkpoint to catch up. Each row fills about one 4 KiB page.
    // It lasts long enough for the worker to start and run a few dozen checkpoints.
    let turns = 0;
    for (const started = Date.now(); Date.now() - started < 1500; turns++) {
      db.transaction(() => {
        insert.run(payload);
        insert.run(payload);
      })();
      await nextTurn();
    }
    await checkpointer.stop();

    const walBytes = statSync(join(dir, 'wal.sqlite-wal')).size;
    expect(errors).to.deep.equal([]);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).to.equal(2 * turns);
    expect(turns).to.be.above(1000);
    expect(walBytes).to.be.below(1000 * 4120);
  });
});
