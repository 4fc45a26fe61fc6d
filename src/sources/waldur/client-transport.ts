import type { z } from 'zod/v4';
import { UpstreamError } from '../../errors.js';
import type { HttpMethod, QueryValue, UpstreamClient, UpstreamRequest, UpstreamResponse } from '../../http/upstream-client.js';
import { errorForStatus } from '../../http/upstream-errors.js';
import { authorizationHeader } from '../kit/header-credential.js';
import { decodeErrorBody, parseWireBody } from '../kit/wire.js';
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
    const authorization = authorizationHeader('Token', ctx.credential, this.source);
    const json = call.json !== undefined;
    // Every key present, unset ones undefined, as the DQOps and Rockset clients send theirs: spreads of
    // optional parts gave the request and its options one of several shapes, and cost the adapter's
    // getUser 75 → 67 µs of CPU a call in process (bench/README.md, seventh session).
    const request: UpstreamRequest = {
      method: call.method,
      path: call.path,
      query: call.query,
      headers: json ? { authorization, 'content-type': 'application/json' } : { authorization },
      body: json ? JSON.stringify(call.json) : undefined,
      idempotent: call.idempotent,
    };
    return this.#http.send(request, { stats: ctx.stats, signal: ctx.signal, shareInFlight: ctx.fresh !== true, probe: ctx.probe === true });
  }

  /** Returns when the status is one of `expected`; another 2xx is a bad response, anything else `errorForStatus`. */
  expectStatus(res: UpstreamResponse, operation: string, expected: readonly number[] = [200]): void {
    if (expected.includes(res.status)) return;
    if (res.status >= 200 && res.status < 300) {
      throw this.badResponse(operation, `HTTP ${res.status} where ${expected.join(' or ')} was expected`, res.status);
    }
    throw errorForStatus(this.source, res.status, res.headers);
  }

  /** A 2xx body read as `schema`; `operation` is Waldur's operationId (`users_list`). */
  parse<T>(schema: z.ZodType<T>, res: UpstreamResponse, operation: string): T {
    return parseWireBody(schema, res.body, { source: this.source, operation, httpStatus: res.status });
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
  const body = decodeErrorBody(res.body);
  return typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string';
}
