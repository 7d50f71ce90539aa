import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { vectors } from '../../scripts/audit-vectors.js';

describe('known-answer vectors of the draw (docs/vectors/draw.json)', () => {
  it('when the draw is recomputed for every published case, then every intermediate equals the published one', () => {
    const published = JSON.parse(readFileSync(new URL('../../docs/vectors/draw.json', import.meta.url), 'utf8')) as unknown;
    expect(JSON.parse(JSON.stringify(vectors()))).to.deep.equal(published);
  });

  it('when the seed has words with their top bit set, then they are passed as signed 32-bit integers', () => {
    const signed = vectors().cases.find((c) => c.seed === 'ffffffff80000000deadbeefcafebabe');
    expect(signed?.seedWords).to.deep.equal([-1, -2147483648, -559038737, -889275714]);
  });
});
