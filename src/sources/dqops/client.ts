import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../http/upstream-client.js';
import { errorForStatus } from '../../http/upstream-errors.js';
import { authorizationHeader } from '../kit/header-credential.js';
import { parseWireBody } from '../kit/wire.js';
import type { CallContext } from '../source.js';
import { type DqopsUserList, type DqopsUserRolesModel, dqopsUserListSchema, dqopsUserRolesModelSchema } from './wire.js';

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
    return parseWireBody(dqopsUserListSchema, res.body, { source: this.source, operation: LIST_USERS, httpStatus: res.status });
  }

  /**
   * `GET /api/users/{email}`: the user with exactly this email (DQOps compares emails exactly),
   * or null when there is none. The 404 has an empty body and is never parsed.
   */
  async getUser(ctx: CallContext, email: string): Promise<DqopsUserRolesModel | null> {
    const res = await this.#get(ctx, `/api/users/${encodePathSegment(email)}`);
    if (res.status === 404) return null;
    if (res.status !== 200) throw errorForStatus(this.source, res.status, res.headers);
    return parseWireBody(dqopsUserRolesModelSchema, res.body, { source: this.source, operation: GET_USER, httpStatus: res.status });
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
    const authorization = authorizationHeader('Bearer', ctx.credential, this.source);
    const headers = request.headers ? { ...request.headers, authorization } : { authorization };
    // Every key present, in the order the other vendors' clients use (waldur/client-transport.ts).
    return this.#http.send(
      { method: request.method, path: request.path, query: request.query, headers, body: request.body, idempotent: request.idempotent },
      { stats: ctx.stats, signal: ctx.signal, shareInFlight: ctx.fresh !== true, probe: ctx.probe === true },
    );
  }

  #get(ctx: CallContext, path: string): Promise<UpstreamResponse> {
    return this.send(ctx, { method: 'GET', path, idempotent: true });
  }
}

/**
 * encodeURIComponent, plus the dot segments `.` and `..`, which URL normalization (RFC 3986 5.2.4)
 * would otherwise resolve into another path.
 */
export function encodePathSegment(value: string): string {
  if (value === '.' || value === '..') return value.replace(/\./g, '%2E');
  return encodeURIComponent(value);
}
