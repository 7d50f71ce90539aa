import { expect } from 'chai';
import type { Person, Referral } from '../../web/desk/api.js';
import { personName, warnings } from '../../web/desk/wording.js';

const person = (civility: string | null): Person => ({ civility, firstName: 'Claire', lastName: 'NOM' }) as unknown as Person;
const referral = (overrides: Partial<Referral>): Referral => ({
  id: 'r', specialty: { code: 'kinesitherapie', label: 'Masso-kinésithérapie' }, location: { lat: 45, lon: 4 },
  radiusKm: 50, radiusSource: 'ladder', count: 5, practitioners: [person('MME'), person('M')], warnings: [], audit: { sequence: 1, hash: 'ab' },
  ...overrides,
});

describe('the desk\'s words', () => {
  it('when a civility comes as the registry writes it, then it is written as French writes it before a name', () => {
    expect([person('MME'), person('M'), person('DR'), person(null)].map(personName)).to.deep.equal(['Mme Claire NOM', 'M. Claire NOM', 'Dr Claire NOM', 'Claire NOM']);
  });

  it('when a "five more" finds fewer than asked, then it says the others were already proposed and that asking again looks further, not that only these exist', () => {
    expect(warnings(referral({ parentId: 'p' }))).to.deep.equal([
      'Plus que 2 professionnels non encore proposés dans un rayon de 50 km : les autres l\'ont déjà été pendant cet appel. Demandés à nouveau, « Cinq autres » cherchera plus loin.',
    ]);
    expect(warnings(referral({}))).to.deep.equal(['Seulement 2 professionnels dans un rayon de 50 km, moins que les 5 demandés.']);
  });
});
