import { expect } from 'chai';
import { aPractitioner } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

describe('practitioner repository: names for the fairness report', () => {
  let service: TestService;
  const active = aPractitioner({ lastName: 'Arnaud', firstName: 'Léa' });
  const leaving = aPractitioner({ lastName: 'Blanc', firstName: 'Marc' });
  beforeEach(() => {
    service = givenService([active, leaving]);
  });
  afterEach(() => service.close());

  it('when asked for known, inactive and unknown national ids, then every one the directory holds is named "LAST First", whatever their status', () => {
    const { practitioners } = service.services.referralContext;
    practitioners.setStatus([leaving.nationalId], 'inactive', new Date('2026-11-23T00:00:00Z'));

    const names = practitioners.namesOf([active.nationalId, leaving.nationalId, '899999999999']);

    expect([...names]).to.deep.equal([[active.nationalId, 'ARNAUD Léa'], [leaving.nationalId, 'BLANC Marc']]);
  });

  it('when asked for none, then none', () => {
    expect(service.services.referralContext.practitioners.namesOf([]).size).to.equal(0);
  });
});
