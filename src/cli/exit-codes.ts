/** The CLI's exit codes, documented in the README; scripts and schedulers branch on them. */
export const EXIT = {
  ok: 0,
  /** The audit found a divergence. */
  diverged: 1,
  /** Wrong arguments, or a file that cannot be opened. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
