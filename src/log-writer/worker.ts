import { parentPort, workerData } from 'node:worker_threads';
import { openLogServices } from '../compose.js';
import { appendInTransaction } from '../use-cases/make-referral.js';
import type { FromWriter, ToWriter, WriterOptions } from './protocol.js';

/**
 * The log writer thread: draws and logs the referrals the main thread prepared, on its own
 * connection, so that SQLite's COMMIT (an fsync under FULL) blocks this thread's event loop and
 * not the one serving HTTP. Referrals arriving in the same turn still share one commit.
 */
const { options } = workerData as { options: WriterOptions };
const { fixedSecretHex, ...serviceOptions } = options;
const services = openLogServices({
  ...serviceOptions,
  ...(fixedSecretHex !== undefined && { drawSecret: () => Buffer.from(fixedSecretHex, 'hex') }),
});
services.logContext.ledger.load();
const port = parentPort;
if (!port) throw new Error('log-writer/worker.ts runs as a worker thread');

port.on('message', (message: ToWriter) => {
  if (message.kind === 'directory-changed') {
    services.directoryChanged();
    return;
  }
  if (message.kind === 'close') {
    // Appends are answered only after their commit, so by now nothing is left in flight.
    services.close();
    port.close();
    return;
  }
  appendInTransaction(services.logContext, message.pending).then(
    (referral) => port.postMessage({ kind: 'appended', id: message.id, referral } satisfies FromWriter),
    (error: unknown) => port.postMessage({ kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) } satisfies FromWriter),
  );
});
port.postMessage({ kind: 'ready' });
