import { fileURLToPath } from 'node:url';
import type { PeriodLength } from './domain/audit/seed.js';
import { isValidKeyName } from './domain/transparency/verifier-key.js';

const ROOT = new URL('../', import.meta.url);
const fromRoot = (relative: string) => fileURLToPath(new URL(relative, ROOT));

/** Every setting: its environment variable, default and meaning. The documents' configuration tables are rendered from this list (npm run docs:render). */
export const SETTINGS = {
  port: { env: 'PORT', default: '8080', doc: 'TCP port the HTTP server listens on.' },
  host: { env: 'HOST', default: '0.0.0.0', doc: 'Interface to bind; 127.0.0.1 keeps the service local.' },
  databasePath: { env: 'DATABASE_PATH', default: fromRoot('var/referrals.sqlite'), doc: 'SQLite database file (created, with its directory, if missing).' },
  sampleDirectoryPath: {
    env: 'SAMPLE_DIRECTORY_PATH', default: fromRoot('data/sample-directory.csv'),
    doc: 'Directory loaded into an empty database at first start; empty to start with an empty directory.',
  },
  databaseSynchronous: {
    env: 'DATABASE_SYNCHRONOUS', default: 'FULL',
    doc: 'FULL fsyncs every commit (in the log writer thread, off the event loop) before answering, so an answered referral survives a power cut; NORMAL skips that fsync and may lose the last ones on a power cut or OS crash.',
  },
  gazetteerPath: { env: 'GAZETTEER_PATH', default: fromRoot('data/gazetteer.json'), doc: 'Offline gazetteer of communes and postcodes.' },
  seedPeriod: {
    env: 'SEED_PERIOD', default: 'day',
    doc: 'How long one seed secret lasts, UTC: day or hour. Its commitment is published a whole period before it starts, its secret once it ends.',
  },
  importMaxDeactivation: {
    env: 'IMPORT_MAX_DEACTIVATION', default: '0.05',
    doc: 'Safety brake: the largest share (0 to 1) of active practitioners one import may deactivate without --force.',
  },
  rateLimitPerMinute: {
    env: 'RATE_LIMIT_PER_MINUTE', default: '600',
    doc: 'Requests one API key may make per minute before 429 Too Many Requests (with Retry-After); 0 turns the limit off.',
  },
  authFailuresPerMinute: {
    env: 'AUTH_FAILURES_PER_MINUTE', default: '60',
    doc: 'Requests with an unknown or revoked API key one client address may make per minute; beyond, every request from it gets 429 (with Retry-After) until the minute ends, before its key is checked. 0 turns the limit off.',
  },
  trustProxy: {
    env: 'TRUST_PROXY', default: '',
    doc: 'The reverse proxies (comma-separated addresses or subnets, loopback, uniquelocal, or a number of hops) whose X-Forwarded-For gives the client address the limit on failed authentications counts by; empty trusts none.',
  },
  headersTimeoutMs: {
    env: 'HEADERS_TIMEOUT_MS', default: '10000',
    doc: 'The request line and headers must arrive within this many milliseconds; a slower client is answered 408 and its connection closed.',
  },
  bodyTimeoutMs: {
    env: 'BODY_TIMEOUT_MS', default: '10000',
    doc: 'A JSON body (at most 16 KiB) must arrive whole within this many milliseconds after its headers; otherwise 408 and the connection is closed.',
  },
  uploadIdleTimeoutMs: {
    env: 'UPLOAD_IDLE_TIMEOUT_MS', default: '30000',
    doc: 'An import upload that delivers less than 64 KiB in this many milliseconds is stalled: 408, the connection closed and the import slot freed.',
  },
  uploadTimeoutMs: {
    env: 'UPLOAD_TIMEOUT_MS', default: '3600000',
    doc: 'The longest, in milliseconds, an import upload may take to arrive in all (and any request, whatever its operation).',
  },
  corsOrigins: {
    env: 'CORS_ORIGINS', default: '',
    doc: 'Comma-separated origins of the advisor desktop allowed to call from a browser (https://desk.example.org); empty allows none.',
  },
  logOrigin: {
    env: 'LOG_ORIGIN', default: 'referral-service.invalid/log',
    doc: "The log's name in its signed checkpoints and verifier key: a schema-less URL naming this log (referrals.example.org/log), no spaces, no +.",
  },
  signingKeyPath: {
    env: 'SIGNING_KEY_PATH', default: '',
    doc: "Ed25519 key that signs the log's checkpoints: created at first start with mode 0600, never in the database or the logs; empty for DATABASE_PATH + .log-key beside the database. Back it up once, apart from the database.",
  },
  checkpointStatePath: {
    env: 'CHECKPOINT_STATE_PATH', default: '',
    doc: 'The last checkpoint signed, kept beside the key: a database behind it is refused at start (a restored backup) unless --accept-rollback; empty for SIGNING_KEY_PATH + .checkpoint. Never restore it from a backup.',
  },
  checkpointSeconds: {
    env: 'CHECKPOINT_SECONDS', default: '30',
    doc: 'How often new referrals are added to the Merkle tree and a checkpoint signed, in seconds (more than 0, at most 60).',
  },
  logLevel: { env: 'LOG_LEVEL', default: 'info', doc: 'pino log level: fatal, error, warn, info, debug or trace; silent for none.' },
} as const;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databasePath: string;
  readonly databaseSynchronous: Synchronous;
  readonly sampleDirectoryPath: string;
  readonly gazetteerPath: string;
  readonly logLevel: string;
  readonly seedPeriod: PeriodLength;
  readonly importMaxDeactivation: number;
  readonly rateLimitPerMinute: number;
  readonly authFailuresPerMinute: number;
  readonly trustProxy: number | readonly string[] | undefined;
  readonly corsOrigins: readonly string[];
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly uploadIdleTimeoutMs: number;
  readonly uploadTimeoutMs: number;
  readonly logOrigin: string;
  readonly signingKeyPath: string;
  readonly checkpointStatePath: string;
  readonly checkpointSeconds: number;
  readonly openApiPath: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const SYNCHRONOUS_MODES = ['FULL', 'NORMAL'] as const;
