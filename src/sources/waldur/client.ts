import type { UpstreamError } from '../../errors.js';
import type { UpstreamClient, UpstreamResponse } from '../../http/upstream-client.js';
import type { CallContext } from '../source.js';
import { isDrfDetail, WaldurTransport } from './client-transport.js';
import { WaldurWriteClient } from './client-writes.js';
import {
  type WaldurScopeMember,
  type WaldurUser,
  type WaldurUserAuthToken,
  waldurScopeMemberListSchema,
  waldurUserAuthTokenSchema,
  waldurUserListSchema,
  waldurUserSchema,
} from './wire.js';

/** One page of `GET /api/users/`, or the server's word that the page does not exist. */
export type WaldurUserListPage = { kind: 'page'; users: WaldurUser[]; total: number } | { kind: 'past-end' };

/**
 * The Waldur endpoints the read side uses, one method each, returning wire types. Every call is a
 * GET or HEAD (idempotent); the write endpoints are under `writes`. Failures are UpstreamError:
 * statuses through `errorForStatus` unless a method says otherwise, bodies that are not JSON or
 * not the documented shape UPSTREAM_BAD_RESPONSE. No message carries the credential or an
 * upstream body (DRF bodies may echo what was sent).
 */
export class WaldurClient {
  readonly #t: WaldurTransport;
  /** The write endpoints (client-writes.ts), over the same connection pool. */
  readonly writes: WaldurWriteClient;

  constructor(http: UpstreamClient) {
    this.#t = new WaldurTransport(http);
    this.writes = new WaldurWriteClient(this.#t);
  }

  get source(): string {
    return this.#t.source;
  }

  /**
   * `GET /api/users/` with the given query (filters, `o`, `page`, `page_size`). The total comes
   * from `X-Result-Count`. A 404 for a page after the first is DRF's "Invalid page." (a page
   * past the end): `past-end`. A 404 for page 1 means the URL is not a Waldur user list.
   */
  async listUsers(ctx: CallContext, query: Readonly<Record<string, string | number>>): Promise<WaldurUserListPage> {
    const res = await this.#send(ctx, 'GET', '/api/users/', query);
    if (res.status === 404 && Number(query['page'] ?? 1) > 1 && isDrfDetail(res)) return { kind: 'past-end' };
    if (res.status === 404) throw this.#badResponse('users_list', 'HTTP 404: the source URL does not look like a Waldur API root', 404);
    this.#expectOk(res, 'users_list');
    const users = this.#t.parse(waldurUserListSchema, res, 'users_list');
    return { kind: 'page', users, total: this.#resultCount(res, 'users_list') };
  }

  /**
   * One page of `GET /api/customers|projects/{uuid}/list_users/`: the live grants on that scope.
   * null when the scope does not exist or the credential may not see it (404), or past the last page.
   */
  async listScopeMembers(
    ctx: CallContext,
    scope: { type: 'customers' | 'projects'; uuid: string },
    page: number,
    pageSize: number,
  ): Promise<{ members: WaldurScopeMember[]; total: number } | null> {
    const operation = `${scope.type}_list_users`;
    const res = await this.#send(ctx, 'GET', `/api/${scope.type}/${encodeURIComponent(scope.uuid)}/list_users/`, { page, page_size: pageSize });
    if (res.status === 404) return null;
    this.#expectOk(res, operation);
    const members = this.#t.parse(waldurScopeMemberListSchema, res, operation);
    return { members, total: this.#resultCount(res, operation) };
  }

  /** `HEAD /api/users/` (Waldur's count action): how many users match the filters. */
  async countUsers(ctx: CallContext, query: Readonly<Record<string, string | number>>): Promise<number> {
    const res = await this.#send(ctx, 'HEAD', '/api/users/', query);
    this.#expectOk(res, 'users_count');
    return this.#resultCount(res, 'users_count');
  }

  /** `GET /api/users/{uuid}/`; null on 404 (no such user, or one the credential may not see). */
  async getUser(ctx: CallContext, uuid: string): Promise<WaldurUser | null> {
    const res = await this.#send(ctx, 'GET', `/api/users/${encodeURIComponent(uuid)}/`);
    if (res.status === 404) return null;
    this.#expectOk(res, 'users_retrieve');
    return this.#t.parse(waldurUserSchema, res, 'users_retrieve');
  }

  /** `GET /api/users/me/`: the credential's own user. */
  async currentUser(ctx: CallContext): Promise<WaldurUser> {
    const res = await this.#send(ctx, 'GET', '/api/users/me/');
    this.#expectOk(res, 'users_me_retrieve');
    return this.#t.parse(waldurUserSchema, res, 'users_me_retrieve');
  }

  /** `GET /api/users/{uuid}/token/`; a 404 is NOT_FOUND (no such user, or no token yet). */
  async userToken(ctx: CallContext, uuid: string): Promise<WaldurUserAuthToken> {
    const res = await this.#send(ctx, 'GET', `/api/users/${encodeURIComponent(uuid)}/token/`);
    this.#expectOk(res, 'users_token_retrieve');
    return this.#t.parse(waldurUserAuthTokenSchema, res, 'users_token_retrieve');
  }

  close(): Promise<void> {
    return this.#t.close();
  }

  #send(ctx: CallContext, method: 'GET' | 'HEAD', path: string, query?: Readonly<Record<string, string | number>>): Promise<UpstreamResponse> {
    return this.#t.send(ctx, { method, path, query, idempotent: true });
  }

  #expectOk(res: UpstreamResponse, operation: string): void {
    this.#t.expectStatus(res, operation);
  }

  /** `X-Result-Count`: one decimal count; missing, repeated or garbled is a bad response. */
  #resultCount(res: UpstreamResponse, operation: string): number {
    const raw = res.headers['x-result-count'];
    const text = typeof raw === 'string' ? raw.trim() : undefined;
    if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
      throw this.#badResponse(operation, raw === undefined ? 'no X-Result-Count header' : 'an X-Result-Count header that is not a count', res.status);
    }
    return Number(text);
  }

  #badResponse(operation: string, what: string, httpStatus: number): UpstreamError {
    return this.#t.badResponse(operation, what, httpStatus);
  }
}
