import { existsSync } from 'node:fs';
import { readSigningKey } from '../storage/signing-key-file.js';
import { createLogSigner } from '../use-cases/transparency-log.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/**
 * `audit key`: prints the log's verifier key (Go's note format) from the signing key file, for
 * the operator to hand to auditors out of band. The private key is never printed.
 */
export function auditKey(options: { keyPath: string; origin: string }, out: (line: string) => void): ExitCode {
  if (!existsSync(options.keyPath)) throw new Error(`No signing key at ${options.keyPath}: the service creates it at its first start.`);
  out(createLogSigner(options.origin, readSigningKey(options.keyPath)).verifierKey);
  return EXIT.ok;
}
