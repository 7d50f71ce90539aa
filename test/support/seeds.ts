import { createHash } from 'node:crypto';

/** The i-th fixed test seed: 128 bits from SHA-256 of a label, so tests replay exactly. */
export function testSeed(i: number, label = 'test'): string {
  return createHash('sha256').update(`${label}:${i}`).digest('hex').slice(0, 32);
}
