/** The API as the desk calls it: same origin, the desk's key in the Authorization header, never in a URL. */

/** The key was refused: unknown, revoked or expired (401). The desk asks for a key again. */
export class KeyRefused extends Error {}

/** Any other problem the API answered (application/problem+json): its status, stable code and detail. */
export class ApiProblem extends Error {
  constructor(readonly status: number, readonly code: string, readonly detail: string) {
    super(`${status} ${code}: ${detail}`);
  }
}

export async function callApi<T>(key: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  if (response.status === 401) throw new KeyRefused();
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
    throw new ApiProblem(response.status, problem.code ?? 'error', problem.detail ?? response.statusText);
  }
  return (await response.json()) as T;
}

export interface Specialty {
  readonly code: string;
  readonly label: string;
  readonly synonyms: readonly string[];
}

export interface Place {
  readonly code: string;
  readonly name: string;
  readonly kind: 'commune' | 'arrondissement' | 'former-commune';
  readonly label: string;
  readonly department: { readonly code: string; readonly name: string };
  readonly postcodes: readonly string[];
  readonly belongsTo?: { readonly code: string; readonly name: string };
}

export interface Filters {
  sector?: string[];
  acceptsNewPatients?: true;
  languages?: string[];
  wheelchairAccess?: true;
  gender?: 'female' | 'male';
}

export interface Person {
  readonly rank: number;
  readonly civility: string | null;
  readonly lastName: string;
  readonly firstName: string;
  readonly address: string;
  readonly postcode: string;
  readonly city: string;
  readonly phone: string | null;
  readonly distanceKm: number;
}

export interface PreventionAction {
  readonly id: number;
  readonly title: string;
  readonly summary: string;
  readonly url: string;
  readonly startsOn: string;
  readonly endsOn: string;
}

export interface Referral {
  readonly id: string;
  readonly specialty: { readonly code: string; readonly label: string };
  readonly location: { readonly label?: string; readonly lat: number; readonly lon: number };
  readonly radiusKm: number;
  readonly radiusSource: 'ladder' | 'request';
  readonly count: number;
  readonly practitioners: readonly Person[];
  readonly warnings: readonly string[];
  readonly filters?: Filters;
  readonly widenedFromKm?: number;
  readonly parentId?: string;
  readonly audit: { readonly sequence: number; readonly hash: string };
  readonly preventionActions?: readonly PreventionAction[];
}

export interface Verification {
  readonly verified: boolean;
  readonly sequence: number;
}
