/**
 * Known-answer vectors of the referral log and its Merkle tree (docs/audit-log.md), as
 * `docs/vectors/log.json` and `docs/vectors/transparency.json`: enough to reimplement the
 * verifier in another language without reading src/.
 *
 * The entries are made by the service itself: a real SQLite file in a temporary directory, the
 * fixed directory, secrets, clock and requests of log-scenario.ts, `makeReferral` and
 * `makeMoreReferral`, the real sealing (so whatever log format the code writes now), the real
 * tree and checkpoint signer with a published test key. Every intermediate is then read back
 * from what the service stored, and checked against the service's own verifier before it is
 * written. `npm run gen:vectors` writes both files; test/storage/log-vectors.test.ts recomputes
 * them and checks them with independent code.
 */
import { createHash, createHmac, createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openServices, type Services } from '../../src/compose.js';
import { canonicalEntry, chainedEntryOf, GENESIS_HASH, shownText } from '../../src/domain/audit/hash-chain.js';
import { commitmentOf, deriveReferralId, deriveSeed, periodBounds, periodOf } from '../../src/domain/audit/seed.js';
import { draw } from '../../src/domain/draw.js';
import type { Referral } from '../../src/domain/model.js';
import { EMPTY_COUNTER, type FairnessCounter } from '../../src/domain/selection/fairness-counters.js';
import { parseNote, rawPublicKey } from '../../src/domain/transparency/signed-note.js';
import { treeRoot } from '../../src/domain/transparency/merkle-tree.js';
import { DEFAULT_GAZETTEER_PATH, loadGazetteer } from '../../src/storage/gazetteer-file.js';
import { signPending } from '../../src/use-cases/checkpoint-signer.js';
import { makeMoreReferral, makeReferral } from '../../src/use-cases/make-referral.js';
import { createLogSigner, proveConsistency, proveInclusion } from '../../src/use-cases/transparency-log.js';
import { verifyLog } from '../../src/use-cases/verify-log.js';
import { DECLARED_SECTORS, LOG_ORIGIN, ORIGIN, PERIOD_SECRETS_HEX, PRACTITIONERS, STEPS, TEST_KEY_SEED_HEX, type Step } from './log-scenario.js';

/** Which proofs the vectors publish: leaves at both ends and inside, from both checkpoints; a power-of-two `from`. */
const INCLUSIONS = [{ leafIndex: 0, treeSize: 7 }, { leafIndex: 5, treeSize: 7 }, { leafIndex: 2, treeSize: 3 }] as const;
const CONSISTENCIES = [{ from: 3, to: 7 }, { from: 4, to: 7 }, { from: 6, to: 7 }] as const;

/** PKCS#8 DER header of an Ed25519 private key (RFC 8410): the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function testSigningKey(): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(TEST_KEY_SEED_HEX, 'hex')]), format: 'der', type: 'pkcs8' });
}

type Counters = Record<string, FairnessCounter>;

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmacHex = (secret: Buffer, message: string) => createHmac('sha256', secret).update(message, 'utf8').digest('hex');

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`log vectors: ${message}`);
}

/** Every pool member's counters, members the ledger has never seen at zero, in pool order. */
function countersOfPool(counters: ReadonlyMap<string, FairnessCounter>, pool: readonly string[]): Counters {
  return Object.fromEntries(pool.map((id) => {
    const { expectedUnits, offered } = counters.get(id) ?? EMPTY_COUNTER;
    return [id, { expectedUnits, offered }];
  }));
}

/** The fixed directory, with the sectors the practices declared, indexed. */
function fillDirectory(services: Services): void {
  const { practitioners } = services.referralContext;
  practitioners.insertMany(PRACTITIONERS, new Date('2026-11-01T00:00:00.000Z'));
  for (const [nationalId, sector] of DECLARED_SECTORS) {
    const found = practitioners.search({ nationalId, page: 1, pageSize: 1 }).items[0];
    assert(found !== undefined, `practitioner ${nationalId} was not stored`);
    services.statusChanges.setAttributes(found.id, { sector }, 'log-vectors', new Date('2026-11-01T00:00:00.000Z'));
  }
  services.reindex();
}

