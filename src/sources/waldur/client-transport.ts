import { UpstreamError } from '../../errors.js';
import type { HttpMethod, QueryValue, UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../http/upstream-client.js';
import { errorForStatus } from '../../http/upstream-errors.js';
import type { CallContext } from '../source.js';

/** One Waldur request: a JSON body when `json` is given. */
export interface WaldurCall {
  method: HttpMethod;
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  json?: unknown;
  /** See UpstreamRequest.idempotent: false for every POST, so a lost answer is OUTCOME_UNKNOWN. */
  idempotent: boolean;
}

/**
 * What the read and the write clients share: the `Authorization: Token` header, JSON bodies, and
 * errors that name the source and the operation but never a credential or an upstream body (DRF
 * bodies may echo what was sent, passwords included).
 */
export class WaldurTransport {
  readonly #http: UpstreamClient;

  constructor(http: UpstreamClient) {
    this.#http = http;
  }

  get source(): string {
    return this.#http.source;
  }

  send(ctx: CallContext, call: WaldurCall): Promise<UpstreamResponse> {
    // core/authentication.py splits the header on whitespace: a token with spaces or control
    // characters can never authenticate, and undici would refuse CR/LF in a header anyway.
    if (!/^[\x21-\x7e]+$/.test(ctx.credential)) {
      throw new UpstreamError(
        'UPSTREAM_UNAUTHORIZED',
        `the credential for source "${this.source}" is not a Waldur token (empty, or with spaces or control characters)`,
        {
          source: this.source,
          retryable: false,
        },
      );
    }
    const headers: Record<string, string> = { authorization: `Token ${ctx.credential}` };
    if (call.json !== undefined) headers['content-type'] = 'application/json';
    const request: UpstreamRequest = {
      method: call.method,
      path: call.path,
      ...(call.query ? { query: call.query } : {}),
      headers,
      ...(call.json !== undefined ? { body: JSON.stringify(call.json) } : {}),
      idempotent: call.idempotent,
    };
    return this.#http.send(request, {
      ...(ctx.stats ? { stats: ctx.stats } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      shareInFlight: ctx.fresh !== true,
    });
  }

  /** Returns when the status is one of `expected`; another 2xx is a bad response, anything else `errorForStatus`. */
  expectStatus(res: UpstreamResponse, operation: string, expected: readonly number[] = [200]): void {
    if (expected.includes(res.status)) return;
    if (res.status >= 200 && res.status < 300) {
      throw this.badResponse(operation, `HTTP ${res.status} where ${expected.join(' or ')} was expected`, res.status);
    }
    throw errorForStatus(this.source, res.status, res.headers);
  }

  json(res: UpstreamResponse, operation: string): unknown {
    try {
      return JSON.parse(res.body.toString('utf8')) as unknown;
    } catch {
      // No cause: JSON.parse's message quotes the body, which may hold a token.
      throw this.badResponse(operation, 'a body that is not JSON', res.status);
    }
  }

  badResponse(operation: string, what: string, httpStatus: number): UpstreamError {
    return new UpstreamError('UPSTREAM_BAD_RESPONSE', `source "${this.source}" answered ${operation} with ${what}`, {
      source: this.source,
      httpStatus,
      retryable: false,
    });
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}

/** DRF's `{"detail": "..."}` (any language), as opposed to an HTML 404 from Django or a proxy. */
export function isDrfDetail(res: UpstreamResponse): boolean {
  try {
    const body = JSON.parse(res.body.toString('utf8')) as unknown;
    return typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string';
  } catch {
    return false;
  }
}
