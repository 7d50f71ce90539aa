import { parentPort, workerData } from 'node:worker_threads';
import { openLogServices } from '../compose.js';
import { startCheckpointer } from '../storage/checkpointer.js';
import { DomainError } from '../domain/errors.js';
import { appendInTransaction } from '../use-cases/make-referral.js';
import { readSigningKey } from '../storage/signing-key-file.js';
import { startCheckpointSigner } from '../use-cases/checkpoint-signer.js';
import { createLogSigner } from '../use-cases/transparency-log.js';
import type { FromWriter, ToWriter, WriterOptions } from './protocol.js';

/**
 * The log writer thread: draws and logs the referrals the main thread prepared, on its own
 * connection, so that SQLite's COMMIT (an fsync under FULL) blocks this thread's event loop and
 * not the one serving HTTP. Referrals arriving in the same turn share a commit, up to
 * MAX_BATCH of them (group-commit.ts), and each answer is serialized here, ready when its commit is.
 *
 * It also owns the WAL's checkpoints: it writes nearly every frame, so it is the connection
 * that can start the log over between two of its own batches (see checkpointer.ts) without
 * waiting on anyone's write lock.
 */
const { options } = workerData as { options: WriterOptions };
const { fixedSecretHex, checkpointIntervalMs = 0, signing, ...serviceOptions } = options;
const port = parentPort;
if (!port) throw new Error('log-writer/worker.ts runs as a worker thread');
const report = (message: FromWriter) => port.postMessage(message);

const services = openLogServices({
  ...serviceOptions,
  ...(fixedSecretHex !== undefined && { drawSecret: () => Buffer.from(fixedSecretHex, 'hex') }),
});
services.logContext.ledger.load();
const checkpointer = checkpointIntervalMs > 0
  ? startCheckpointer(services.db, checkpointIntervalMs, (message) => report({ kind: 'checkpoint-failed', message }))
  : null;
// The log's checkpoints are signed here, where the log is written: the tree grows in batches
// between referral batches, on this thread's event loop and never on the one serving HTTP.
const signer = signing
  ? startCheckpointSigner(services.logContext, createLogSigner(signing.origin, readSigningKey(signing.keyPath)), signing.everyMs,
    (checkpoint) => report({ kind: 'signed', treeSize: checkpoint.treeSize, note: checkpoint.note }),
    (error) => report({ kind: 'signing-failed', message: messageOf(error) }))
  : null;

port.on('message', (message: ToWriter) => {
  if (message.kind === 'directory-changed') {
    services.directoryChanged();
    return;
  }
  if (message.kind === 'close') {
    // Appends are answered only after their commit, so by now nothing is left in flight.
    void Promise.all([checkpointer?.stop(), signer?.stop()]).then(() => {
      services.close();
      port.close();
    });
    return;
  }
  appendInTransaction(services.logContext, message.pending).then(
    (answer) => report({ kind: 'appended', id: message.id, answer }),
    (error: unknown) => report({
      kind: 'failed', id: message.id, message: messageOf(error),
      ...(error instanceof DomainError && { refused: { code: error.code, detail: error.detail, extensions: { ...error.extensions } } }),
    }),
  );
});
report({ kind: 'ready' });

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