export type Synchronous = (typeof SYNCHRONOUS_MODES)[number];
const isSynchronous = (value: string): value is Synchronous => (SYNCHRONOUS_MODES as readonly string[]).includes(value);

/**
 * Reads the configuration from the environment, checks all of it and reports every problem at once.
 * @throws Error listing each invalid setting
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const read = (key: keyof typeof SETTINGS) => env[SETTINGS[key].env] ?? SETTINGS[key].default;
  const problems: string[] = [];
  const port = Number(read('port'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be an integer from 0 to 65535, got "${read('port')}"`);
  const logLevel = read('logLevel');
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  if (read('databasePath') === '') problems.push('DATABASE_PATH must not be empty');
  const databaseSynchronous = read('databaseSynchronous').toUpperCase();
  if (!isSynchronous(databaseSynchronous)) problems.push(`DATABASE_SYNCHRONOUS must be FULL or NORMAL, got "${read('databaseSynchronous')}"`);
  const seedPeriod = read('seedPeriod');
  if (seedPeriod !== 'day' && seedPeriod !== 'hour') problems.push(`SEED_PERIOD must be day or hour, got "${seedPeriod}"`);
  const importMaxDeactivation = Number(read('importMaxDeactivation'));
  if (read('importMaxDeactivation').trim() === '' || !(importMaxDeactivation >= 0 && importMaxDeactivation <= 1)) {
    problems.push(`IMPORT_MAX_DEACTIVATION must be a share from 0 to 1, got "${read('importMaxDeactivation')}"`);
  }
  const rateLimitPerMinute = Number(read('rateLimitPerMinute'));
  if (!Number.isSafeInteger(rateLimitPerMinute) || rateLimitPerMinute < 0) problems.push(`RATE_LIMIT_PER_MINUTE must be a whole number, got "${read('rateLimitPerMinute')}"`);
  const authFailuresPerMinute = Number(read('authFailuresPerMinute'));
  if (read('authFailuresPerMinute').trim() === '' || !Number.isSafeInteger(authFailuresPerMinute) || authFailuresPerMinute < 0) {
    problems.push(`AUTH_FAILURES_PER_MINUTE must be a whole number, got "${read('authFailuresPerMinute')}"`);
  }
  const trustProxy = parseTrustProxy(read('trustProxy'));
  if (trustProxy === null) problems.push(`TRUST_PROXY must be a number of hops or comma-separated addresses, subnets, loopback, linklocal or uniquelocal, got "${read('trustProxy')}"`);
  const corsOrigins = read('corsOrigins').split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`CORS_ORIGINS entries must be origins such as https://desk.example.org, got "${origin}"`);
  }
  const milliseconds = (key: 'headersTimeoutMs' | 'bodyTimeoutMs' | 'uploadIdleTimeoutMs' | 'uploadTimeoutMs') => {
    const value = Number(read(key));
    if (read(key).trim() === '' || !Number.isSafeInteger(value) || value < 100) problems.push(`${SETTINGS[key].env} must be a whole number of milliseconds, at least 100, got "${read(key)}"`);
    return value;
  };
  const timeouts = {
    headersTimeoutMs: milliseconds('headersTimeoutMs'),
    bodyTimeoutMs: milliseconds('bodyTimeoutMs'),
    uploadIdleTimeoutMs: milliseconds('uploadIdleTimeoutMs'),
    uploadTimeoutMs: milliseconds('uploadTimeoutMs'),
  };
  if (timeouts.uploadTimeoutMs < timeouts.headersTimeoutMs) problems.push('UPLOAD_TIMEOUT_MS must be at least HEADERS_TIMEOUT_MS');
  const logOrigin = read('logOrigin');
  if (!isValidKeyName(logOrigin)) problems.push(`LOG_ORIGIN must be a name without spaces or +, such as referrals.example.org/log, got "${logOrigin}"`);
  const checkpointSeconds = Number(read('checkpointSeconds'));
  if (read('checkpointSeconds').trim() === '' || !(checkpointSeconds > 0 && checkpointSeconds <= 60)) {
    problems.push(`CHECKPOINT_SECONDS must be a number of seconds above 0 and at most 60, got "${read('checkpointSeconds')}"`);
  }
  const signingKeyPath = read('signingKeyPath') || `${read('databasePath')}.log-key`;
  if (problems.length > 0) throw new Error(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  return Object.freeze({
    port,
    host: read('host'),
    databasePath: read('databasePath'),
    databaseSynchronous: databaseSynchronous as Synchronous,
    sampleDirectoryPath: read('sampleDirectoryPath'),
    gazetteerPath: read('gazetteerPath'),
    logLevel,
    seedPeriod: seedPeriod as PeriodLength,
    importMaxDeactivation,
    rateLimitPerMinute,
    authFailuresPerMinute,
    trustProxy: trustProxy ?? undefined,
    corsOrigins,
    ...timeouts,
    logOrigin,
    signingKeyPath,
    checkpointStatePath: read('checkpointStatePath') || `${signingKeyPath}.checkpoint`,
    checkpointSeconds,
    openApiPath: fromRoot('openapi.yaml'),
  });
}

/** Express's `trust proxy`, as far as this service uses it: undefined for none, null when malformed. */
function parseTrustProxy(value: string): number | readonly string[] | undefined | null {
  if (value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => ['loopback', 'linklocal', 'uniquelocal'].includes(entry) || /^[0-9A-Fa-f.:]+(?:\/\d{1,3})?$/.test(entry));
  return valid ? entries : null;
}
