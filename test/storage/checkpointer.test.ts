import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startCheckpointer } from '../../src/storage/checkpointer.js';
import { openDatabase, type Db } from '../../src/storage/database.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/** 1,000 frames: far below the 12,000 or so that 6,000 turns write, far above what a restart leaves. */
const BOUND = 1000 * 4120;

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
    // Enough turns for the worker to start and run many passes, whatever the machine's speed.
    const turns = 6000;
    for (let turn = 0; turn < turns; turn++) {
      db.transaction(() => {
        insert.run(payload);
        insert.run(payload);
      })();
      await nextTurn();
    }
    // Give the worker time to ask for the restart it owes, on a slow machine too (up to 5 s).
    const walBytes = () => statSync(join(dir, 'wal.sqlite-wal')).size;
    for (let wait = 0; wait < 250 && walBytes() >= BOUND; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    await checkpointer.stop();

    expect(errors).to.deep.equal([]);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).to.equal(2 * turns);
    expect(walBytes()).to.be.below(BOUND);
  });

  it('when a restart is still waiting for a transaction to end as the checkpointer stops, then it is dropped rather than run on a closed connection', async () => {
    const errors: string[] = [];
    const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
    for (let row = 0; row < 100; row++) insert.run('x'.repeat(3000));
    // A transaction left open: the restart the worker asks for waits for its end, a turn at a time.
    db.exec('BEGIN IMMEDIATE');
    insert.run('y');
    // The waiting restart puts itself back on the next turn (setImmediate) until the transaction ends: seen here.
    let restartWaiting = false;
    const realSetImmediate = globalThis.setImmediate;
    globalThis.setImmediate = ((callback: (...args: unknown[]) => void, ...args: unknown[]) => {
      if (callback.name === 'restartLog') restartWaiting = true;
      return realSetImmediate(callback, ...args);
    }) as typeof setImmediate;
    let checkpointer: ReturnType<typeof startCheckpointer>;
    try {
      checkpointer = startCheckpointer(db, 10, (message) => errors.push(message), 1);
      for (let wait = 0; wait < 250 && !restartWaiting; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      globalThis.setImmediate = realSetImmediate;
    }
    expect(restartWaiting, 'a restart was asked for and is waiting').to.equal(true);
    await checkpointer.stop();
    db.exec('COMMIT');
    db.close();
    // Were the waiting restart still to run, it would throw here, in a later turn, on the closed connection.
    for (let turn = 0; turn < 20; turn++) await nextTurn();

    expect(errors).to.deep.equal([]);
    db = openDatabase(join(dir, 'wal.sqlite'));
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).to.equal(101);
  });

  it('when a reader holds an old snapshot, then starting the log over gives up at once instead of holding the writer, and succeeds once the reader is done', async () => {
    const errors: string[] = [];
    const checkpointer = startCheckpointer(db, 10, (message) => errors.push(message), 64);
    const insert = db.prepare('INSERT INTO rows (payload) VALUES (?)');
    const writeTurns = async (turns: number) => {
      for (let turn = 0; turn < turns; turn++) {
        insert.run('x'.repeat(3000));
        await nextTurn();
      }
    };
    // A second connection in this same thread: were the restart to wait on it (the connection's
    // 5 s busy timeout), it would wait on a reader that cannot move, again at every attempt.
    const reader = openDatabase(join(dir, 'wal.sqlite'));
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM rows').pluck().get();
    await writeTurns(3000);
    reader.exec('COMMIT');
    reader.close();
    await writeTurns(3000);
    const walBytes = () => statSync(join(dir, 'wal.sqlite-wal')).size;
    for (let wait = 0; wait < 250 && walBytes() >= BOUND; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    await checkpointer.stop();

    expect(errors).to.deep.equal([]);
    expect(db.pragma('busy_timeout', { simple: true }), 'the busy timeout is back').to.equal(5000);
    expect(walBytes()).to.be.below(BOUND);
  }).timeout(20_000);
});
