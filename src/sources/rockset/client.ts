import type { z } from 'zod/v4';
import type { HttpMethod, UpstreamClient, UpstreamResponse } from '../../http/upstream-client.js';
import { errorForStatus } from '../../http/upstream-errors.js';
import { authorizationHeader } from '../kit/header-credential.js';
import { parseWireBody } from '../kit/wire.js';
import type { CallContext } from '../source.js';
import {
  type RocksetUnsubscribePreference,
  type RocksetUser,
  rocksetListUnsubscribePreferencesResponseSchema,
  rocksetListUsersResponseSchema,
  rocksetUserSchema,
} from './wire.js';

/** The users collection; the writes (client-writes.ts) build their paths on it too. */
export const USERS = '/v1/orgs/self/users';

/**
 * The Rockset user-management calls the gateway reads with, one method per endpoint
 * (contracts/rockset README "Endpoints"). Every success is 200; any other status becomes the
 * shared UpstreamError for it, except where a method says otherwise. All reads are idempotent GETs,
 * so identical ones in flight are shared by the UpstreamClient.
 */
export class RocksetClient {
  readonly #http: UpstreamClient;

  constructor(http: UpstreamClient) {
    this.#http = http;
  }

  /** The source's config name, as errors and stats name it. */
  get source(): string {
    return this.#http.source;
  }

  /** GET /v1/orgs/self/users → `ListUsersResponse.data`; an absent `data` (the spec makes it optional) is no users. */
  async listUsers(ctx: CallContext): Promise<RocksetUser[]> {
    const res = await this.#get(ctx, USERS);
    return this.parse(rocksetListUsersResponseSchema, this.#ok(res), 'GET /v1/orgs/self/users (ListUsersResponse)').data ?? [];
  }

  /**
   * GET /v1/orgs/self/users/{user} → a bare `User`, or null on 404. `email` is percent-encoded as
   * the JS client does (`encodeURIComponent`). The caller keeps `self` away from here: that
   * segment is the current-user route, not a user. `fresh` never shares a GET already in flight.
   */
  async getUser(ctx: CallContext, email: string, options: { fresh?: boolean } = {}): Promise<RocksetUser | null> {
    // `fresh`: a read-modify-write must not join a GET already in flight, which the server may
    // have answered before the last write landed (the gateway sets ctx.fresh for every write too).
    const res = await this.#get(options.fresh ? { ...ctx, fresh: true } : ctx, `${USERS}/${encodeURIComponent(email)}`);
    // 404 NOTFOUND is "no such user". Unsure: a wrong base URL also answers 404, and looks the
    // same; listUsers would fail loudly on it.
    if (res.status === 404) return null;
    return this.parse(rocksetUserSchema, this.#ok(res), 'GET /v1/orgs/self/users/{user} (User)');
  }

  /** GET /v1/orgs/self/users/self → the credential's owner as a bare `User`. */
  async getCurrentUser(ctx: CallContext): Promise<RocksetUser> {
    const res = await this.#get(ctx, `${USERS}/self`);
    return this.parse(rocksetUserSchema, this.#ok(res), 'GET /v1/orgs/self/users/self (User)');
  }

  /** GET /v1/orgs/self/users/self/preferences → the owner's `UnsubscribePreference`s; an absent `data` is none. */
  async listUnsubscribePreferences(ctx: CallContext): Promise<RocksetUnsubscribePreference[]> {
    const res = await this.#get(ctx, `${USERS}/self/preferences`);
    return (
      this.parse(
        rocksetListUnsubscribePreferencesResponseSchema,
        this.#ok(res),
        'GET /v1/orgs/self/users/self/preferences (ListUnsubscribePreferencesResponse)',
      ).data ?? []
    );
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  /**
   * One call with the credential in Rockset's header, any status answered as is: for the writes
   * (client-writes.ts), which read their own error answers. A `body` is sent as JSON. `idempotent`
   * as the UpstreamClient means it: false for a POST that must not be sent twice.
   */
  send(
    ctx: CallContext,
    request: { method: HttpMethod; path: string; body?: unknown; idempotent: boolean; headers?: Record<string, string> },
  ): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { ...request.headers, authorization: authorizationHeader('ApiKey', ctx.credential, this.source) };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    // Every key present, in the order the other vendors' clients use (waldur/client-transport.ts).
    return this.#http.send(
      { method: request.method, path: request.path, query: undefined, headers, body, idempotent: request.idempotent },
      { stats: ctx.stats, signal: ctx.signal, shareInFlight: ctx.fresh !== true, probe: ctx.probe === true },
    );
  }

  #get(ctx: CallContext, path: string): Promise<UpstreamResponse> {
    return this.send(ctx, { method: 'GET', path, idempotent: true });
  }

  /** Only 200 is a success in Rockset's API; a 201 or 204 would be a vendor we do not know. */
  #ok(res: UpstreamResponse): UpstreamResponse {
    if (res.status !== 200) throw errorForStatus(this.source, res.status, res.headers);
    return res;
  }

  /** A 200's body read as `schema`; `operation` names the route and the shape in errors. */
  parse<T>(schema: z.ZodType<T>, res: UpstreamResponse, operation: string): T {
    return parseWireBody(schema, res.body, { source: this.source, operation, httpStatus: res.status });
  }
}
