/** The CLI's exit codes, documented in the README's command-line section; scripts and schedulers branch on them. */
export const EXIT = {
  ok: 0,
  /** The audit found a divergence; an import failed (the directory is unchanged). */
  diverged: 1,
  /** Wrong arguments, or a file that cannot be opened. */
  usage: 2,
  /** The import was refused by its safety brake (empty, truncated or wrong file; too many deactivations): nothing changed. */
  refused: 3,
  /** Another import is running. */
  busy: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
