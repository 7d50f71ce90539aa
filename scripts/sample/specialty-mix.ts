import { SPECIALTIES } from '../../src/domain/specialties/catalogue.js';

/**
 * Rough relative headcounts of practitioners in the French directory (thousands, rounded
 * from DREES demography tables): many nurses, psychologists, physiotherapists, GPs,
 * opticians and dentists; few orthoptists or ENT surgeons. Synthetic data: only the shape matters.
 */
const HEADCOUNT: Readonly<Record<string, number>> = {
  'soins-infirmiers': 130, 'psychologie': 75, 'kinesitherapie': 75, 'medecine-generale': 65, 'optique': 40,
  'chirurgie-dentaire': 38, 'orthophonie': 27, 'podologie': 14, 'psychiatrie': 15, 'sage-femme': 9,
  'pediatrie': 9, 'gynecologie': 8, 'cardiologie': 8, 'ophtalmologie': 6, 'orthoptie': 5, 'audioprothese': 4,
  'dermatologie': 4, 'orthodontie': 3, 'orl': 3, 'pneumologie': 3, 'rhumatologie': 2.5,
};

/** Every specialty gets at least this share, so that small ones still have pools to draw from. */
const FLOOR_SHARE = 0.012;

/**
 * Cumulative weights, in units of 1/100,000, in catalogue order: specialty i is drawn when a
 * uniform integer in [0, total) falls below `cumulative[i]`. Shares are floored at 1.2 %
 * then renormalised. Throws if the catalogue has a specialty without a headcount.
 */
export function toSpecialtyMix(): { readonly cumulative: readonly number[]; readonly total: number } {
  const raw = SPECIALTIES.map((s) => {
    const headcount = HEADCOUNT[s.code];
    if (headcount === undefined) throw new Error(`No sample headcount for specialty ${s.code}`);
    return headcount;
  });
  const sum = raw.reduce((a, b) => a + b, 0);
  const floored = raw.map((h) => Math.max(h / sum, FLOOR_SHARE));
  const flooredSum = floored.reduce((a, b) => a + b, 0);
  let running = 0;
  const cumulative = floored.map((share) => (running += Math.max(1, Math.round((share / flooredSum) * 100_000))));
  return { cumulative, total: running };
}
