import type { NewPractitioner, NewSite } from '../../src/storage/practitioner-repository.js';

let sequence = 0;

/** A distinct RPPS national identifier (`8` + 11 digits) per call. */
export function aNationalId(): string {
  sequence++;
  return `8${String(10000000000 + sequence)}`;
}

export function aSite(overrides: Partial<NewSite> = {}): NewSite {
  sequence++;
  return {
    structureId: `R${String(10000000 + sequence)}`,
    address: `${sequence} rue de la Paix`,
    postcode: '75002',
    communeCode: '75102',
    city: 'PARIS',
    phone: '01 42 00 00 00',
    lat: 48.8686,
    lon: 2.3314,
    precision: 'address',
    ...overrides,
  };
}

/** A practitioner with one site at `at` (default: Paris 2e) unless `sites` is given. */
export function aPractitioner(overrides: Partial<NewPractitioner> & { at?: { lat: number; lon: number } } = {}): NewPractitioner {
  const { at, ...rest } = overrides;
  return {
    nationalId: aNationalId(),
    civility: 'MME',
    lastName: 'MARTIN',
    firstName: 'Claire',
    professionCode: '10',
    specialtyCode: 'ophtalmologie',
    sites: [aSite(at ?? {})],
    ...rest,
  };
}

/** `n` practitioners of a specialty scattered within about `spreadKm` of a point. */
export function practitionersAround(n: number, at: { lat: number; lon: number }, specialtyCode: string, spreadKm = 1): NewPractitioner[] {
  return Array.from({ length: n }, (_, i) => {
    const angle = (2 * Math.PI * i) / n;
    const distance = (spreadKm * ((i % 5) + 1)) / 5;
    return aPractitioner({
      specialtyCode,
      lastName: `NOM${String.fromCharCode(65 + (i % 26))}${i}`,
      at: { lat: at.lat + (distance / 111.32) * Math.sin(angle), lon: at.lon + (distance / 73) * Math.cos(angle) },
    });
  });
}
