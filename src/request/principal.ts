import type { Role } from '../config/config-schema.js';

/** Who is calling, once authenticated. Never holds the credential itself. */
export interface Principal {
  /** `apikey:<name>`, `jwt:<sub>` or `anonymous`: what audit events and request logs name. */
  readonly id: string;
  readonly role: Role;
  /** Source names or `*` patterns this caller may use; null for every source. */
  readonly sources: readonly string[] | null;
  /** May read fields holding personal data (admins always may). */
  readonly pii?: boolean;
}

const RANK: Record<Role, number> = { viewer: 0, admin: 1 };

/** Whether `role` includes everything `needed` may do (admin includes viewer). */
export function roleIncludes(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** The higher of two roles. */
export function higherRole(a: Role | undefined, b: Role): Role {
  return a !== undefined && RANK[a] >= RANK[b] ? a : b;
}

/** Whether the caller may see and use the source named `name`. */
export function mayUseSource(principal: Principal, name: string): boolean {
  return principal.sources === null || principal.sources.some((pattern) => matchesPattern(pattern, name));
}

/** `*` matches any run of characters; everything else is literal. */
export function matchesPattern(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return regex.test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whose limits a request spends: the principal, or the client address when anonymous. */
export function rateKeyOf(principal: Principal, client: string): string {
  return principal.id === 'anonymous' ? `anonymous@${client}` : principal.id;
}
