import type { Gazetteer } from '../geo/gazetteer.js';
import type { Precision } from '../geo/gazetteer-snapshot.js';

/** Where a row says a site is, before geocoding; any part may be empty. */
export interface SitePlace {
  readonly communeCode: string;
  readonly postcode: string;
  readonly city: string;
  /** The registry's `Bureau cedex` distribution line, "POSTCODE CITY", used when the rest is missing. */
  readonly distributionLine: string;
}

export interface GeocodedPlace {
  readonly lat: number | null;
  readonly lon: number | null;
  readonly precision: Precision;
  readonly postcode: string;
  readonly communeCode: string | null;
  readonly city: string;
}

/**
 * Geocodes a site with the offline gazetteer in the order rpps-extract.md gives: the INSEE
 * commune code first, then the postcode with the commune's name, then the distribution line
 * (CEDEX postcodes belong to no commune, so its name is looked for in the department), then the
 * postcode alone. Whatever the row lacks is filled in from the place found.
 */
export function geocodeSite(place: SitePlace, gazetteer: Gazetteer): GeocodedPlace {
  const byCode = place.communeCode === '' ? undefined : gazetteer.findByCommuneCode(place.communeCode);
  const distribution = parseDistributionLine(place.distributionLine);
  const postcode = place.postcode !== '' ? place.postcode : (distribution?.postcode ?? '');
  const city = place.city !== '' ? place.city : (distribution?.city ?? '');
  const match = byCode
    ?? (place.postcode !== '' && place.city !== '' ? gazetteer.findByPostcodeAndName(place.postcode, place.city) : undefined)
    ?? (distribution ? gazetteer.findByPostcodeAndName(distribution.postcode, distribution.city) : undefined)
    ?? (postcode !== '' ? gazetteer.findByPostcode(postcode) : undefined);
  const communeCode = place.communeCode !== '' ? place.communeCode : (match?.precision === 'commune' ? match.communeCode : null);
  if (!match) return { lat: null, lon: null, precision: 'none', postcode, communeCode, city };
  return { lat: match.lat, lon: match.lon, precision: match.precision, postcode, communeCode, city: city !== '' ? city : match.name };
}

/** "78009 VERSAILLES CEDEX" → postcode and city; undefined when the line is not of that form. */
export function parseDistributionLine(line: string): { postcode: string; city: string } | undefined {
  const match = /^(\d{5})\s+(.+)$/.exec(line.trim());
  return match ? { postcode: match[1] as string, city: (match[2] as string).trim() } : undefined;
}
