import type { PractitionerAttributes, ReferralFilters } from './filters/referral-filters.js';
import type { Precision as GeocodingPrecision } from './geo/gazetteer-snapshot.js';

/**
 * How a point was obtained, from most to least precise (DESIGN §7): a site's geocoding
 * precision, or `coordinates` for a location the caller gave as latitude and longitude.
 */
export type Precision = 'coordinates' | GeocodingPrecision;

export type PractitionerStatus = 'active' | 'suspended' | 'inactive';

export interface Site {
  readonly id: number;
  readonly structureId: string;
  readonly address: string;
  readonly postcode: string;
  readonly communeCode: string | null;
  readonly city: string;
  readonly phone: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
  /** A site is geocoded from the directory file or the gazetteer, never from a caller's coordinates. */
  readonly precision: GeocodingPrecision;
}

export interface Practitioner {
  readonly id: number;
  readonly nationalId: string;
  readonly civility: string | null;
  readonly lastName: string;
  readonly firstName: string;
  readonly profession: { readonly code: string; readonly label: string };
  readonly specialty: string;
  readonly status: PractitionerStatus;
  /** Gender and what the practice declares, for the filters callers may ask for. */
  readonly attributes: PractitionerAttributes;
  /** While suspended: why, since when, by which key, and until when (null: until resumed). */
  readonly suspension?: Suspension;
  readonly sites: readonly Site[];
}

export interface Suspension {
  readonly reason: string;
  readonly until: string | null;
  readonly since: string;
  readonly by: string;
}

/** One suspension or resumption, as recorded. */
export interface StatusChangeRecord {
  readonly from: PractitionerStatus;
  readonly to: PractitionerStatus;
  readonly reason: string | null;
  readonly until: string | null;
  readonly by: string;
  readonly at: string;
}

/** One line of a referral as the advisor sees it: a snapshot, immutable once logged. */
export interface ProposedPractitioner {
  readonly rank: number;
  readonly id: number;
  readonly nationalId: string;
  readonly civility: string | null;
  readonly lastName: string;
  readonly firstName: string;
  readonly specialty: string;
  readonly siteId: number;
  readonly address: string;
  readonly postcode: string;
  readonly city: string;
  readonly phone: string | null;
  readonly lat: number;
  readonly lon: number;
  readonly distanceKm: number;
}

export interface ResolvedLocation {
  readonly lat: number;
  readonly lon: number;
  readonly precision: Precision;
  readonly postcode?: string;
  readonly commune?: string;
  readonly label?: string;
}

export interface Referral {
  readonly id: string;
  readonly createdAt: string;
  readonly specialty: { readonly code: string; readonly label: string };
  readonly location: ResolvedLocation;
  readonly radiusKm: number;
  readonly radiusSource: 'ladder' | 'request';
  readonly count: number;
  readonly poolSize: number;
  readonly practitioners: readonly ProposedPractitioner[];
  readonly warnings: readonly string[];
  /** For "five more": the referral of the same call this one continues (its pool minus those it proposed). */
  readonly parentId?: string;
  /** The filters asked for, in canonical form; absent when none. */
  readonly filters?: ReferralFilters;
  /** For a "five more" whose parent's radius held nobody left to propose: the parent's radius, climbed from. */
  readonly widenedFromKm?: number;
  readonly audit: {
    /** 3 in entries that commit to their directory version, 2 in those that commit to who asked; absent in entries of format 1. */
    readonly logFormat?: 2 | 3;
    /** Formats 2 and 3: the name of the API key that asked (a desk, not a person), or null when no key asked. */
    readonly requestedBy?: string | null;
    /** Format 3: the version of the specialty's directory the pool was formed from (directory-state.ts). */
    readonly directoryVersion?: string;
    /** Format 3: the hash of the directory log entry that made that version, which pins the directory log up to it. */
    readonly directoryEntry?: string;
    readonly sequence: number;
    readonly seed: string;
    readonly algorithm: string;
    readonly generator: string;
    readonly poolHash: string;
    readonly hash: string;
    readonly previousHash: string;
    /** The entry's leaf in the log's Merkle tree: its position in sequence order, from 0 (docs/audit-log.md). */
    readonly leafIndex: number;
    /** The size of the first tree that includes it, leafIndex + 1: a checkpoint of that size or more is signed within a minute. */
    readonly treeSize: number;
    /** Only after an accepted rollback (a restored backup): the log epoch, which its id derives from. */
    readonly epoch?: string;
  };
}
