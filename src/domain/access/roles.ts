import { createHash } from 'node:crypto';

/** Who may do what (issue 5): each operation of openapi.yaml lists its roles in `x-roles`. */
export const ROLES = ['agent', 'auditor', 'importer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The caller a valid key stands for: a name such as `desk-12`, never a person. */
export interface Caller {
  readonly name: string;
  readonly role: Role;
}

/** Keys are stored as their SHA-256: enough for 256-bit random keys, and constant-time to look up by index. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Key names: short, printable, no spaces, so that they read well in logs and listings. */
export function keyNameProblem(name: string): string | null {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name) ? null : `key name "${name}" must be 1 to 64 letters, digits, dots, dashes or underscores`;
}
