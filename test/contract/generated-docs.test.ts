import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { readSources, regionsOf, renderDocument } from '../../scripts/docs/figures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCUMENTS = ['README.md', ...readdirSync(`${ROOT}docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

describe('generated figures in the documents', () => {
  const sources = readSources();

  it('when the documents are rendered from the committed JSON, then they are unchanged (npm run docs:render)', () => {
    for (const document of DOCUMENTS) {
      const text = readFileSync(`${ROOT}${document}`, 'utf8');
      expect(renderDocument(text, sources), `${document} differs from what npm run docs:render writes`).to.equal(text);
    }
  });

  it('when every source is rendered, then each appears in some document', () => {
    const rendered = new Set(DOCUMENTS.flatMap((document) => regionsOf(readFileSync(`${ROOT}${document}`, 'utf8'))));
    for (const region of ['configuration', 'bench-referrals', 'bench-writer', 'bench-soak', 'bench-imports', 'bench-places', 'bench-status', 'bench-transparency', 'simulation', 'gazetteer-coverage']) {
      expect(rendered.has(region), `no document renders ${region}`).to.equal(true);
    }
  });

  it('when a measured figure changes in its JSON, then the rendered document changes with it', () => {
    const performance = readFileSync(`${ROOT}docs/performance.md`, 'utf8');
    const soak = structuredClone(sources.soak) as { latencyMs: { p99: number } };
    soak.latencyMs.p99 += 1;
    expect(renderDocument(performance, { ...sources, soak })).to.not.equal(performance);
  });

  it('when a figure is edited by hand inside a region, then rendering puts it back', () => {
    const edited = '<!-- generated:bench-places -->\np99 0.001 ms\n<!-- /generated -->\n';
    expect(renderDocument(edited, sources)).to.not.include('0.001 ms');
  });
});
