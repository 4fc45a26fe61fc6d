import { badUserInput } from '../errors.js';

const USER_PREFIX = 'User:';

/**
 * A user's global id: opaque to clients, stable for as long as the source keeps its name and the
 * vendor its key. base64url of `User:<source>:<nativeId>`; source names cannot contain ':'.
 */
export function encodeUserId(source: string, nativeId: string): string {
  return Buffer.from(`${USER_PREFIX}${source}:${nativeId}`, 'utf8').toString('base64url');
}

export interface DecodedUserId {
  type: 'User';
  source: string;
  nativeId: string;
}

/** Decodes a global id; anything that is not one of ours is BAD_USER_INPUT naming the argument. */
export function decodeGlobalId(id: string, argument = 'id'): DecodedUserId {
  const invalid = () => badUserInput(`${argument} is not a usergraph id (ids come from User.id): ${JSON.stringify(id.slice(0, 80))}`, argument.split('.')[0]);
  if (id.length === 0 || id.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(id)) throw invalid();
  const text = Buffer.from(id, 'base64url').toString('utf8');
  if (!text.startsWith(USER_PREFIX)) throw invalid();
  const rest = text.slice(USER_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) throw invalid();
  // Re-encoding must give the same id back, so two spellings never name one user.
  const decoded: DecodedUserId = { type: 'User', source: rest.slice(0, colon), nativeId: rest.slice(colon + 1) };
  if (encodeUserId(decoded.source, decoded.nativeId) !== id) throw invalid();
  return decoded;
}
