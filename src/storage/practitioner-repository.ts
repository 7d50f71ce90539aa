import type { IndexEntry, PractitionerShown } from '../domain/geo/site-index.js';
import type { Practitioner, PractitionerStatus, ProposedPractitioner, Site } from '../domain/model.js';
import { UNKNOWN_ATTRIBUTES, type Gender, type PractitionerAttributes } from '../domain/filters/referral-filters.js';
import { personHash, siteHash } from '../domain/import/row-hash.js';
import type { StagedPerson } from '../domain/import/staged-row.js';
import { normaliseName } from '../domain/practitioners/normalise-name.js';
import type { Db } from './database.js';
import { toAttributes, toPractitioner, type AttributeColumns, type PractitionerRow, type SiteRow } from './practitioner-rows.js';

/** A practitioner as the search index shows them, with what decides where and how they are counted. */
export type PractitionerStanding = PractitionerShown & { readonly specialty: string; readonly status: PractitionerStatus };

/** A site to store: everything but the id the database gives it. */
export type NewSite = Omit<Site, 'id'>;

/** A person to store with their sites; gender unknown unless given. */
export interface NewPractitioner extends Omit<StagedPerson, 'gender'> {
  readonly gender?: Gender | null;
  readonly sites: readonly NewSite[];
}

export interface PractitionerQuery {
  readonly nationalId?: string;
  readonly namePrefix?: string;
  readonly postcode?: string;
  readonly specialty?: string;
  readonly page: number;
  readonly pageSize: number;
}

export interface PractitionerRepository {
  /** Adds people with their sites, in one transaction. */
  insertMany(practitioners: readonly NewPractitioner[], now: Date): void;
  countAll(): number;
  /** Sets the status of the people with these national ids, in one transaction; returns how many changed. */
  setStatus(nationalIds: readonly string[], status: PractitionerStatus, now: Date): number;
  findById(id: number): Practitioner | undefined;
  search(query: PractitionerQuery): { items: Practitioner[]; total: number };
  /**
   * Every geocoded site of an active or suspended practitioner (those marked `isSuspended`, so
   * that resuming them needs no rebuild), grouped by specialty code.
   */
  indexedSitesBySpecialty(): Map<string, IndexEntry[]>;
  /**
   * The same for the next `pageSize` active or suspended practitioners of one specialty with an id
   * above `afterId`, and the id to continue after (null when no practitioner is left).
   */
  indexedSitesPage(specialty: string, afterId: number, pageSize: number): { sites: IndexEntry[]; lastId: number | null };
  /** How the index shows one practitioner as they now stand, with their specialty and status; undefined for an unknown id. */
  shownInIndex(id: number): PractitionerStanding | undefined;
  /** A number that changes whenever the directory does, in any process (imports, status changes). */
  revision(): number;
  /** Sites with the person practising there, as a referral shows them, keyed by site id. */
  describeSites(siteIds: readonly number[]): Map<number, SiteDescription>;
  /** "LAST First" of each national id the directory holds, whatever their status, keyed by national id. */
  namesOf(nationalIds: readonly string[]): Map<string, string>;
}

/** What a referral shows of a proposed practitioner at one of their sites (the rest comes from the search). */
export type SiteDescription = Omit<ProposedPractitioner, 'rank' | 'id' | 'lat' | 'lon' | 'distanceKm'> & {
  readonly practitionerId: number;
};

const PRACTITIONER_COLUMNS = `p.id, p.national_id, p.civility, p.last_name, p.first_name, p.profession_code,
  sp.profession_label, p.specialty_code, p.status, p.suspension_reason, p.suspended_until, p.suspended_since, p.suspended_by,
  p.gender, a.sector, a.accepts_new_patients, a.languages, a.wheelchair_access`;
const WITH_ATTRIBUTES = 'LEFT JOIN practitioner_attributes a ON a.practitioner_id = p.id';

