import { expect } from 'chai';
import { createSiteDescriptions } from '../../src/use-cases/site-descriptions.js';
import { aPractitioner } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

describe('site descriptions', () => {
  let service: TestService;
  beforeEach(() => {
    service = givenService([aPractitioner({ lastName: 'ARNAUD' }), aPractitioner({ lastName: 'BLANC' }), aPractitioner({ lastName: 'COLIN' })]);
  });
  afterEach(() => service.close());

  const siteIds = () => service.services.db.prepare('SELECT id FROM sites ORDER BY id').pluck().all() as number[];
  const rename = (name: string) => service.services.db.prepare('UPDATE practitioners SET last_name = ?').run(name);

  it('when a site was described before, then it is not read again until the directory changes', () => {
    const descriptions = createSiteDescriptions(service.services.referralContext.practitioners, 100);
    const [first] = siteIds();

    expect(descriptions.describe([first as number]).get(first as number)?.lastName).to.equal('ARNAUD');
    rename('CHANGED');
    expect(descriptions.describe([first as number]).get(first as number)?.lastName).to.equal('ARNAUD');
    descriptions.clear();
    expect(descriptions.describe([first as number]).get(first as number)?.lastName).to.equal('CHANGED');
  });

  it('when more sites are asked for than it may hold, then it starts afresh and still answers for all', () => {
    const descriptions = createSiteDescriptions(service.services.referralContext.practitioners, 2);
    const ids = siteIds();

    descriptions.describe(ids.slice(0, 2));
    rename('CHANGED');
    const all = descriptions.describe(ids);
    expect([...all.keys()]).to.have.members(ids);
    expect(all.get(ids[0] as number)?.lastName).to.equal('CHANGED');
  });

  it('when the service re-indexes the directory, then what referrals show is read afresh', async () => {
    const ctx = service.services.referralContext;
    const [first] = siteIds();
    ctx.siteDescriptions.describe([first as number]);
    rename('RENAMED');
    service.services.reindex();

    expect(ctx.siteDescriptions.describe([first as number]).get(first as number)?.lastName).to.equal('RENAMED');
  });
});
