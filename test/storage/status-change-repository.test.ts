import { expect } from 'chai';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { aPractitioner } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

describe('the status change repository beside the log writer\'s connection', () => {
  let t: TestService;
  beforeEach(() => {
    t = givenService([aPractitioner()]);
  });
  afterEach(() => t.close());

  it('when another connection tries to commit between a status change\'s read and its write, then the status change commits and the other waits its turn', () => {
    // The log writer's connection, in the same process for the test; no waiting, so that a refusal shows at once.
    const writer = new Database(join(t.dir, 'referrals.sqlite'), { timeout: 0 });
    const writerCommits = writer.prepare('UPDATE directory_revision SET revision = revision + 100');
    let writerRefused = false;
    try {
      const step = t.services.statusChanges.together(() => {
        try {
          writerCommits.run();
        } catch (error) {
          writerRefused = (error as { code?: string }).code === 'SQLITE_BUSY';
        }
        t.services.statusChanges.apply(1, { to: 'suspended', reason: 'Complaint under review', until: null, by: 'test-admin', at: new Date('2026-11-23T10:00:00Z') });
      });
      expect(writerRefused).to.equal(true);
      expect(step.to).to.equal(step.from + 1);
      expect(t.services.referralContext.practitioners.findById(1)?.status).to.equal('suspended');
    } finally {
      writer.close();
    }
  });
});