export function createPractitionerRepository(db: Db): PractitionerRepository {
  const insertPractitioner = db.prepare(
    `INSERT INTO practitioners (national_id, civility, last_name, first_name, search_name, profession_code,
       specialty_code, status, created_at, updated_at, row_hash, gender) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
  );
  const insertSite = db.prepare(
    `INSERT INTO sites (practitioner_id, structure_id, address, postcode, commune_code, city, phone, lat, lon, precision, row_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const countAll = db.prepare('SELECT COUNT(*) FROM practitioners').pluck();
  const byId = db.prepare(
    `SELECT ${PRACTITIONER_COLUMNS} FROM practitioners p JOIN specialties sp ON sp.code = p.specialty_code ${WITH_ATTRIBUTES} WHERE p.id = ?`,
  );
  // Sites the registry no longer lists are kept for past referrals but are no longer shown.
  const sitesOf = db.prepare('SELECT * FROM sites WHERE practitioner_id = ? AND active = 1 ORDER BY id');
  const INDEXED_SITES = `SELECT p.specialty_code AS specialty, p.id AS practitionerId, p.national_id AS nationalId, s.id AS siteId, s.lat, s.lon,
       p.status = 'suspended' AS suspended, p.gender, a.sector, a.accepts_new_patients, a.languages, a.wheelchair_access
     FROM practitioners p JOIN sites s ON s.practitioner_id = p.id ${WITH_ATTRIBUTES}
     WHERE p.status IN ('active', 'suspended') AND s.active = 1 AND s.lat IS NOT NULL AND s.lon IS NOT NULL`;
  const indexedSites = db.prepare(INDEXED_SITES);
  const pageEnd = db.prepare(
    `SELECT MAX(id) FROM (SELECT id FROM practitioners WHERE specialty_code = ? AND status IN ('active', 'suspended') AND id > ? ORDER BY id LIMIT ?)`,
  ).pluck();
  const indexedSitesBetween = db.prepare(`${INDEXED_SITES} AND p.specialty_code = ? AND p.id > ? AND p.id <= ?`);
  const shownRow = db.prepare(
    `SELECT p.id AS practitionerId, p.specialty_code AS specialty, p.status, p.gender, a.sector, a.accepts_new_patients, a.languages, a.wheelchair_access
     FROM practitioners p ${WITH_ATTRIBUTES} WHERE p.id = ?`,
  );
  const revision = db.prepare('SELECT revision FROM directory_revision').pluck();
  const bumpRevision = db.prepare('UPDATE directory_revision SET revision = revision + 1');

  // One statement for all the proposed: walk the ids, then a primary-key look-up each.
  const describe = db.prepare(
    `SELECT p.id AS practitionerId, p.national_id AS nationalId, p.civility, p.last_name AS lastName, p.first_name AS firstName,
       p.specialty_code AS specialty, s.id AS siteId, s.address, s.postcode, s.city, s.phone
     FROM json_each(?) j CROSS JOIN sites s ON s.id = j.value CROSS JOIN practitioners p ON p.id = s.practitioner_id`,
  );

  // One statement per batch: the ids go in as one JSON array, each a look-up on the unique index.
  const names = db.prepare(
    `SELECT p.national_id AS nationalId, p.last_name AS lastName, p.first_name AS firstName
     FROM json_each(?) j CROSS JOIN practitioners p ON p.national_id = j.value`,
  );

  const insertMany = db.transaction((practitioners: readonly NewPractitioner[], now: Date) => {
    const stamp = now.toISOString();
    for (const p of practitioners) {
      const { lastInsertRowid } = insertPractitioner.run(p.nationalId, p.civility, p.lastName, p.firstName,
        normaliseName(`${p.lastName} ${p.firstName}`), p.professionCode, p.specialtyCode, stamp, stamp, personHash({ ...p, gender: p.gender ?? null }), p.gender ?? null);
      for (const s of p.sites) {
        insertSite.run(lastInsertRowid, s.structureId, s.address, s.postcode, s.communeCode, s.city, s.phone, s.lat, s.lon, s.precision, siteHash(s));
      }
    }
    bumpRevision.run();
  });

  const updateStatus = db.prepare('UPDATE practitioners SET status = ?, updated_at = ? WHERE national_id = ? AND status <> ?');
  const setStatus = db.transaction((nationalIds: readonly string[], status: PractitionerStatus, now: Date) => {
    const changed = nationalIds.reduce((sum, nationalId) => sum + updateStatus.run(status, now.toISOString(), nationalId, status).changes, 0);
    if (changed > 0) bumpRevision.run();
    return changed;
  });

  function withSites(row: PractitionerRow): Practitioner {
    return toPractitioner(row, sitesOf.all(row.id) as SiteRow[]);
  }

  return {
    insertMany,
    setStatus,
    countAll: () => countAll.get() as number,
    findById(id) {
      const row = byId.get(id) as PractitionerRow | undefined;
      return row && withSites(row);
    },
    namesOf(nationalIds) {
      const found = new Map<string, string>();
      const rows = names.all(JSON.stringify(nationalIds)) as { nationalId: string; lastName: string; firstName: string }[];
      for (const row of rows) found.set(row.nationalId, `${row.lastName.toUpperCase()} ${row.firstName}`);
      return found;
    },
    search(query) {
      const { where, params } = searchFilter(query);
      const total = db.prepare(`SELECT COUNT(*) FROM practitioners p WHERE ${where}`).pluck().get(...params) as number;
      const rows = db
        .prepare(
          `SELECT ${PRACTITIONER_COLUMNS} FROM practitioners p JOIN specialties sp ON sp.code = p.specialty_code ${WITH_ATTRIBUTES}
           WHERE ${where} ORDER BY p.search_name, p.national_id LIMIT ? OFFSET ?`,
        )
        .all(...params, query.pageSize, (query.page - 1) * query.pageSize) as PractitionerRow[];
      return { items: rows.map(withSites), total };
    },
    indexedSitesBySpecialty() {
      const bySpecialty = new Map<string, IndexEntry[]>();
      for (const row of indexedSites.iterate() as Iterable<IndexedSiteRow>) {
        const { specialty, ...site } = toIndexEntry(row);
        const list = bySpecialty.get(specialty) ?? [];
        if (list.length === 0) bySpecialty.set(specialty, list);
        list.push(site);
      }
      return bySpecialty;
    },
    indexedSitesPage(specialty, afterId, pageSize) {
      const lastId = pageEnd.get(specialty, afterId, pageSize) as number | null;
      if (lastId === null) return { sites: [], lastId };
      const rows = indexedSitesBetween.all(specialty, afterId, lastId) as IndexedSiteRow[];
      return { sites: rows.map((row) => { const { specialty: _, ...site } = toIndexEntry(row); return site; }), lastId };
    },
    shownInIndex(id) {
      const row = shownRow.get(id) as (AttributeColumns & { practitionerId: number; specialty: string; status: PractitionerStatus }) | undefined;
      if (!row) return undefined;
      const { practitionerId, specialty, status } = row;
      return { practitionerId, specialty, status, isListed: status === 'active', attributes: indexedAttributes(row) };
    },
    revision: () => revision.get() as number,
    describeSites(siteIds) {
      const rows = describe.all(JSON.stringify(siteIds)) as SiteDescription[];
      return new Map(rows.map((row) => [row.siteId, row]));
    },
  };
}

type IndexedSiteRow = Omit<IndexEntry, 'attributes' | 'isSuspended'> & AttributeColumns & { specialty: string; suspended: 0 | 1 };

/** Shared, so that the many sites with nothing known about them hold no object of their own. */
const KNOWN_GENDER_ONLY = { female: { ...UNKNOWN_ATTRIBUTES, gender: 'female' }, male: { ...UNKNOWN_ATTRIBUTES, gender: 'male' } } as const;

function toIndexEntry(row: IndexedSiteRow): IndexEntry & { specialty: string } {
  const { specialty, practitionerId, nationalId, siteId, lat, lon, suspended } = row;
  const attributes = indexedAttributes(row);
  // Set only when so (no `attributes: undefined`), to keep a million entries small.
  return { specialty, practitionerId, nationalId, siteId, lat, lon, ...(attributes !== undefined && { attributes }), ...(suspended === 1 && { isSuspended: true }) };
}

/** What the index holds of a practitioner's attributes: one and the same rule for a rebuild and a status change. */
function indexedAttributes(row: AttributeColumns): PractitionerAttributes | undefined {
  const { gender, sector, accepts_new_patients, languages, wheelchair_access } = row;
  const declared = sector !== null || accepts_new_patients !== null || (languages ?? '') !== '' || wheelchair_access !== null;
  return declared ? toAttributes(row) : gender === null ? undefined : KNOWN_GENDER_ONLY[gender];
}

/** The WHERE clause of a look-up: filters combine with AND; the name is a prefix of "last first". */
function searchFilter(query: PractitionerQuery): { where: string; params: string[] } {
  const clauses = ['1 = 1'];
  const params: string[] = [];
  if (query.nationalId !== undefined) {
    clauses.push('p.national_id = ?');
    params.push(query.nationalId);
  }
  if (query.namePrefix !== undefined) {
    // A range on the folded name uses its index, where LIKE would not.
    clauses.push('p.search_name >= ? AND p.search_name < ?');
    const prefix = normaliseName(query.namePrefix);
    params.push(prefix, `${prefix}\uffff`);
  }
  if (query.postcode !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM sites s WHERE s.practitioner_id = p.id AND s.active = 1 AND s.postcode = ?)');
    params.push(query.postcode);
  }
  if (query.specialty !== undefined) {
    clauses.push('p.specialty_code = ?');
    params.push(query.specialty);
  }
  return { where: clauses.join(' AND '), params };
}
