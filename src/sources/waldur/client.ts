import { UpstreamError } from '../../errors.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../http/upstream-client.js';
import { errorForStatus } from '../../http/upstream-errors.js';
import type { CallContext } from '../source.js';
import {
  parseWire,
  waldurUserAuthTokenSchema,
  waldurUserListSchema,
  waldurUserSchema,
  type WaldurUser,
  type WaldurUserAuthToken,
} from './wire.js';

/** One page of `GET /api/users/`, or the server's word that the page does not exist. */
export type WaldurUserListPage = { kind: 'page'; users: WaldurUser[]; total: number } | { kind: 'past-end' };

/**
 * The Waldur endpoints the read side uses, one method each, returning wire types. Every call is a
 * GET or HEAD (idempotent). Failures are UpstreamError: statuses through `errorForStatus` unless a
 * method says otherwise, bodies that are not JSON or not the documented shape UPSTREAM_BAD_RESPONSE.
 * No message carries the credential or an upstream body (DRF bodies may echo what was sent).
 */
export class WaldurClient {
  readonly #http: UpstreamClient;

  constructor(http: UpstreamClient) {
    this.#http = http;
  }

  get source(): string {
    return this.#http.source;
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
    const users = parseWire(waldurUserListSchema, this.#json(res, 'users_list'), this.source, 'users_list');
    return { kind: 'page', users, total: this.#resultCount(res, 'users_list') };
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
    return parseWire(waldurUserSchema, this.#json(res, 'users_retrieve'), this.source, 'users_retrieve');
  }

  /** `GET /api/users/me/`: the credential's own user. */
  async currentUser(ctx: CallContext): Promise<WaldurUser> {
    const res = await this.#send(ctx, 'GET', '/api/users/me/');
    this.#expectOk(res, 'users_me_retrieve');
    return parseWire(waldurUserSchema, this.#json(res, 'users_me_retrieve'), this.source, 'users_me_retrieve');
  }

  /** `GET /api/users/{uuid}/token/`; a 404 is NOT_FOUND (no such user, or no token yet). */
  async userToken(ctx: CallContext, uuid: string): Promise<WaldurUserAuthToken> {
    const res = await this.#send(ctx, 'GET', `/api/users/${encodeURIComponent(uuid)}/token/`);
    this.#expectOk(res, 'users_token_retrieve');
    return parseWire(waldurUserAuthTokenSchema, this.#json(res, 'users_token_retrieve'), this.source, 'users_token_retrieve');
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  async #send(ctx: CallContext, method: 'GET' | 'HEAD', path: string, query?: Readonly<Record<string, string | number>>): Promise<UpstreamResponse> {
    // core/authentication.py splits the header on whitespace: a token with spaces or control
    // characters can never authenticate, and undici would refuse CR/LF in a header anyway.
    if (!/^[\x21-\x7e]+$/.test(ctx.credential)) {
      throw new UpstreamError('UPSTREAM_UNAUTHORIZED', `the credential for source "${this.source}" is not a Waldur token (empty, or with spaces or control characters)`, {
        source: this.source,
        retryable: false,
      });
    }
    const request: UpstreamRequest = {
      method,
      path,
      ...(query ? { query } : {}),
      headers: { authorization: `Token ${ctx.credential}` },
      idempotent: true,
    };
    return this.#http.send(request, { ...(ctx.stats ? { stats: ctx.stats } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
  }

  #expectOk(res: UpstreamResponse, operation: string): void {
    if (res.status === 200) return;
    if (res.status >= 200 && res.status < 300) throw this.#badResponse(operation, `HTTP ${res.status} where 200 was expected`, res.status);
    throw errorForStatus(this.source, res.status, res.headers);
  }

  #json(res: UpstreamResponse, operation: string): unknown {
    try {
      return JSON.parse(res.body.toString('utf8')) as unknown;
    } catch {
      // No cause: JSON.parse's message quotes the body, which may hold a token.
      throw this.#badResponse(operation, 'a body that is not JSON', res.status);
    }
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
    return new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${this.source}" answered ${operation} with ${what}`, {
      source: this.source,
      httpStatus,
      retryable: false,
    });
  }
}

/** DRF's `{"detail": "..."}` (any language), as opposed to an HTML 404 from Django or a proxy. */
function isDrfDetail(res: UpstreamResponse): boolean {
  try {
    const body = JSON.parse(res.body.toString('utf8')) as unknown;
    return typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string';
  } catch {
    return false;
  }
}
