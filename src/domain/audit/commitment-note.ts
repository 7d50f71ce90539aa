import type { KeyObject } from 'node:crypto';
import { formatNote, isSignedBy, parseNote, signNote } from '../transparency/signed-note.js';
import type { VerifierKey } from '../transparency/verifier-key.js';

/** What a seed commitment's signature covers (docs/audit-log.md). */
export interface CommitmentFields {
  readonly period: string;
  readonly startsAt: string;
  readonly commitment: string;
  readonly committedAt: string;
}

/**
 * The text of a commitment's signed note, one field a line:
 * `<origin> seed commitment`, `period <period>`, `starts <startsAt>`, `commitment <hex>`,
 * `committed <committedAt>`. Ed25519 signatures are deterministic, so signing the stored fields
 * when they are published gives the same bytes as signing them when they were made.
 */
export function commitmentNoteText(origin: string, c: CommitmentFields): string {
  return `${origin} seed commitment\nperiod ${c.period}\nstarts ${c.startsAt}\ncommitment ${c.commitment}\ncommitted ${c.committedAt}\n`;
}

/** The commitment as a C2SP signed note by the log's key (the one that signs its checkpoints). */
export function signCommitment(signer: { readonly origin: string; readonly keyId: number; readonly privateKey: KeyObject }, c: CommitmentFields): string {
  return formatNote(signNote(commitmentNoteText(signer.origin, c), signer.origin, signer.keyId, signer.privateKey));
}

/** Why a published commitment's note does not vouch for it, or null when it does. */
export function commitmentNoteProblem(note: string, c: CommitmentFields, key: VerifierKey): string | null {
  let parsed;
  try {
    parsed = parseNote(note);
  } catch (error) {
    return `its signed note is malformed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (parsed.text !== commitmentNoteText(key.name, c)) return 'its signed note is of other fields than those published beside it';
  return isSignedBy(parsed, key) ? null : `its signed note is not signed by ${key.name}`;
}
