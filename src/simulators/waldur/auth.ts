import type { SimRequest, SimResponse } from '../sim-types.js';
import { unauthorized } from './errors.js';
import type { UserRecord } from './records.js';
import type { WaldurState } from './state.js';

export type AuthResult = { kind: 'user'; user: UserRecord } | { kind: 'anonymous' } | { kind: 'failed'; response: SimResponse };

/** authentication.py debounces the sliding `token.created` update to once a minute. */
const MIN_TOKEN_UPDATE_INTERVAL_MS = 60_000;

/**
 * Waldur's `TokenAuthentication` (contracts/waldur README, "Auth"; core/authentication.py):
 *  - `Authorization: Token <key>`, keyword case-insensitive, split on whitespace;
 *  - when the header is absent, `?x-auth-token=` holds the same `Token <key>` text;
 *  - unknown key → "Invalid token.", inactive user → "User inactive or deleted.",
 *    `token.created` older than `token_lifetime` → "Token has expired.";
 *  - a successful request moves `token.created` to now (at most once a minute), so a token
 *    used regularly does not expire.
 * `Bearer` goes to the OIDC authenticator; any other scheme authenticates nobody.
 */
export function authenticate(req: SimRequest, state: WaldurState): AuthResult {
  const header = req.headers['authorization'];
  const raw = (typeof header === 'string' && header !== '' ? header : req.query.get('x-auth-token')) ?? '';
  const parts = raw.split(/\s+/).filter((p) => p !== '');
  if (parts.length === 0) return { kind: 'anonymous' };
  const keyword = (parts[0] ?? '').toLowerCase();
  if (keyword === 'bearer') return oidc(parts);
  if (keyword !== 'token') return { kind: 'anonymous' };
  if (parts.length === 1) return failed('Invalid token. No credentials provided.');
  if (parts.length > 2) return failed('Invalid token. Token string should not contain spaces.');

  const token = state.tokens.get(parts[1] ?? '');
  const user = token && state.users.get(token.user_uuid);
  if (!token || !user) return failed('Invalid token.');
  if (!user.is_active) return failed('User inactive or deleted.');
  const now = state.now();
  if (user.token_lifetime && token.created < now - user.token_lifetime * 1000) return failed('Token has expired.');
  if (token.created < now - MIN_TOKEN_UPDATE_INTERVAL_MS) token.created = now;
  return { kind: 'user', user };
}

/**
 * The OIDC authenticator reads the JWT payload without checking its signature, then asks an
 * introspection endpoint the simulator does not have: a non-JWT is "Invalid JWT token.",
 * a JWT fails as an unconfigured deployment would.
 */
function oidc(parts: string[]): AuthResult {
  if (parts.length === 1) return failed('Invalid token. No credentials provided.');
  if (parts.length > 2) return failed('Invalid token. Token string should not contain spaces.');
  const [header = '', payload = '', ...rest] = (parts[1] ?? '').split('.');
  if (rest.length !== 1 || !isJsonSegment(header) || !isJsonSegment(payload)) return failed('Invalid JWT token.');
  return failed('Introspection configuration is incomplete.');
}

function isJsonSegment(segment: string): boolean {
  try {
    JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function failed(message: string): AuthResult {
  return { kind: 'failed', response: unauthorized(message) };
}
