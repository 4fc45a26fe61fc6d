import type { SimRequest, SimResponse } from '../sim-types.js';
import { rocksetError } from './errors.js';
import { type Privilege, rolesGrant } from './roles.js';
import type { RocksetStore } from './state.js';
import type { StoredUser } from './wire.js';

export type AuthResult = { ok: true; caller: StoredUser } | { ok: false; response: SimResponse };

/**
 * Reads `Authorization: ApiKey <key>` (the spec's `info.description`; `rocksetConfigure` sends
 * exactly that). The scheme is matched case-insensitively, as RFC 9110 says schemes are; the key
 * is not. Anything else is a 401 AUTHEXCEPTION, and so is the key of a deleted user.
 */
export function authenticate(req: SimRequest, store: RocksetStore): AuthResult {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === '') {
    return { ok: false, response: rocksetError(401, 'AUTHEXCEPTION', 'No API key provided. Set the Authorization header to "ApiKey <api_key>".') };
  }
  const match = /^\s*apikey\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    return { ok: false, response: rocksetError(401, 'AUTHEXCEPTION', 'Malformed Authorization header: expected "ApiKey <api_key>".') };
  }
  const caller = store.userForApiKey(match[1] ?? '');
  if (!caller) {
    // The key itself is never echoed back.
    return { ok: false, response: rocksetError(401, 'AUTHEXCEPTION', 'The API key provided is invalid.') };
  }
  return { ok: true, caller };
}

/** A 403 FORBIDDEN unless one of the caller's roles grants the privilege. */
export function authorize(caller: StoredUser, privilege: Privilege): SimResponse | undefined {
  if (rolesGrant(caller.roles, privilege)) return undefined;
  return rocksetError(403, 'FORBIDDEN', `User ${caller.email} does not have the ${privilege} privilege required for this operation.`);
}

/** A route handler that runs for an authenticated caller. */
export type CallerHandler = (req: SimRequest, params: Readonly<Record<string, string>>, store: RocksetStore, caller: StoredUser) => SimResponse;
