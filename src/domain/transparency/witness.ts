import { parseCheckpoint, type Checkpoint } from './checkpoint.js';
import { verifyConsistency, type Hash } from './merkle-tree.js';
import { isSignedBy, parseNote } from './signed-note.js';
import type { VerifierKey } from './verifier-key.js';

/**
 * What a witness concludes from the checkpoint it kept and the one the log serves now (C2SP
 * tlog-checkpoint: "a log must never sign two checkpoints that are inconsistent"). Pure: the
 * caller fetched the note and, when the tree grew, the consistency proof.
 */
export type Advance =
  | { readonly ok: true; readonly kind: 'first' | 'unchanged' | 'grown' }
  | { readonly ok: false; readonly kind: 'bad-signature' | 'malformed' | 'other-log' | 'shrank' | 'fork' | 'bad-proof'; readonly detail: string };

/** `origin size root` on one line, to name a checkpoint in a report. */
export function describeCheckpoint(checkpoint: Checkpoint): string {
  return `${checkpoint.origin} size ${checkpoint.size} root ${checkpoint.root.toString('base64')}`;
}

/**
 * Opens a served note: its signature by `key`, then its checkpoint, whose origin must be the key's name.
 * @returns the checkpoint, or the reason it is refused
 */
export function openCheckpoint(note: string, key: VerifierKey): Checkpoint | Extract<Advance, { ok: false }> {
  let checkpoint: Checkpoint;
  try {
    const parsed = parseNote(note);
    if (!isSignedBy(parsed, key)) return { ok: false, kind: 'bad-signature', detail: `the checkpoint is not signed by ${key.name}'s key` };
    checkpoint = parseCheckpoint(parsed.text);
  } catch (error) {
    return { ok: false, kind: 'malformed', detail: `the checkpoint is not a signed note: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (checkpoint.origin !== key.name) return { ok: false, kind: 'other-log', detail: `the checkpoint is of ${checkpoint.origin}, not ${key.name}` };
  return checkpoint;
}

/**
 * Whether `latest` may follow `kept`: never smaller; the same root at the same size; a
 * consistency proof (`proof`, asked from kept.size to latest.size) that verifies when it grew.
 */
export function checkAdvance(kept: Checkpoint | null, latest: Checkpoint, proof: readonly Hash[] | null): Advance {
  if (kept === null) return { ok: true, kind: 'first' };
  const both = `kept: ${describeCheckpoint(kept)}; served: ${describeCheckpoint(latest)}`;
  if (latest.size < kept.size) return { ok: false, kind: 'shrank', detail: `the log shrank from ${kept.size} to ${latest.size} entries (${both})` };
  if (latest.size === kept.size) {
    return latest.root.equals(kept.root) ? { ok: true, kind: 'unchanged' } : { ok: false, kind: 'fork', detail: `two different trees of ${kept.size} entries (${both})` };
  }
  if (proof === null) return { ok: false, kind: 'bad-proof', detail: `no consistency proof from ${kept.size} to ${latest.size} (${both})` };
  if (!verifyConsistency(kept.size, latest.size, kept.root, latest.root, proof)) {
    return { ok: false, kind: 'fork', detail: `the tree of ${latest.size} entries does not extend the tree of ${kept.size} that was kept: the consistency proof fails (${both})` };
  }
  return { ok: true, kind: 'grown' };
}
