import type { ReferralAppender } from '../compose.js';
import { DomainError } from '../domain/errors.js';
import type { AnsweredReferral } from '../use-cases/make-referral.js';
import { startThread } from '../threads/start-thread.js';
import type { FromWriter, WriterOptions } from './protocol.js';

export interface LogWriter extends ReferralAppender {
  /** Waits for the referrals in flight, then ends the thread and its connection. */
  close(): Promise<void>;
}

export interface LogWriterEvents {
  /** A failed checkpoint: referrals go on. */
  readonly onError?: (message: string) => void;
  /** A checkpoint of the log was signed (or the latest one still holds). */
  readonly onSigned?: (checkpoint: { treeSize: number; note: string }) => void;
  /** Signing a checkpoint failed: referrals go on, the next attempt comes at the next interval. */
  readonly onSigningError?: (message: string) => void;
  /** The thread stopped on its own: every referral will fail from now on. */
  readonly onDeath?: (error: Error) => void;
}

/**
 * Starts the log writer thread (worker.ts) and resolves once its ledger is loaded. Each append
 * resolves with the answer once its batch is committed, or rejects with the writer's error.
 */
export async function startLogWriter(options: WriterOptions, events: LogWriterEvents = {}): Promise<LogWriter> {
  const worker = startThread('log-writer/worker', options);
  const waiting = new Map<number, { resolve: (answer: AnsweredReferral) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let drained: (() => void) | null = null;
  // Once the thread is gone, nothing it was asked will ever be answered: fail fast instead of hanging.
  let dead: Error | null = null;
  let closing = false;
  const die = (error: Error) => {
    if (dead) return;
    dead = error;
    if (!closing) events.onDeath?.(error);
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
    drained?.();
  };

  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the log writer thread stopped before it was ready (exit code ${code})`)));
  });
  worker.on('message', (message: FromWriter) => {
    if (message.kind === 'checkpoint-failed') return events.onError?.(message.message);
    if (message.kind === 'ready') return;
    if (message.kind === 'signed') return events.onSigned?.(message);
    if (message.kind === 'signing-failed') return events.onSigningError?.(message.message);
    const waiter = waiting.get(message.id);
    if (!waiter) return;
    waiting.delete(message.id);
    if (message.kind === 'appended') waiter.resolve(message.answer);
    else if (message.refused) waiter.reject(new DomainError(message.refused.code, message.refused.detail, message.refused.extensions));
    else waiter.reject(new Error(`the log writer could not log the referral: ${message.message}`));
    if (waiting.size === 0) drained?.();
  });
  worker.on('error', (error) => die(error));
  worker.on('exit', (code) => die(new Error(`the log writer thread stopped (exit code ${code})`)));

  return {
    append(pending) {
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      return new Promise<AnsweredReferral>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ kind: 'append', id, pending });
      });
    },
    directoryChanged() {
      worker.postMessage({ kind: 'directory-changed' });
    },
    async close() {
      if (dead) return;
      if (waiting.size > 0) await new Promise<void>((resolve) => (drained = resolve));
      closing = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ kind: 'close' });
      await exited;
    },
  };
}
