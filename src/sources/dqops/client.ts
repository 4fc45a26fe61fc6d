import { UpstreamError } from '../../errors.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../http/upstream-client.js';
import { errorForStatus } from '../../http/upstream-errors.js';
import type { CallContext } from '../source.js';
import { type DqopsUserList, type DqopsUserRolesModel, decodeJson, dqopsUserListSchema, dqopsUserRolesModelSchema, parseWire } from './wire.js';

const LIST_USERS = 'GET /api/users';
const GET_USER = 'GET /api/users/{email}';

/**
 * The DQOps instance endpoints usergraph reads (contracts/dqops README), one method per endpoint.
 * Every method sends `Authorization: Bearer <credential>`, returns wire types and throws only
 * UpstreamError. Reads are idempotent, so identical ones in flight share one call.
 */
export class DqopsClient {
  readonly #http: UpstreamClient;
  #closing: Promise<void> | undefined;

  constructor(http: UpstreamClient) {
    this.#http = http;
  }

  /** The source's config name. */
  get source(): string {
    return this.#http.source;
  }

  /** `GET /api/users`: every user of the account, sorted by email. `[]` when the instance has no cloud key. */
  async listUsers(ctx: CallContext): Promise<DqopsUserList> {
    const res = await this.#get(ctx, '/api/users');
    if (res.status !== 200) throw errorForStatus(this.source, res.status, res.headers);
    const origin = { source: this.source, operation: LIST_USERS, httpStatus: res.status };
    return parseWire(dqopsUserListSchema, decodeJson(res.body, origin), origin);
  }

  /**
   * `GET /api/users/{email}`: the user with exactly this email (DQOps compares emails exactly),
   * or null when there is none. The 404 has an empty body and is never parsed.
   */
  async getUser(ctx: CallContext, email: string): Promise<DqopsUserRolesModel | null> {
    const res = await this.#get(ctx, `/api/users/${encodePathSegment(email)}`);
    if (res.status === 404) return null;
    if (res.status !== 200) throw errorForStatus(this.source, res.status, res.headers);
    const origin = { source: this.source, operation: GET_USER, httpStatus: res.status };
    return parseWire(dqopsUserRolesModelSchema, decodeJson(res.body, origin), origin);
  }

  /** Releases the connection pool; calling it again is harmless. */
  close(): Promise<void> {
    this.#closing ??= this.#http.close();
    return this.#closing;
  }

  /**
   * One request with the caller's bearer token added to `request.headers`; any status is returned
   * as is. For client-writes.ts, which interprets the write endpoints' statuses.
   */
  send(ctx: CallContext, request: UpstreamRequest): Promise<UpstreamResponse> {
    const headers = { ...request.headers, authorization: bearer(ctx.credential, this.source) };
    return this.#http.send({ ...request, headers }, { stats: ctx.stats, signal: ctx.signal, shareInFlight: ctx.fresh !== true });
  }

  #get(ctx: CallContext, path: string): Promise<UpstreamResponse> {
    return this.send(ctx, { method: 'GET', path, idempotent: true });
  }
}

/**
 * contracts/dqops README: the filter splits the header on spaces and wants exactly `Bearer` and
 * one token. An empty token or one with spaces reads as *no* token, which an instance in the
 * default `authentication-method: none` runs as its local admin: refuse it before sending.
 * Control characters would make undici throw, which must not surface as "unavailable".
 */
function bearer(credential: string, source: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters in a header value is the point.
  if (credential === '' || /[\s\x00-\x1f\x7f]/.test(credential)) {
    throw new UpstreamError(
      'UPSTREAM_UNAUTHORIZED',
      `the credential for source "${source}" cannot be sent as a DQOps bearer token: it is empty or contains spaces or control characters`,
      {
        source,
        retryable: false,
      },
    );
  }
  return `Bearer ${credential}`;
}

/**
 * encodeURIComponent, plus the dot segments `.` and `..`, which URL normalization (RFC 3986 5.2.4)
 * would otherwise resolve into another path.
 */
export function encodePathSegment(value: string): string {
  if (value === '.' || value === '..') return value.replace(/\./g, '%2E');
  return encodeURIComponent(value);
}