async function ask(services: Services, step: Step, made: readonly Referral[]): Promise<Referral> {
  const ctx = services.referralContext;
  const { ask: request } = step;
  if (request.kind === 'more') {
    const parent = made[request.parentStep - 1];
    assert(parent !== undefined, `step "${step.name}" continues a step not made yet`);
    return makeMoreReferral(ctx, parent.id, { ...(request.requestedBy !== undefined && { requestedBy: request.requestedBy }) });
  }
  return makeReferral(ctx, {
    specialty: request.specialty, location: ORIGIN,
    ...(request.radiusKm !== undefined && { radiusKm: request.radiusKm }),
    ...(request.count !== undefined && { count: request.count }),
    ...(request.filters !== undefined && { filters: request.filters }),
    ...(request.requestedBy !== undefined && { requestedBy: request.requestedBy }),
  });
}

/** What was asked, in the terms of the API (not hashed: to tell the entries apart). */
function requestOf(step: Step, made: readonly Referral[]) {
  const { ask: request } = step;
  if (request.kind === 'more') return { moreFor: made[request.parentStep - 1]?.id ?? null, requestedBy: request.requestedBy ?? null };
  return { specialty: request.specialty, location: ORIGIN, radiusKm: request.radiusKm ?? null, count: request.count ?? null, filters: request.filters ?? null, requestedBy: request.requestedBy ?? null };
}

