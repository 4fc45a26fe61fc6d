import { UpstreamError } from '../../errors.js';
import type { UnifiedUser } from '../model.js';
import type { CallContext } from '../source.js';
import type { WaldurClient } from './client.js';
import type { WaldurUser } from './wire.js';

// Finding the user a call is about: native ids (Waldur uuids) and the fresh reads writes make.

// A native id is Waldur's uuid: 32 hex digits as sent, or the dashed form a client may type.
const UUID_HEX = /^[0-9a-f]{32}$/i;
const UUID_DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 32 lower-case hex digits, as Waldur writes uuids in paths; undefined when it cannot be one. */
export function canonicalUuid(text: string): string | undefined {
  if (!UUID_HEX.test(text) && !UUID_DASHED.test(text)) return undefined;
  return text.replace(/-/g, '').toLowerCase();
}

/** NOT_FOUND for a user id, with no upstream call behind it when the id cannot be a uuid. */
export function userNotFound(source: string, httpStatus?: number): UpstreamError {
  const why = httpStatus === undefined ? ' (a Waldur id is a UUID)' : ` (HTTP ${httpStatus})`;
  return new UpstreamError('NOT_FOUND', `source "${source}" has no user with that id${why}`, {
    source,
    retryable: false,
    ...(httpStatus === undefined ? {} : { httpStatus }),
  });
}

/** The canonical uuid of a native id; NOT_FOUND, before any call, when it cannot be one. */
export function requireUserUuid(source: string, nativeId: string): string {
  const uuid = canonicalUuid(nativeId);
  if (uuid === undefined) throw userNotFound(source);
  return uuid;
}

/** What every write module needs: the source's name, its client, and the mapping to the model. */
export interface WaldurWriteDeps {
  readonly source: string;
  readonly client: WaldurClient;
  readonly map: (wire: WaldurUser) => UnifiedUser;
}

/**
 * `GET /api/users/{uuid}/` for a write: the user as Waldur holds it now. NOT_FOUND (thrown) when
 * Waldur has no such user or the credential cannot see it (a hidden user is a 404 too).
 */
export async function readWireUser(deps: WaldurWriteDeps, ctx: CallContext, uuid: string): Promise<WaldurUser> {
  const wire = await deps.client.getUser(ctx, uuid);
  if (wire === null) throw userNotFound(deps.source, 404);
  return wire;
}

/** readWireUser, mapped: the re-read after a write whose answer holds less than a user. */
export async function readUser(deps: WaldurWriteDeps, ctx: CallContext, uuid: string): Promise<UnifiedUser> {
  return deps.map(await readWireUser(deps, ctx, uuid));
}
