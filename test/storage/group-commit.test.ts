import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { createGroupCommit } from '../../src/storage/group-commit.js';

type Settled<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown };

/** Attaches handlers at once (no unhandled rejection) and tells how a promise ended. */
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

/** A schedule that keeps the flushes instead of running them, so the test decides when a batch commits. */
function manualSchedule(): { schedule: (flush: () => void) => void; flushes: (() => void)[] } {
  const flushes: (() => void)[] = [];
  return { schedule: (flush) => flushes.push(flush), flushes };
}

describe('createGroupCommit', () => {
  let dir: string;
  let path: string;
  let db: Db;
  let observer: Db;

  const namesSeenBy = (connection: Db): string[] =>
    connection.prepare('SELECT name FROM items ORDER BY name').pluck().all() as string[];
  const insertItem = (name: string) => db.prepare('INSERT INTO items (name) VALUES (?)').run(name);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-test-'));
    path = join(dir, 'group-commit.sqlite');
    db = openDatabase(path);
    db.exec(`
      CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE parents (id INTEGER PRIMARY KEY);
      CREATE TABLE children (
        id INTEGER PRIMARY KEY,
        parent_id INTEGER NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED
      );
    `);
    // A second connection to the same file sees only what has been committed.
    observer = openDatabase(path);
  });

  afterEach(() => {
    observer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when several works run in the same turn, then they are committed together in one transaction and each promise resolves with its value', async () => {
    const { schedule, flushes } = manualSchedule();
    const group = createGroupCommit(db, schedule, 10);

    const pending = ['a', 'b', 'c'].map((name, index) =>
      settle(group.run(() => {
        insertItem(name);
        return { name, index };
      })),
    );
    const seenBeforeFlush = namesSeenBy(observer);
    const wasInTransaction = db.inTransaction;
    expect(flushes).to.have.length(1);
    flushes[0]?.();
    const results = await Promise.all(pending);

    expect(wasInTransaction).to.equal(true);
    expect(seenBeforeFlush).to.deep.equal([]);
    expect(namesSeenBy(observer)).to.deep.equal(['a', 'b', 'c']);
    expect(db.inTransaction).to.equal(false);
    expect(results).to.deep.equal([
      { status: 'fulfilled', value: { name: 'a', index: 0 } },
      { status: 'fulfilled', value: { name: 'b', index: 1 } },
      { status: 'fulfilled', value: { name: 'c', index: 2 } },
    ]);
  });

  it('when a batch reaches its largest size, then it is committed at once and its promises resolve, and the next works open a new batch', async () => {
    const { schedule, flushes } = manualSchedule();
    const group = createGroupCommit(db, schedule, 2);

    const pending = ['a', 'b', 'c', 'd', 'e'].map((name) => settle(group.run(() => insertItem(name))));
    const seenBeforeFlush = namesSeenBy(observer);
    const firstFour = await Promise.all(pending.slice(0, 4));
    const wasInTransaction = db.inTransaction;
    flushes.forEach((flush) => flush());
    await pending[4];

    expect(seenBeforeFlush).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(firstFour.map((result) => result.status)).to.deep.equal(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(wasInTransaction).to.equal(true);
    expect(flushes).to.have.length(3);
    expect(namesSeenBy(observer)).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
  });

  it('when a work throws, then it does not count towards the batch\'s size', async () => {
    const { schedule, flushes } = manualSchedule();
    const group = createGroupCommit(db, schedule, 2);

    const first = settle(group.run(() => insertItem('a')));
    const failing = settle(group.run(() => {
      insertItem('b');
      throw new Error('work b failed');
    }));
    const third = settle(group.run(() => insertItem('c')));
    const seen = namesSeenBy(observer);

    expect(seen).to.deep.equal(['a', 'c']);
    expect((await first).status).to.equal('fulfilled');
    expect((await failing).status).to.equal('rejected');
    expect((await third).status).to.equal('fulfilled');
    expect(flushes).to.have.length(1);
  });

  it('when a work runs another inside itself, then the batch is committed after the outer work, not under it', async () => {
    const { schedule } = manualSchedule();
    const group = createGroupCommit(db, schedule, 1);
    let inner: Promise<Settled<unknown>> | undefined;

    const outer = settle(group.run(() => {
      inner = settle(group.run(() => insertItem('inner')));
      insertItem('outer');
    }));

    expect((await outer).status).to.equal('fulfilled');
    expect((await inner)?.status).to.equal('fulfilled');
    expect(namesSeenBy(observer)).to.deep.equal(['inner', 'outer']);
    expect(db.inTransaction).to.equal(false);
  });

  it('when the largest batch is not a positive whole number, then no group commit is made', () => {
    for (const maxBatch of [0, -1, 1.5, Number.NaN]) {
      expect(() => createGroupCommit(db, setImmediate, maxBatch), String(maxBatch)).to.throw(RangeError, /maxBatch/);
    }
  });

  it('when the batch is not flushed yet, then its promises stay pending', async () => {
    const { schedule, flushes } = manualSchedule();
    const group = createGroupCommit(db, schedule, 10);
    let resolved = false;

    void group.run(() => insertItem('a')).then(() => (resolved = true));
    await new Promise((resolve) => setImmediate(resolve));
    const resolvedBeforeFlush = resolved;
    flushes[0]?.();
    await new Promise((resolve) => setImmediate(resolve));

    expect(resolvedBeforeFlush).to.equal(false);
    expect(resolved).to.equal(true);
  });

  it('when one work throws, then only its own writes are undone, the others of the batch are committed and its promise rejects with the error', async () => {
    const { schedule, flushes } = manualSchedule();
    const group = createGroupCommit(db, schedule, 10);
    const failure = new Error('work b failed');

    const first = settle(group.run(() => (insertItem('a'), 'a')));
    const failing = settle(group.run(() => {
      insertItem('b1');
      insertItem('b2');
      throw failure;
    }));
    const last = settle(group.run(() => (insertItem('c'), 'c')));
    expect(flushes).to.have.length(1);
    flushes[0]?.();

    expect(await first).to.deep.equal({ status: 'fulfilled', value: 'a' });
    expect(await last).to.deep.equal({ status: 'fulfilled', value: 'c' });
    const failed = await failing;
    expect(failed.status).to.equal('rejected');
    expect(failed.status === 'rejected' && failed.reason).to.equal(failure);
    expect(namesSeenBy(observer)).to.deep.equal(['a', 'c']);
  });

  it('when the commit itself fails (a deferred foreign key), then every promise of the batch rejects, nothing of the batch is stored, and the next batch works', async () => {
    const { schedule, flushes } = manualSchedule();
    const group = createGroupCommit(db, schedule, 10);
    const first = settle(group.run(() => (insertItem('a'), 'a')));
    // Deferred: the statement succeeds and the violation is found only at COMMIT.
    const orphan = settle(group.run(() => db.prepare('INSERT INTO children (parent_id) VALUES (42)').run().changes));
    const last = settle(group.run(() => (insertItem('c'), 'c')));

    flushes[0]?.();
    const results = await Promise.all([first, orphan, last]);

    expect(results.map((result) => result.status)).to.deep.equal(['rejected', 'rejected', 'rejected']);
    for (const result of results) {
      expect(result.status === 'rejected' && (result.reason as { code?: string }).code).to.equal('SQLITE_CONSTRAINT_FOREIGNKEY');
    }
    expect(db.inTransaction).to.equal(false);
    expect(namesSeenBy(observer)).to.deep.equal([]);
    expect(observer.prepare('SELECT COUNT(*) FROM children').pluck().get()).to.equal(0);

    const next = settle(group.run(() => (insertItem('d'), 'd')));
    expect(flushes).to.have.length(2);
    flushes[1]?.();

    expect(await next).to.deep.equal({ status: 'fulfilled', value: 'd' });
    expect(namesSeenBy(observer)).to.deep.equal(['d']);
  });

  it('when a work\'s error rolls back the whole transaction (as SQLITE_FULL or IOERR may), then its promise rejects with that error and a work is stored only if its promise resolves', async () => {
    db.exec('CREATE UNIQUE INDEX items_by_name ON items (name)');
    const { schedule, flushes } = manualSchedule();
    const group = createGroupCommit(db, schedule, 10);
    const first = settle(group.run(() => (insertItem('a'), 'a')));
    let thrownSynchronously: unknown;
    let rolledBack: Promise<Settled<unknown>> | undefined;
    try {
      // OR ROLLBACK ends the whole transaction, savepoints included, as some I/O errors do.
      rolledBack = settle(group.run(() => db.prepare("INSERT OR ROLLBACK INTO items (name) VALUES ('a')").run()));
    } catch (error) {
      thrownSynchronously = error;
    }
    const later = settle(group.run(() => (insertItem('c'), 'c')));
    for (const flush of flushes) flush();
    const results = { a: await first, c: await later };

    const stored = namesSeenBy(observer);
    for (const [name, result] of Object.entries(results)) {
      expect(stored.includes(name), `${name} stored iff its promise resolved (${result.status})`).to.equal(result.status === 'fulfilled');
    }
    expect(results.a.status, 'the rolled-back work a').to.equal('rejected');
    expect(thrownSynchronously, 'run() must reject, not throw').to.equal(undefined);
    const failed = await rolledBack;
    expect(failed?.status === 'rejected' && (failed.reason as { code?: string }).code).to.equal('SQLITE_CONSTRAINT_UNIQUE');
    expect(db.inTransaction).to.equal(false);
  });

  it('when runs happen in successive turns with the default setImmediate schedule, then each turn commits and every promise resolves', async () => {
    const group = createGroupCommit(db);
    const seenAfterEachTurn: string[][] = [];

    for (const turn of [['a', 'b'], ['c'], ['d', 'e']]) {
      const values = await Promise.all(turn.map((name) => group.run(() => (insertItem(name), name))));
      expect(values).to.deep.equal(turn);
      expect(db.inTransaction).to.equal(false);
      seenAfterEachTurn.push(namesSeenBy(observer));
    }

    expect(seenAfterEachTurn).to.deep.equal([['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c', 'd', 'e']]);
  });
});
