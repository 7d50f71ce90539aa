import type { Precision } from '../geo/gazetteer-snapshot.js';
import type { SkipReason } from './staged-row.js';

export type ImportFormat = 'registry' | 'csv';
export type ImportStatus = 'running' | 'succeeded' | 'dry-run' | 'refused' | 'failed';

/**
 * Outcome counts (DESIGN §6). People: `inserted`, `updated` (their fields or any of their
 * sites changed), `unchanged`, `deactivated` (missing from the file), `reactivated` (back in
 * it). Rows: `rejected` (malformed, with line and reason), `skipped` (outside the service's
 * scope, by reason).
 */
export interface ImportCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deactivated: number;
  readonly reactivated: number;
  readonly rejected: number;
  readonly skipped: number;
}

export interface SiteCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** No longer listed for a person still in the file: kept for past referrals, out of the pools. */
  readonly retired: number;
}

/** A site the gazetteer could not place: kept, but out of every pool until a later file places it. */
export interface UnplacedSite {
  readonly line: number;
  readonly nationalId: string;
  readonly structureId: string;
  readonly postcode: string;
  readonly city: string;
}

export interface RejectedRow {
  readonly line: number;
  readonly reason: string;
}

/** Everything read from a file before anything is written. */
export interface ParseSummary {
  readonly format: ImportFormat;
  readonly sha256: string;
  readonly bytes: number;
  /** Data rows, the header excluded. */
  readonly rows: number;
  /** Rows repeating a person and site already read (one row per activity in the registry). */
  readonly merged: number;
  readonly rejected: number;
  readonly skippedByReason: Readonly<Record<SkipReason, number>>;
  /** The last line stopped short of a complete row: the file was cut. */
  readonly truncated: boolean;
}

export interface ImportReport {
  readonly rows: { readonly read: number; readonly merged: number };
  readonly counts: ImportCounts;
  readonly sites: SiteCounts;
  readonly skippedByReason: Readonly<Record<SkipReason, number>>;
  /** Sites by geocoding precision, over the sites in the file. */
  readonly geocoding: Readonly<Record<Precision, number>>;
  readonly activeBefore: number;
  readonly unplacedSites: UnplacedSite[];
  readonly rejects: RejectedRow[];
}

/** How many rejected rows and unplaced sites a report lists; all rejects are stored. */
export const REPORT_SAMPLE_SIZE = 100;

/** One import run as stored and served (DESIGN §6). */
export interface ImportRun {
  readonly id: number;
  readonly status: ImportStatus;
  readonly source: string;
  readonly sha256: string | null;
  readonly format: ImportFormat | null;
  readonly dryRun: boolean;
  readonly forced: boolean;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly message: string | null;
  readonly counts: ImportReport['counts'] | null;
  readonly report: ImportReport | null;
}
