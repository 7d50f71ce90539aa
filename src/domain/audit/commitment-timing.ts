import { periodBounds, periodOf } from './seed.js';

/** When a period's commitment was made, as published. */
export interface CommitmentTiming {
  readonly period: string;
  readonly committedAt: string;
}

/**
 * A commitment made once its period had begun (a first start, or a service down when the
 * period began) proves nothing: the operator knew the secret before anyone could see the
 * commitment. The service commits each period at least one whole period ahead; anything else is
 * late.
 */
export function isCommittedLate(commitment: CommitmentTiming): boolean {
  return Date.parse(commitment.committedAt) >= Date.parse(periodBounds(commitment.period).startsAt);
}

/** Counts the entries whose seed's period was committed late, and names those periods, in log order. */
export class LateSeedTally {
  private readonly late: ReadonlySet<string>;
  entries = 0;
  firstSequence: number | null = null;
  readonly periods: string[] = [];

  constructor(commitments: Iterable<CommitmentTiming>) {
    this.late = new Set([...commitments].filter(isCommittedLate).map((c) => c.period));
  }

  /** Notes one entry by its sequence and creation time. */
  note(sequence: number, createdAt: string): void {
    const moment = new Date(createdAt);
    // An unreadable time is the replay's divergence to report, not this tally's.
    if (Number.isNaN(moment.getTime())) return;
    const period = [periodOf(moment, 'day'), periodOf(moment, 'hour')].find((p) => this.late.has(p));
    if (period === undefined) return;
    this.entries++;
    this.firstSequence ??= sequence;
    if (!this.periods.includes(period)) this.periods.push(period);
  }

  /** What a verifier reports: how many entries' seeds were not committed in advance, and in which periods. */
  summary(): { readonly entries: number; readonly periods: string[] } {
    return { entries: this.entries, periods: [...this.periods] };
  }
}
