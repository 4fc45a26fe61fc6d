import type { SimRequest, SimResponse } from '../sim-types.js';
import { emptyStatus } from './errors.js';
import type { DqopsRole } from './seed.js';
import type { DqopsState } from './state.js';

/**
 * How the instance authenticates a request with no bearer token (contracts/dqops README):
 * - `none`: DQOps' default `authentication-method: none` (local single-user mode); the request
 *   runs as the local admin.
 * - `dqops_cloud`: as with `dqops_cloud`/`oauth2`; `/api/**` without a token (or a
 *   `DQOAccessToken` cookie, which the simulator does not issue) is a 401 with an empty body.
 * A token that is present but wrong is a 401 in both modes.
 */
export type DqopsAuthMode = 'none' | 'dqops_cloud';

/** DqoPermissionGrantedAuthorities as the contracts/dqops README lists them per account role. */
export type DqopsPermission = 'manage_account' | 'edit' | 'operate' | 'view';

const AUTHORITIES: Readonly<Record<DqopsRole, readonly DqopsPermission[]>> = {
  admin: ['manage_account', 'edit', 'operate', 'view'],
  editor: ['edit', 'operate', 'view'],
  operator: ['operate', 'view'],
  viewer: ['view'],
  none: [],
};

export interface DqopsPrincipal {
  /** The user the request acts as; null for a local admin with no user record. */
  email: string | null;
  role: DqopsRole;
  /** Who to name in the request log (never a credential). */
  actor: string;
}

export type AuthOutcome = { ok: true; principal: DqopsPrincipal } | { ok: false; response: SimResponse };

export function hasPermission(principal: DqopsPrincipal, permission: DqopsPermission): boolean {
  return AUTHORITIES[principal.role].includes(permission);
}

/**
 * AuthenticateWithDqoCloudWebFilter: one Authorization header, split on spaces as commons-lang
 * `StringUtils.split` does (runs of spaces are one separator, no empty tokens), exactly two
 * tokens, the first exactly `Bearer`. Anything else counts as no token at all.
 * contracts/dqops README: surrounding double quotes are stripped from the token.
 */
export function extractBearerToken(req: SimRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const tokens = header.split(' ').filter((t) => t !== '');
  const [scheme, token, ...rest] = tokens;
  if (scheme !== 'Bearer' || token === undefined || rest.length > 0) return undefined;
  return token.length >= 2 && token.startsWith('"') && token.endsWith('"') ? token.slice(1, -1) : token;
}

/**
 * Resolves the caller. A key acts as its user with that user's current account role; a key
 * whose user has since been deleted no longer authenticates (an assumption: the real server
 * verifies a locally issued key by its signature, and what it does for a deleted user is not known).
 */
export function authenticate(req: SimRequest, state: DqopsState, mode: DqopsAuthMode): AuthOutcome {
  const token = extractBearerToken(req);
  if (token !== undefined) {
    const email = state.emailForKey(token);
    const user = email === undefined ? undefined : state.find(email);
    if (!user) return { ok: false, response: emptyStatus(401) };
    return { ok: true, principal: { email: user.email, role: user.accountRole, actor: user.email } };
  }
  if (mode === 'dqops_cloud') return { ok: false, response: emptyStatus(401) };
  return { ok: true, principal: localAdmin(state) };
}

/**
 * The single-user local admin of `authentication-method: none`. Its user name comes from the
 * instance's DQOps Cloud pairing key, which the seed format has no place for, so the simulator
 * takes the first seeded admin (by email); with none, the admin has no user record.
 */
function localAdmin(state: DqopsState): DqopsPrincipal {
  const admin = state.list().find((u) => u.accountRole === 'admin');
  return { email: admin?.email ?? null, role: 'admin', actor: admin ? `${admin.email} (local admin)` : 'local admin' };
}
