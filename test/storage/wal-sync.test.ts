import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { createWalSync } from '../../src/storage/wal-sync.js';

describe('createWalSync', () => {
  let dir: string;
  let db: Db;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wal-sync-test-'));
    db = openDatabase(join(dir, 'db.sqlite'), 'NORMAL');
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY)');
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** An fsync the test ends by hand, recording which descriptors it was given. */
  function manualFsync() {
    const calls: { fd: number; done: (error: NodeJS.ErrnoException | null) => void }[] = [];
    return { fsync: (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void calls.push({ fd, done }), calls };
  }

  const turn = () => new Promise((resolve) => setImmediate(resolve));
  /** Waits until `count` fsyncs have been asked for (the log is opened on the thread pool first). */
  const fsyncsAsked = async (calls: readonly unknown[], count: number) => {
    while (calls.length < count) await new Promise((resolve) => setTimeout(resolve, 1));
  };

  it('when called, then it fsyncs the real log file and resolves', async () => {
    const walSync = createWalSync(join(dir, 'db.sqlite-wal'));
    await walSync.sync();
    await walSync.close();
  });

  it('when calls arrive while an fsync runs, then they share one more fsync, started after the running one ends', async () => {
    const { fsync, calls } = manualFsync();
    const walSync = createWalSync(join(dir, 'db.sqlite-wal'), fsync);
    const order: string[] = [];
    const first = walSync.sync().then(() => order.push('first'));
    await fsyncsAsked(calls, 1);
    const second = walSync.sync().then(() => order.push('second'));
    const third = walSync.sync().then(() => order.push('third'));
    await turn();
    expect(calls, 'the second and third wait for the first to end').to.have.length(1);

    calls[0]?.done(null);
    await first;
    await fsyncsAsked(calls, 2);
    await turn();
    expect(calls, 'one fsync for both').to.have.length(2);
    expect(order).to.deep.equal(['first']);
    calls[1]?.done(null);
    await Promise.all([second, third]);
    expect(order).to.deep.equal(['first', 'second', 'third']);
    await walSync.close();
  });

  it('when an fsync fails, then its callers reject and the next call tries again', async () => {
    const { fsync, calls } = manualFsync();
    const walSync = createWalSync(join(dir, 'db.sqlite-wal'), fsync);
    const failed = walSync.sync().then(() => null, (error: unknown) => error);
    await fsyncsAsked(calls, 1);
    calls[0]?.done(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    expect(((await failed) as Error).message).to.equal('EIO: i/o error, fsync');

    const retried = walSync.sync();
    await fsyncsAsked(calls, 2);
    calls[1]?.done(null);
    await retried;
    await walSync.close();
  });

  it('when the log does not exist, then the call rejects with the open error', async () => {
    const walSync = createWalSync(join(dir, 'missing.sqlite-wal'));
    const error = await walSync.sync().then(() => null, (reason: unknown) => reason as NodeJS.ErrnoException);
    expect(error?.code).to.equal('ENOENT');
    await walSync.close();
  });
});
