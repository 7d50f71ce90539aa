import type { Gender, PractitionerAttributes, Sector } from '../domain/filters/referral-filters.js';
import type { Practitioner, PractitionerStatus, Site } from '../domain/model.js';

/** Column names as the schema writes them; mapped to the camelCase model here and nowhere else. */
export interface PractitionerRow {
  id: number;
  national_id: string;
  civility: string | null;
  last_name: string;
  first_name: string;
  profession_code: string;
  profession_label: string;
  specialty_code: string;
  status: PractitionerStatus;
  suspension_reason: string | null;
  suspended_until: string | null;
  suspended_since: string | null;
  suspended_by: string | null;
  gender: Gender | null;
  sector: Sector | null;
  accepts_new_patients: number | null;
  languages: string | null;
  wheelchair_access: number | null;
}

/** The attribute columns of a practitioner row (practitioners.gender, practitioner_attributes.*). */
export type AttributeColumns = Pick<PractitionerRow, 'gender' | 'sector' | 'accepts_new_patients' | 'languages' | 'wheelchair_access'>;

export function toAttributes(row: AttributeColumns): PractitionerAttributes {
  const flag = (value: number | null) => (value === null ? null : value === 1);
  return {
    sector: row.sector, acceptsNewPatients: flag(row.accepts_new_patients),
    languages: row.languages ? row.languages.split(',') : [], wheelchairAccess: flag(row.wheelchair_access), gender: row.gender,
  };
}

export interface SiteRow {
  id: number;
  practitioner_id: number;
  structure_id: string;
  address: string;
  postcode: string;
  commune_code: string | null;
  city: string;
  phone: string | null;
  lat: number | null;
  lon: number | null;
  precision: Site['precision'];
}

export function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    structureId: row.structure_id,
    address: row.address,
    postcode: row.postcode,
    communeCode: row.commune_code,
    city: row.city,
    phone: row.phone,
    lat: row.lat,
    lon: row.lon,
    precision: row.precision,
  };
}

export function toPractitioner(row: PractitionerRow, sites: readonly SiteRow[]): Practitioner {
  return {
    id: row.id,
    nationalId: row.national_id,
    civility: row.civility,
    lastName: row.last_name,
    firstName: row.first_name,
    profession: { code: row.profession_code, label: row.profession_label },
    specialty: row.specialty_code,
    status: row.status,
    attributes: toAttributes(row),
    ...(row.status === 'suspended' && row.suspension_reason !== null && {
      suspension: { reason: row.suspension_reason, until: row.suspended_until, since: row.suspended_since ?? '', by: row.suspended_by ?? '' },
    }),
    sites: sites.map(toSite),
  };
}
