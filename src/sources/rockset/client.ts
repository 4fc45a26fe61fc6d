import { UpstreamError } from '../../errors.js';
import type { UpstreamClient, UpstreamResponse } from '../../http/upstream-client.js';
import { errorForStatus } from '../../http/upstream-errors.js';
import type { CallContext } from '../source.js';
import { parseWire } from './parse-wire.js';
import {
  rocksetListUnsubscribePreferencesResponseSchema,
  rocksetListUsersResponseSchema,
  rocksetUserSchema,
  type RocksetUnsubscribePreference,
  type RocksetUser,
} from './wire.js';

const USERS = '/v1/orgs/self/users';

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
    return parseWire(this.source, 'ListUsersResponse', rocksetListUsersResponseSchema, this.#ok(res)).data ?? [];
  }

  /**
   * GET /v1/orgs/self/users/{user} → a bare `User`, or null on 404. `email` is percent-encoded as
   * the JS client does (`encodeURIComponent`). The caller keeps `self` away from here: that
   * segment is the current-user route, not a user.
   */
  async getUser(ctx: CallContext, email: string): Promise<RocksetUser | null> {
    const res = await this.#get(ctx, `${USERS}/${encodeURIComponent(email)}`);
    // 404 NOTFOUND is "no such user". Unsure: a wrong base URL also answers 404, and looks the
    // same; listUsers would fail loudly on it.
    if (res.status === 404) return null;
    return parseWire(this.source, 'User', rocksetUserSchema, this.#ok(res));
  }

  /** GET /v1/orgs/self/users/self → the credential's owner as a bare `User`. */
  async getCurrentUser(ctx: CallContext): Promise<RocksetUser> {
    const res = await this.#get(ctx, `${USERS}/self`);
    return parseWire(this.source, 'User', rocksetUserSchema, this.#ok(res));
  }

  /** GET /v1/orgs/self/users/self/preferences → the owner's `UnsubscribePreference`s; an absent `data` is none. */
  async listUnsubscribePreferences(ctx: CallContext): Promise<RocksetUnsubscribePreference[]> {
    const res = await this.#get(ctx, `${USERS}/self/preferences`);
    return parseWire(this.source, 'ListUnsubscribePreferencesResponse', rocksetListUnsubscribePreferencesResponseSchema, this.#ok(res)).data ?? [];
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  #get(ctx: CallContext, path: string): Promise<UpstreamResponse> {
    const headers = { authorization: `ApiKey ${this.#credential(ctx)}` };
    return this.#http.send({ method: 'GET', path, headers, idempotent: true }, { stats: ctx.stats, signal: ctx.signal });
  }

  /** Only 200 is a success in Rockset's API; a 201 or 204 would be a vendor we do not know. */
  #ok(res: UpstreamResponse): UpstreamResponse {
    if (res.status !== 200) throw errorForStatus(this.source, res.status, res.headers);
    return res;
  }

  /**
   * A credential that cannot travel in a header (a line break, a control character) is refused
   * before any call: undici would refuse it too, and the UpstreamClient would report that as the
   * source being unreachable. The credential itself is never named.
   */
  #credential(ctx: CallContext): string {
    if (/[^\t\x20-\x7e\x80-\xff]/.test(ctx.credential)) {
      throw new UpstreamError('UPSTREAM_UNAUTHORIZED', `the credential for source "${this.source}" holds characters an HTTP header cannot carry`, {
        source: this.source,
        retryable: false,
      });
    }
    return ctx.credential;
  }
}