/** Makes the scenario's log in a fresh database and reads back every known answer. */
export async function logVectors() {
  const dir = mkdtempSync(join(tmpdir(), 'log-vectors-'));
  const first = STEPS[0];
  assert(first !== undefined, 'no step');
  let now = new Date(first.at);
  const secrets = PERIOD_SECRETS_HEX.map((hex) => Buffer.from(hex, 'hex'));
  let drawnSecrets = 0;
  const services = openServices({
    databasePath: join(dir, 'referrals.sqlite'),
    gazetteer: loadGazetteer(fileURLToPath(DEFAULT_GAZETTEER_PATH)),
    clock: () => now,
    drawSecret: () => {
      const secret = secrets[drawnSecrets++];
      assert(secret !== undefined, 'the service drew more period secrets than the scenario holds');
      return secret;
    },
  });
  try {
    fillDirectory(services);
    const ctx = services.referralContext;
    const signer = createLogSigner(LOG_ORIGIN, testSigningKey());
    const idsOf = (specialty: string) => PRACTITIONERS.filter((p) => p.specialtyCode === specialty).map((p) => p.nationalId);
    const countersNow = (specialty: string) => ctx.ledger.countersFor(specialty, idsOf(specialty), ctx.referrals.lastEntry()?.hash ?? GENESIS_HASH);
    const lastOrderOfPool = new Map<string, readonly string[]>();
    const made: Referral[] = [];
    const entries = [];
    const checkpoints = [];

    for (const step of STEPS) {
      now = new Date(step.at);
      const specialty = step.ask.kind === 'more' ? (made[step.ask.parentStep - 1]?.specialty.code ?? '') : step.ask.specialty;
      const before = countersNow(specialty);
      const request = requestOf(step, made);
      const referral = await ask(services, step, made);
      made.push(referral);
      const record = ctx.referrals.findRecord(referral.id);
      assert(record !== undefined, `referral ${referral.id} was not logged`);
      const { audit } = referral;
      const { pool } = record;
      const period = periodOf(new Date(referral.createdAt), ctx.seedPeriod);
      const secret = ctx.seedPeriods.findSecret(period);
      assert(secret !== undefined, `no secret for period ${period}`);
      assert(deriveSeed(secret, audit.sequence) === audit.seed && deriveReferralId(secret, audit.sequence) === referral.id, `entry ${audit.sequence}: seed or id not from its period's secret`);

      // The draw again from the stored inputs: its order must be what the service proposed.
      const previousOrder = lastOrderOfPool.get(audit.poolHash) ?? null;
      const result = draw({ pool, counters: before, seed: audit.seed, k: referral.count, previousOrder });
      assert(result.order.join() === record.proposed.join(), `entry ${audit.sequence}: the draw from the stored inputs is not the order proposed`);
      lastOrderOfPool.set(audit.poolHash, result.order);

      const canonicalText = canonicalEntry(chainedEntryOf(referral));
      assert(sha256Hex(canonicalText) === audit.hash, `entry ${audit.sequence}: canonical text does not hash to the stored hash`);
      entries.push({
        name: step.name,
        request,
        sequence: audit.sequence,
        createdAt: referral.createdAt,
        period,
        periodSecretHex: secret.toString('hex'),
        seedDerivation: { hmacMessage: `seed:${audit.sequence}`, hmacSha256Hex: hmacHex(secret, `seed:${audit.sequence}`), seed: audit.seed },
        idDerivation: { hmacMessage: `id:${audit.sequence}`, hmacSha256Hex: hmacHex(secret, `id:${audit.sequence}`), id: referral.id },
        specialty,
        ...(referral.parentId !== undefined && { parentId: referral.parentId }),
        ...(referral.filters !== undefined && { filters: referral.filters }),
        ...(referral.widenedFromKm !== undefined && { widenedFromKm: referral.widenedFromKm }),
        pool: { nationalIds: pool, hashedText: [specialty, ...pool].join('\n'), poolHash: audit.poolHash },
        previousOrderOfSamePool: previousOrder,
        countersBefore: countersOfPool(before, pool),
        draw: { k: referral.count, shareUnits: result.shareUnits, redraws: result.redraws, order: result.order },
        countersAfter: countersOfPool(countersNow(specialty), pool),
        shown: { text: shownText(referral.practitioners, referral.warnings), shownHash: chainedEntryOf(referral).shownHash },
        entry: { canonicalText, hash: audit.hash, previousHash: audit.previousHash, leafIndex: audit.leafIndex },
      });

      if (step.checkpointAfter) {
        const checkpoint = await signPending(ctx, signer);
        const note = parseNote(checkpoint.note);
        const [signature] = note.signatures;
        assert(signature !== undefined, 'a checkpoint without a signature');
        checkpoints.push({
          treeSize: checkpoint.treeSize,
          text: note.text,
          signedNote: checkpoint.note,
          keyIdHex: signature.keyId.toString(16).padStart(8, '0'),
          signatureHex: signature.signature.toString('hex'),
        });
      }
    }

    const verified = verifyLog(ctx);
    assert(verified.verified && verified.seedsChecked === STEPS.length, `the service's own verifier rejects the log: ${JSON.stringify(verified.divergence)}`);
    const redrawn = entries.find((entry) => entry.draw.redraws > 0);
    assert(redrawn !== undefined, 'no entry needed a redraw: choose another first period secret');

    const size = ctx.tree.size();
    const { readHash } = ctx.tree;
    const rootHex = (treeSize: number) => treeRoot(readHash, treeSize).toString('hex');
    const periods = ctx.seedPeriods.list().map((stored) => ({
      period: stored.period, ...periodBounds(stored.period), secretHex: stored.secret.toString('hex'), commitment: commitmentOf(stored.secret),
    }));

    const log = {
      about: 'Known answers for docs/audit-log.md: a log of consecutive referral entries made by the service itself (real SQLite, fixed directory, clock, period secrets and requests; scripts/vectors/log-scenario.ts), with every intermediate a verifier recomputes. Counters are in units of 2^-32 of a proposal.',
      periods: {
        about: 'Each UTC day\'s secret (revealed once the day is over) and its commitment, SHA-256 of the 32 secret bytes, published before the day starts. An entry uses the secret of the period its createdAt falls in.',
        list: periods,
      },
      entries: {
        about: 'In sequence order. request: what was asked, for orientation only (null: not given; moreFor: the referral "five more" was asked of). seedDerivation: seed = first 32 hex digits of HMAC-SHA256(periodSecret, hmacMessage). idDerivation: id = the sequence as 12 hex digits (8-4), then "8" and HMAC hex digits 0-2, the variant digit ((HMAC digit 3 & 3) | 8), digits 4-6, then digits 7-18. pool.poolHash = SHA-256 of pool.hashedText (specialty and national ids in canonical order, joined by LF). countersBefore/countersAfter: every pool member\'s counters in that specialty before and after the entry (absent = 0). draw: the draw of countersBefore, seed, k and previousOrderOfSamePool (the order of the last entry with the same poolHash); shareUnits = round(min(1, order.length / pool size) x 2^32). shown.shownHash = SHA-256 of shown.text. entry.hash = SHA-256 of the UTF-8 bytes of entry.canonicalText, whose previousHash is the previous entry\'s hash (64 zeros for sequence 1).',
        list: entries,
      },
    };

    const publicKey = rawPublicKey(testSigningKey());
    const transparency = {
      about: 'Known answers for the log\'s Merkle tree (RFC 9162 §2.1) and checkpoints (C2SP tlog-checkpoint in a C2SP signed note), over the entries of log.json: leaf i is the UTF-8 bytes of entries.list[i].entry.canonicalText. Hashes are lower-case hex unless named base64.',
      testKey: {
        about: 'TEST KEY, published here so that anyone can reproduce the signatures: never a production key. Ed25519 (RFC 8032; the seed of its §7.1 TEST 1): the private key seed, the public key derived from it, the key ID (first 4 bytes of SHA-256(origin || 0x0A || 0x01 || public key)) and the verifier key string origin+keyID+base64(0x01 || public key).',
        origin: LOG_ORIGIN,
        ed25519PrivateSeedHex: TEST_KEY_SEED_HEX,
        ed25519PublicKeyHex: publicKey.toString('hex'),
        keyIdHex: signer.keyId.toString(16).padStart(8, '0'),
        verifierKey: signer.verifierKey,
      },
      leaves: {
        about: 'leafHash = SHA-256(0x00 || canonical text) for each entry, leafIndex its position in sequence order from 0; entryHash is the entry\'s own hash (SHA-256 of the text alone), for matching.',
        list: made.map((referral, leafIndex) => ({ leafIndex, sequence: referral.audit.sequence, entryHash: referral.audit.hash, leafHash: readHash(0, leafIndex).toString('hex') })),
      },
      roots: {
        about: 'The root of the tree of the first treeSize leaves, for every size: SHA-256("") for 0, the leaf hash for 1, otherwise SHA-256(0x01 || root of the first k || root of the rest), k the largest power of two below treeSize.',
        list: Array.from({ length: size + 1 }, (_, treeSize) => ({ treeSize, rootHex: rootHex(treeSize), rootBase64: treeRoot(readHash, treeSize).toString('base64') })),
      },
      checkpoints: {
        about: 'Checkpoints the service signed with the test key: text is origin, tree size and base64 root, each line ending in LF; signedNote is text, an empty line and the signature line "\u2014 origin base64(key ID || signature)"; signatureHex is the Ed25519 signature over text (its final LF included).',
        list: checkpoints,
      },
      inclusionProofs: {
        about: 'RFC 9162 §2.1.3 audit paths as GET /v1/referrals/{id}/inclusion answers them, deepest sibling first; check with §2.1.3.2 against rootHex, the root at treeSize.',
        list: INCLUSIONS.map(({ leafIndex, treeSize }) => {
          const id = made[leafIndex]?.id ?? '';
          return { ...proveInclusion(ctx, id, treeSize), rootHex: rootHex(treeSize) };
        }),
      },
      consistencyProofs: {
        about: 'RFC 9162 §2.1.4 consistency proofs as GET /v1/audit/consistency answers them; check with §2.1.4.2 against fromRootHex and toRootHex (when from is a power of two the proof omits the old root, which the verifier puts first).',
        list: CONSISTENCIES.map(({ from, to }) => ({ ...proveConsistency(ctx.tree, from, to), fromRootHex: rootHex(from), toRootHex: rootHex(to) })),
      },
    };
    return { log, transparency };
  } finally {
    services.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const LOG_VECTORS_PATH = 'docs/vectors/log.json';
export const TRANSPARENCY_VECTORS_PATH = 'docs/vectors/transparency.json';

if (process.argv[1]?.endsWith('log-vectors.ts')) {
  const { log, transparency } = await logVectors();
  writeFileSync(LOG_VECTORS_PATH, `${JSON.stringify(log, null, 2)}\n`);
  writeFileSync(TRANSPARENCY_VECTORS_PATH, `${JSON.stringify(transparency, null, 2)}\n`);
  console.log(`wrote ${LOG_VECTORS_PATH} and ${TRANSPARENCY_VECTORS_PATH}`);
}
