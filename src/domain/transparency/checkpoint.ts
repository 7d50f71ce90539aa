/**
 * The body of a checkpoint, C2SP tlog-checkpoint: the log's origin, its size and its root, one
 * per line, each line ending in a newline, then optional extension lines. It is the text of a
 * signed note (signed-note.ts).
 * @see https://c2sp.org/tlog-checkpoint
 */
export interface Checkpoint {
  /** The log's identity; the signing key's name equals it. */
  readonly origin: string;
  readonly size: number;
  /** The RFC 9162 root of the first `size` entries: 32 bytes. */
  readonly root: Buffer;
  readonly extensions: readonly string[];
}

const SIZE = /^(0|[1-9][0-9]*)$/;

/** The checkpoint's text: `origin\nsize\nbase64(root)\n` and each extension line. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  return [checkpoint.origin, String(checkpoint.size), checkpoint.root.toString('base64'), ...checkpoint.extensions].map((line) => `${line}\n`).join('');
}

/**
 * Reads a checkpoint's text, strictly: exact decimal size, canonical standard base64 of 32
 * bytes, no empty line, a final newline.
 * @throws Error saying what is wrong
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new Error('a checkpoint ends with a newline');
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n');
  if (origin === undefined || origin === '') throw new Error('a checkpoint starts with a non-empty origin line');
  if (size === undefined || !SIZE.test(size) || !Number.isSafeInteger(Number(size))) throw new Error(`checkpoint size "${size ?? ''}" is not a decimal number`);
  const rootBytes = Buffer.from(root ?? '', 'base64');
  if (rootBytes.length !== 32 || rootBytes.toString('base64') !== root) throw new Error(`checkpoint root "${root ?? ''}" is not the base64 of 32 bytes`);
  if (extensions.some((line) => line === '')) throw new Error('a checkpoint has no empty line');
  return { origin, size: Number(size), root: rootBytes, extensions };
}
