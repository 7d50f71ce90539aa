import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every module a file imports, resolved to a path under src/ for relative imports. */
function importsOf(file: string): string[] {
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1] as string);
  return specifiers.map((specifier) => (specifier.startsWith('.') ? relative(SRC, join(file, '..', specifier)) : specifier));
}

/** The dependency rule of STYLE.md and docs/architecture.md, checked on the sources. */
describe('architecture', () => {
  const PURE_DOMAIN_PACKAGES = ['pure-rand/', 'geolib', 'kdbush', 'node:crypto'];

  it('when the domain imports, then only the domain, pure-rand, geolib, kdbush and node:crypto (no I/O, no HTTP, no SQL)', () => {
    for (const file of sourceFiles(join(SRC, 'domain'))) {
      for (const imported of importsOf(file)) {
        const allowed = imported.startsWith('domain/') || PURE_DOMAIN_PACKAGES.some((name) => imported.startsWith(name));
        expect(allowed, `${relative(SRC, file)} imports ${imported}`).to.equal(true);
      }
    }
  });

  it('when use cases import, then never HTTP or Express', () => {
    for (const file of sourceFiles(join(SRC, 'use-cases'))) {
      for (const imported of importsOf(file)) {
        expect(imported.startsWith('http/') || imported === 'express', `${relative(SRC, file)} imports ${imported}`).to.equal(false);
      }
    }
  });

  it('when storage imports, then never HTTP, Express or the use cases', () => {
    for (const file of sourceFiles(join(SRC, 'storage'))) {
      for (const imported of importsOf(file)) {
        const forbidden = imported.startsWith('http/') || imported.startsWith('use-cases/') || imported === 'express';
        expect(forbidden, `${relative(SRC, file)} imports ${imported}`).to.equal(false);
      }
    }
  });

  it('when HTTP routes import, then never storage or better-sqlite3: they go through the use cases', () => {
    for (const file of sourceFiles(join(SRC, 'http'))) {
      for (const imported of importsOf(file)) {
        const forbidden = imported.startsWith('storage/') || imported === 'better-sqlite3';
        expect(forbidden, `${relative(SRC, file)} imports ${imported}`).to.equal(false);
      }
    }
  });
});
