import { readFileSync } from 'node:fs';
import { createGazetteer, type Gazetteer } from '../domain/geo/gazetteer.js';
import type { GazetteerSnapshot } from '../domain/geo/gazetteer-snapshot.js';

/**
 * The checked-in gazetteer, built by `scripts/build-gazetteer.ts`. Resolved from this module
 * rather than the working directory: src/storage and dist/storage both sit two levels below
 * the repository root, so the same relative URL serves `tsx` and the compiled build.
 */
export const DEFAULT_GAZETTEER_PATH: URL = new URL('../../data/gazetteer.json', import.meta.url);

/** The official commune file the gazetteer is built from (see data/sources/README.md). */
export const OFFICIAL_COMMUNES_PATH: URL = new URL('../../data/sources/communes-2024.csv', import.meta.url);

/**
 * Reads and indexes a gazetteer snapshot. Synchronous: it runs once at start-up, before the
 * server listens. The file is trusted (it is generated and checked in), so only its top-level
 * shape is checked.
 * @throws Error when the file is missing, is not JSON, or lacks its version or its `communes`, `departments` or `postcodes`
 */
export function loadGazetteer(path: string | URL): Gazetteer {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isSnapshot(parsed)) throw new Error(`${String(path)} is not a gazetteer snapshot (no version, or no communes, departments or postcodes array)`);
  return createGazetteer(parsed);
}

function isSnapshot(value: unknown): value is GazetteerSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['version'] === 'string' && Array.isArray(record['communes']) && Array.isArray(record['departments']) && Array.isArray(record['postcodes']);
}
