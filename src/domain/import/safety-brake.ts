import type { ParseSummary } from './import-report.js';

export interface BrakeInput {
  readonly parse: Pick<ParseSummary, 'rows' | 'truncated'>;
  readonly activeBefore: number;
  readonly toDeactivate: number;
  /** The largest share of active practitioners one import may deactivate (IMPORT_MAX_DEACTIVATION). */
  readonly maxDeactivationShare: number;
  readonly force: boolean;
}

export type BrakeDecision = { readonly refused: false } | { readonly refused: true; readonly reason: BrakeReason; readonly detail: string };
export type BrakeReason = 'empty-file' | 'truncated-file' | 'too-many-deactivations';

/**
 * The safety brake (DESIGN §7): a file that cannot be yesterday's directory's successor changes
 * nothing. An empty or cut file is always refused: no force makes it complete. A file that
 * would deactivate more than the allowed share of active practitioners is refused unless
 * forced, since a registry really can shrink (a profession moving out, say).
 */
export function applySafetyBrake(input: BrakeInput): BrakeDecision {
  if (input.parse.rows === 0) {
    return { refused: true, reason: 'empty-file', detail: 'The file has no data row (empty, or a header alone): nothing was changed.' };
  }
  if (input.parse.truncated) {
    return { refused: true, reason: 'truncated-file', detail: 'The last line of the file is cut short (no line end, fewer columns than the header): the file looks truncated, nothing was changed.' };
  }
  const share = input.activeBefore === 0 ? 0 : input.toDeactivate / input.activeBefore;
  if (share > input.maxDeactivationShare && !input.force) {
    return {
      refused: true, reason: 'too-many-deactivations',
      detail: `The file would deactivate ${input.toDeactivate} of ${input.activeBefore} active practitioners (${percent(share)}), more than the ${percent(input.maxDeactivationShare)} allowed: nothing was changed. Check the file, then rerun with --force (or force=true) if it is right.`,
    };
  }
  return { refused: false };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`;
}
