import { expect } from 'chai';
import { UnknownSpecialtyError } from '../../src/domain/errors.js';
import { SPECIALTIES } from '../../src/domain/specialties/catalogue.js';
import { findSpecialty } from '../../src/domain/specialties/find-specialty.js';

describe('findSpecialty', () => {
  const cases: [string, string][] = [
    ['dentiste', 'chirurgie-dentaire'],
    ['Kiné', 'kinesitherapie'],
    ['ophtalmo', 'ophtalmologie'],
    ['OPHTALMOLOGIE', 'ophtalmologie'],
    ['Médecine générale', 'medecine-generale'],
    ['sage femme', 'sage-femme'],
    ['pédiatre', 'pediatrie'],
  ];
  for (const [typed, code] of cases) {
    it(`when an advisor types "${typed}", then it resolves to ${code}`, () => {
      expect(findSpecialty(typed).code).to.equal(code);
    });
  }

  it('when the term is unknown but close, then the error suggests the closest codes', () => {
    try {
      findSpecialty('dermatolgie');
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(UnknownSpecialtyError);
      expect((error as UnknownSpecialtyError).extensions.suggestions).to.include('dermatologie');
      expect((error as UnknownSpecialtyError).detail).to.match(/Did you mean: dermatologie/);
    }
  });

  it('when read, then the catalogue has at least 15 specialties with unique codes', () => {
    expect(SPECIALTIES.length).to.be.at.least(15);
    expect(new Set(SPECIALTIES.map((s) => s.code)).size).to.equal(SPECIALTIES.length);
  });
});
