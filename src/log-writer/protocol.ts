import type { AnsweredReferral, PendingReferral } from '../use-cases/make-referral.js';
import type { LogServiceOptions } from '../compose.js';

/** What the main thread tells the log writer. */
export type ToWriter =
  | { readonly kind: 'append'; readonly id: number; readonly pending: PendingReferral }
  | { readonly kind: 'directory-changed' }
  | { readonly kind: 'close' };

/** What the log writer tells the main thread: once ready, once per append, and about its troubles. */
export type FromWriter =
  | { readonly kind: 'ready' }
  | { readonly kind: 'appended'; readonly id: number; readonly answer: AnsweredReferral }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string; readonly refused?: RefusedByWriter }
  | { readonly kind: 'checkpoint-failed'; readonly message: string }
  | { readonly kind: 'signed'; readonly treeSize: number; readonly note: string }
  | { readonly kind: 'signing-failed'; readonly message: string };

/** A DomainError the writer threw (an Idempotency-Key reused, seen under the write lock), to throw again in the main thread. */
export interface RefusedByWriter {
  readonly code: string;
  readonly detail: string;
  readonly extensions: Readonly<Record<string, unknown>>;
}

/** How the writer opens its connection: the options that survive a structured clone. */
export type WriterOptions = Omit<LogServiceOptions, 'clock' | 'drawSecret'> & {
  /** A fixed period secret as hex, for tests; a fresh random one per period otherwise. */
  readonly fixedSecretHex?: string;
  /** How often the WAL is checkpointed from a thread of its own (checkpointer.ts); 0 for SQLite's automatic checkpoints. */
  readonly checkpointIntervalMs?: number;
  /** The log's checkpoint signing (use-cases/checkpoint-signer.ts): the key file, the origin, how often. */
  readonly signing?: { readonly keyPath: string; readonly origin: string; readonly everyMs: number };
};
