import { createHash } from 'node:crypto';
import { canonicalEntry, chainedEntryOf } from '../domain/audit/hash-chain.js';
import type { Referral } from '../domain/model.js';
import type { Checkpoint } from '../domain/transparency/checkpoint.js';
import { leafHash, verifyInclusion } from '../domain/transparency/merkle-tree.js';
import type { VerifierKey } from '../domain/transparency/verifier-key.js';
import { checkAdvance, describeCheckpoint, openCheckpoint } from '../domain/transparency/witness.js';

/** What one witness run needs: the log's answers, the checkpoint kept last time, the key. */
export interface WitnessDeps {
  /** GET a path of the log; `authorized`: with the auditor's API key. */
  readonly get: (path: string, authorized: boolean) => Promise<{ status: number; body: string }>;
  /** The signed note kept by the previous run, if any. */
  readonly kept: string | undefined;
  /** Keeps a note for the next run (only once it is known consistent). */
  readonly keep: (note: string) => void;
  readonly key: VerifierKey;
  /** Also checks this referral's inclusion in the served checkpoint. */
  readonly referralId?: string;
}

/**
 * `consistent`: every check passed. `failed`: the log showed a fork, a shrunken tree, a bad
 * signature or a bad proof; proven misbehaviour. `unavailable`: nothing could be concluded (the
 * log did not answer, the referral is not in a checkpoint yet).
 */
export interface WitnessReport {
  readonly outcome: 'consistent' | 'failed' | 'unavailable';
  readonly lines: readonly string[];
}

/**
 * One run of a witness (issue 14): fetches the latest checkpoint, checks its signature and its
 * consistency with the one kept, keeps it, and with `referralId` checks that referral's
 * inclusion proof from its own recomputed leaf.
 * @throws Error when the kept note does not verify with the key (the state is not this log's)
 */
export async function runWitness(deps: WitnessDeps): Promise<WitnessReport> {
  const kept = deps.kept === undefined ? null : openCheckpoint(deps.kept, deps.key);
  if (kept !== null && !('size' in kept)) throw new Error(`The kept checkpoint does not verify with this key: ${kept.detail}.`);
  const served = await deps.get('/v1/audit/checkpoint', false);
  if (served.status !== 200) return unavailable(`GET /v1/audit/checkpoint answered ${served.status}: ${served.body.slice(0, 200)}`);
  const latest = openCheckpoint(served.body, deps.key);
  if (!('size' in latest)) return failed(`${latest.kind}: ${latest.detail}${kept ? ` (kept: ${describeCheckpoint(kept)})` : ''}`);

  let proof: Buffer[] | null = null;
  if (kept && latest.size > kept.size) {
    const answer = await deps.get(`/v1/audit/consistency?from=${kept.size}&to=${latest.size}`, false);
    proof = answer.status === 200 ? hashesOf(answer.body) : null;
  }
  const advance = checkAdvance(kept, latest, proof);
  if (!advance.ok) {
    const report = failed(`${advance.kind}: ${advance.detail}`);
    return advance.kind === 'shrank' || advance.kind === 'fork' ? { ...report, lines: [...report.lines, FORK_HINT] } : report;
  }
  deps.keep(served.body);
  const lines = [`${advance.kind === 'first' ? 'first checkpoint kept' : advance.kind === 'unchanged' ? 'unchanged' : `consistent with the kept size ${kept?.size}`}: ${describeCheckpoint(latest)}`];
  if (deps.referralId === undefined) return { outcome: 'consistent', lines };
  const included = await checkInclusion(deps, deps.referralId, latest);
  return { outcome: included.outcome === 'consistent' ? 'consistent' : included.outcome, lines: [...lines, ...included.lines] };
}

/** The referral's own leaf, recomputed from its body, proved included in `latest`. */
async function checkInclusion(deps: WitnessDeps, id: string, latest: Checkpoint): Promise<WitnessReport> {
  const read = await deps.get(`/v1/referrals/${encodeURIComponent(id)}`, true);
  if (read.status !== 200) return unavailable(`GET /v1/referrals/${id} answered ${read.status}: ${read.body.slice(0, 200)}`);
  const referral = JSON.parse(read.body) as Referral;
  const text = Buffer.from(canonicalEntry(chainedEntryOf(referral)), 'utf8');
  if (createHash('sha256').update(text).digest('hex') !== referral.audit.hash) return failed(`bad-proof: referral ${id} as served does not hash to its audit hash ${referral.audit.hash}`);
  if (referral.audit.treeSize > latest.size) return unavailable(`referral ${id} is leaf ${referral.audit.leafIndex}: not in the checkpoint of size ${latest.size} yet; run again in a minute`);
  const answer = await deps.get(`/v1/referrals/${encodeURIComponent(id)}/inclusion?size=${latest.size}`, true);
  if (answer.status !== 200) return failed(`bad-proof: no inclusion proof of referral ${id} (leaf ${referral.audit.leafIndex}) in ${describeCheckpoint(latest)}: ${answer.status} ${answer.body.slice(0, 200)}`);
  const proof = JSON.parse(answer.body) as { leafIndex: number; leafHash: string; hashes: unknown };
  const hashes = hashesOf(JSON.stringify({ hashes: proof.hashes }));
  const leaf = leafHash(text);
  const holds = hashes !== null && proof.leafIndex === referral.audit.leafIndex && proof.leafHash === leaf.toString('hex') &&
    verifyInclusion(leaf, proof.leafIndex, latest.size, hashes, latest.root);
  if (!holds) return failed(`bad-proof: the inclusion proof of referral ${id} as leaf ${referral.audit.leafIndex} does not verify against ${describeCheckpoint(latest)}`);
  return { outcome: 'consistent', lines: [`referral ${id} is leaf ${proof.leafIndex} of ${describeCheckpoint(latest)}`] };
}

/** The `hashes` of a proof's JSON as bytes, or null when they are not 64-digit hex strings. */
function hashesOf(body: string): Buffer[] | null {
  try {
    const { hashes } = JSON.parse(body) as { hashes?: unknown };
    if (!Array.isArray(hashes) || !hashes.every((hash) => typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash))) return null;
    return hashes.map((hash: string) => Buffer.from(hash, 'hex'));
  } catch {
    return null;
  }
}

const failed = (line: string): WitnessReport => ({ outcome: 'failed', lines: [line] });

/** Where an auditor learns whether a fork was a restore the operator owned up to. */
const FORK_HINT = 'A restored backup the operator accepted is published as a fork event at GET /v1/audit/epochs (docs/auditing.md); a fork not listed there is a rewrite.';
const unavailable = (line: string): WitnessReport => ({ outcome: 'unavailable', lines: [line] });
